"""The Secrets Manager collector against moto: one listing, no call per secret."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from tests.collectors.aws.governance import scan, scan_denied, statuses


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    with mock_aws():
        yield


def _rotation_function() -> str:
    role = boto3.client("iam").create_role(
        RoleName="rotation",
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
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("rotate.py", "def handler(event, context):\n    return None\n")
    return str(
        boto3.client("lambda", region_name="eu-west-2").create_function(
            FunctionName="rotate",
            Runtime="python3.12",
            Role=role,
            Handler="rotate.handler",
            Code={"ZipFile": code.getvalue()},
        )["FunctionArn"]
    )


def test_secrets(aws: None) -> None:
    sm = boto3.client("secretsmanager", region_name="eu-west-2")
    sm.create_secret(Name="db-password", SecretString="x", Tags=[{"Key": "team", "Value": "db"}])
    sm.create_secret(Name="api-token", SecretString="y")
    sm.rotate_secret(
        SecretId="db-password",
        RotationLambdaARN=_rotation_function(),
        RotationRules={"AutomaticallyAfterDays": 30},
        RotateImmediately=False,
    )
    inventory = scan({"aws.secretsmanager.secret"})
    assert inventory.errors == ()
    secrets = {r.name: r for r in inventory.resources}
    assert secrets["db-password"].tags == {"team": "db"}
    assert secrets["db-password"].id.startswith("arn:aws:secretsmanager:eu-west-2:")
    assert statuses("aws-secretsmanager-secret-rotation", inventory) == {
        "db-password": "pass",
        "api-token": "fail",
    }


def test_a_denied_listing_is_a_collection_error(aws: None) -> None:
    boto3.client("secretsmanager", region_name="eu-west-2").create_secret(
        Name="s", SecretString="x"
    )
    inventory = scan_denied(["secretsmanager:ListSecrets"], {"aws.secretsmanager.secret"})
    assert inventory.resources == ()
    (error,) = inventory.errors
    assert (error.resource_type, error.region) == ("aws.secretsmanager.secret", "eu-west-2")
