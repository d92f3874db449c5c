"""The demo's governance estate: every new type is there, with passes and failures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from moto import mock_aws

from auditor.collectors.aws.catalog import AWS_MODULES
from auditor.demo.aws import DEMO_REGIONS, seed_s3
from auditor.demo.aws_compute import seed_compute
from auditor.demo.aws_governance import seed_governance
from auditor.engine.evaluator import evaluate
from tests.collectors.aws.governance import BUILTIN, scan


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    with mock_aws():
        yield


def test_the_demo_estate_shows_good_and_bad_governance(aws: None) -> None:
    seed_s3()
    seed_governance()
    seed_compute(DEMO_REGIONS)  # the rest of the demo estate, so every type is there
    inventory = scan(set(AWS_MODULES), DEMO_REGIONS)
    assert inventory.errors == ()
    types = Counter(r.type for r in inventory.resources)
    assert set(types) == set(AWS_MODULES)
    assert types["aws.account.region"] == len(DEMO_REGIONS)

    results = evaluate([p for p in BUILTIN.values() if p.resource.startswith("aws.")], inventory)
    by_policy: dict[str, set[str]] = {}
    for finding in results.findings:
        by_policy.setdefault(finding.policy_id, set()).add(finding.status.value)
    for policy in (
        "aws-kms-key-rotation",
        "aws-sqs-queue-encrypted",
        "aws-sns-topic-not-public",
        "aws-ecr-repository-scan-on-push",
        "aws-dynamodb-table-pitr",
        "aws-logs-group-retention",
        "aws-region-guardduty-enabled",
    ):
        assert by_policy[policy] == {"pass", "fail"}, policy
    assert by_policy["aws-account-monitoring-root-usage"] == {"pass"}
    assert by_policy["aws-account-monitoring-console-signin-without-mfa"] == {"fail"}
    assert by_policy["aws-account-multi-region-trail"] == {"pass"}
    assert by_policy["aws-account-password-min-length"] == {"fail"}
