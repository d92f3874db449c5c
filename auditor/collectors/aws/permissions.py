"""The least-privilege IAM policy for a scan, built from what each collector declares.

Every collector lists the IAM actions it may call (``AwsCollector.operations``), so
the policy printed for users cannot drift from the code that makes the calls.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection
from typing import Any

from auditor.collectors.aws.base import AwsCollector
from auditor.collectors.aws.catalog import AWS_MODULES

# Calls the runner makes before any collector: who am I, which regions are enabled.
RUNNER_ACTIONS = ("sts:GetCallerIdentity", "ec2:DescribeRegions")


def all_collectors(resource_types: Collection[str] | None = None) -> list[AwsCollector]:
    """Every registered AWS collector (or those for the given types)."""
    wanted = set(AWS_MODULES) if resource_types is None else set(resource_types)
    found: list[AwsCollector] = []
    for module_name in sorted({AWS_MODULES[t] for t in wanted if t in AWS_MODULES}):
        module = importlib.import_module(module_name)
        found.extend(c for c in module.COLLECTORS if c.resource_type in wanted)
    return found


def required_actions(
    resource_types: Collection[str] | None = None, *, organisation: bool = False
) -> list[str]:
    """``organisation`` adds what the identity running an organisation-wide scan calls."""
    from auditor.collectors.aws.accounts import ORG_OPERATIONS

    actions = set(RUNNER_ACTIONS) | (set(ORG_OPERATIONS) if organisation else set())
    for collector in all_collectors(resource_types):
        actions.update(collector.operations)
    return sorted(actions)


def policy_document(
    resource_types: Collection[str] | None = None, *, organisation: bool = False
) -> dict[str, Any]:
    """An identity policy allowing exactly the read-only calls a scan makes."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AuditorReadOnly",
                "Effect": "Allow",
                "Action": required_actions(resource_types, organisation=organisation),
                "Resource": "*",
            }
        ],
    }
