"""Every call a collector makes is declared, read-only, and in the printed IAM policy.

Runs every collector registered in the AWS catalogue (including ones added later)
against the seeded demo estate, recording each API operation botocore sends.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from moto import mock_aws
from typer.testing import CliRunner

from auditor.cli import app
from auditor.collectors.aws.base import AwsScope, SessionFactory
from auditor.collectors.aws.catalog import AWS_CATALOG, AWS_MODULES
from auditor.collectors.aws.permissions import RUNNER_ACTIONS, all_collectors, policy_document
from auditor.collectors.aws.runner import AwsOptions, collect_aws
from tests.collectors.aws.helpers import ACCOUNT

REGIONS = ("eu-west-2", "eu-west-1")
READ_PREFIXES = ("Describe", "Get", "List", "Head", "BatchGet", "Lookup", "Search")
# Calls that are not plain reads but change nothing in the account, each with its reason.
NOT_PLAIN_READS = {
    # asks IAM to compile the credential report it then reads (README, Permissions)
    "iam:GenerateCredentialReport",
}
# Where an IAM action is not named after the API operation (keyed by service:operation).
ACTION_FOR_OPERATION = {
    "s3:ListBuckets": "s3:ListAllMyBuckets",
    "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "s3:HeadBucket": "s3:ListBucket",
    "s3control:GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
}


class Recorder:
    """Hooks every client the collectors build and notes the IAM action of each call."""

    def __init__(self) -> None:
        self.actions: set[str] = set()
        self._lock = threading.Lock()
        self._original = SessionFactory.client

    def _note(self, model: Any, **_: Any) -> None:
        service = model.service_model
        action = ACTION_FOR_OPERATION.get(
            f"{service.service_name}:{model.name}", f"{service.signing_name}:{model.name}"
        )
        with self._lock:
            self.actions.add(action)

    def client(self, factory: SessionFactory, service: str, region: str) -> Any:
        made = self._original(factory, service, region)
        made.meta.events.register("before-call", self._note)
        return made

    def take(self) -> set[str]:
        with self._lock:
            taken, self.actions = self.actions, set()
        return taken


@pytest.fixture
def estate(aws_credentials: None) -> Iterator[Recorder]:
    from auditor.demo.aws import seed_s3
    from auditor.demo.aws_compute import seed_compute

    with mock_aws():
        seed_s3()
        seed_compute(REGIONS)
        recorder = Recorder()

        def client(factory: SessionFactory, service: str, region: str) -> Any:
            return recorder.client(factory, service, region)

        with mock.patch.object(SessionFactory, "client", client):
            yield recorder


def test_every_catalogued_type_has_a_collector() -> None:
    assert {c.resource_type for c in all_collectors()} == set(AWS_CATALOG) == set(AWS_MODULES)


def test_every_call_is_declared_read_only_and_in_the_policy(estate: Recorder) -> None:
    printed = set(policy_document()["Statement"][0]["Action"])
    factory = SessionFactory()
    for collector in all_collectors():
        for region in REGIONS if collector.regional else REGIONS[:1]:
            collector.collect(AwsScope(factory, ACCOUNT, region, "aws", REGIONS))
        called = estate.take()
        assert called, f"{collector.resource_type} made no call"
        undeclared = called - set(collector.operations)
        assert not undeclared, f"{collector.resource_type} calls undeclared {sorted(undeclared)}"
        assert called <= printed
        for action in {*called, *collector.operations} - NOT_PLAIN_READS:
            verb = action.split(":", 1)[1]
            assert verb.startswith(READ_PREFIXES), f"{action} is not a read-only call"


def test_the_runner_calls_are_in_the_policy(estate: Recorder) -> None:
    collect_aws(AwsOptions(regions=REGIONS), {"aws.ec2.vpc"})
    called = estate.take()
    assert set(RUNNER_ACTIONS) <= called
    assert set(RUNNER_ACTIONS) <= set(policy_document()["Statement"][0]["Action"])


def test_permissions_aws_prints_one_sorted_read_only_statement() -> None:
    result = CliRunner().invoke(app, ["permissions", "aws"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["Version"] == "2012-10-17"
    (statement,) = document["Statement"]
    assert statement["Effect"] == "Allow" and statement["Resource"] == "*"
    actions = statement["Action"]
    assert actions == sorted(set(actions))
    assert {"sts:GetCallerIdentity", "ec2:DescribeRegions", "iam:ListUsers"} <= set(actions)


def test_permissions_for_chosen_types_only() -> None:
    result = CliRunner().invoke(app, ["permissions", "aws", "--type", "aws.efs.file_system"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["Statement"][0]["Action"] == [
        "ec2:DescribeRegions",
        "elasticfilesystem:DescribeBackupPolicy",
        "elasticfilesystem:DescribeFileSystems",
        "sts:GetCallerIdentity",
    ]


def test_permissions_rejects_an_unknown_type_clearly() -> None:
    result = CliRunner().invoke(app, ["permissions", "aws", "--type", "aws.nope"])
    assert result.exit_code == 2
    assert "Unknown AWS resource type aws.nope" in result.output
    assert "Traceback" not in result.output


def test_permissions_for_an_organisation_scan_add_the_organisation_calls() -> None:
    from auditor.collectors.aws.accounts import ORG_OPERATIONS

    result = CliRunner().invoke(app, ["permissions", "aws", "--org"])
    assert result.exit_code == 0, result.output
    actions = set(json.loads(result.output)["Statement"][0]["Action"])
    assert set(ORG_OPERATIONS) <= actions and "iam:ListUsers" in actions
    assert not set(ORG_OPERATIONS) & set(policy_document()["Statement"][0]["Action"])
