"""Customer-managed KMS keys: rotation, key policy and tags.

AWS-managed keys (``alias/aws/...``) are listed and described only to tell them apart;
their rotation and policy are AWS's to manage, so they are not reported.
"""

from __future__ import annotations

from typing import Any

from auditor.collectors.aws.base import AWS_ERRORS, AwsCollector, AwsScope, paginate
from auditor.collectors.aws.details import Details, each, json_document, plain, reason, tag_dict
from auditor.models import Resource

# Rotation does not apply to asymmetric, HMAC or imported keys, nor to a key being deleted.
_ABSENT = {"UnsupportedOperationException", "KMSInvalidStateException"}


def collect_keys(scope: AwsScope) -> list[Resource]:
    client = scope.client("kms")
    keys = list(paginate(client, "list_keys", "Keys"))

    def one(key: dict[str, Any]) -> Resource | None:
        key_id = str(key["KeyId"])
        arn = str(
            key.get("KeyArn")
            or f"arn:{scope.partition}:kms:{scope.region}:{scope.account}:key/{key_id}"
        )
        d = Details({"KeyId": key_id, "Arn": arn}, absent=_ABSENT)
        try:
            metadata = plain(client.describe_key(KeyId=key_id)["KeyMetadata"])
        except AWS_ERRORS as exc:
            d.fail(("KeyMetadata", "RotationEnabled", "Policy", "Tags"), reason(exc))
            metadata = None
        if metadata is not None:
            if metadata.get("KeyManager") == "AWS":
                return None
            d.props.update(metadata)
            d.read(
                "RotationEnabled",
                lambda: client.get_key_rotation_status(KeyId=key_id),
                lambda r: r.get("KeyRotationEnabled"),
            )
            d.read(
                "Policy",
                lambda: client.get_key_policy(KeyId=key_id, PolicyName="default"),
                lambda r: json_document(r.get("Policy")),
            )
            d.read(
                "Tags",
                lambda: list(paginate(client, "list_resource_tags", "Tags", KeyId=key_id)),
            )
        return Resource(
            type="aws.kms.key",
            id=arn,
            name=key_id,
            provider="aws",
            account=scope.account,
            region=scope.region,
            tags=tag_dict(d.props.get("Tags"), "TagKey", "TagValue"),
            properties=d.props,
            errors=d.errors,
        )

    return [r for r in each(keys, one) if r is not None]


COLLECTORS = [
    AwsCollector(
        resource_type="aws.kms.key",
        regional=True,
        operations=(
            "kms:ListKeys",
            "kms:DescribeKey",
            "kms:GetKeyRotationStatus",
            "kms:GetKeyPolicy",
            "kms:ListResourceTags",
        ),
        collect=collect_keys,
    )
]
