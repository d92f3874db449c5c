"""Coverage figures, and docs/frameworks.md kept in step with the shipped policies."""

from __future__ import annotations

from pathlib import Path

from auditor.policy import load_policies
from auditor.policy.coverage import REGENERATE, coverage, coverage_markdown
from auditor.policy.frameworks import load_frameworks

DOCS = Path(__file__).resolve().parents[1] / "docs" / "frameworks.md"

FRAMEWORK = """\
id: house
name: House | rules
version: "1"
url: https://example.org/house
controls:
  - {id: A, title: "Checked *twice*", description: x., automated: true}
  - {id: B, title: Unchecked, description: x., automated: true}
  - {id: M, title: Manual, description: x., automated: false}
  - {id: P, title: Parent, description: x., automated: true}
  - {id: P.1, parent: P, title: Child, description: x., automated: true}
"""

POLICIES = """\
policies:
  - id: t-one
    title: One
    resource: aws.s3.bucket
    severity: low
    frameworks: {house: [A, M]}
    check: {path: Encryption, exists: true}
  - id: t-two
    title: Two
    resource: aws.s3.bucket
    severity: low
    frameworks: {house: [A, P.1]}
    check: {path: Versioning.Status, eq: Enabled}
"""


def test_coverage_counts_automated_covered_and_manual_controls(tmp_path: Path) -> None:
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "house.yaml").write_text(FRAMEWORK)
    (tmp_path / "p.yaml").write_text(POLICIES)
    house = load_frameworks([tmp_path / "frameworks"])["house"]
    (cov,) = coverage([house], load_policies([tmp_path], include_builtin=False))
    assert (cov.total, cov.automated, cov.covered, cov.manual, cov.not_covered) == (5, 4, 3, 1, 1)
    by_id = {c.control.id: c for c in cov.controls}
    assert by_id["A"].policies == ("t-one", "t-two")
    assert by_id["P"].policies == ("t-two",)  # through its sub-control
    assert by_id["M"].policies == ("t-one",) and not by_id["M"].covered  # manual stays manual
    page = coverage_markdown([cov])
    assert "| [House \\| rules](#house) (`house`) | 1 | 5 | 4 | 3 | 1 | 1 |" in page
    assert "| A | Checked \\*twice\\* | automated | `t-one`, `t-two` |" in page
    assert "| B | Unchecked | automated | — |" in page


def test_docs_frameworks_page_matches_the_shipped_policies() -> None:
    expected = coverage_markdown(coverage(load_frameworks().values(), load_policies()))
    actual = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    assert actual == expected, (
        f"docs/frameworks.md is out of date with the policies. Regenerate it: {REGENERATE}"
    )
