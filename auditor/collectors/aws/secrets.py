"""Secrets Manager secrets. The listing already carries rotation, KMS key and tags, so
no call is made per secret."""

from __future__ import annotations

from auditor.collectors.aws.base import AwsCollector, AwsScope, paginate
from auditor.collectors.aws.details import plain, tag_dict
from auditor.models import Resource


def collect_secrets(scope: AwsScope) -> list[Resource]:
    client = scope.client("secretsmanager")
    found = []
    for secret in paginate(client, "list_secrets", "SecretList"):
        props = plain(secret)
        props.setdefault("RotationEnabled", False)
        found.append(
            Resource(
                type="aws.secretsmanager.secret",
                id=str(secret["ARN"]),
                name=str(secret.get("Name", secret["ARN"])),
                provider="aws",
                account=scope.account,
                region=scope.region,
                tags=tag_dict(secret.get("Tags")),
                properties=props,
            )
        )
    return found


COLLECTORS = [
    AwsCollector(
        resource_type="aws.secretsmanager.secret",
        regional=True,
        operations=("secretsmanager:ListSecrets",),
        collect=collect_secrets,
    )
]
