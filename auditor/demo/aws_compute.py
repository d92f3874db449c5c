"""Seed the emulated account with the department's IAM, network, compute and data services.

As with the buckets, some resources are configured well and some badly, so the report
shows passing and failing policies for every resource type.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from typing import Any

import boto3

from auditor.demo.aws import DEMO_REGIONS, PREFIX

HOME = "eu-west-2"

PARTNER_ACCOUNT = "444455556666"  # a fictional supplier's account
_COMMON: Any = [{"Key": "department", "Value": "digital-records"}]


def _tags(name: str, **extra: str) -> Any:
    return [
        {"Key": "Name", "Value": name},
        *_COMMON,
        *({"Key": k, "Value": v} for k, v in extra.items()),
    ]


def _document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _seed_iam() -> dict[str, str]:
    iam = boto3.client("iam", region_name=HOME)
    admin = iam.create_policy(
        PolicyName=f"{PREFIX}-break-glass",
        PolicyDocument=_document({"Effect": "Allow", "Action": "*", "Resource": "*"}),
    )["Policy"]["Arn"]
    reader = iam.create_policy(
        PolicyName=f"{PREFIX}-records-read",
        PolicyDocument=_document(
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": f"arn:aws:s3:::{PREFIX}-citizen-records-prod*",
            }
        ),
    )["Policy"]["Arn"]
    iam.create_group(GroupName=f"{PREFIX}-analysts")
    iam.attach_group_policy(GroupName=f"{PREFIX}-analysts", PolicyArn=reader)

    # A well-run analyst: console with MFA, permissions through a group.
    iam.create_user(UserName=f"{PREFIX}-ada", Tags=_COMMON)
    iam.create_login_profile(UserName=f"{PREFIX}-ada", Password="Correct-Horse-Battery-1")
    iam.add_user_to_group(GroupName=f"{PREFIX}-analysts", UserName=f"{PREFIX}-ada")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{PREFIX}-ada")[
        "VirtualMFADevice"
    ]["SerialNumber"]
    iam.enable_mfa_device(
        UserName=f"{PREFIX}-ada",
        SerialNumber=serial,
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
    # A legacy console user without MFA, and a deploy user with keys and its own admin rights.
    iam.create_user(UserName=f"{PREFIX}-legacy-clerk", Tags=_COMMON)
    iam.create_login_profile(UserName=f"{PREFIX}-legacy-clerk", Password="Summer2019!")
    iam.create_user(UserName=f"{PREFIX}-ci-deploy", Tags=_COMMON)
    iam.create_access_key(UserName=f"{PREFIX}-ci-deploy")
    iam.attach_user_policy(UserName=f"{PREFIX}-ci-deploy", PolicyArn=reader)
    iam.put_user_policy(
        UserName=f"{PREFIX}-ci-deploy",
        PolicyName="deploy-everything",
        PolicyDocument=_document({"Effect": "Allow", "Action": "*:*", "Resource": "*"}),
    )

    ec2_trust = _document(
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    )
    web_role = iam.create_role(RoleName=f"{PREFIX}-web", AssumeRolePolicyDocument=ec2_trust)
    iam.create_instance_profile(InstanceProfileName=f"{PREFIX}-web")
    iam.add_role_to_instance_profile(
        InstanceProfileName=f"{PREFIX}-web", RoleName=web_role["Role"]["RoleName"]
    )
    iam.create_role(
        RoleName=f"{PREFIX}-lambda",
        AssumeRolePolicyDocument=_document(
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ),
    )
    iam.create_role(
        RoleName=f"{PREFIX}-supplier-audit",
        AssumeRolePolicyDocument=_document(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{PARTNER_ACCOUNT}:root"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": "dfdr-7f3a"}},
            }
        ),
    )
    iam.create_role(
        RoleName=f"{PREFIX}-old-support",
        AssumeRolePolicyDocument=_document(
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
        ),
        Tags=[{"Key": "owner", "Value": "<b>nobody</b>"}],
    )
    iam.attach_role_policy(RoleName=f"{PREFIX}-old-support", PolicyArn=admin)
    # Left over from the 2019 portal; the emulator records no expiry, so it shows as failing.
    iam.upload_server_certificate(
        ServerCertificateName=f"{PREFIX}-portal-2019",
        CertificateBody="-----BEGIN CERTIFICATE-----\nemulated\n-----END CERTIFICATE-----",
        PrivateKey="-----BEGIN PRIVATE KEY-----\nemulated\n-----END PRIVATE KEY-----",
    )
    profile = iam.get_instance_profile(InstanceProfileName=f"{PREFIX}-web")
    return {"web_profile": str(profile["InstanceProfile"]["Arn"])}


def _seed_network(ec2: Any, s3_region: str) -> dict[str, str]:
    vpc = ec2.create_vpc(
        CidrBlock="10.20.0.0/16",
        TagSpecifications=[{"ResourceType": "vpc", "Tags": _tags(f"{PREFIX}-prod")}],
    )["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(
            VpcId=vpc, CidrBlock=f"10.20.{n}.0/24", AvailabilityZone=f"{s3_region}{z}"
        )["Subnet"]["SubnetId"]
        for n, z in ((1, "a"), (2, "b"))
    ]
    s3 = boto3.client("s3", region_name=s3_region)
    logs = f"{PREFIX}-flow-logs"
    location: Any = {"LocationConstraint": s3_region}
    s3.create_bucket(Bucket=logs, CreateBucketConfiguration=location)
    s3.put_public_access_block(
        Bucket=logs,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    ec2.create_flow_logs(
        ResourceIds=[vpc],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="s3",
        LogDestination=f"arn:aws:s3:::{logs}",
    )
    web = ec2.create_security_group(
        GroupName=f"{PREFIX}-web", Description="Public web tier", VpcId=vpc
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=web,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    admin = ec2.create_security_group(
        GroupName=f"{PREFIX}-admin", Description="Support access", VpcId=vpc
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=admin,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            },
            {
                "IpProtocol": "tcp",
                "FromPort": 3389,
                "ToPort": 3389,
                "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
            },
        ],
    )
    db = ec2.create_security_group(
        GroupName=f"{PREFIX}-db", Description="Database tier", VpcId=vpc
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=db,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 5432,
                "ToPort": 5432,
                "UserIdGroupPairs": [{"GroupId": web}],
            }
        ],
    )
    return {
        "vpc": vpc,
        "subnet": subnets[0],
        "subnet_b": subnets[1],
        "web_sg": web,
        "admin_sg": admin,
    }


def _seed_compute(ec2: Any, region: str, net: dict[str, str], profile: str) -> None:
    image = "ami-0dfdr0000000000a1"
    ec2.run_instances(
        ImageId=image,
        MinCount=1,
        MaxCount=1,
        InstanceType="t3.small",
        SubnetId=net["subnet"],
        SecurityGroupIds=[net["web_sg"]],
        IamInstanceProfile={"Arn": profile},
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
        BlockDeviceMappings=[
            {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 20, "Encrypted": True}}
        ],
        TagSpecifications=[{"ResourceType": "instance", "Tags": _tags(f"{PREFIX}-web-1")}],
    )
    # A forgotten box in the default VPC: public IP, IMDSv1, no role, unencrypted disk.
    legacy = ec2.run_instances(
        ImageId=image,
        MinCount=1,
        MaxCount=1,
        InstanceType="t2.micro",
        MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
        TagSpecifications=[{"ResourceType": "instance", "Tags": _tags(f"{PREFIX}-legacy-ftp")}],
    )["Instances"][0]["InstanceId"]
    ami = ec2.create_image(InstanceId=legacy, Name=f"{PREFIX}-legacy-ftp-golden")["ImageId"]
    ec2.modify_image_attribute(ImageId=ami, LaunchPermission={"Add": [{"Group": "all"}]})

    archive = ec2.create_volume(
        AvailabilityZone=f"{region}a",
        Size=50,
        Encrypted=False,
        TagSpecifications=[{"ResourceType": "volume", "Tags": _tags(f"{PREFIX}-archive")}],
    )["VolumeId"]
    shared = ec2.create_snapshot(
        VolumeId=archive,
        Description="Archive export for the supplier",
        TagSpecifications=[{"ResourceType": "snapshot", "Tags": _tags(f"{PREFIX}-archive-export")}],
    )["SnapshotId"]
    ec2.modify_snapshot_attribute(
        SnapshotId=shared,
        Attribute="createVolumePermission",
        OperationType="add",
        GroupNames=["all"],
    )
    records = ec2.create_volume(
        AvailabilityZone=f"{region}a",
        Size=100,
        Encrypted=True,
        TagSpecifications=[{"ResourceType": "volume", "Tags": _tags(f"{PREFIX}-records-data")}],
    )["VolumeId"]
    ec2.create_snapshot(
        VolumeId=records,
        TagSpecifications=[
            {"ResourceType": "snapshot", "Tags": _tags(f"{PREFIX}-records-nightly")}
        ],
    )


def _seed_rds(region: str) -> None:
    rds = boto3.client("rds", region_name=region)
    rds.create_db_instance(
        DBInstanceIdentifier=f"{PREFIX}-records-db",
        DBInstanceClass="db.m6g.large",
        Engine="postgres",
        MasterUsername="records",
        MasterUserPassword="not-a-real-password-1",
        AllocatedStorage=100,
        StorageEncrypted=True,
        PubliclyAccessible=False,
        BackupRetentionPeriod=14,
        DeletionProtection=True,
        MultiAZ=True,
        AutoMinorVersionUpgrade=True,
        Tags=_COMMON,
    )
    rds.create_db_instance(
        DBInstanceIdentifier=f"{PREFIX}-reporting-db",
        DBInstanceClass="db.t3.micro",
        Engine="mysql",
        MasterUsername="report",
        MasterUserPassword="not-a-real-password-2",
        AllocatedStorage=20,
        StorageEncrypted=False,
        PubliclyAccessible=True,
        BackupRetentionPeriod=1,
        AutoMinorVersionUpgrade=False,
        Tags=_COMMON,
    )
    rds.create_db_snapshot(
        DBInstanceIdentifier=f"{PREFIX}-reporting-db",
        DBSnapshotIdentifier=f"{PREFIX}-reporting-export",
    )
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier=f"{PREFIX}-reporting-export",
        AttributeName="restore",
        ValuesToAdd=["all"],
    )
    rds.create_db_cluster(
        DBClusterIdentifier=f"{PREFIX}-casework",
        Engine="aurora-postgresql",
        MasterUsername="casework",
        MasterUserPassword="not-a-real-password-3",
        StorageEncrypted=True,
        BackupRetentionPeriod=7,
        DeletionProtection=True,
        Tags=_COMMON,
    )
    rds.create_db_cluster_snapshot(
        DBClusterIdentifier=f"{PREFIX}-casework",
        DBClusterSnapshotIdentifier=f"{PREFIX}-casework-pre-upgrade",
    )


def _seed_load_balancers(region: str, net: dict[str, str]) -> None:
    elb = boto3.client("elbv2", region_name=region)
    certificate = boto3.client("acm", region_name=region).request_certificate(
        DomainName="portal.dfdr.example"
    )["CertificateArn"]
    subnets = [net["subnet"], net["subnet_b"]]
    portal = elb.create_load_balancer(
        Name=f"{PREFIX}-portal", Subnets=subnets, SecurityGroups=[net["web_sg"]], Tags=_COMMON
    )["LoadBalancers"][0]["LoadBalancerArn"]
    elb.create_listener(
        LoadBalancerArn=portal,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {
                "Type": "redirect",
                "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"},
            }
        ],
    )
    elb.create_listener(
        LoadBalancerArn=portal,
        Protocol="HTTPS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        Certificates=[{"CertificateArn": certificate}],
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}],
    )
    elb.modify_load_balancer_attributes(
        LoadBalancerArn=portal,
        Attributes=[
            {"Key": "deletion_protection.enabled", "Value": "true"},
            {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
        ],
    )
    intranet = elb.create_load_balancer(
        Name=f"{PREFIX}-intranet", Subnets=subnets, SecurityGroups=[net["web_sg"]], Tags=_COMMON
    )["LoadBalancers"][0]["LoadBalancerArn"]
    elb.create_listener(
        LoadBalancerArn=intranet,
        Protocol="HTTPS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-2016-08",
        Certificates=[{"CertificateArn": certificate}],
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}],
    )
    elb.create_listener(
        LoadBalancerArn=intranet,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}],
    )


def _package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handle(event, context):\n    return {}\n")
    return buffer.getvalue()


def _seed_lambda(region: str) -> None:
    role = boto3.client("iam", region_name=region).get_role(RoleName=f"{PREFIX}-lambda")["Role"][
        "Arn"
    ]
    functions = boto3.client("lambda", region_name=region)
    functions.create_function(
        FunctionName=f"{PREFIX}-ingest",
        Runtime="python3.12",
        Role=role,
        Handler="handler.handle",
        Code={"ZipFile": _package()},
        Environment={"Variables": {"LOG_LEVEL": "INFO", "TABLE_NAME": "records"}},
        Tags={"department": "digital-records"},
    )
    functions.create_function(
        FunctionName=f"{PREFIX}-legacy-export",
        Runtime="python3.8",
        Role=role,
        Handler="handler.handle",
        Code={"ZipFile": _package()},
        Environment={"Variables": {"EXPORT_DB_PASSWORD": "emulated-not-real"}},
        Tags={"department": "digital-records"},
    )
    functions.create_function_url_config(FunctionName=f"{PREFIX}-legacy-export", AuthType="NONE")
    functions.add_permission(
        FunctionName=f"{PREFIX}-legacy-export",
        StatementId="public-url",
        Action="lambda:InvokeFunctionUrl",
        Principal="*",
        FunctionUrlAuthType="NONE",
    )


def _seed_efs(home: str, elsewhere: str) -> None:
    efs = boto3.client("efs", region_name=home)
    efs.create_file_system(
        CreationToken=f"{PREFIX}-shared",
        Encrypted=True,
        Backup=True,
        Tags=_tags(f"{PREFIX}-shared"),
    )
    boto3.client("efs", region_name=elsewhere).create_file_system(
        CreationToken=f"{PREFIX}-scratch", Encrypted=False, Tags=_tags(f"{PREFIX}-scratch")
    )


def seed_compute(regions: Sequence[str] = DEMO_REGIONS) -> None:
    """Create the department's IAM, network, instances, databases, balancers and functions.

    Ids are the same on every run, so a demo report can serve as a baseline for the next.
    """
    from moto.moto_api._internal import mock_random

    mock_random.seed(f"{PREFIX}-compute")  # as for the governance estate: stable ids
    for region in regions:  # create each region's default VPC now, in a fixed order
        boto3.client("ec2", region_name=region).describe_vpcs()
    home = regions[0]
    elsewhere = regions[1] if len(regions) > 1 else home
    profile = _seed_iam()["web_profile"]
    ec2 = boto3.client("ec2", region_name=home)
    net = _seed_network(ec2, home)
    _seed_compute(ec2, home, net, profile)
    _seed_rds(home)
    _seed_load_balancers(home, net)
    _seed_lambda(home)
    _seed_efs(home, elsewhere)
