"""The S3 collector against moto: properties, regions, and what it could not read."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core import set_initial_no_auth_action_count

from auditor.collectors.aws.runner import AwsOptions, collect_aws
from auditor.errors import ScanError
from auditor.models import Inventory

BUCKET = "records-bucket"
ALL_BLOCKED = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    with mock_aws():
        yield


def create(name: str, region: str = "eu-west-2") -> Any:
    s3 = boto3.client("s3", region_name=region)
    config: Any = (
        {}
        if region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    )
    s3.create_bucket(Bucket=name, **config)
    return s3


def collect(regions: tuple[str, ...] = ("eu-west-2",)) -> Inventory:
    return collect_aws(AwsOptions(regions=regions), {"aws.s3.bucket"})


def test_a_configured_bucket(aws: None) -> None:
    s3 = create(BUCKET)
    s3.put_public_access_block(Bucket=BUCKET, PublicAccessBlockConfiguration=ALL_BLOCKED)
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket=BUCKET,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
        },
    )
    s3.put_bucket_tagging(Bucket=BUCKET, Tagging={"TagSet": [{"Key": "env", "Value": "prod"}]})
    s3.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": f"arn:aws:s3:::{BUCKET}/*",
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    }
                ],
            }
        ),
    )
    inventory = collect()
    assert inventory.errors == ()
    (bucket,) = inventory.resources
    assert bucket.id == f"arn:aws:s3:::{BUCKET}"
    assert (bucket.type, bucket.region, bucket.account) == (
        "aws.s3.bucket",
        "eu-west-2",
        "123456789012",
    )
    assert bucket.tags == {"env": "prod"}
    props = bucket.properties
    assert props["PublicAccessBlock"] == ALL_BLOCKED
    assert props["Versioning"]["Status"] == "Enabled"
    assert (
        props["Encryption"]["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"]
        == "aws:kms"
    )
    assert props["Policy"]["Statement"][0]["Effect"] == "Deny"
    assert props["PolicyStatus"] == {"IsPublic": False}
    assert bucket.errors == {}
    assert inventory.metadata.identity.startswith("arn:aws:")
    assert inventory.metadata.accounts == ("123456789012",)


def test_absent_configuration_is_a_fact_not_an_error(aws: None) -> None:
    create(BUCKET)
    (bucket,) = collect().resources
    assert bucket.properties["PublicAccessBlock"] is None
    assert bucket.properties["Encryption"] is None
    assert bucket.properties["Policy"] is None
    assert bucket.properties["Logging"] is None
    assert bucket.errors == {}


def test_public_acl_grants_are_collected(aws: None) -> None:
    s3 = create(BUCKET)
    s3.put_bucket_ownership_controls(
        Bucket=BUCKET, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    )
    s3.put_bucket_acl(Bucket=BUCKET, ACL="public-read")
    (bucket,) = collect().resources
    uris = [g["Grantee"].get("URI") for g in bucket.properties["Acl"]["Grants"]]
    assert "http://acs.amazonaws.com/groups/global/AllUsers" in uris


def test_buckets_outside_the_selected_regions_are_left_out(aws: None) -> None:
    create("london-bucket", "eu-west-2")
    create("virginia-bucket", "us-east-1")
    create("ireland-bucket", "eu-west-1")
    names = {r.name: r.region for r in collect(("eu-west-2", "us-east-1")).resources}
    assert names == {"london-bucket": "eu-west-2", "virginia-bucket": "us-east-1"}


def _as_user(allowed: list[str], denied: list[str]) -> None:
    """Switch the environment to an IAM user with this policy; moto then enforces IAM."""
    iam = boto3.client("iam")
    iam.create_user(UserName="auditor")
    statements: list[dict[str, Any]] = [{"Effect": "Allow", "Action": allowed, "Resource": "*"}]
    if denied:
        statements.append({"Effect": "Deny", "Action": denied, "Resource": "*"})
    iam.put_user_policy(
        UserName="auditor",
        PolicyName="audit",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}),
    )
    key = iam.create_access_key(UserName="auditor")["AccessKey"]
    os.environ["AWS_ACCESS_KEY_ID"] = key["AccessKeyId"]
    os.environ["AWS_SECRET_ACCESS_KEY"] = key["SecretAccessKey"]


def test_a_denied_detail_call_is_recorded_on_the_bucket(aws: None) -> None:
    create(BUCKET)

    @set_initial_no_auth_action_count(4)
    def scan() -> Inventory:
        _as_user(["s3:List*", "s3:Get*", "sts:GetCallerIdentity"], ["s3:GetBucketPolicyStatus"])
        return collect()

    (bucket,) = scan().resources
    assert bucket.errors["PolicyStatus"].startswith("AccessDenied")
    assert bucket.properties["PolicyStatus"] is None
    assert "PublicAccessBlock" not in bucket.errors


def test_a_denied_listing_becomes_a_collection_error(aws: None) -> None:
    create(BUCKET)

    @set_initial_no_auth_action_count(4)
    def scan() -> Inventory:
        _as_user(["sts:GetCallerIdentity"], [])
        return collect()

    inventory = scan()
    assert inventory.resources == ()
    (error,) = inventory.errors
    assert (error.resource_type, error.code) == ("aws.s3.bucket", "AccessDenied")
    assert error.account == "123456789012"


def test_no_credentials_is_a_clear_scan_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with pytest.raises(ScanError, match="No AWS credentials"):
        collect()
