"""EC2 networking, instances and block storage, per region.

Firewall rules are normalised to one entry per protocol, port range and source, so
a policy can ask "is any world-open rule covering port 22?" with plain comparisons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from auditor.collectors.aws.base import (
    AWS_ERRORS,
    AwsCollector,
    AwsScope,
    error_code,
    error_message,
    paginate,
)
from auditor.collectors.aws.shape import Details, plain, tag_dict
from auditor.models import Resource

WORLD = ("0.0.0.0/0", "::/0")
_PROTOCOLS = {"-1": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}
_DETAIL_WORKERS = 8


def _protocol(value: Any) -> str:
    text = str(value).lower()
    return _PROTOCOLS.get(text, text)


def _ports(protocol: str, low: Any, high: Any) -> tuple[int, int]:
    """The port range a rule covers; "all traffic" and missing ports mean every port."""
    if protocol == "all" or low is None or high is None or int(low) < 0:
        return 0, 65535
    return int(low), int(high)


_ACCOUNTLESS_ARNS = {"snapshot", "image"}  # AWS writes these ARNs without an account id


def _arn(scope: AwsScope, kind: str, ident: str) -> str:
    account = "" if kind in _ACCOUNTLESS_ARNS else scope.account
    return f"arn:{scope.partition}:ec2:{scope.region}:{account}:{kind}/{ident}"


def _name(item: dict[str, Any], tags: dict[str, str], fallback: str) -> str:
    return tags.get("Name") or str(item.get(fallback) or "")


def _resource(
    scope: AwsScope,
    rtype: str,
    ident: str,
    name: str,
    tags: dict[str, str],
    props: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> Resource:
    return Resource(
        type=rtype,
        id=_arn(scope, rtype.rsplit(".", 1)[1].replace("_", "-"), ident),
        name=name or ident,
        provider="aws",
        account=scope.account,
        region=scope.region,
        tags=tags,
        properties=props,
        errors=errors or {},
    )


# --- security groups ---------------------------------------------------------------


def security_group_rules(permissions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One rule per protocol, port range and source (CIDR, prefix list or group)."""
    rules: list[dict[str, Any]] = []
    for perm in permissions:
        protocol = _protocol(perm.get("IpProtocol", "-1"))
        low, high = _ports(protocol, perm.get("FromPort"), perm.get("ToPort"))
        base = {"protocol": protocol, "from_port": low, "to_port": high}
        sources: list[dict[str, Any]] = [
            *(
                {"cidr": i.get("CidrIp"), "description": i.get("Description")}
                for i in perm.get("IpRanges") or ()
            ),
            *(
                {"cidr": i.get("CidrIpv6"), "description": i.get("Description")}
                for i in perm.get("Ipv6Ranges") or ()
            ),
            *({"prefix_list": i.get("PrefixListId")} for i in perm.get("PrefixListIds") or ()),
            *(
                {"source_group": i.get("GroupId"), "source_account": i.get("UserId")}
                for i in perm.get("UserIdGroupPairs") or ()
            ),
        ]
        for source in sources:
            cidr = source.get("cidr")
            rules.append(
                {
                    **base,
                    "cidr": cidr,
                    "prefix_list": source.get("prefix_list"),
                    "source_group": source.get("source_group"),
                    "is_world": cidr in WORLD,
                    "description": source.get("description"),
                }
            )
    return rules


def collect_security_groups(scope: AwsScope) -> list[Resource]:
    found = []
    for group in paginate(scope.client("ec2"), "describe_security_groups", "SecurityGroups"):
        tags = tag_dict(group.get("Tags"))
        ingress = security_group_rules(group.get("IpPermissions") or ())
        props = {
            "GroupId": group["GroupId"],
            "GroupName": group.get("GroupName"),
            "Description": group.get("Description"),
            "VpcId": group.get("VpcId"),
            "OwnerId": group.get("OwnerId"),
            "IsDefault": group.get("GroupName") == "default",
            "IngressRules": ingress,
            "EgressRules": security_group_rules(group.get("IpPermissionsEgress") or ()),
            "WorldOpenIngress": any(r["is_world"] for r in ingress),
        }
        found.append(
            _resource(
                scope,
                "aws.ec2.security_group",
                group["GroupId"],
                _name(group, tags, "GroupName"),
                tags,
                props,
            )
        )
    return found


# --- network ACLs ------------------------------------------------------------------


