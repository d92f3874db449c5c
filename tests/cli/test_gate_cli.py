"""The CI gate through the command line: exit codes, baselines, waivers, config, diff."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from typer.testing import CliRunner

from auditor.cli import app
from auditor.inventory import save_inventory
from auditor.models import CollectionError
from tests.conftest import make_inventory, make_resource

runner = CliRunner()

POLICIES = """\
policies:
  - id: t-versioned
    title: Buckets are versioned
    resource: aws.s3.bucket
    severity: high
    check: {path: Versioning.Status, eq: Enabled}
  - id: t-logged
    title: Buckets log access
    resource: aws.s3.bucket
    severity: low
    check: {path: Logging, exists: true}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def bucket(name: str, *, versioned: bool, logged: bool = True, **kw: Any) -> Any:
    props: dict[str, Any] = {"Versioning": {"Status": "Enabled" if versioned else "Suspended"}}
    if logged:
        props["Logging"] = {"TargetBucket": "logs"}
    return make_resource(props, id=f"arn:aws:s3:::{name}", name=name, **kw)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies.yaml").write_text(POLICIES)
    return tmp_path


def estate(path: Path, *resources: Any, errors: tuple[CollectionError, ...] = ()) -> str:
    save_inventory(make_inventory(*resources, errors=errors), path)
    return str(path)


def evaluate(work: Path, inventory: str, *args: str) -> tuple[int, str, str]:
    return run("evaluate", inventory, "--no-builtin", "-p", str(work / "policies.yaml"), *args)


def waiver_file(work: Path, expires: date, policy: str = "t-versioned") -> str:
    path = work / "waivers.yaml"
    path.write_text(
        "waivers:\n"
        "  - id: W-42\n"
        f"    policy: {policy}\n"
        '    resources: ["arn:aws:s3:::beta"]\n'
        "    reason: Archive bucket, write once\n"
        "    approved_by: jane.smith@example.gov.uk\n"
        f"    expires: {expires.isoformat()}\n"
    )
    return str(path)


def previous(work: Path, *resources: Any) -> str:
    """A baseline: the results of an earlier run over ``resources``."""
    code, _, err = evaluate(
        work, estate(work / "old.json", *resources), "-o", str(work / "old"), "-f", "json"
    )
    assert code in (0, 1), err
    return str(work / "old" / "auditor-results.json")


def test_nothing_new_passes_the_new_only_gate(work: Path) -> None:
    base = previous(work, bucket("alpha", versioned=False))
    inv = estate(work / "now.json", bucket("alpha", versioned=False))
    code, out, _ = evaluate(work, inv, "-o", "r", "--baseline", base, "--fail-on-new-only")
    assert code == 0 and "Gate: passed" in out
    code, _, _ = evaluate(work, inv, "-o", "r", "--baseline", base)  # every failure counts
    assert code == 1


def test_a_new_failure_fails_the_gate(work: Path) -> None:
    base = previous(work, bucket("alpha", versioned=False))
    inv = estate(
        work / "now.json", bucket("alpha", versioned=False), bucket("beta", versioned=False)
    )
    code, out, _ = evaluate(work, inv, "-o", "r", "--baseline", base, "--fail-on-new-only")
    assert code == 1
    assert "New failures since the baseline: 1" in out and "Gate: FAILED, 1 new" in out


def test_a_failure_under_the_threshold_passes(work: Path) -> None:
    inv = estate(work / "now.json", bucket("alpha", versioned=True, logged=False))
    assert evaluate(work, inv, "-o", "r", "--fail-on", "high")[0] == 0
    assert evaluate(work, inv, "-o", "r", "--fail-on", "low")[0] == 1
    assert evaluate(work, inv, "-o", "r")[0] == 1  # default: any failure
    assert evaluate(work, inv, "-o", "r", "--fail-on", "never")[0] == 0


def test_a_waived_failure_passes_and_an_expired_waiver_does_not(work: Path) -> None:
    inv = estate(
        work / "now.json", bucket("alpha", versioned=True), bucket("beta", versioned=False)
    )
    waiver_file(work, date.today() + timedelta(days=30))  # found as ./waivers.yaml
    code, out, _ = evaluate(work, inv, "-o", "r", "-f", "json")
    assert code == 0, out
    assert "Waived failures (1)" in out and "Archive bucket, write once" in out
    waiver_file(work, date.today() - timedelta(days=1))
    code, out, _ = evaluate(work, inv, "-o", "r", "-f", "json")
    assert code == 1 and "W-42 expired" in out
    notes = json.loads((work / "r" / "auditor-results.json").read_text())["waiver_notes"]
    assert [n["kind"] for n in notes] == ["expired"]


def test_a_stale_waiver_is_reported(work: Path) -> None:
    inv = estate(work / "now.json", bucket("beta", versioned=True))
    path = waiver_file(work, date.today() + timedelta(days=30))
    code, out, _ = evaluate(work, inv, "-o", "r", "--waivers", path, "-f", "markdown")
    assert code == 0 and "W-42 stale" in out
    assert "`stale` `W-42`" in (work / "r" / "auditor-summary.md").read_text()


