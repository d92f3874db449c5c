"""Scanning several accounts: AWS Organizations, assumed roles, filters, shards, failures.

moto keeps one emulated backend per account id; credentials from ``sts:AssumeRole``
into ``arn:aws:iam::ACCOUNT:role/...`` then read that account, as in AWS.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core import set_initial_no_auth_action_count

from auditor.collectors.aws.accounts import AccountSelection
from auditor.collectors.aws.runner import AwsOptions, collect_aws
from auditor.errors import ConfigError, ScanError
from auditor.models import ACCOUNT_UNREACHABLE, Inventory
from auditor.pipeline import scan_incomplete
from auditor.shards import Shard, parse_shard

MANAGEMENT = "123456789012"
ROLE = "AuditorReadOnly"
READ_ALL = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)


@dataclass
class Org:
    members: dict[str, str]  # account id -> name
    ous: dict[str, str]  # OU name -> id


def _as(account: str) -> dict[str, str]:
    creds = boto3.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{ROLE}", RoleSessionName="setup"
    )["Credentials"]
    return {
        "aws_access_key_id": creds["AccessKeyId"],
        "aws_secret_access_key": creds["SecretAccessKey"],
        "aws_session_token": creds["SessionToken"],
    }


def _seed_member(account: str, bucket: str) -> None:
    session = boto3.Session(**_as(account), region_name="eu-west-2")
    iam = session.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{MANAGEMENT}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName=ROLE, PolicyName="read", PolicyDocument=READ_ALL)
    session.client("s3").create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )


@pytest.fixture
def org(aws_credentials: None) -> Iterator[Org]:
    with mock_aws():
        client = boto3.client("organizations", region_name="us-east-1")
        client.create_organization(FeatureSet="ALL")
        root = client.list_roots()["Roots"][0]["Id"]
        ous = {
            name: client.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"][
                "Id"
            ]
            for name in ("production", "sandbox")
        }
        members = {}
        for name, ou in (("records", "production"), ("payments", "production"), ("lab", "sandbox")):
            status = client.create_account(Email=f"{name}@dfdr.example", AccountName=name)
            account = status["CreateAccountStatus"]["AccountId"]
            client.move_account(AccountId=account, SourceParentId=root, DestinationParentId=ous[ou])
            client.tag_resource(ResourceId=account, Tags=[{"Key": "tier", "Value": ou}])
            members[account] = name
            _seed_member(account, f"dfdr-{name}-data")
        boto3.client("s3", region_name="eu-west-2").create_bucket(
            Bucket="dfdr-management-logs",
            CreateBucketConfiguration={"LocationConstraint": "eu-west-2"},
        )
        yield Org(members, ous)


def scan(selection: AccountSelection, **options: Any) -> Inventory:
    return collect_aws(
        AwsOptions(regions=("eu-west-2",), selection=selection, **options), {"aws.s3.bucket"}
    )


def buckets_by_account(inventory: Inventory) -> dict[str, str]:
    return {r.name: r.account for r in inventory.resources}


def test_org_scans_every_active_account_through_the_role(org: Org) -> None:
    inventory = scan(AccountSelection(org=True, role_name=ROLE))
    expected = {f"dfdr-{name}-data": account for account, name in org.members.items()}
    expected["dfdr-management-logs"] = MANAGEMENT
    assert buckets_by_account(inventory) == expected
    assert set(inventory.metadata.accounts) == {MANAGEMENT, *org.members}
    assert inventory.errors == ()
    assert not scan_incomplete(inventory)


def test_the_running_account_can_be_left_out(org: Org) -> None:
    inventory = scan(AccountSelection(org=True, role_name=ROLE, exclude_self=True))
    assert MANAGEMENT not in {r.account for r in inventory.resources}
    assert MANAGEMENT not in inventory.metadata.accounts


def test_org_filters_by_organizational_unit_and_tag(org: Org) -> None:
    by_ou = scan(AccountSelection(org=True, role_name=ROLE, ous=(org.ous["sandbox"],)))
    assert set(buckets_by_account(by_ou)) == {"dfdr-lab-data"}
    by_tag = scan(AccountSelection(org=True, role_name=ROLE, tags=(("tier", "production"),)))
    assert set(buckets_by_account(by_tag)) == {"dfdr-records-data", "dfdr-payments-data"}


def test_explicit_accounts_by_id_or_role_arn(org: Org) -> None:
    records, payments = (a for a, n in org.members.items() if n in ("records", "payments"))
    inventory = scan(
        AccountSelection(accounts=(records, f"arn:aws:iam::{payments}:role/{ROLE}"), role_name=ROLE)
    )
    assert set(buckets_by_account(inventory)) == {"dfdr-records-data", "dfdr-payments-data"}


def test_an_account_id_without_a_role_is_a_usage_error(org: Org) -> None:
    with pytest.raises(ConfigError, match="--role-name"):
        scan(AccountSelection(accounts=(next(iter(org.members)),)))
    with pytest.raises(ConfigError, match="--role-name"):
        scan(AccountSelection(org=True))


def _deny_assume_into(org: Org, name: str) -> str:
    """Scan as a user who may do anything but assume the role in that one account."""
    account = next(a for a, n in org.members.items() if n == name)
    iam = boto3.client("iam")
    iam.create_user(UserName="scanner")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {
                "Effect": "Deny",
                "Action": "sts:AssumeRole",
                "Resource": f"arn:aws:iam::{account}:role/{ROLE}",
            },
        ],
    }
    iam.put_user_policy(UserName="scanner", PolicyName="scan", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="scanner")["AccessKey"]
    os.environ["AWS_ACCESS_KEY_ID"] = key["AccessKeyId"]
    os.environ["AWS_SECRET_ACCESS_KEY"] = key["SecretAccessKey"]
    return account


def test_an_account_whose_role_cannot_be_assumed_is_reported_and_the_rest_goes_on(
    org: Org,
) -> None:
    lab = _deny_assume_into(org, "lab")

    @set_initial_no_auth_action_count(0)
    def enforced() -> Inventory:
        return scan(AccountSelection(org=True, role_name=ROLE))

    inventory = enforced()
    assert "dfdr-lab-data" not in buckets_by_account(inventory)
    assert {"dfdr-records-data", "dfdr-payments-data"} <= set(buckets_by_account(inventory))
    (error,) = inventory.errors
    assert (error.account, error.code, error.resource_type) == (
        lab,
        ACCOUNT_UNREACHABLE,
        "aws.s3.bucket",
    )
    assert "AccessDenied" in error.message and ROLE in error.message
    assert scan_incomplete(inventory)


def test_shards_split_the_accounts_without_overlap(org: Org) -> None:
    everything = buckets_by_account(scan(AccountSelection(org=True, role_name=ROLE)))
    parts = [
        buckets_by_account(scan(AccountSelection(org=True, role_name=ROLE, shard=Shard(i, 3))))
        for i in (1, 2, 3)
    ]
    merged = {k: v for part in parts for k, v in part.items()}
    assert merged == everything
    assert sum(len(p) for p in parts) == len(everything)


def test_an_empty_shard_scans_nothing_and_filters_that_select_nothing_are_errors(
    org: Org,
) -> None:
    accounts = [MANAGEMENT, *org.members]
    empty = next(
        Shard(i, 50) for i in range(1, 51) if not any(Shard(i, 50).holds(a) for a in accounts)
    )
    inventory = scan(AccountSelection(org=True, role_name=ROLE, shard=empty))
    assert (inventory.resources, inventory.errors, inventory.metadata.accounts) == ((), (), ())
    assert not scan_incomplete(inventory)
    with pytest.raises(ScanError, match="No AWS account is left"):
        scan(AccountSelection(org=True, role_name=ROLE, tags=(("tier", "none"),)))


def test_shard_values_are_checked() -> None:
    assert parse_shard("2/5") == Shard(2, 5)
    assert parse_shard(None) is None
    for bad in ("0/3", "4/3", "x/3", "3", "1/0"):
        with pytest.raises(ConfigError, match="--shard"):
            parse_shard(bad)


def test_every_account_is_in_exactly_one_shard_and_the_shards_are_balanced() -> None:
    accounts = [f"{n:012d}" for n in range(400)]
    shards = [Shard(i, 4) for i in range(1, 5)]
    assert all(sum(s.holds(a) for s in shards) == 1 for a in accounts)
    sizes = [sum(s.holds(a) for a in accounts) for s in shards]
    assert min(sizes) > 70, sizes


def test_scan_org_from_the_command_line_lists_accounts_and_unreachable_ones(
    org: Org, tmp_path: Any
) -> None:
    from typer.testing import CliRunner

    from auditor.cli import app

    lab = _deny_assume_into(org, "lab")

    @set_initial_no_auth_action_count(0)
    def enforced() -> Any:
        return CliRunner().invoke(
            app,
            [
                "scan",
                "aws",
                "--org",
                "--role-name",
                ROLE,
                "--region",
                "eu-west-2",
                "--no-builtin",
                "--policies",
                str(_versioning_policy(tmp_path)),
                "--output-dir",
                str(tmp_path / "out"),
                "--format",
                "json",
                "--fail-on",
                "never",
            ],  # fmt: skip
            env={"COLUMNS": "200", "NO_COLOR": "1"},
        )

    result = enforced()
    assert "Accounts and subscriptions, worst first" in result.stdout
    for account in org.members:
        assert account in result.stdout
    assert f"1 account(s) could not be reached, so the scan is incomplete: {lab}" in result.stdout
    document = json.loads((tmp_path / "out" / "auditor-results.json").read_text())
    scanned = {f["resource"]["account"]: f["status"] for f in document["findings"]}
    assert scanned[lab] == "error"
    assert {MANAGEMENT, *org.members} == set(scanned)
    assert result.exit_code == 3, result.stdout + result.stderr


def _versioning_policy(tmp_path: Any) -> Any:
    path = tmp_path / "policy.yaml"
    path.write_text(
        "policies:\n"
        "  - id: t-versioned\n"
        "    title: Buckets are versioned\n"
        "    resource: aws.s3.bucket\n"
        "    severity: high\n"
        "    check: {path: Versioning.Status, eq: Enabled}\n"
    )
    return path


def test_shards_merged_equal_one_full_run(org: Org, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from auditor.cli import app

    policy = str(_versioning_policy(tmp_path))
    common = ["--org", "--role-name", ROLE, "--region", "eu-west-2", "--no-builtin"]
    common += ["--policies", policy, "--format", "json", "--fail-on", "never"]

    def invoke(*args: str) -> Any:
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
        assert result.exit_code == 0, result.stdout + result.stderr
        return result

    def judged(path: Any) -> set[tuple[str, str, str]]:
        document = json.loads(path.read_text())
        return {(f["policy_id"], f["resource"]["id"], f["status"]) for f in document["findings"]}

    invoke("scan", "aws", *common, "--output-dir", str(tmp_path / "full"))
    for i in (1, 2):
        invoke("scan", "aws", *common, "--shard", f"{i}/2", "--output-dir", str(tmp_path / f"s{i}"))
    invoke(
        "merge", str(tmp_path / "s1" / "auditor-results.json"),
        str(tmp_path / "s2" / "auditor-results.json"),
        "--output-dir", str(tmp_path / "merged"), "--format", "json", "--fail-on", "never",
    )  # fmt: skip
    full = judged(tmp_path / "full" / "auditor-results.json")
    assert len(full) == 4
    assert judged(tmp_path / "merged" / "auditor-results.json") == full
    assert judged(tmp_path / "s1" / "auditor-results.json").isdisjoint(
        judged(tmp_path / "s2" / "auditor-results.json")
    )
