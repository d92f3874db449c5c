"""CSV: one row per finding, and reading it back gives the findings' values."""

from __future__ import annotations

import csv
import io
import json

from auditor.render import csv as csv_format
from auditor.render.text import plain as plain_text
from auditor.results import Results

from .samples import FORMULA


def _rows(results: Results) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_format.render(results), newline="")))


def _unneutralise(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(csv_format._FORMULA_START):
        return value[1:]
    return value


def test_round_trip(full: Results) -> None:
    rows = _rows(full)
    assert len(rows) == len(full.findings)
    assert list(rows[0]) == list(csv_format.COLUMNS)
    by_key = {(r["policy_id"], _unneutralise(r["resource_id"])): r for r in rows}
    for finding in full.findings:
        row = by_key[finding.key]
        assert row["status"] == finding.status.value
        assert row["resource_name"] == finding.resource.name
        assert row["account"] == finding.resource.account
        assert row["region"] == finding.resource.region
        assert row["baseline"] == finding.baseline
        assert row["waiver_reason"] == (finding.waiver or {}).get("reason", "")
        tags = json.loads(_unneutralise(row["tags"])) if row["tags"] else {}
        assert tags == {plain_text(k): plain_text(v) for k, v in finding.resource.tags.items()}


def test_worst_first(full: Results) -> None:
    statuses = [r["status"] for r in _rows(full)]
    assert statuses[0] == "fail" and statuses[-1] == "pass"


def test_formula_cells_are_neutralised(full: Results, plain: Results) -> None:
    from dataclasses import replace

    finding = replace(plain.findings[0], resource=replace(plain.findings[0].resource, name=FORMULA))
    results = replace(plain, findings=(finding, *plain.findings[1:]))
    row = next(r for r in _rows(results) if (r["policy_id"], r["resource_id"]) == finding.key)
    assert row["resource_name"] == "'" + FORMULA
    assert _unneutralise(row["resource_name"]) == FORMULA
