"""Helpers for the governance collector tests: scan, judge, and scan as a restricted user."""

from __future__ import annotations

import json
import os
from collections.abc import Collection
from typing import Any

import boto3
from moto.core import set_initial_no_auth_action_count

from auditor.collectors.aws.runner import AwsOptions, collect_aws
from auditor.engine.evaluator import evaluate
from auditor.models import Inventory
from auditor.policy import load_policies

ACCOUNT = "123456789012"
BUILTIN = {p.id: p for p in load_policies()}


def scan(types: Collection[str], regions: tuple[str, ...] = ("eu-west-2",)) -> Inventory:
    return collect_aws(AwsOptions(regions=regions), set(types))


def statuses(policy_id: str, inventory: Inventory) -> dict[str, str]:
    """Finding status by resource name for one built-in policy."""
    results = evaluate([BUILTIN[policy_id]], inventory)
    return {f.resource.name: f.status.value for f in results.findings}


def _become_user(allowed: list[str], denied: list[str]) -> None:
    iam = boto3.client("iam", region_name="us-east-1")
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


def scan_denied(
    denied: list[str],
    types: Collection[str],
    regions: tuple[str, ...] = ("eu-west-2",),
    allowed: list[str] | None = None,
) -> Inventory:
    """Scan as a user allowed everything read-only but ``denied``; moto then enforces IAM."""

    @set_initial_no_auth_action_count(3)
    def run() -> Inventory:
        _become_user(allowed or ["*"], denied)
        return scan(types, regions)

    inventory: Inventory = run()
    return inventory
