"""The KMS collector against moto: customer keys with rotation and key policy."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from tests.collectors.aws.governance import ACCOUNT, scan, scan_denied, statuses


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    with mock_aws():
        yield


def _public_policy() -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"},
            ],
        }
    )


def test_customer_keys_with_rotation_and_policy(aws: None) -> None:
    kms = boto3.client("kms", region_name="eu-west-2")
    good = kms.create_key(Tags=[{"TagKey": "team", "TagValue": "records"}])["KeyMetadata"]
    kms.enable_key_rotation(KeyId=good["KeyId"])
    bad = kms.create_key(Policy=_public_policy())["KeyMetadata"]
    signing = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]

    inventory = scan({"aws.kms.key"})
    assert inventory.errors == ()
    keys = {r.name: r for r in inventory.resources}
    assert set(keys) == {good["KeyId"], bad["KeyId"], signing["KeyId"]}
    assert keys[good["KeyId"]].id == good["Arn"]
    assert keys[good["KeyId"]].tags == {"team": "records"}
    assert keys[good["KeyId"]].properties["RotationEnabled"] is True
    assert keys[signing["KeyId"]].errors == {}  # rotation does not apply, so it is not an error

    assert statuses("aws-kms-key-rotation", inventory) == {
        good["KeyId"]: "pass",
        bad["KeyId"]: "fail",
    }
    assert statuses("aws-kms-key-policy-not-public", inventory) == {
        good["KeyId"]: "pass",
        bad["KeyId"]: "fail",
        signing["KeyId"]: "pass",
    }


def test_a_denied_key_policy_is_an_error_finding(aws: None) -> None:
    key = boto3.client("kms", region_name="eu-west-2").create_key()["KeyMetadata"]
    inventory = scan_denied(["kms:GetKeyPolicy"], {"aws.kms.key"})
    (found,) = inventory.resources
    assert "AccessDenied" in found.errors["Policy"]
    assert statuses("aws-kms-key-policy-not-public", inventory) == {key["KeyId"]: "error"}
    assert statuses("aws-kms-key-rotation", inventory) == {key["KeyId"]: "fail"}
