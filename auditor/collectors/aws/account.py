"""Account-wide settings (``aws.account``) and per-region settings (``aws.account.region``).

``aws.account.region`` is one resource per account and region, so "GuardDuty is on in
every region" is a policy over those resources and a region with nothing enabled is a
failing resource rather than an absence nobody sees.
"""

from __future__ import annotations

import csv
import io
import time
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from auditor.collectors.aws.base import AwsCollector, AwsScope, error_code, paginate
from auditor.collectors.aws.details import Details, plain
from auditor.models import Resource

CONTACT_TYPES = ("SECURITY", "OPERATIONS", "BILLING")
_REPORT_MISSING = {"ReportNotPresent", "ReportExpired"}
_REPORT_WAITS = (0.5, 1.0, 2.0, 2.0, 4.0, 4.0, 8.0, 8.0)  # about half a minute in all
_NOT_A_VALUE = {"N/A", "not_supported", "no_information", ""}
ROOT_ROW = "<root_account>"


class CredentialReportNotReady(BotoCoreError):
    fmt = "IAM had not finished the credential report after about 30 seconds"


def _cell(value: str) -> Any:
    if value in _NOT_A_VALUE:
        return None
    if value in ("true", "false"):
        return value == "true"
    return value


def parse_credential_report(content: bytes | str, generated: Any = None) -> dict[str, Any]:
    """The report's CSV as ``{GeneratedTime, Root, Users}``; flags become booleans and the
    report's placeholders (``N/A``, ``no_information``) become null."""
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    rows = [
        {k: _cell(v or "") for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))
    ]
    root = next((r for r in rows if r.get("user") == ROOT_ROW), None)
    return {
        "GeneratedTime": plain(generated),
        "Root": root,
        "Users": [r for r in rows if r.get("user") != ROOT_ROW],
    }


def credential_report(iam: Any) -> dict[str, Any]:
    """The existing report, or a new one when none is current.

    GenerateCredentialReport only asks IAM to compile the report (it changes no
    account setting; SecurityAudit and ReadOnlyAccess allow it), and it is called
    only when GetCredentialReport says no current report exists.
    """
    generated = False
    for wait in (0.0, *_REPORT_WAITS):
        time.sleep(wait)
        try:
            reply = iam.get_credential_report()
        except ClientError as exc:
            code = error_code(exc)
            if code in _REPORT_MISSING and not generated:
                iam.generate_credential_report()
                generated = True
            elif code not in _REPORT_MISSING and code != "ReportInProgress":
                raise
            continue
        return parse_credential_report(reply["Content"], reply.get("GeneratedTime"))
    raise CredentialReportNotReady()


def _contacts(scope: AwsScope) -> dict[str, Any]:
    client = scope.client("account")
    found: dict[str, Any] = {}
    for kind in CONTACT_TYPES:
        try:
            found[kind] = plain(
                client.get_alternate_contact(AlternateContactType=kind)["AlternateContact"]
            )
        except ClientError as exc:
            if error_code(exc) != "ResourceNotFoundException":
                raise
            found[kind] = None
    return found


def collect_account(scope: AwsScope) -> list[Resource]:
    iam = scope.client("iam")
    d = Details(absent={"NoSuchEntity", "NoSuchPublicAccessBlockConfiguration"})
    d.read("AccountSummary", iam.get_account_summary, lambda r: r.get("SummaryMap"))
    d.read("PasswordPolicy", iam.get_account_password_policy, lambda r: r.get("PasswordPolicy"))
    d.read("CredentialReport", lambda: credential_report(iam))
    d.read("AlternateContacts", lambda: _contacts(scope))
    d.read(
        "PublicAccessBlock",
        lambda: scope.client("s3control").get_public_access_block(AccountId=scope.account),
        lambda r: r.get("PublicAccessBlockConfiguration"),
    )
    d.read(
        "Regions",
        lambda: scope.client("ec2").describe_regions(AllRegions=True),
        lambda r: sorted(
            (
                {"RegionName": x["RegionName"], "OptInStatus": x.get("OptInStatus")}
                for x in r["Regions"]
            ),
            key=lambda x: str(x["RegionName"]),
        ),
    )
    aliases = d.read(
        "AccountAliases", lambda: list(paginate(iam, "list_account_aliases", "AccountAliases"))
    )
    d.require_something()
    d.props["AccountId"] = scope.account
    return [
        Resource(
            type="aws.account",
            id=f"arn:{scope.partition}:iam::{scope.account}:root",
            name=str(aliases[0]) if aliases else scope.account,
            provider="aws",
            account=scope.account,
            region="",
            properties=d.props,
            errors=d.errors,
        )
    ]


def _guardduty(scope: AwsScope) -> dict[str, Any]:
    client = scope.client("guardduty")
    detectors = []
    for detector_id in paginate(client, "list_detectors", "DetectorIds"):
        reply = plain(client.get_detector(DetectorId=detector_id))
        detectors.append({"DetectorId": detector_id, **reply})
    return {"Detectors": detectors}


def _config(scope: AwsScope) -> dict[str, Any]:
    client = scope.client("config")
    recorders = client.describe_configuration_recorders().get("ConfigurationRecorders", [])
    statuses = {
        s.get("name"): s
        for s in client.describe_configuration_recorder_status().get(
            "ConfigurationRecordersStatus", []
        )
    }
    return {
        "Recorders": [{**plain(r), "Status": plain(statuses.get(r.get("name")))} for r in recorders]
    }


def collect_region(scope: AwsScope) -> list[Resource]:
    d = Details(absent={"InvalidAccessException"})
    d.props["RegionName"] = scope.region
    d.read(
        "EbsEncryptionByDefault",
        lambda: scope.client("ec2").get_ebs_encryption_by_default(),
        lambda r: r.get("EbsEncryptionByDefault"),
    )
    d.read("GuardDuty", lambda: _guardduty(scope))
    d.read("SecurityHub", lambda: scope.client("securityhub").describe_hub())
    d.read(
        "AccessAnalyzer",
        lambda: {
            "Analyzers": list(
                paginate(scope.client("accessanalyzer"), "list_analyzers", "analyzers")
            )
        },
    )
    d.read("Config", lambda: _config(scope))
    d.require_something()
    return [
        Resource(
            type="aws.account.region",
            id=f"arn:{scope.partition}:iam::{scope.account}:root/region/{scope.region}",
            name=f"{scope.account} {scope.region}",
            provider="aws",
            account=scope.account,
            region=scope.region,
            properties=d.props,
            errors=d.errors,
        )
    ]


COLLECTORS = [
    AwsCollector(
        resource_type="aws.account",
        regional=False,
        operations=(
            "iam:GetAccountSummary",
            "iam:GetAccountPasswordPolicy",
            "iam:GetCredentialReport",
            "iam:GenerateCredentialReport",
            "iam:ListAccountAliases",
            "account:GetAlternateContact",
            "s3:GetAccountPublicAccessBlock",
            "ec2:DescribeRegions",
        ),
        collect=collect_account,
    ),
    AwsCollector(
        resource_type="aws.account.region",
        regional=True,
        operations=(
            "ec2:GetEbsEncryptionByDefault",
            "guardduty:ListDetectors",
            "guardduty:GetDetector",
            "securityhub:DescribeHub",
            "access-analyzer:ListAnalyzers",
            "config:DescribeConfigurationRecorders",
            "config:DescribeConfigurationRecorderStatus",
        ),
        collect=collect_region,
    ),
]