def test_an_incomplete_scan_exits_3(work: Path) -> None:
    denied = CollectionError("aws.s3.bucket", "aws", "111122223333", "", "AccessDenied", "no")
    inv = estate(work / "now.json", errors=(denied,))
    code, _, _ = evaluate(work, inv, "-o", "r")
    assert code == 3


def test_waivers_show_in_every_report(work: Path) -> None:
    inv = estate(work / "now.json", bucket("beta", versioned=False))
    waiver_file(work, date.today() + timedelta(days=30))
    formats = ["json", "html", "sarif", "junit", "csv", "markdown", "ocsf"]
    code, _, err = evaluate(work, inv, "-o", "r", *(x for f in formats for x in ("-f", f)))
    assert code == 0, err
    reason, approver = "Archive bucket, write once", "jane.smith@example.gov.uk"
    out = work / "r"
    [finding] = [
        f
        for f in json.loads((out / "auditor-results.json").read_text())["findings"]
        if f["status"] == "waived"
    ]
    assert finding["waiver"]["reason"] == reason and finding["waiver"]["approved_by"] == approver
    html = (out / "auditor-report.html").read_text()
    assert "Waived failures (1)" in html and reason in html and approver in html
    sarif = json.loads((out / "auditor-results.sarif").read_text())
    [result] = sarif["runs"][0]["results"]
    [suppression] = result["suppressions"]
    assert suppression["justification"] == reason
    assert suppression["properties"]["approvedBy"] == approver
    junit = ET.fromstring((out / "auditor-junit.xml").read_text())
    assert any(reason in (e.text or "") and approver in (e.text or "") for e in junit.iter())
    rows = list(csv.DictReader(io.StringIO((out / "auditor-findings.csv").read_text())))
    waived = [r for r in rows if r["status"] == "waived"]
    assert waived[0]["waiver_reason"] == reason and waived[0]["waiver_approved_by"] == approver
    markdown = (out / "auditor-summary.md").read_text()
    assert "Waived failures (1)" in markdown and reason in markdown and approver in markdown
    assert reason in (out / "auditor-ocsf.json").read_text()


def test_bad_waiver_and_config_files_exit_2_with_file_and_line(work: Path) -> None:
    inv = estate(work / "now.json", bucket("beta", versioned=False))
    (work / "waivers.yaml").write_text("waivers:\n  - id: W-1\n    policy: x\n    colour: red\n")
    code, out, err = evaluate(work, inv, "-o", "r")
    assert code == 2 and "Traceback" not in out + err
    assert "waivers.yaml, line 4: waivers[0].colour: unknown key 'colour'" in err
    (work / "waivers.yaml").unlink()
    (work / "auditor.yaml").write_text("gate:\n  fail_on: high\n  fial_on_new_only: true\n")
    code, _, err = evaluate(work, inv, "-o", "r")
    assert code == 2 and "auditor.yaml, line 3: gate.fial_on_new_only: unknown key" in err
    code, _, err = run("config", "validate", str(work / "auditor.yaml"))
    assert code == 2 and "line 3" in err


def test_config_values_and_flag_precedence(work: Path) -> None:
    inv = estate(work / "now.json", bucket("alpha", versioned=True, logged=False))
    (work / "auditor.yaml").write_text(
        "policies: {builtin: false, paths: [policies.yaml]}\n"
        "outputs: {dir: from-config, formats: [json]}\n"
        "gate: {fail_on: high}\n"
    )
    code, _, err = run("evaluate", inv)
    assert code == 0, err  # only a low failure; the file says high
    assert (work / "from-config" / "auditor-results.json").exists()
    code, _, _ = run("evaluate", inv, "--fail-on", "low", "-o", "from-flag")
    assert code == 1 and (work / "from-flag" / "auditor-results.json").exists()
    code, out, _ = run("config", "validate")
    assert code == 0 and "auditor.yaml is valid: 2 policies selected" in out


def test_policy_selection_flags(work: Path) -> None:
    inv = estate(work / "now.json", bucket("alpha", versioned=True, logged=False))
    code, _, _ = evaluate(work, inv, "-o", "r", "--policy", "t-vers*")
    assert code == 0  # the failing t-logged is not selected
    code, _, _ = evaluate(work, inv, "-o", "r", "--min-severity", "high")
    assert code == 0
    code, _, err = evaluate(work, inv, "-o", "r", "--policy", "t-nope")
    assert code == 2 and "No loaded policy matches the policy id(s) 't-nope'" in err


