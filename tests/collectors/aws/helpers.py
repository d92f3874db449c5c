"""What the AWS collector tests share: collecting under moto, acting as a limited user."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Collection
from typing import Any

import boto3
from moto.core import set_initial_no_auth_action_count

from auditor.collectors.aws.runner import AwsOptions, collect_aws
from auditor.engine.evaluator import evaluate
from auditor.models import Inventory, Resource, Status
from auditor.policy import load_policies

ACCOUNT = "123456789012"
REGION = "eu-west-2"
BUILTIN = {p.id: p for p in load_policies()}


def collect(types: Collection[str], regions: tuple[str, ...] = (REGION,)) -> Inventory:
    return collect_aws(AwsOptions(regions=regions), set(types))


def by_name(inventory: Inventory, resource_type: str) -> dict[str, Resource]:
    return {r.name: r for r in inventory.resources if r.type == resource_type}


def statuses(policy_id: str, inventory: Inventory) -> dict[str, Status]:
    """Each resource's name and the built-in policy's verdict on it."""
    results = evaluate([BUILTIN[policy_id]], inventory)
    return {f.resource.name: f.status for f in results.findings}


def _become_user(allowed: list[str], denied: list[str]) -> None:
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


def collect_denied(
    types: Collection[str], denied: list[str], allowed: list[str] | None = None
) -> Inventory:
    """Collect as a user allowed everything read-only except ``denied``."""

    @set_initial_no_auth_action_count(4)
    def run() -> Inventory:
        _become_user(allowed or ["*"], denied)
        return collect(types)

    scan: Callable[[], Inventory] = run
    return scan()


def collect_refused(types: Collection[str], operation: str) -> Inventory:
    """Collect with one API operation (e.g. ``GetPolicy``) answered by AccessDenied.

    moto's IAM enforcement cannot sign requests for every service, so this refuses the
    call in botocore itself, before it is sent, as a real denial would look.
    """
    from unittest import mock

    from botocore.exceptions import ClientError

    from auditor.collectors.aws.base import SessionFactory

    original = SessionFactory.client

    def refuse(model: Any, **_: Any) -> None:
        if model.name == operation:
            error = {"Error": {"Code": "AccessDeniedException", "Message": "not authorised"}}
            raise ClientError(error, operation)  # type: ignore[arg-type]

    def client(self: SessionFactory, service: str, region: str) -> Any:
        made = original(self, service, region)
        made.meta.events.register("before-call", refuse)
        return made

    with mock.patch.object(SessionFactory, "client", client):
        return collect(types)
