"""``auditor report`` and ``auditor schema``, and the formats scan/evaluate/demo write."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.inventory import save_inventory
from auditor.models import Inventory, Resource, ScanMetadata
from auditor.pipeline import load_results
from auditor.render import FORMATS
from auditor.render import json as json_format
from auditor.render.json import results_json_schema
from tests.render.samples import HOSTILE_NAME, full_results

runner = CliRunner()


@pytest.fixture
def results_file(tmp_path: Path) -> Path:
    path = tmp_path / "auditor-results.json"
    path.write_text(json_format.render(full_results()), encoding="utf-8")
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_report_re_renders_every_format(name: str, results_file: Path, tmp_path: Path) -> None:
    out = tmp_path / f"out.{name}"
    result = runner.invoke(app, ["report", str(results_file), "--format", name, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().decode("utf-8") == FORMATS[name].renderer()(load_results(results_file))


def test_json_re_render_is_byte_identical(results_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "again.json"
    runner.invoke(app, ["report", str(results_file), "-f", "json", "-o", str(out)])
    assert out.read_bytes() == results_file.read_bytes()


def test_re_rendered_html_states_the_hash_of_the_file_it_came_from(
    results_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    runner.invoke(app, ["report", str(results_file), "-o", str(out)])
    assert f'<code id="results-sha256">{_sha256(results_file)}</code>' in out.read_text()


def test_report_to_standard_output(results_file: Path) -> None:
    result = runner.invoke(app, ["report", str(results_file), "-f", "markdown"])
    assert result.exit_code == 0
    assert result.stdout.startswith("## ❌ auditor: 3 failing")


def test_report_terminal_quiet(results_file: Path) -> None:
    result = runner.invoke(app, ["report", str(results_file), "-f", "terminal", "--quiet"])
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if line.strip()] == [
        "4 resources, 4 policies: 3 pass  3 fail  1 error  1 waived  pass rate 50%"
    ]


def test_report_rejects_unknown_format_and_missing_file(results_file: Path, tmp_path: Path) -> None:
    bad = runner.invoke(app, ["report", str(results_file), "-f", "pdf"])
    assert bad.exit_code == 2 and "Choose from: html, json, sarif" in bad.output
    missing = runner.invoke(app, ["report", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2 and "does not exist" in missing.output
    inventory = tmp_path / "inventory.json"
    inventory.write_text('{"format": "auditor-inventory"}')
    wrong = runner.invoke(app, ["report", str(inventory)])
    assert wrong.exit_code == 2 and "not an auditor results file" in wrong.output


def test_schema_commands(tmp_path: Path) -> None:
    results = runner.invoke(app, ["schema", "results"])
    assert results.exit_code == 0 and json.loads(results.stdout) == results_json_schema()
    policy = runner.invoke(app, ["schema", "policy"])
    old = runner.invoke(app, ["policies", "schema"])
    assert policy.exit_code == 0 and old.exit_code == 0
    assert json.loads(policy.stdout) == json.loads(old.stdout)
    assert "properties" in json.loads(policy.stdout) or "$defs" in json.loads(policy.stdout)


def test_evaluate_writes_every_requested_format(tmp_path: Path) -> None:
    bucket = Resource(
        type="aws.s3.bucket",
        id="arn:aws:s3:::" + HOSTILE_NAME,
        name=HOSTILE_NAME,
        provider="aws",
        account="123456789012",
        region="eu-west-2",
        tags={"owner": "<b>x</b>"},
        properties={"PublicAccessBlock": None},
    )
    inventory = tmp_path / "estate.json"
    save_inventory(
        Inventory(
            ScanMetadata(
                "2026-01-01T00:00:00+00:00",
                "2026-01-01T00:01:00+00:00",
                "0.1.0",
                ("aws",),
                accounts=("123456789012",),
            ),
            (bucket,),
        ),
        inventory,
    )
    out = tmp_path / "reports"
    args = ["evaluate", str(inventory), "-o", str(out), "--fail-on", "never", "--quiet"]
    for name in FORMATS:
        args += ["--format", name]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f.filename for f in FORMATS.values())
    html = (out / FORMATS["html"].filename).read_text()
    assert _sha256(out / FORMATS["json"].filename) in html
    assert "<b>x</b>" not in html and "<img" not in html


@pytest.mark.slow
def test_demo_writes_a_report_whose_hash_matches_its_results(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["demo", "-o", str(tmp_path), "-f", "html", "-f", "json", "-f", "sarif", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "auditor-report.html").read_text()
    stated = re.search(r'<code id="results-sha256">([0-9a-f]{64})</code>', html)
    assert stated and stated.group(1) == _sha256(tmp_path / "auditor-results.json")
    assert "<img" not in html  # the demo's hostile tag is in the page only as text
