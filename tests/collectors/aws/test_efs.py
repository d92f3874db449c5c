"""The EFS collector against moto: encryption, backup policy and a denied read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from auditor.models import Status
from tests.collectors.aws.helpers import REGION, by_name, collect, collect_refused, statuses

FS = "aws.efs.file_system"


@pytest.fixture
def efs(aws_credentials: None) -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("efs", region_name=REGION)


def test_encryption_and_backups(efs: Any) -> None:
    efs.create_file_system(
        CreationToken="shared",
        Encrypted=True,
        Backup=True,
        Tags=[{"Key": "Name", "Value": "shared"}],
    )
    efs.create_file_system(CreationToken="scratch", Tags=[{"Key": "Name", "Value": "scratch"}])
    inventory = collect({FS})
    systems = by_name(inventory, FS)
    shared = systems["shared"]
    assert shared.id.startswith(f"arn:aws:elasticfilesystem:{REGION}:")
    assert shared.tags == {"Name": "shared"} and shared.region == REGION
    assert shared.properties["Encrypted"] is True
    assert shared.properties["BackupPolicyStatus"] == "ENABLED"
    assert systems["scratch"].properties["BackupPolicyStatus"] == "DISABLED"
    expected = {"shared": Status.PASS, "scratch": Status.FAIL}
    assert statuses("aws-efs-encrypted", inventory) == expected
    assert statuses("aws-efs-backups-enabled", inventory) == expected


def test_a_denied_backup_policy_read_gives_error(efs: Any) -> None:
    efs.create_file_system(CreationToken="shared", Tags=[{"Key": "Name", "Value": "shared"}])
    inventory = collect_refused({FS}, "DescribeBackupPolicy")
    (system,) = inventory.resources
    assert "BackupPolicyStatus" in system.errors
    assert statuses("aws-efs-backups-enabled", inventory) == {"shared": Status.ERROR}
