"""Shared test fixtures: small inventories and policy builders."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from auditor.models import Inventory, Resource, ScanMetadata
from auditor.policy.model import Policy


def make_resource(
    properties: dict[str, Any] | None = None,
    *,
    type: str = "aws.s3.bucket",
    id: str = "arn:aws:s3:::bucket",
    name: str = "bucket",
    account: str = "111122223333",
    region: str = "eu-west-2",
    tags: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Resource:
    return Resource(
        type=type,
        id=id,
        name=name,
        provider=type.split(".", 1)[0],
        account=account,
        region=region,
        tags=tags or {},
        properties=properties or {},
        errors=errors or {},
    )


def make_policy(check: Any, **fields: Any) -> Policy:
    data = {
        "id": fields.pop("id", "test-policy"),
        "title": "Test policy",
        "resource": fields.pop("resource", "aws.s3.bucket"),
        "severity": fields.pop("severity", "high"),
        "check": check,
        **fields,
    }
    return Policy.model_validate(data)


def make_inventory(*resources: Resource, errors: tuple[Any, ...] = ()) -> Inventory:
    return Inventory(ScanMetadata("2026-01-01T00:00:00+00:00", "", "test"), resources, errors)


@pytest.fixture
def aws_credentials(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fake credentials so boto3 never looks for real ones."""
    for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    # moto's stock AMIs bring ~1,300 snapshots it reports as the account's own.
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
    yield
