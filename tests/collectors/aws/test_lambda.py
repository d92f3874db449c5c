"""The Lambda collector against moto: exposure, runtime, variable names (never values)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from auditor.models import Status
from tests.collectors.aws.helpers import REGION, by_name, collect, collect_refused, statuses

FN = "aws.lambda.function"
SECRET_VALUE = "hunter2-do-not-collect"


@pytest.fixture
def functions(aws_credentials: None) -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("lambda", region_name=REGION)


def create(functions: Any, name: str, runtime: str, variables: dict[str, str]) -> None:
    role = boto3.client("iam").create_role(
        RoleName=f"{name}-role",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )["Role"]["Arn"]
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("handler.py", "def handle(event, context):\n    return 1\n")
    functions.create_function(
        FunctionName=name,
        Runtime=runtime,
        Role=role,
        Handler="handler.handle",
        Code={"ZipFile": package.getvalue()},
        Environment={"Variables": variables},
        Tags={"team": "records"},
    )


def test_exposure_runtime_and_variable_names(functions: Any) -> None:
    create(functions, "ingest", "python3.12", {"LOG_LEVEL": "INFO"})
    create(functions, "export", "python3.8", {"DB_PASSWORD": SECRET_VALUE})
    functions.create_function_url_config(FunctionName="export", AuthType="NONE")
    functions.add_permission(
        FunctionName="export",
        StatementId="public-url",
        Action="lambda:InvokeFunctionUrl",
        Principal="*",
        FunctionUrlAuthType="NONE",
    )
    functions.add_permission(
        FunctionName="ingest",
        StatementId="from-bucket",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        SourceAccount="123456789012",
    )
    inventory = collect({FN})
    assert inventory.errors == ()
    found = by_name(inventory, FN)
    export = found["export"]
    assert export.id.endswith(":function:export") and export.tags == {"team": "records"}
    assert export.properties["EnvironmentVariableNames"] == ["DB_PASSWORD"]
    assert SECRET_VALUE not in json.dumps([r.to_dict() for r in inventory.resources])
    assert export.properties["FunctionUrl"]["AuthType"] == "NONE"
    assert export.properties["PublicUrl"] is True
    assert export.properties["PublicStatements"] == ["public-url"]
    ingest = found["ingest"].properties
    assert ingest["FunctionUrl"] is None and ingest["PublicUrl"] is False
    assert ingest["PublicStatements"] == []

    expected = {"ingest": Status.PASS, "export": Status.FAIL}
    for policy in (
        "aws-lambda-no-public-url",
        "aws-lambda-policy-not-public",
        "aws-lambda-supported-runtime",
        "aws-lambda-no-secret-env-names",
    ):
        assert statuses(policy, inventory) == expected, policy


def test_a_denied_policy_read_gives_error(functions: Any) -> None:
    create(functions, "ingest", "python3.12", {})
    inventory = collect_refused({FN}, "GetPolicy")
    (function,) = inventory.resources
    assert set(function.errors) == {"Policy", "PublicStatements"}
    assert statuses("aws-lambda-policy-not-public", inventory) == {"ingest": Status.ERROR}
    assert statuses("aws-lambda-no-public-url", inventory) == {"ingest": Status.PASS}
