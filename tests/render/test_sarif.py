"""SARIF: valid against the official 2.1.0 schema and shaped the way code scanning reads it."""

from __future__ import annotations

import json
from dataclasses import replace

import jsonschema
import pytest

from auditor.models import Status
from auditor.render import sarif
from auditor.results import Results

from .samples import SCHEMAS


def _document(results: Results) -> dict[str, object]:
    document = json.loads(sarif.render(results))
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(document)
    return document


def test_valid_against_the_official_schema(full: Results, plain: Results) -> None:
    for results in (full, plain):
        _document(results)


def test_rules_are_policies_with_help_and_security_severity(full: Results) -> None:
    run = _document(full)["runs"][0]  # type: ignore[index]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == set(full.policies)
    public = rules["aws-s3-public"]
    assert public["shortDescription"]["text"] == "S3 buckets block public access"
    assert "Fix aws-s3-public." in public["help"]["text"]
    assert "Why aws-s3-public matters." in public["help"]["markdown"]
    assert public["properties"]["security-severity"] == "9.5"
    assert "security" in public["properties"]["tags"]
    assert public["defaultConfiguration"]["level"] == "error"


def test_results_are_the_failing_findings_plus_suppressed_waivers(full: Results) -> None:
    run = _document(full)["runs"][0]  # type: ignore[index]
    failing = [f for f in full.findings if f.status is Status.FAIL]
    waived = [f for f in full.findings if f.status is Status.WAIVED]
    results = run["results"]
    assert len(results) == len(failing) + len(waived)
    suppressed = [r for r in results if r.get("suppressions")]
    assert len(suppressed) == len(waived)
    assert "SIRO" in suppressed[0]["suppressions"][0]["justification"]
    for result in results:
        rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert {r["baselineState"] for r in results} == {"new", "unchanged"}


def test_fingerprint_is_stable_per_policy_and_resource(full: Results) -> None:
    first = _document(full)["runs"][0]["results"]  # type: ignore[index]
    changed = replace(
        full,
        evaluated_at="2027-01-01T00:00:00+00:00",
        findings=tuple(
            replace(f, evidence=(), message="different evidence") for f in full.findings
        ),
    )
    second = _document(changed)["runs"][0]["results"]  # type: ignore[index]
    fingerprints = [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in first]
    assert fingerprints == [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in second]
    assert len(set(fingerprints)) == len(fingerprints)


def test_cloud_text_is_stripped_of_control_characters(full: Results) -> None:
    text = sarif.render(full)
    assert "\\u001b" not in text and "\x1b" not in text


def test_collection_errors_become_notifications(full: Results) -> None:
    invocation = _document(full)["runs"][0]["invocations"][0]  # type: ignore[index]
    assert invocation["executionSuccessful"] is False
    assert "AccessDenied" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_keeps_the_worst_results_within_the_code_scanning_limit(
    full: Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sarif, "MAX_RESULTS", 2)
    run = _document(full)["runs"][0]  # type: ignore[index]
    assert [r["ruleId"] for r in run["results"]] == ["aws-s3-public", "azure-storage-https"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("2 less severe results were left out" in n["message"]["text"] for n in notes)
