"""The EC2 collectors against moto: normalised rules, instances, storage, VPCs, denials."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from auditor.models import Status
from tests.collectors.aws.helpers import (
    ACCOUNT,
    REGION,
    by_name,
    collect,
    collect_denied,
    statuses,
)

IMAGE = "ami-0abc0000000000001"


@pytest.fixture
def ec2(aws_credentials: None) -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("ec2", region_name=REGION)


def name_tag(kind: str, name: str) -> list[dict[str, Any]]:
    return [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}]}]


def test_security_group_rules_are_normalised(ec2: Any) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    web = ec2.create_security_group(GroupName="web", Description="w", VpcId=vpc)["GroupId"]
    admin = ec2.create_security_group(
        GroupName="admin",
        Description="a",
        VpcId=vpc,
        TagSpecifications=name_tag("security-group", "Admin access"),
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=web,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            },
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "UserIdGroupPairs": [{"GroupId": admin}],
            },
        ],
    )
    ec2.authorize_security_group_ingress(
        GroupId=admin,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 20,
                "ToPort": 25,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            },
            {"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
        ],
    )
    inventory = collect({"aws.ec2.security_group"})
    groups = by_name(inventory, "aws.ec2.security_group")
    assert groups["Admin access"].id == f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{admin}"
    assert groups["Admin access"].tags == {"Name": "Admin access"}
    web_rules = sorted(groups["web"].properties["IngressRules"], key=lambda r: r["from_port"])
    assert [(r["protocol"], r["from_port"], r["to_port"], r["is_world"]) for r in web_rules] == [
        ("tcp", 22, 22, False),
        ("tcp", 443, 443, True),
    ]
    assert web_rules[0]["source_group"] == admin
    admin_rules = {r["protocol"]: r for r in groups["Admin access"].properties["IngressRules"]}
    assert (admin_rules["all"]["from_port"], admin_rules["all"]["to_port"]) == (0, 65535)
    assert admin_rules["all"]["cidr"] == "::/0" and admin_rules["all"]["is_world"] is True

    ssh = statuses("aws-ec2-sg-no-world-ssh", inventory)
    assert ssh["web"] is Status.PASS and ssh["Admin access"] is Status.FAIL
    assert statuses("aws-ec2-sg-no-world-all-ports", inventory)["Admin access"] is Status.FAIL
    # moto's default groups allow traffic from themselves and out to anywhere
    default = statuses("aws-ec2-default-sg-restricts-all", inventory)
    assert default and set(default.values()) == {Status.FAIL}
    assert "web" not in default


def test_default_network_acl_admits_the_world(ec2: Any) -> None:
    inventory = collect({"aws.ec2.network_acl"})
    (acl,) = inventory.resources
    assert acl.properties["IsDefault"] is True
    first = acl.properties["IngressRules"][0]
    assert first["action"] == "allow" and first["is_world"] is True
    assert [r["rule_number"] for r in acl.properties["IngressRules"]] == sorted(
        r["rule_number"] for r in acl.properties["IngressRules"]
    )
    assert set(statuses("aws-ec2-nacl-no-world-admin-ports", inventory).values()) == {Status.FAIL}


def test_instances_and_their_volumes(ec2: Any) -> None:
    good = ec2.run_instances(
        ImageId=IMAGE,
        MinCount=1,
        MaxCount=1,
        MetadataOptions={"HttpTokens": "required"},
        BlockDeviceMappings=[
            {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "Encrypted": True}}
        ],
        TagSpecifications=name_tag("instance", "good"),
    )["Instances"][0]["InstanceId"]
    ec2.run_instances(
        ImageId=IMAGE,
        MinCount=1,
        MaxCount=1,
        MetadataOptions={"HttpTokens": "optional"},
        TagSpecifications=name_tag("instance", "legacy"),
    )
    inventory = collect({"aws.ec2.instance", "aws.ec2.volume"})
    instances = by_name(inventory, "aws.ec2.instance")
    props = instances["good"].properties
    assert instances["good"].id == f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{good}"
    assert props["MetadataOptions"]["HttpTokens"] == "required"
    assert props["State"] == "running" and len(props["VolumeIds"]) == 1
    assert props["HasPublicIp"] is True  # the default VPC gives public addresses
    volumes = [r for r in inventory.resources if r.type == "aws.ec2.volume"]
    assert {v.properties["AttachedInstanceIds"][0] for v in volumes} >= {good}

    assert statuses("aws-ec2-instance-imdsv2-required", inventory) == {
        "good": Status.PASS,
        "legacy": Status.FAIL,
    }
    assert statuses("aws-ec2-instance-volumes-encrypted", inventory) == {
        "good": Status.PASS,
        "legacy": Status.FAIL,
    }
    assert statuses("aws-ec2-instance-uses-role", inventory)["legacy"] is Status.FAIL


def test_snapshots_and_images_that_are_public(ec2: Any) -> None:
    volume = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8, Encrypted=True)["VolumeId"]
    shared = ec2.create_snapshot(VolumeId=volume, TagSpecifications=name_tag("snapshot", "shared"))
    ec2.modify_snapshot_attribute(
        SnapshotId=shared["SnapshotId"],
        Attribute="createVolumePermission",
        OperationType="add",
        GroupNames=["all"],
    )
    ec2.create_snapshot(VolumeId=volume, TagSpecifications=name_tag("snapshot", "private"))
    instance = ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1)["Instances"][0][
        "InstanceId"
    ]
    image = ec2.create_image(InstanceId=instance, Name="golden")["ImageId"]
    ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"Group": "all"}]})
    inventory = collect({"aws.ec2.snapshot", "aws.ec2.image"})
    snapshots = by_name(inventory, "aws.ec2.snapshot")
    assert snapshots["shared"].id == f"arn:aws:ec2:{REGION}::snapshot/{shared['SnapshotId']}"
    assert snapshots["shared"].properties["Public"] is True
    assert snapshots["private"].properties["Public"] is False
    assert snapshots["private"].properties["Encrypted"] is True
    public = statuses("aws-ec2-snapshot-not-public", inventory)
    assert (public["shared"], public["private"]) == (Status.FAIL, Status.PASS)
    assert statuses("aws-ec2-image-not-public", inventory) == {"golden": Status.FAIL}


def test_vpcs_carry_their_flow_logs(ec2: Any) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="flow-logs", CreateBucketConfiguration={"LocationConstraint": REGION})
    logged = ec2.create_vpc(CidrBlock="10.1.0.0/16", TagSpecifications=name_tag("vpc", "logged"))
    ec2.create_vpc(CidrBlock="10.2.0.0/16", TagSpecifications=name_tag("vpc", "dark"))
    ec2.create_flow_logs(
        ResourceIds=[logged["Vpc"]["VpcId"]],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="s3",
        LogDestination="arn:aws:s3:::flow-logs",
    )
    inventory = collect({"aws.ec2.vpc"})
    vpcs = by_name(inventory, "aws.ec2.vpc")
    assert vpcs["logged"].properties["FlowLogs"][0]["FlowLogStatus"] == "ACTIVE"
    default = next(v for v in vpcs.values() if v.properties["IsDefault"])
    assert default.properties["InUse"] is False and vpcs["dark"].properties["InUse"] is None
    flow = statuses("aws-ec2-vpc-flow-logs-enabled", inventory)
    assert (flow["logged"], flow["dark"]) == (Status.PASS, Status.FAIL)
    assert statuses("aws-ec2-default-vpc-unused", inventory) == {default.name: Status.PASS}


def test_a_denied_snapshot_attribute_gives_error(ec2: Any) -> None:
    volume = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8)["VolumeId"]
    ec2.create_snapshot(VolumeId=volume, TagSpecifications=name_tag("snapshot", "nightly"))
    inventory = collect_denied({"aws.ec2.snapshot"}, ["ec2:DescribeSnapshotAttribute"])
    snapshot = by_name(inventory, "aws.ec2.snapshot")["nightly"]
    assert set(snapshot.errors) >= {"CreateVolumePermissions", "Public"}
    assert snapshot.properties["Public"] is None
    assert statuses("aws-ec2-snapshot-not-public", inventory) == {"nightly": Status.ERROR}
    assert statuses("aws-ec2-snapshot-encrypted", inventory) == {"nightly": Status.FAIL}


def test_denied_flow_logs_give_error_on_every_vpc(ec2: Any) -> None:
    inventory = collect_denied({"aws.ec2.vpc"}, ["ec2:DescribeFlowLogs"])
    assert inventory.resources
    assert set(statuses("aws-ec2-vpc-flow-logs-enabled", inventory).values()) == {Status.ERROR}
