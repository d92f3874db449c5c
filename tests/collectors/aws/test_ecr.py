"""The ECR collector against moto."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from tests.collectors.aws.governance import scan, scan_denied, statuses


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    with mock_aws():
        yield


def test_repositories(aws: None) -> None:
    ecr = boto3.client("ecr", region_name="eu-west-2")
    ecr.create_repository(
        repositoryName="records-api",
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
        tags=[{"Key": "team", "Value": "records"}],
    )
    ecr.create_repository(repositoryName="shared-base")
    ecr.set_repository_policy(
        repositoryName="shared-base",
        policyText=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "all",
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "ecr:BatchGetImage",
                    }
                ],
            }
        ),
    )
    inventory = scan({"aws.ecr.repository"})
    assert inventory.errors == ()
    repos = {r.name: r for r in inventory.resources}
    assert repos["records-api"].tags == {"team": "records"}
    assert repos["records-api"].properties["Policy"] is None
    assert repos["records-api"].errors == {}
    expected = {"records-api": "pass", "shared-base": "fail"}
    assert statuses("aws-ecr-repository-scan-on-push", inventory) == expected
    assert statuses("aws-ecr-repository-tag-immutability", inventory) == expected
    assert statuses("aws-ecr-repository-not-public", inventory) == expected


def test_a_denied_repository_policy_is_an_error_finding(aws: None) -> None:
    boto3.client("ecr", region_name="eu-west-2").create_repository(repositoryName="app")
    inventory = scan_denied(["ecr:GetRepositoryPolicy"], {"aws.ecr.repository"})
    (repo,) = inventory.resources
    assert "AccessDenied" in repo.errors["Policy"]
    assert statuses("aws-ecr-repository-not-public", inventory) == {"app": "error"}
    assert statuses("aws-ecr-repository-scan-on-push", inventory) == {"app": "fail"}
