"""The frameworks commands and --framework on evaluate, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.inventory import save_inventory
from auditor.models import Inventory, Resource, ScanMetadata
from auditor.policy import load_policies
from auditor.policy.frameworks import load_frameworks

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "200"})
    return result.exit_code, result.output


def test_frameworks_list_shows_coverage_for_each_framework() -> None:
    code, out = invoke("frameworks", "list")
    assert code == 0, out
    for framework_id in ("ncsc-csp", "cis-aws", "cis-azure", "cyber-essentials"):
        assert framework_id in out
    assert "7.0.0" in out and "6.0.0" in out


def test_frameworks_show_lists_controls_and_mapped_policies() -> None:
    code, out = invoke("frameworks", "show", "cis-aws")
    assert code == 0, out
    assert "3.1.4" in out and "aws-s3-bucket-public-access-blocked" in out
    assert "2.1.1" in out and "manual" in out
    assert "70 controls: 34 automated" in out


def test_frameworks_show_rejects_an_unknown_id() -> None:
    code, out = invoke("frameworks", "show", "iso-27001")
    assert code == 2
    assert "Unknown framework 'iso-27001'" in out


def test_frameworks_coverage_writes_the_docs_page(tmp_path: Path) -> None:
    target = tmp_path / "frameworks.md"
    code, out = invoke("frameworks", "coverage", "--output", str(target))
    assert code == 0, out
    page = target.read_text()
    assert page.startswith("# Compliance frameworks")
    assert "| `not_covered` |" in page


@pytest.fixture()
def estate(tmp_path: Path) -> Path:
    bucket = Resource(
        type="aws.s3.bucket",
        id="arn:aws:s3:::records",
        name="records",
        provider="aws",
        account="111122223333",
        region="eu-west-1",
        properties={
            "PublicAccessBlock": {
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
            "PolicyStatus": {"IsPublic": False},
            "Policy": None,
            "Acl": {"Grants": []},
            "Encryption": None,
            "Versioning": {"Status": "Enabled"},
            "Logging": None,
        },
    )
    path = tmp_path / "estate.json"
    save_inventory(Inventory(ScanMetadata("", "", "test", ("aws",)), (bucket,)), path)
    return path


def test_evaluate_reports_every_framework_the_policies_map_to(estate: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out = invoke(
        "evaluate", str(estate), "-o", str(out_dir), "-f", "json", "--fail-on", "never"
    )
    assert code == 0, out
    assert "Controls by framework" in out
    document = json.loads((out_dir / "auditor-results.json").read_text())
    assert [f["id"] for f in document["frameworks"]] == [
        "ncsc-csp",
        "cis-aws",
        "cis-azure",
        "cis-azure-3.0",
        "cyber-essentials",
        "uk-data-residency",
    ]
    (framework,) = [f for f in document["frameworks"] if f["id"] == "uk-data-residency"]
    residency = {c["id"]: c["status"] for c in framework["controls"]}
    assert residency["storage"] == "fail"  # eu-west-1 is not a UK region
    # Compute and backup policies exist, but this estate has no such resources.
    assert residency["compute"] == "not_applicable"
    assert residency["backup"] == "not_applicable"
    assert residency["contracts"] == "manual"


def test_evaluate_with_framework_runs_only_its_policies(estate: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out = invoke(
        "evaluate",
        str(estate),
        "--framework",
        "cis-aws",
        "-o",
        str(out_dir),
        "-f",
        "json",
        "--fail-on",
        "never",
    )
    assert code == 0, out
    document = json.loads((out_dir / "auditor-results.json").read_text())
    assert [f["id"] for f in document["frameworks"]] == ["cis-aws"]
    builtin = load_policies()
    ran = {p["id"] for p in document["policies"]}
    assert ran == {p.id for p in builtin if p.frameworks.get("cis-aws")}
    assert {"aws-s3-bucket-public-access-blocked", "aws-s3-bucket-secure-transport"} <= ran
    controls = {c["id"]: c for c in document["frameworks"][0]["controls"]}
    assert controls["3.1.4"]["status"] == "pass"
    assert controls["3.1.1"]["status"] == "fail"
    mapped = {c for p in builtin for c in p.frameworks.get("cis-aws", ())}
    framework = load_frameworks()["cis-aws"]
    unmapped = [
        c for c in framework.controls if c.id not in mapped and not framework.children(c.id)
    ]
    automated = next(c.id for c in unmapped if c.automated)
    manual = next(c.id for c in unmapped if not c.automated)
    assert controls[automated]["status"] == "not_covered"
    assert controls[manual]["status"] == "manual"


@pytest.mark.parametrize(
    ("framework", "message"),
    [
        ("cis-aw", "Unknown framework 'cis-aw'"),
        ("unmapped-fw", "No selected policy maps to framework 'unmapped-fw'"),
    ],
)
def test_evaluate_with_an_unusable_framework_is_a_usage_error(
    estate: Path, tmp_path: Path, framework: str, message: str
) -> None:
    # A framework of our own that no policy maps to (every shipped one is mapped).
    extra = tmp_path / "extra"
    (extra / "frameworks").mkdir(parents=True)
    (extra / "frameworks" / "unmapped-fw.yaml").write_text(
        "id: unmapped-fw\nname: Unmapped\nversion: '1'\nurl: https://example.org\n"
        "controls:\n  - {id: c1, title: A control, description: Nothing maps here., "
        "automated: true}\n"
    )
    code, out = invoke(
        "evaluate", str(estate), "--framework", framework, "-p", str(extra), "-o", str(tmp_path)
    )
    assert code == 2
    assert message in out


def test_merging_shard_results_recomputes_control_status(tmp_path: Path) -> None:
    def shard(name: str, region: str) -> Path:
        bucket = Resource(
            type="aws.s3.bucket",
            id=f"arn:aws:s3:::{name}",
            name=name,
            provider="aws",
            account=name,
            region=region,
            properties={"Versioning": {"Status": "Enabled"}},
        )
        inventory = tmp_path / f"{name}.json"
        save_inventory(Inventory(ScanMetadata("", "", "test", ("aws",)), (bucket,)), inventory)
        out_dir = tmp_path / name
        code, out = invoke(
            "evaluate", str(inventory), "-o", str(out_dir), "-f", "json", "--fail-on", "never"
        )
        assert code == 0, out
        return out_dir / "auditor-results.json"

    def residency(document: dict[str, object]) -> str:
        frameworks = document["frameworks"]
        assert isinstance(frameworks, list)
        (framework,) = (f for f in frameworks if f["id"] == "uk-data-residency")
        (storage,) = (c for c in framework["controls"] if c["id"] == "storage")
        return str(storage["status"])

    london, dublin = shard("london", "eu-west-2"), shard("dublin", "eu-west-1")
    assert residency(json.loads(london.read_text())) == "pass"
    merged_dir = tmp_path / "merged"
    code, out = invoke(
        "merge", str(london), str(dublin), "-o", str(merged_dir), "-f", "json", "--fail-on", "never"
    )
    assert code == 0, out
    merged = json.loads((merged_dir / "auditor-results.json").read_text())
    assert residency(merged) == "fail"
    assert [f["id"] for f in merged["frameworks"]] == [
        "ncsc-csp",
        "cis-aws",
        "cis-azure",
        "cis-azure-3.0",
        "cyber-essentials",
        "uk-data-residency",
    ]