def test_diff_prints_the_comparison_and_exits_by_new_failures(work: Path) -> None:
    old = previous(work, bucket("alpha", versioned=False), bucket("gamma", versioned=False))
    evaluate(
        work,
        estate(
            work / "now.json",
            bucket("alpha", versioned=False),
            bucket("beta", versioned=False),
            bucket("gamma", versioned=True),
        ),
        "-o",
        "new",
        "-f",
        "json",
    )
    new = str(work / "new" / "auditor-results.json")
    code, out, _ = run("diff", old, new)
    assert code == 1
    assert out.index("New failures: 1") < out.index("Fixed: 1") < out.index("Still failing: 1")
    code, out, _ = run("diff", old, new, "--format", "json")
    document = json.loads(out)
    assert document["summary"] == {"new": 1, "existing": 1, "fixed": 1, "waived": 0}
    assert document["new"][0]["resource"]["name"] == "beta"
    code, out, _ = run("diff", new, new, "--format", "markdown")
    assert code == 0 and "0 new, 0 fixed, 2 still failing" in out
    code, _, err = run("diff", old, str(work / "missing.json"))
    assert code == 2 and "does not exist" in err


@pytest.fixture
def moto_estate(aws_credentials: None, work: Path) -> Iterator[Any]:
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-2")
        for name in ("alpha", "beta"):
            s3.create_bucket(
                Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
            )
        yield s3


def test_baseline_round_trip_across_two_scans(moto_estate: Any, work: Path) -> None:
    scan = ("scan", "aws", "--region", "eu-west-2", "--policy", "aws-s3-bucket-versioning-enabled")
    code, _, err = run(*scan, "-o", "first", "-f", "json")
    assert code == 1, err  # both buckets are unversioned
    moto_estate.put_bucket_versioning(Bucket="alpha", VersioningConfiguration={"Status": "Enabled"})
    moto_estate.create_bucket(
        Bucket="gamma", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    baseline = str(work / "first" / "auditor-results.json")
    code, out, _ = run(
        *scan, "-o", "second", "-f", "json", "--baseline", baseline, "--fail-on-new-only"
    )
    assert code == 1  # gamma is new
    document = json.loads((work / "second" / "auditor-results.json").read_text())
    marks = {f["resource"]["name"]: f.get("baseline", "") for f in document["findings"]}
    assert marks == {"alpha": "", "beta": "existing", "gamma": "new"}
    assert [(f["resource"]["name"], f["baseline"]) for f in document["fixed"]] == [
        ("alpha", "fixed")
    ]
    assert out.index("New failures since the baseline: 1") < out.index("Failures and errors")


@pytest.mark.parametrize("command", [("scan", "aws"), ("evaluate",), ("demo",)])
def test_every_scan_like_command_has_the_gate_options(command: tuple[str, ...]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0
    for option in ("--config", "--policy", "--framework", "--min-severity", "--baseline"):
        assert option in out
    assert "--fail-on-new-only" in out and "--waivers" in out


def test_config_validate_names_what_it_checked(work: Path) -> None:
    code, _, err = run("config", "validate")
    assert code == 2 and "auditor.yaml does not exist" in err
    (work / "auditor.yaml").write_text(
        "policies: {builtin: false, paths: [policies.yaml]}\n"
        "gate: {baseline: last/auditor-results.json, fail_on_new_only: true}\n"
    )
    waiver_file(work, date.today() + timedelta(days=10))
    code, out, err = run("config", "validate")
    assert code == 0, err
    assert "waivers.yaml (1 waivers)" in out
    assert "not found yet; every failure will count as new" in out
    assert "new failures only" in out
    (work / "auditor.yaml").write_text("policies: {paths: [missing/]}\n")
    code, _, err = run("config", "validate")
    assert code == 2 and "missing does not exist" in err


def test_scan_takes_aws_settings_from_the_config_and_flags_win(
    moto_estate: Any, work: Path
) -> None:
    (work / "auditor.yaml").write_text(
        "providers: {aws: {regions: [eu-west-1]}}\n"
        "policies: {include: {ids: [aws-s3-bucket-versioning-enabled]}}\n"
        "outputs: {formats: [json]}\ngate: {fail_on: never}\n"
    )

    def regions() -> list[str]:
        document = json.loads((work / "reports" / "auditor-results.json").read_text())
        return list(document["metadata"]["regions"])

    code, _, err = run("scan", "aws")
    assert code == 0, err
    assert regions() == ["eu-west-1"]
    code, _, err = run("scan", "aws", "--region", "eu-west-2")
    assert code == 0, err
    assert regions() == ["eu-west-2"]


def test_collect_takes_aws_settings_from_the_config(moto_estate: Any, work: Path) -> None:
    (work / "auditor.yaml").write_text("providers: {aws: {regions: [eu-west-1]}}\n")
    code, out, err = run("collect", "aws", "-o", "estate.json")
    assert code == 0, err
    document = json.loads((work / "estate.json").read_text())
    assert document["metadata"]["regions"] == ["eu-west-1"]
    (work / "auditor.yaml").write_text("providers: {aws: {region: eu-west-1}}\n")
    code, _, err = run("collect", "aws", "-o", "estate.json")
    assert code == 2 and "auditor.yaml, line 1: providers.aws.region: unknown key" in err
