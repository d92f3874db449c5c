"""The account and per-region settings collectors against moto."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from auditor.collectors.aws import account
from auditor.collectors.aws.account import parse_credential_report
from tests.collectors.aws.governance import ACCOUNT, scan, scan_denied, statuses

ALL_BLOCKED = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    with mock_aws():
        yield


def test_the_account_resource(aws: None) -> None:
    iam = boto3.client("iam")
    iam.create_account_alias(AccountAlias="dfdr-prod")
    iam.update_account_password_policy(MinimumPasswordLength=16, PasswordReusePrevention=24)
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password="correct-horse-battery")
    iam.create_access_key(UserName="alice")
    boto3.client("account").put_alternate_contact(
        AlternateContactType="SECURITY",
        EmailAddress="security@dfdr.example.gov.uk",
        Name="Security team",
        PhoneNumber="+441234567890",
        Title="Security",
    )
    boto3.client("s3control").put_public_access_block(
        AccountId=ACCOUNT, PublicAccessBlockConfiguration=ALL_BLOCKED
    )

    inventory = scan({"aws.account"})
    assert inventory.errors == ()
    (account,) = inventory.resources
    assert (account.id, account.name, account.region) == (
        f"arn:aws:iam::{ACCOUNT}:root",
        "dfdr-prod",
        "",
    )
    assert account.errors == {}
    props = account.properties
    assert props["AccountSummary"]["AccountMFAEnabled"] == 0
    assert props["PasswordPolicy"]["MinimumPasswordLength"] == 16
    assert props["PublicAccessBlock"] == ALL_BLOCKED
    assert props["AlternateContacts"]["SECURITY"]["EmailAddress"] == "security@dfdr.example.gov.uk"
    assert props["AlternateContacts"]["BILLING"] is None
    (alice,) = props["CredentialReport"]["Users"]
    assert alice["user"] == "alice"
    assert alice["password_enabled"] is True
    assert alice["mfa_active"] is False
    assert alice["access_key_1_active"] is True
    assert alice["access_key_1_last_used_date"] is None  # "N/A" in the report
    assert {"RegionName": "eu-west-2", "OptInStatus": "opt-in-not-required"} in props["Regions"]

    assert statuses("aws-account-password-min-length", inventory) == {"dfdr-prod": "pass"}
    assert statuses("aws-account-root-mfa", inventory) == {"dfdr-prod": "fail"}
    assert statuses("aws-account-console-users-mfa", inventory) == {"dfdr-prod": "fail"}
    assert statuses("aws-account-security-contact", inventory) == {"dfdr-prod": "pass"}
    assert statuses("aws-account-s3-public-access-block", inventory) == {"dfdr-prod": "pass"}


def test_settings_never_made_are_facts_not_errors(aws: None) -> None:
    (account,) = scan({"aws.account"}).resources
    assert account.errors == {}
    assert account.name == ACCOUNT
    assert account.properties["PasswordPolicy"] is None
    assert account.properties["PublicAccessBlock"] is None
    assert account.properties["AlternateContacts"]["SECURITY"] is None


def test_the_credential_report_root_row_is_kept_apart() -> None:
    header = (
        "user,arn,user_creation_time,password_enabled,password_last_used,mfa_active,"
        "access_key_1_active,access_key_1_last_used_date\n"
    )
    rows = (
        "<root_account>,arn:aws:iam::1:root,2020-01-01T00:00:00+00:00,not_supported,"
        "2026-11-30T10:00:00+00:00,true,false,N/A\n"
        "bob,arn:aws:iam::1:user/bob,2021-01-01T00:00:00+00:00,true,no_information,false,"
        "true,2026-01-01T00:00:00+00:00\n"
    )
    report = parse_credential_report((header + rows).encode(), None)
    assert report["Root"]["mfa_active"] is True
    assert report["Root"]["password_enabled"] is None
    assert report["Root"]["access_key_1_last_used_date"] is None
    (bob,) = report["Users"]
    assert bob["password_last_used"] is None
    assert bob["access_key_1_last_used_date"] == "2026-01-01T00:00:00+00:00"


def test_one_region_resource_per_region_and_an_empty_region_fails(aws: None) -> None:
    boto3.client("guardduty", region_name="eu-west-2").create_detector(Enable=True)
    boto3.client("ec2", region_name="eu-west-2").enable_ebs_encryption_by_default()
    boto3.client("securityhub", region_name="eu-west-2").enable_security_hub()

    inventory = scan({"aws.account.region"}, ("eu-west-2", "eu-west-1"))
    regions = {r.region: r for r in inventory.resources}
    assert set(regions) == {"eu-west-1", "eu-west-2"}
    london = regions["eu-west-2"]
    assert london.id == f"arn:aws:iam::{ACCOUNT}:root/region/eu-west-2"
    assert london.properties["EbsEncryptionByDefault"] is True
    assert london.properties["GuardDuty"]["Detectors"][0]["Status"] == "ENABLED"
    assert london.properties["SecurityHub"]["HubArn"].startswith("arn:aws:securityhub:eu-west-2")
    assert regions["eu-west-1"].properties["SecurityHub"] is None
    assert regions["eu-west-1"].properties["Config"] == {"Recorders": []}

    names = {r.region: r.name for r in inventory.resources}
    for policy in (
        "aws-region-guardduty-enabled",
        "aws-region-ebs-default-encryption",
        "aws-region-securityhub-enabled",
    ):
        found = statuses(policy, inventory)
        assert found == {names["eu-west-2"]: "pass", names["eu-west-1"]: "fail"}, policy
    assert set(statuses("aws-region-config-recording", inventory).values()) == {"fail"}


def test_config_recorders_carry_their_status(aws: None) -> None:
    config = boto3.client("config", region_name="eu-west-2")
    boto3.client("s3", region_name="eu-west-2").create_bucket(
        Bucket="config-history", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": f"arn:aws:iam::{ACCOUNT}:role/config",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    config.put_delivery_channel(
        DeliveryChannel={"name": "default", "s3BucketName": "config-history"}
    )
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    inventory = scan({"aws.account.region"})
    (region,) = inventory.resources
    (recorder,) = region.properties["Config"]["Recorders"]
    assert recorder["Status"]["recording"] is True
    assert statuses("aws-region-config-recording", inventory) == {region.name: "pass"}


def test_a_denied_detail_call_is_an_error_finding_not_a_fail(aws: None) -> None:
    inventory = scan_denied(["ec2:GetEbsEncryptionByDefault"], {"aws.account.region"})
    (region,) = inventory.resources
    assert region.errors["EbsEncryptionByDefault"].startswith("AccessDenied")
    assert region.properties["EbsEncryptionByDefault"] is None
    assert "Config" not in region.errors
    assert statuses("aws-region-ebs-default-encryption", inventory) == {region.name: "error"}
    assert statuses("aws-region-config-recording", inventory) == {region.name: "fail"}


def test_a_denied_credential_report_is_an_error_finding(aws: None) -> None:
    inventory = scan_denied(["iam:GetCredentialReport"], {"aws.account"})
    (account,) = inventory.resources
    assert "CredentialReport" in account.errors
    assert statuses("aws-account-unused-credentials", inventory) == {ACCOUNT: "error"}
    assert statuses("aws-account-password-min-length", inventory) == {ACCOUNT: "fail"}


def test_an_account_with_nothing_readable_is_a_collection_error(aws: None) -> None:
    inventory = scan_denied(
        [], {"aws.account", "aws.account.region"}, allowed=["sts:GetCallerIdentity"]
    )
    assert inventory.resources == ()
    assert {(e.resource_type, e.region) for e in inventory.errors} == {
        ("aws.account", ""),
        ("aws.account.region", "eu-west-2"),
    }


class _SlowIam:
    """IAM that accepts the request for a report and never finishes it."""

    def __init__(self) -> None:
        self.generated = 0

    def get_credential_report(self) -> dict[str, object]:
        code = "ReportInProgress" if self.generated else "ReportNotPresent"
        raise ClientError({"Error": {"Code": code, "Message": code}}, "GetCredentialReport")

    def generate_credential_report(self) -> dict[str, str]:
        self.generated += 1
        return {"State": "STARTED"}


def test_a_report_asked_for_once_and_never_ready_gives_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(account, "_REPORT_WAITS", (0.0, 0.0, 0.0))
    iam = _SlowIam()
    with pytest.raises(account.CredentialReportNotReady):
        account.credential_report(iam)
    assert iam.generated == 1
