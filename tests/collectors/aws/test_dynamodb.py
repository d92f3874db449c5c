"""The DynamoDB collector against moto."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from tests.collectors.aws.governance import ACCOUNT, scan, scan_denied, statuses

KEY = {
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    with mock_aws():
        yield


def test_tables(aws: None) -> None:
    ddb = boto3.client("dynamodb", region_name="eu-west-2")
    ddb.create_table(
        TableName="cases",
        SSESpecification={"Enabled": True, "SSEType": "KMS"},
        Tags=[{"Key": "team", "Value": "records"}],
        **KEY,  # type: ignore[arg-type]
    )
    ddb.update_continuous_backups(
        TableName="cases",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )
    ddb.create_table(TableName="scratch", **KEY)  # type: ignore[arg-type]
    inventory = scan({"aws.dynamodb.table"})
    assert inventory.errors == ()
    tables = {r.name: r for r in inventory.resources}
    assert tables["cases"].id == f"arn:aws:dynamodb:eu-west-2:{ACCOUNT}:table/cases"
    assert tables["cases"].tags == {"team": "records"}
    expected = {"cases": "pass", "scratch": "fail"}
    assert statuses("aws-dynamodb-table-pitr", inventory) == expected
    assert statuses("aws-dynamodb-table-kms", inventory) == expected


def test_denied_backups_are_an_error_finding(aws: None) -> None:
    boto3.client("dynamodb", region_name="eu-west-2").create_table(TableName="cases", **KEY)  # type: ignore[arg-type]
    inventory = scan_denied(["dynamodb:DescribeContinuousBackups"], {"aws.dynamodb.table"})
    (table,) = inventory.resources
    assert "AccessDenied" in table.errors["ContinuousBackups"]
    assert statuses("aws-dynamodb-table-pitr", inventory) == {"cases": "error"}
    assert statuses("aws-dynamodb-table-kms", inventory) == {"cases": "fail"}
