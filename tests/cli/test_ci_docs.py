"""The pipeline examples in docs/ci.md, run as written against an emulated AWS account.

The auditor command lines are read out of the document itself, so the documentation
cannot drift from what the tool accepts and does.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from typer.testing import CliRunner

from auditor.cli import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "ci.md"
runner = CliRunner()
ALL_BLOCKED = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def commands(section: str) -> list[str]:
    """Every auditor command line in the code blocks of one ``##`` section of the doc."""
    text = DOC.read_text()
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    found = []
    for block in re.findall(r"```\w*\n(.*?)```", body, flags=re.S):
        for line in block.splitlines():
            line = re.sub(r"^\s*(?:-\s+)?(?:run:\s+)?", "", line)
            if line.startswith("auditor "):
                found.append(line)
    return found


def invoke(line: str, variables: Mapping[str, str]) -> tuple[int, str, str]:
    """Run one documented command line; ``>> FILE`` appends the output as a shell would."""
    expanded = re.sub(r"\$(\w+)", lambda m: variables[m.group(1)], line)
    command, _, target = expanded.partition(">>")
    args = shlex.split(command)
    assert args[0] == "auditor"
    result = runner.invoke(app, args[1:], env={"COLUMNS": "200", "NO_COLOR": "1"})
    if target.strip():
        with Path(shlex.split(target)[0]).open("a") as handle:
            handle.write(result.stdout)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def account(
    aws_credentials: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """An account with one bucket that fails a high-severity policy."""
    monkeypatch.chdir(tmp_path)
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-2")
        s3.create_bucket(
            Bucket="old-uploads", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
        yield s3


def add_public_bucket(s3: Any) -> None:
    s3.create_bucket(
        Bucket="new-uploads", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )


def test_the_github_actions_workflow(account: Any, tmp_path: Path) -> None:
    scan, summary = commands("GitHub Actions")
    assert "--baseline baseline/auditor-results.json" in scan and "--fail-on-new-only" in scan
    variables = {"FAIL_ON": "never", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}

    code, _, err = invoke(scan, variables)  # first run: accept-current, no baseline yet
    assert code == 0, err
    assert "every failure counts as new" in err
    assert invoke(summary, variables)[0] == 0
    assert "auditor:" in (tmp_path / "summary.md").read_text()
    sarif = json.loads((tmp_path / "reports" / "auditor-results.sarif").read_text())
    assert sarif["runs"][0]["results"]
    (tmp_path / "baseline").mkdir()  # the "keep these results" step
    shutil.copy(tmp_path / "reports" / "auditor-results.json", tmp_path / "baseline")

    variables["FAIL_ON"] = "high"
    code, out, err = invoke(scan, variables)  # nothing changed: known failures do not gate
    assert code == 0, out + err

    add_public_bucket(account)
    code, out, _ = invoke(scan, variables)
    assert code == 1 and "New failures since the baseline" in out
    sarif = json.loads((tmp_path / "reports" / "auditor-results.sarif").read_text())
    states = {
        r["locations"][0]["logicalLocations"][0]["name"]: r["baselineState"]
        for r in sarif["runs"][0]["results"]
        if r["ruleId"] == "aws-s3-bucket-public-access-blocked"
    }
    assert states == {"old-uploads": "unchanged", "new-uploads": "new"}


def test_the_gitlab_job(account: Any, tmp_path: Path) -> None:
    [scan] = commands("GitLab CI")
    variables = {"AUDITOR_FAIL_ON": "high"}
    code, _, _ = invoke(scan, variables)  # no earlier artifacts: the known failure is new
    assert code == 1
    variables["AUDITOR_FAIL_ON"] = "never"
    assert invoke(scan, variables)[0] == 0
    previous = tmp_path / "previous" / "reports"  # the artifacts of that passing pipeline
    shutil.copytree(tmp_path / "reports", previous)

    variables["AUDITOR_FAIL_ON"] = "high"
    assert invoke(scan, variables)[0] == 0
    account.put_public_access_block(
        Bucket="old-uploads", PublicAccessBlockConfiguration=ALL_BLOCKED
    )
    add_public_bucket(account)
    code, _, _ = invoke(scan, variables)
    assert code == 1
    junit = ET.parse(tmp_path / "reports" / "auditor-junit.xml").getroot()
    case = next(
        c
        for c in junit.iter("testcase")
        if "aws-s3-bucket-public-access-blocked" in c.get("name", "")
    )
    failure = case.find("failure")
    assert failure is not None and "new-uploads" in (failure.text or "")
    document = json.loads((tmp_path / "reports" / "auditor-results.json").read_text())
    fixed = [(f["policy_id"], f["resource"]["name"]) for f in document["fixed"]]
    assert ("aws-s3-bucket-public-access-blocked", "old-uploads") in fixed


def test_the_local_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = commands("The same commands locally")
    assert len(lines) == 3
    for line in lines:
        code, out, err = invoke(line, {})
        assert code == 0, out + err
    assert "New failures: 0" in out and "Fixed: 0" in out


def test_the_pipeline_files_are_valid_yaml() -> None:
    import yaml

    documents = [
        yaml.safe_load(block)
        for block in re.findall(r"```yaml\n(.*?)```", DOC.read_text(), flags=re.S)
    ]
    github, gitlab = documents
    steps = github["jobs"]["audit"]["steps"]
    uses = {step.get("uses", "").split("@")[0] for step in steps}
    assert {
        "aws-actions/configure-aws-credentials",
        "github/codeql-action/upload-sarif",
        "actions/cache/restore",
        "actions/cache/save",
    } <= uses
    assert github["permissions"]["id-token"] == "write"
    job = gitlab["cloud-audit"]
    assert job["artifacts"]["reports"]["junit"] == "reports/auditor-junit.xml"
    assert job["artifacts"]["when"] == "always"
