"""Seed an emulated AWS account (moto) with a small, deliberately imperfect estate.

The estate belongs to a fictional department. Some resources are configured well and
some badly, so the report shows both passes and failures; one tag carries markup to
show that cloud text is escaped everywhere.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

DEMO_REGIONS = ("eu-west-2", "eu-west-1", "us-east-1")
PREFIX = "dfdr"  # Department for Digital Records (fictional)

_BLOCK_ALL: Any = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def _tls_only_policy(bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    )


def _log_delivery_policy(bucket: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "S3ServerAccessLogsPolicy",
                    "Effect": "Allow",
                    "Principal": {"Service": "logging.s3.amazonaws.com"},
                    "Action": "s3:PutObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
    )


def _bucket(s3: Any, name: str, region: str, tags: dict[str, str]) -> None:
    config = (
        {}
        if region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    )
    s3.create_bucket(Bucket=name, **config)
    s3.put_bucket_tagging(
        Bucket=name, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]}
    )


def seed_s3() -> None:
    """Create the department's buckets: a well-run records store and its weaker neighbours."""
    clients = {r: boto3.client("s3", region_name=r) for r in DEMO_REGIONS}
    common = {"department": "digital-records", "cost-centre": "DR-104"}

    records = f"{PREFIX}-citizen-records-prod"
    logs = f"{PREFIX}-access-logs"
    s3 = clients["eu-west-2"]
    _bucket(s3, logs, "eu-west-2", {**common, "data-classification": "OFFICIAL"})
    s3.put_public_access_block(Bucket=logs, PublicAccessBlockConfiguration=_BLOCK_ALL)
    s3.put_bucket_encryption(
        Bucket=logs,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )

    s3.put_bucket_policy(Bucket=logs, Policy=_log_delivery_policy(logs))

    _bucket(s3, records, "eu-west-2", {**common, "data-classification": "OFFICIAL-SENSITIVE"})
    s3.put_public_access_block(Bucket=records, PublicAccessBlockConfiguration=_BLOCK_ALL)
    s3.put_bucket_encryption(
        Bucket=records,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
        },
    )
    s3.put_bucket_versioning(Bucket=records, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_logging(
        Bucket=records,
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": logs, "TargetPrefix": "records/"}},
    )
    s3.put_bucket_policy(Bucket=records, Policy=_tls_only_policy(records))

    website = f"{PREFIX}-public-website-assets"
    _bucket(
        s3,
        website,
        "eu-west-2",
        {**common, "owner": "<img src=x onerror=alert(1)> [bold red]web team[/]"},
    )
    s3.put_bucket_ownership_controls(
        Bucket=website, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    )
    s3.put_bucket_acl(Bucket=website, ACL="public-read")

    analytics = f"{PREFIX}-analytics-export"
    _bucket(clients["eu-west-1"], analytics, "eu-west-1", {**common, "team": "analytics"})
    clients["eu-west-1"].put_bucket_encryption(
        Bucket=analytics,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )

    legacy = f"{PREFIX}-legacy-uploads"
    _bucket(clients["us-east-1"], legacy, "us-east-1", {**common, "status": "to-be-retired"})
