"""The RDS collectors against moto: instances, clusters, snapshots and denied reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from auditor.models import Status
from tests.collectors.aws.helpers import (
    ACCOUNT,
    REGION,
    by_name,
    collect,
    collect_denied,
    statuses,
)

RDS_TYPES = {
    "aws.rds.db_instance",
    "aws.rds.db_cluster",
    "aws.rds.db_snapshot",
    "aws.rds.db_cluster_snapshot",
}


@pytest.fixture
def rds(aws_credentials: None) -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("rds", region_name=REGION)


def instance(rds: Any, name: str, **settings: Any) -> None:
    rds.create_db_instance(
        DBInstanceIdentifier=name,
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="admin",
        MasterUserPassword="emulated-password",
        AllocatedStorage=20,
        **settings,
    )


def test_instances_clusters_and_snapshots(rds: Any) -> None:
    instance(
        rds,
        "records",
        StorageEncrypted=True,
        PubliclyAccessible=False,
        BackupRetentionPeriod=14,
        DeletionProtection=True,
        MultiAZ=True,
        Tags=[{"Key": "env", "Value": "prod"}],
    )
    instance(rds, "reporting", PubliclyAccessible=True, BackupRetentionPeriod=1)
    rds.create_db_snapshot(DBInstanceIdentifier="reporting", DBSnapshotIdentifier="export")
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier="export", AttributeName="restore", ValuesToAdd=["all"]
    )
    rds.create_db_cluster(
        DBClusterIdentifier="casework",
        Engine="aurora-postgresql",
        MasterUsername="admin",
        MasterUserPassword="emulated-password",
        StorageEncrypted=True,
        BackupRetentionPeriod=7,
    )
    rds.create_db_cluster_snapshot(
        DBClusterIdentifier="casework", DBClusterSnapshotIdentifier="casework-pre"
    )
    inventory = collect(RDS_TYPES)
    assert inventory.errors == ()
    instances = by_name(inventory, "aws.rds.db_instance")
    records = instances["records"]
    assert records.id == f"arn:aws:rds:{REGION}:{ACCOUNT}:db:records"
    assert records.tags == {"env": "prod"} and records.region == REGION
    assert records.properties["StorageEncrypted"] is True
    assert records.properties["InCluster"] is False
    assert instances["reporting"].properties["PubliclyAccessible"] is True
    (snapshot,) = by_name(inventory, "aws.rds.db_snapshot").values()
    assert snapshot.properties["Public"] is True and snapshot.properties["RestoreAttribute"] == [
        "all"
    ]
    (cluster_snapshot,) = by_name(inventory, "aws.rds.db_cluster_snapshot").values()
    assert cluster_snapshot.properties["Public"] is False
    assert cluster_snapshot.properties["DBClusterIdentifier"] == "casework"

    assert statuses("aws-rds-instance-not-public", inventory) == {
        "records": Status.PASS,
        "reporting": Status.FAIL,
    }
    assert statuses("aws-rds-instance-backup-retention", inventory) == {
        "records": Status.PASS,
        "reporting": Status.FAIL,
    }
    assert statuses("aws-rds-snapshot-not-public", inventory) == {"export": Status.FAIL}
    assert statuses("aws-rds-cluster-encrypted", inventory) == {"casework": Status.PASS}
    assert statuses("aws-rds-cluster-snapshot-not-public", inventory) == {
        "casework-pre": Status.PASS
    }


def test_a_denied_snapshot_attribute_gives_error(rds: Any) -> None:
    instance(rds, "reporting")
    rds.create_db_snapshot(DBInstanceIdentifier="reporting", DBSnapshotIdentifier="export")
    inventory = collect_denied({"aws.rds.db_snapshot"}, ["rds:DescribeDBSnapshotAttributes"])
    snapshot = by_name(inventory, "aws.rds.db_snapshot")["export"]
    assert snapshot.errors["Public"].startswith("AccessDenied")
    assert statuses("aws-rds-snapshot-not-public", inventory) == {"export": Status.ERROR}


def test_a_denied_listing_is_a_collection_error(rds: Any) -> None:
    instance(rds, "reporting")
    inventory = collect_denied({"aws.rds.db_instance"}, ["rds:DescribeDBInstances"])
    assert [(e.resource_type, e.region, e.code) for e in inventory.errors] == [
        ("aws.rds.db_instance", REGION, "AccessDenied")
    ]
    # The unreadable scope gives an error finding, never a pass.
    assert set(statuses("aws-rds-instance-not-public", inventory).values()) == {Status.ERROR}
