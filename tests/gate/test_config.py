"""auditor.yaml: validation by file and line, relative paths, and flags over the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.models import Severity
from auditor.settings import RunFlags, resolve

CONFIG = """\
version: 1
providers:
  aws: {profile: audit, regions: [eu-west-2], endpoint_url: "http://127.0.0.1:5000"}
  azure: {subscriptions: ["00000000-0000-0000-0000-000000000001"], tenant: t, arm_endpoint: e}
policies:
  paths: [extra]
  include: {frameworks: [ncsc-csp]}
  exclude: {ids: [aws-s3-bucket-access-logging], tags: [noisy]}
  min_severity: low
  params: {allowed_regions: [eu-west-2, eu-west-1]}
outputs: {dir: out, formats: [json, sarif]}
gate: {fail_on: high, fail_on_new_only: true, baseline: last/auditor-results.json, waivers: w.yaml}
"""
WAIVERS = """\
waivers:
  - id: W-1
    policy: aws-*
    resources: ["*"]
    reason: Accepted
    approved_by: someone@example.gov.uk
    expires: 2026-06-30
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "extra").mkdir()
    (tmp_path / "auditor.yaml").write_text(CONFIG)
    (tmp_path / "w.yaml").write_text(WAIVERS)
    return tmp_path


def test_the_file_sets_every_default_relative_to_itself(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    run = resolve(RunFlags(config=project / "auditor.yaml"), cwd=elsewhere, today=date(2026, 3, 1))
    assert run.policy_paths == (project / "extra",)
    assert run.output_dir == project / "out" and run.formats == ("json", "sarif")
    assert run.fail_on is Severity.HIGH and run.fail_on_new_only
    assert run.baseline_path == project / "last" / "auditor-results.json"
    assert run.baseline_missing  # a first run: no previous results yet
    assert run.waivers_path == project / "w.yaml" and [w.id for w in run.waivers] == ["W-1"]
    assert run.params == {"allowed_regions": ["eu-west-2", "eu-west-1"]}
    assert run.selection.include.frameworks == ("ncsc-csp",)
    assert run.selection.exclude.ids == ("aws-s3-bucket-access-logging",)
    assert run.selection.min_severity is Severity.LOW
    assert run.providers.aws.profile == "audit"


def test_flags_override_the_file(project: Path) -> None:
    flags = RunFlags(
        output_dir=Path("elsewhere"),
        formats=("junit",),
        fail_on="critical",
        fail_on_new_only=False,
        frameworks=("cis-aws",),
        policy_ids=("aws-s3-*",),
        min_severity="high",
        params={"allowed_regions": ["eu-west-2"]},
    )
    run = resolve(flags, cwd=project, today=date(2026, 3, 1))  # found as ./auditor.yaml
    assert run.output_dir == Path("elsewhere") and run.formats == ("junit",)
    assert run.fail_on is Severity.CRITICAL and not run.fail_on_new_only
    assert run.selection.include.frameworks == ("cis-aws",)
    assert run.selection.include.ids == ("aws-s3-*",)
    assert run.selection.min_severity is Severity.HIGH
    assert run.params == {"allowed_regions": ["eu-west-2"]}
    assert run.selection.exclude.ids == ("aws-s3-bucket-access-logging",)  # file only


def test_no_file_means_defaults(tmp_path: Path) -> None:
    run = resolve(RunFlags(), cwd=tmp_path)
    assert run.config.path is None and run.output_dir == Path("reports")
    assert run.fail_on is Severity.INFO and run.waivers == () and run.baseline is None


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            CONFIG.replace("  min_severity: low", "  min_severity: low\n  colour: red"),
            10,
            "unknown key 'colour'",
        ),
        (CONFIG.replace("fail_on: high", "fail_on: severe"), 12, "'severe' is not one of"),
        (CONFIG.replace("formats: [json, sarif]", "formats: [pdf]"), 11, "unknown format 'pdf'"),
        (CONFIG.replace("  azure: {", "  gcp: {"), 4, "unknown key 'gcp'"),
        ("version: 1\nversion: 2\n", 2, "duplicate key 'version'"),
        ("policies: [\n", 2, "not valid YAML"),
    ],
)
def test_bad_files_name_file_and_line(project: Path, text: str, line: int, message: str) -> None:
    path = project / "auditor.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        resolve(RunFlags(config=path), cwd=project)
    assert f"{path}, line {line}" in str(caught.value) and message in str(caught.value)


def test_new_only_needs_a_baseline(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="needs a baseline"):
        resolve(RunFlags(fail_on_new_only=True), cwd=tmp_path)


def test_a_named_config_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        resolve(RunFlags(config=tmp_path / "nope.yaml"), cwd=tmp_path)


def test_packs_select_built_in_folders(tmp_path: Path) -> None:
    (tmp_path / "auditor.yaml").write_text("policies: {packs: [aws]}\n")
    run = resolve(RunFlags(), cwd=tmp_path)
    assert not run.include_builtin and run.policy_paths[0].name == "aws"
    (tmp_path / "auditor.yaml").write_text("policies: {packs: [gcp]}\n")
    with pytest.raises(ConfigError, match="not a built-in pack"):
        resolve(RunFlags(), cwd=tmp_path)
