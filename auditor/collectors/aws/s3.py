"""S3 buckets, with every detail the bucket policies read, fetched once per bucket."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from auditor.collectors.aws.base import (
    AWS_ERRORS,
    AwsCollector,
    AwsScope,
    error_code,
    error_message,
    paginate,
)
from auditor.models import Resource

# A missing configuration is a fact about the bucket, not a failure to read it.
_ABSENT = {
    "NoSuchPublicAccessBlockConfiguration",
    "NoSuchBucketPolicy",
    "ServerSideEncryptionConfigurationNotFoundError",
    "NoSuchTagSet",
    "NoSuchTagSetError",
}
_DETAIL_WORKERS = 8
BUCKET_PROPERTIES = (
    "PublicAccessBlock",
    "PolicyStatus",
    "Policy",
    "Acl",
    "Encryption",
    "Versioning",
    "Logging",
    "TagSet",
)


def _bucket_region(scope: AwsScope, name: str) -> str:
    location = scope.client("s3").get_bucket_location(Bucket=name).get("LocationConstraint")
    if not location:
        return "us-east-1"
    return "eu-west-1" if location == "EU" else str(location)


def _details(scope: AwsScope, name: str, region: str) -> tuple[dict[str, Any], dict[str, str]]:
    client = scope.client("s3", region)
    props: dict[str, Any] = {"Name": name}
    errors: dict[str, str] = {}

    def read(prop: str, call: Callable[[], Any], pick: Callable[[Any], Any]) -> None:
        try:
            props[prop] = pick(call())
        except AWS_ERRORS as exc:
            if error_code(exc) in _ABSENT:
                props[prop] = None
            else:
                props[prop] = None
                errors[prop] = f"{error_code(exc)}: {error_message(exc)}"

    read(
        "PublicAccessBlock",
        lambda: client.get_public_access_block(Bucket=name),
        lambda r: r.get("PublicAccessBlockConfiguration"),
    )
    read(
        "PolicyStatus",
        lambda: client.get_bucket_policy_status(Bucket=name),
        lambda r: r.get("PolicyStatus"),
    )
    read("Policy", lambda: client.get_bucket_policy(Bucket=name), lambda r: json.loads(r["Policy"]))
    read(
        "Acl",
        lambda: client.get_bucket_acl(Bucket=name),
        lambda r: {"Owner": r.get("Owner"), "Grants": r.get("Grants", [])},
    )
    read(
        "Encryption",
        lambda: client.get_bucket_encryption(Bucket=name),
        lambda r: r.get("ServerSideEncryptionConfiguration"),
    )
    read(
        "Versioning",
        lambda: client.get_bucket_versioning(Bucket=name),
        lambda r: {k: v for k, v in r.items() if k in ("Status", "MFADelete")},
    )
    read(
        "Logging",
        lambda: client.get_bucket_logging(Bucket=name),
        lambda r: r.get("LoggingEnabled"),
    )
    read("TagSet", lambda: client.get_bucket_tagging(Bucket=name), lambda r: r.get("TagSet", []))
    if props.get("PolicyStatus") is None and "PolicyStatus" not in errors:
        props["PolicyStatus"] = {"IsPublic": False}  # no policy: nothing public through it
    return props, errors


def collect_buckets(scope: AwsScope) -> list[Resource]:
    client = scope.client("s3")
    buckets = list(paginate(client, "list_buckets", "Buckets"))
    wanted = set(scope.regions)

    def one(bucket: dict[str, Any]) -> Resource | None:
        name = str(bucket["Name"])
        # AwsScope caches clients per instance; give each worker its own.
        local = AwsScope(scope.factory, scope.account, scope.region, scope.partition, scope.regions)
        try:
            region = bucket.get("BucketRegion") or _bucket_region(local, name)
        except AWS_ERRORS as exc:
            # Without its region nothing else about the bucket can be read reliably.
            reason = f"{error_code(exc)}: {error_message(exc)}"
            props = dict.fromkeys(BUCKET_PROPERTIES)
            props["Name"] = name
            errors = dict.fromkeys(BUCKET_PROPERTIES, reason)
            region = ""
        else:
            if wanted and region not in wanted:
                return None
            props, errors = _details(local, name, region)
        created = bucket.get("CreationDate")
        props["CreationDate"] = created.isoformat() if created is not None else None
        tags = {str(t["Key"]): str(t["Value"]) for t in props.get("TagSet") or ()}
        return Resource(
            type="aws.s3.bucket",
            id=f"arn:{scope.partition}:s3:::{name}",
            name=name,
            provider="aws",
            account=scope.account,
            region=region,
            tags=tags,
            properties=props,
            errors=errors,
        )

    with ThreadPoolExecutor(max_workers=_DETAIL_WORKERS) as pool:
        found = list(pool.map(one, buckets))
    return [r for r in found if r is not None]


COLLECTORS = [
    AwsCollector(
        resource_type="aws.s3.bucket",
        regional=False,
        operations=(
            "s3:ListAllMyBuckets",
            "s3:GetBucketLocation",
            "s3:GetBucketPublicAccessBlock",
            "s3:GetBucketPolicyStatus",
            "s3:GetBucketPolicy",
            "s3:GetBucketAcl",
            "s3:GetEncryptionConfiguration",
            "s3:GetBucketVersioning",
            "s3:GetBucketLogging",
            "s3:GetBucketTagging",
        ),
        collect=collect_buckets,
    )
]