def network_acl_entries(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries in evaluation order (rule number), with protocols and ports normalised."""
    rules = []
    for entry in sorted(entries, key=lambda e: int(e.get("RuleNumber", 32767))):
        protocol = _protocol(entry.get("Protocol", "-1"))
        port_range = entry.get("PortRange") or {}
        low, high = _ports(protocol, port_range.get("From"), port_range.get("To"))
        cidr = entry.get("CidrBlock") or entry.get("Ipv6CidrBlock")
        rules.append(
            {
                "rule_number": int(entry.get("RuleNumber", 32767)),
                "egress": bool(entry.get("Egress")),
                "action": str(entry.get("RuleAction", "")).lower(),
                "protocol": protocol,
                "from_port": low,
                "to_port": high,
                "cidr": cidr,
                "is_world": cidr in WORLD,
            }
        )
    return rules


def collect_network_acls(scope: AwsScope) -> list[Resource]:
    found = []
    for acl in paginate(scope.client("ec2"), "describe_network_acls", "NetworkAcls"):
        tags = tag_dict(acl.get("Tags"))
        entries = network_acl_entries(acl.get("Entries") or ())
        props = {
            "NetworkAclId": acl["NetworkAclId"],
            "VpcId": acl.get("VpcId"),
            "IsDefault": bool(acl.get("IsDefault")),
            "SubnetIds": [a.get("SubnetId") for a in acl.get("Associations") or ()],
            "IngressRules": [e for e in entries if not e["egress"]],
            "EgressRules": [e for e in entries if e["egress"]],
        }
        found.append(
            _resource(
                scope,
                "aws.ec2.network_acl",
                acl["NetworkAclId"],
                _name(acl, tags, "NetworkAclId"),
                tags,
                props,
            )
        )
    return found


# --- instances ---------------------------------------------------------------------


def collect_instances(scope: AwsScope) -> list[Resource]:
    found = []
    for reservation in paginate(scope.client("ec2"), "describe_instances", "Reservations"):
        for instance in reservation.get("Instances") or ():
            state = (instance.get("State") or {}).get("Name")
            if state == "terminated":
                continue
            tags = tag_dict(instance.get("Tags"))
            metadata = instance.get("MetadataOptions") or {}
            profile = instance.get("IamInstanceProfile") or {}
            volumes = [
                m["Ebs"]["VolumeId"]
                for m in instance.get("BlockDeviceMappings") or ()
                if (m.get("Ebs") or {}).get("VolumeId")
            ]
            props = plain(
                {
                    "InstanceId": instance["InstanceId"],
                    "InstanceType": instance.get("InstanceType"),
                    "ImageId": instance.get("ImageId"),
                    "State": state,
                    "LaunchTime": instance.get("LaunchTime"),
                    "VpcId": instance.get("VpcId"),
                    "SubnetId": instance.get("SubnetId"),
                    "PrivateIpAddress": instance.get("PrivateIpAddress"),
                    "PublicIpAddress": instance.get("PublicIpAddress"),
                    "HasPublicIp": bool(instance.get("PublicIpAddress")),
                    "MetadataOptions": {
                        k: metadata.get(k)
                        for k in ("HttpTokens", "HttpEndpoint", "HttpPutResponseHopLimit")
                    },
                    "IamInstanceProfile": profile.get("Arn"),
                    "SecurityGroups": [
                        g.get("GroupId") for g in instance.get("SecurityGroups") or ()
                    ],
                    "VolumeIds": volumes,
                }
            )
            found.append(
                _resource(
                    scope,
                    "aws.ec2.instance",
                    instance["InstanceId"],
                    _name(instance, tags, "InstanceId"),
                    tags,
                    props,
                )
            )
    return found


# --- volumes, snapshots and images ------------------------------------------------


def collect_volumes(scope: AwsScope) -> list[Resource]:
    found = []
    for volume in paginate(scope.client("ec2"), "describe_volumes", "Volumes"):
        tags = tag_dict(volume.get("Tags"))
        attachments = [
            {"InstanceId": a.get("InstanceId"), "Device": a.get("Device"), "State": a.get("State")}
            for a in volume.get("Attachments") or ()
        ]
        props = plain(
            {
                "VolumeId": volume["VolumeId"],
                "Encrypted": bool(volume.get("Encrypted")),
                "KmsKeyId": volume.get("KmsKeyId"),
                "Size": volume.get("Size"),
                "VolumeType": volume.get("VolumeType"),
                "State": volume.get("State"),
                "AvailabilityZone": volume.get("AvailabilityZone"),
                "CreateTime": volume.get("CreateTime"),
                "SnapshotId": volume.get("SnapshotId") or None,
                "Attachments": attachments,
                "AttachedInstanceIds": [a["InstanceId"] for a in attachments if a["InstanceId"]],
            }
        )
        found.append(
            _resource(
                scope,
                "aws.ec2.volume",
                volume["VolumeId"],
                _name(volume, tags, "VolumeId"),
                tags,
                props,
            )
        )
    return found


def collect_snapshots(scope: AwsScope) -> list[Resource]:
    client = scope.client("ec2")  # thread-safe, shared by the detail workers
    snapshots = list(paginate(client, "describe_snapshots", "Snapshots", OwnerIds=["self"]))

    def one(snapshot: dict[str, Any]) -> Resource:
        ident = str(snapshot["SnapshotId"])
        tags = tag_dict(snapshot.get("Tags"))
        details = Details()
        details.props.update(
            plain(
                {
                    "SnapshotId": ident,
                    "VolumeId": snapshot.get("VolumeId"),
                    "Encrypted": bool(snapshot.get("Encrypted")),
                    "KmsKeyId": snapshot.get("KmsKeyId"),
                    "State": snapshot.get("State"),
                    "StartTime": snapshot.get("StartTime"),
                    "VolumeSize": snapshot.get("VolumeSize"),
                    "Description": snapshot.get("Description"),
                }
            )
        )
        permissions = details.read(
            "CreateVolumePermissions",
            lambda: client.describe_snapshot_attribute(
                SnapshotId=ident, Attribute="createVolumePermission"
            ),
            lambda r: r.get("CreateVolumePermissions") or [],
        )
        if "CreateVolumePermissions" in details.errors:
            details.fail(
                ["Public", "SharedWithAccounts"], details.errors["CreateVolumePermissions"]
            )
        else:
            details.props["Public"] = any(p.get("Group") == "all" for p in permissions)
            details.props["SharedWithAccounts"] = sorted(
                str(p["UserId"]) for p in permissions if p.get("UserId")
            )
        return _resource(
            scope,
            "aws.ec2.snapshot",
            ident,
            _name(snapshot, tags, "SnapshotId"),
            tags,
            details.props,
            details.errors,
        )

    with ThreadPoolExecutor(max_workers=_DETAIL_WORKERS) as pool:
        return list(pool.map(one, snapshots))


def collect_images(scope: AwsScope) -> list[Resource]:
    found = []
    for image in paginate(scope.client("ec2"), "describe_images", "Images", Owners=["self"]):
        tags = tag_dict(image.get("Tags"))
        devices = image.get("BlockDeviceMappings") or ()
        props = plain(
            {
                "ImageId": image["ImageId"],
                "Name": image.get("Name"),
                "Public": bool(image.get("Public")),
                "State": image.get("State"),
                "CreationDate": image.get("CreationDate"),
                "DeprecationTime": image.get("DeprecationTime"),
                "EbsEncrypted": [
                    bool((d.get("Ebs") or {}).get("Encrypted")) for d in devices if d.get("Ebs")
                ],
            }
        )
        found.append(
            _resource(
                scope, "aws.ec2.image", image["ImageId"], _name(image, tags, "Name"), tags, props
            )
        )
    return found


# --- VPCs with their flow logs -----------------------------------------------------


def _in_use(scope: AwsScope, vpc_id: str) -> bool:
    """Whether any network interface lives in the VPC; one page answers that."""
    reply = scope.client("ec2").describe_network_interfaces(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}], MaxResults=5
    )
    return bool(reply.get("NetworkInterfaces"))


def collect_vpcs(scope: AwsScope) -> list[Resource]:
    client = scope.client("ec2")
    vpcs = list(paginate(client, "describe_vpcs", "Vpcs"))
    flow_logs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    flow_error = ""
    try:
        for log in paginate(client, "describe_flow_logs", "FlowLogs"):
            flow_logs[str(log.get("ResourceId"))].append(
                plain(
                    {
                        k: log.get(k)
                        for k in (
                            "FlowLogId",
                            "FlowLogStatus",
                            "DeliverLogsStatus",
                            "TrafficType",
                            "LogDestinationType",
                            "LogDestination",
                            "LogGroupName",
                        )
                    }
                )
            )
    except AWS_ERRORS as exc:
        flow_error = f"{error_code(exc)}: {error_message(exc)}"

    found = []
    for vpc in vpcs:
        ident = str(vpc["VpcId"])
        tags = tag_dict(vpc.get("Tags"))
        details = Details()
        details.props.update(
            {
                "VpcId": ident,
                "CidrBlock": vpc.get("CidrBlock"),
                "IsDefault": bool(vpc.get("IsDefault")),
                "State": vpc.get("State"),
            }
        )
        if flow_error:
            details.fail(["FlowLogs", "ActiveFlowLog"], flow_error)
        else:
            logs = flow_logs.get(ident, [])
            details.props["FlowLogs"] = logs
            details.props["ActiveFlowLog"] = any(
                log.get("FlowLogStatus") == "ACTIVE" for log in logs
            )
        if details.props["IsDefault"]:
            details.read("InUse", partial(_in_use, scope, ident))
        else:
            details.props["InUse"] = None
        found.append(
            _resource(
                scope,
                "aws.ec2.vpc",
                ident,
                _name(vpc, tags, "VpcId"),
                tags,
                details.props,
                details.errors,
            )
        )
    return found


COLLECTORS = [
    AwsCollector("aws.ec2.image", True, ("ec2:DescribeImages",), collect_images),
    AwsCollector("aws.ec2.instance", True, ("ec2:DescribeInstances",), collect_instances),
    AwsCollector("aws.ec2.network_acl", True, ("ec2:DescribeNetworkAcls",), collect_network_acls),
    AwsCollector(
        "aws.ec2.security_group",
        True,
        ("ec2:DescribeSecurityGroups",),
        collect_security_groups,
    ),
    AwsCollector(
        "aws.ec2.snapshot",
        True,
        ("ec2:DescribeSnapshots", "ec2:DescribeSnapshotAttribute"),
        collect_snapshots,
    ),
    AwsCollector("aws.ec2.volume", True, ("ec2:DescribeVolumes",), collect_volumes),
    AwsCollector(
        "aws.ec2.vpc",
        True,
        ("ec2:DescribeVpcs", "ec2:DescribeFlowLogs", "ec2:DescribeNetworkInterfaces"),
        collect_vpcs,
    ),
]
