"""The IAM collectors against moto: credentials, grants, trust analysis and denied reads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from auditor.models import Status
from tests.collectors.aws.helpers import ACCOUNT, by_name, collect, collect_denied, statuses

IAM_TYPES = {"aws.iam.user", "aws.iam.role", "aws.iam.policy", "aws.iam.server_certificate"}


@pytest.fixture
def iam(aws_credentials: None) -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("iam")


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ADMIN = doc({"Effect": "Allow", "Action": "*", "Resource": "*"})


def test_user_credentials_and_grants(iam: Any) -> None:
    iam.create_group(GroupName="analysts")
    iam.create_user(UserName="clerk", Tags=[{"Key": "team", "Value": "records"}])
    iam.create_login_profile(UserName="clerk", Password="Passw0rd-long-enough")
    iam.add_user_to_group(GroupName="analysts", UserName="clerk")
    iam.put_user_policy(UserName="clerk", PolicyName="everything", PolicyDocument=ADMIN)
    key = iam.create_access_key(UserName="clerk")["AccessKey"]["AccessKeyId"]
    iam.create_user(UserName="ada")
    iam.create_login_profile(UserName="ada", Password="Passw0rd-long-enough")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="ada")["VirtualMFADevice"][
        "SerialNumber"
    ]
    iam.enable_mfa_device(
        UserName="ada",
        SerialNumber=serial,
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
    inventory = collect(IAM_TYPES)
    assert inventory.errors == ()
    users = by_name(inventory, "aws.iam.user")
    clerk = users["clerk"]
    assert clerk.id == f"arn:aws:iam::{ACCOUNT}:user/clerk"
    assert clerk.region == "" and clerk.tags == {"team": "records"}
    props = clerk.properties
    assert props["HasConsolePassword"] is True and props["MfaDevices"] == []
    assert props["Groups"] == ["analysts"]
    assert props["InlinePolicies"][0]["PolicyName"] == "everything"
    assert props["InlinePolicies"][0]["GrantsFullAdmin"] is True
    (access_key,) = props["AccessKeys"]
    assert access_key["AccessKeyId"] == key and access_key["Status"] == "Active"
    assert access_key["CreateDate"].startswith("20") and access_key["LastUsedDate"] is None
    assert users["ada"].properties["MfaDevices"][0]["SerialNumber"] == serial

    assert statuses("aws-iam-user-console-mfa", inventory) == {
        "clerk": Status.FAIL,
        "ada": Status.PASS,
    }
    assert statuses("aws-iam-user-inline-no-full-admin", inventory)["clerk"] is Status.FAIL
    assert statuses("aws-iam-user-permissions-through-groups", inventory) == {
        "clerk": Status.FAIL,
        "ada": Status.PASS,
    }
    assert statuses("aws-iam-user-access-keys-rotated", inventory)["clerk"] is Status.PASS


def test_a_user_without_password_has_no_login_profile(iam: Any) -> None:
    iam.create_user(UserName="robot")
    (robot,) = collect({"aws.iam.user"}).resources
    assert robot.properties["LoginProfile"] is None
    assert robot.properties["HasConsolePassword"] is False
    assert robot.errors == {}
    assert statuses("aws-iam-user-console-mfa", collect({"aws.iam.user"})) == {}  # not applicable


def test_role_trust_is_analysed(iam: Any) -> None:
    iam.create_role(
        RoleName="open",
        AssumeRolePolicyDocument=doc(
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
        ),
        Tags=[{"Key": "owner", "Value": "ops"}],
    )
    iam.create_role(
        RoleName="supplier",
        AssumeRolePolicyDocument=doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": ["arn:aws:iam::444455556666:root", ACCOUNT]},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": "x"}},
            }
        ),
    )
    iam.create_role(
        RoleName="partner",
        AssumeRolePolicyDocument=doc(
            {"Effect": "Allow", "Principal": {"AWS": "777788889999"}, "Action": "sts:AssumeRole"}
        ),
    )
    inventory = collect({"aws.iam.role"})
    roles = by_name(inventory, "aws.iam.role")
    assert roles["open"].tags == {"owner": "ops"}
    (wildcard,) = roles["open"].properties["TrustedPrincipals"]
    assert wildcard["Wildcard"] is True and wildcard["Conditioned"] is False
    supplier = roles["supplier"].properties
    assert supplier["CrossAccountPrincipals"] == ["444455556666"]
    assert [p["CrossAccount"] for p in supplier["TrustedPrincipals"]] == [True, False]
    assert statuses("aws-iam-role-not-assumable-by-anyone", inventory) == {
        "open": Status.FAIL,
        "supplier": Status.PASS,
        "partner": Status.PASS,
    }
    assert statuses("aws-iam-role-cross-account-trust-conditioned", inventory) == {
        "open": Status.PASS,
        "supplier": Status.PASS,
        "partner": Status.FAIL,
    }


def test_customer_policies_granting_everything(iam: Any) -> None:
    admin = iam.create_policy(PolicyName="break-glass", PolicyDocument=ADMIN)["Policy"]["Arn"]
    iam.create_policy(
        PolicyName="read",
        PolicyDocument=doc({"Effect": "Allow", "Action": ["s3:Get*"], "Resource": "*"}),
    )
    iam.create_role(RoleName="ops", AssumeRolePolicyDocument=doc())
    iam.attach_role_policy(RoleName="ops", PolicyArn=admin)
    inventory = collect({"aws.iam.policy"})
    policies = by_name(inventory, "aws.iam.policy")
    assert set(policies) == {"break-glass", "read"}  # AWS-managed policies are not listed
    assert policies["break-glass"].properties["GrantsFullAdmin"] is True
    assert policies["break-glass"].properties["AttachmentCount"] == 1
    assert policies["read"].properties["Document"]["Statement"][0]["Action"] == ["s3:Get*"]
    assert statuses("aws-iam-policy-no-full-admin", inventory) == {"break-glass": Status.FAIL}


def test_server_certificates_are_listed(iam: Any) -> None:
    iam.upload_server_certificate(
        ServerCertificateName="portal", CertificateBody="body", PrivateKey="key"
    )
    (cert,) = collect({"aws.iam.server_certificate"}).resources
    assert cert.id == f"arn:aws:iam::{ACCOUNT}:server-certificate/portal"
    assert cert.name == "portal" and "Expiration" in cert.properties


def test_a_denied_credential_read_gives_error_not_pass(iam: Any) -> None:
    iam.create_user(UserName="clerk")
    iam.create_login_profile(UserName="clerk", Password="Passw0rd-long-enough")
    inventory = collect_denied({"aws.iam.user"}, ["iam:ListMFADevices"])
    clerk = by_name(inventory, "aws.iam.user")["clerk"]
    assert clerk.errors["MfaDevices"].startswith("AccessDenied")
    assert "LoginProfile" not in clerk.errors
    assert statuses("aws-iam-user-console-mfa", inventory)["clerk"] is Status.ERROR


def test_a_denied_listing_is_a_collection_error(iam: Any) -> None:
    iam.create_role(RoleName="ops", AssumeRolePolicyDocument=doc())
    inventory = collect_denied({"aws.iam.role"}, ["iam:GetAccountAuthorizationDetails"])
    assert [(e.resource_type, e.code) for e in inventory.errors] == [
        ("aws.iam.role", "AccessDenied")
    ]
