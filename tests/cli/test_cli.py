"""The command line through Typer's runner: exit codes, outputs and error paragraphs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor import __version__
from auditor.cli import app
from auditor.inventory import load_inventory, save_inventory
from tests.conftest import make_inventory, make_resource

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"auditor {__version__}"


def test_demo_writes_reports_with_passes_and_failures(tmp_path: Path) -> None:
    code, out, _ = run("demo", "--output-dir", str(tmp_path))
    assert code == 0, out  # the demo never gates unless asked
    report = json.loads((tmp_path / "auditor-results.json").read_text())
    statuses = {f["status"] for f in report["findings"]}
    assert {"pass", "fail"} <= statuses
    finding = report["findings"][0]
    assert set(finding) >= {
        "policy_id",
        "title",
        "severity",
        "status",
        "resource",
        "evidence",
        "frameworks",
    }
    assert set(finding["resource"]) >= {"id", "type", "name", "account", "region"}
    html = (tmp_path / "auditor-report.html").read_text()
    # The tag travels in the report's JSON data block, where "<" cannot appear raw.
    assert "<img src=x" not in html and "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert "http://" not in html.replace("http://acs.amazonaws.com", "")
    assert "resources," in out


def test_demo_fail_on_gates(tmp_path: Path) -> None:
    code, _, _ = run("demo", "-o", str(tmp_path), "--fail-on", "critical", "--quiet")
    assert code == 1


@pytest.fixture
def estate(tmp_path: Path) -> Path:
    path = tmp_path / "estate.json.gz"
    save_inventory(
        make_inventory(
            make_resource(
                {
                    "PublicAccessBlock": None,
                    "PolicyStatus": {"IsPublic": False},
                    "Acl": {"Grants": []},
                    "Versioning": {"Status": "Enabled"},
                },
                name="[bold]evil[/bold]\x1b[31m",
            )
        ),
        path,
    )
    return path


def test_evaluate_offline_and_fail_on_thresholds(estate: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out, _ = run("evaluate", str(estate), "-o", str(out_dir), "--format", "json")
    assert code == 1
    assert [p.name for p in out_dir.iterdir()] == ["auditor-results.json"]
    assert "\x1b[31m" not in out and "[bold]evil[/bold]" in out
    assert run("evaluate", str(estate), "-o", str(out_dir), "--fail-on", "never")[0] == 0
    # the estate fails high (public access) and low/medium policies, nothing critical
    assert run("evaluate", str(estate), "-o", str(out_dir), "--fail-on", "critical")[0] == 0
    assert run("evaluate", str(estate), "-o", str(out_dir), "--fail-on", "high")[0] == 1


def test_policy_params_from_the_command_line(estate: Path, tmp_path: Path) -> None:
    args = ["evaluate", str(estate), "-o", str(tmp_path), "-f", "json", "--fail-on", "never"]
    run(*args, "--param", "allowed_regions=[us-east-1]")
    findings = json.loads((tmp_path / "auditor-results.json").read_text())["findings"]
    region = next(f for f in findings if f["policy_id"] == "aws-s3-bucket-uk-region")
    assert region["status"] == "fail"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["evaluate", "missing.json"], "does not exist"),
        (["evaluate", "{estate}", "--fail-on", "sometimes"], "--fail-on 'sometimes'"),
        (["evaluate", "{estate}", "--format", "pdf"], "Unknown output format 'pdf'"),
        (["evaluate", "{estate}", "--param", "novalue"], "NAME=VALUE"),
        (["evaluate", "{estate}", "--param", "nosuch=1"], "nosuch"),
        (["evaluate", "{estate}", "--policies", "nowhere.yaml"], "does not exist"),
    ],
)
def test_bad_input_is_one_paragraph_and_exit_2(
    estate: Path, tmp_path: Path, args: list[str], needle: str
) -> None:
    filled = [a.replace("{estate}", str(estate)) for a in args]
    code, out, err = run(*filled, "-o", str(tmp_path / "out"))
    assert code == 2
    assert needle in err
    assert "Traceback" not in err + out
    assert not (tmp_path / "out").exists()


def test_broken_policy_file_names_file_and_line(estate: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "policies:\n  - id: x\n    title: t\n    resource: aws.s3.bucket\n"
        "    severity: low\n    check: {path: a, equal: 1}\n"
    )
    code, _, err = run("policies", "validate", str(bad))
    assert code == 2
    assert f"{bad}, line 6" in " ".join(err.split())
    assert "unknown key 'equal'" in err
    code, _, err = run("evaluate", str(estate), "--policies", str(bad))
    assert code == 2


def test_policies_validate_list_schema_types(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(
        "policies:\n  - id: mine\n    title: t\n    resource: aws.s3.bucket\n"
        "    severity: low\n    check: {path: a, eq: 1}\n"
    )
    code, out, _ = run("policies", "validate", str(good))
    assert code == 0 and "1 policies" in out
    code, out, _ = run("policies", "list", "--severity", "critical")
    assert code == 0 and "aws-s3-bucket-acl-not-public" in out and "versioning" not in out
    code, out, _ = run("policies", "list", "--resource", "aws.s3.bucket")
    assert code == 0 and "aws-s3-bucket-uk-region" in out
    code, out, _ = run("policies", "schema")
    assert code == 0 and json.loads(out)["title"] == "auditor policy file"
    code, out, _ = run("policies", "types")
    assert code == 0 and "aws.s3.bucket" in out


def test_collect_then_evaluate(tmp_path: Path, aws_credentials: None) -> None:
    import boto3
    from moto import mock_aws

    with mock_aws():
        boto3.client("s3", region_name="eu-west-2").create_bucket(
            Bucket="collected-bucket",
            CreateBucketConfiguration={"LocationConstraint": "eu-west-2"},
        )
        code, out, _ = run(
            "collect", "aws", "-o", str(tmp_path / "e.json.gz"), "--region", "eu-west-2"
        )
    assert code == 0, out
    assert re.search(r"Saved \d+ resources and 0 collection errors", out), out
    saved = load_inventory(tmp_path / "e.json.gz")
    assert "collected-bucket" in {r.name for r in saved.resources if r.type == "aws.s3.bucket"}
    code, _, _ = run("evaluate", str(tmp_path / "e.json.gz"), "-o", str(tmp_path), "-q")
    assert code == 1


def test_scan_aws_with_every_collector_failing_exits_3(
    tmp_path: Path, aws_credentials: None
) -> None:
    from moto import mock_aws
    from moto.core import set_initial_no_auth_action_count

    from tests.collectors.aws.test_s3 import _as_user

    with mock_aws():

        @set_initial_no_auth_action_count(4)
        def scan() -> tuple[int, str, str]:
            _as_user(["sts:GetCallerIdentity"], [])
            return run("scan", "aws", "--region", "eu-west-2", "-o", str(tmp_path))

        code, out, _ = scan()
    assert code == 3
    assert "collection error" in out
