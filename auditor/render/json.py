"""The JSON results document: versioned, stably ordered, re-renderable.

Findings, fixed findings, collection errors, waiver notes and tags are sorted, so two
runs over the same estate differ only where the estate (or the time) did. The
document's shape is published as a JSON Schema (``auditor schema results``).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from auditor.models import Finding
from auditor.results import (
    RESULTS_FORMAT,
    RESULTS_VERSION,
    Results,
    finding_to_dict,
    sort_findings,
)


def _finding(finding: Finding, results: Results) -> dict[str, Any]:
    policy = results.policies.get(finding.policy_id)
    if policy is not None:
        data = finding_to_dict(finding, policy)
    else:  # a fixed finding whose policy has since been removed: no title or severity to give
        data = {
            "policy_id": finding.policy_id,
            "status": finding.status.value,
            "resource": finding.resource.to_dict(),
            "evidence": [e.to_dict() for e in finding.evidence],
        }
        if finding.message:
            data["message"] = finding.message
        if finding.waiver is not None:
            data["waiver"] = dict(finding.waiver)
        if finding.baseline:
            data["baseline"] = finding.baseline
    data["resource"]["tags"] = dict(sorted(data["resource"]["tags"].items()))
    return data


def results_to_dict(results: Results) -> dict[str, Any]:
    errors = sorted(
        results.collection_errors,
        key=lambda e: (e.provider, e.account, e.region, e.resource_type, e.code, e.message),
    )
    notes = sorted(
        (dict(n) for n in results.waiver_notes),
        key=lambda n: (n.get("waiver", ""), n.get("kind", ""), n.get("message", "")),
    )
    return {
        "format": RESULTS_FORMAT,
        "version": RESULTS_VERSION,
        "metadata": {**results.metadata.to_dict(), "evaluated_at": results.evaluated_at},
        "summary": results.summary().to_dict(),
        "policies": [results.policies[k].to_dict() for k in sorted(results.policies)],
        "findings": [_finding(f, results) for f in sort_findings(results.findings)],
        "collection_errors": [e.to_dict() for e in errors],
        "frameworks": [f.to_dict() for f in results.frameworks],
        "fixed": [_finding(f, results) for f in sort_findings(results.fixed)],
        "waiver_notes": notes,
    }


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, separators=(", ", ": "))


def render(results: Results) -> str:
    """Indented, except that each finding sits on one line of its own.

    A changed finding is then one changed line in a diff, and the findings (the bulk
    of a big document) go through the C encoder, several times faster than indenting.
    """
    parts = []
    for key, value in results_to_dict(results).items():
        if key in ("findings", "fixed") and value:
            text = "[\n" + ",\n".join("    " + _compact(item) for item in value) + "\n  ]"
        else:
            text = json.dumps(value, indent=2, ensure_ascii=False, default=str)
            text = text.replace("\n", "\n  ")
        parts.append(f"  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def results_json_schema() -> dict[str, Any]:
    """The JSON Schema of the results document this version writes."""
    text = resources.files("auditor").joinpath("schemas/results.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
