"""CSV for spreadsheets: one row per finding, a fixed set of columns.

A cell that starts with ``= + - @`` (or a tab or carriage return) is prefixed with an
apostrophe so a spreadsheet shows it as text instead of running it as a formula: a
resource name or tag is chosen by whoever controls the cloud account.
"""

from __future__ import annotations

import csv
import io
import json

from auditor.models import Finding
from auditor.render.text import plain
from auditor.render.view import ordered_findings
from auditor.results import Results

COLUMNS = (
    "status",
    "severity",
    "policy_id",
    "policy_title",
    "resource_id",
    "resource_name",
    "resource_type",
    "provider",
    "account",
    "region",
    "tags",
    "evidence",
    "message",
    "baseline",
    "waiver_id",
    "waiver_reason",
    "waiver_approved_by",
    "waiver_expires",
    "frameworks",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Keep a spreadsheet from reading untrusted text as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def evidence_text(finding: Finding) -> str:
    return "; ".join(
        f"{ev.path} {ev.op} {json.dumps(ev.expected, default=str, sort_keys=True)}: "
        f"observed {json.dumps(ev.observed, default=str, sort_keys=True)} "
        f"({'ok' if ev.result else 'not ok'})"
        for ev in finding.evidence
    )


def row(finding: Finding, results: Results) -> dict[str, str]:
    policy = results.policies[finding.policy_id]
    ref = finding.resource
    waiver = finding.waiver or {}
    return {
        "status": finding.status.value,
        "severity": policy.severity.value,
        "policy_id": policy.id,
        "policy_title": policy.title,
        "resource_id": ref.id,
        "resource_name": ref.name,
        "resource_type": ref.type,
        "provider": ref.provider,
        "account": ref.account,
        "region": ref.region,
        "tags": json.dumps(
            {plain(k): plain(v) for k, v in sorted(ref.tags.items())}, ensure_ascii=False
        )
        if ref.tags
        else "",
        "evidence": evidence_text(finding),
        "message": finding.message,
        "baseline": finding.baseline,
        "waiver_id": waiver.get("id", ""),
        "waiver_reason": waiver.get("reason", ""),
        "waiver_approved_by": waiver.get("approved_by", ""),
        "waiver_expires": waiver.get("expires", ""),
        "frameworks": "; ".join(
            f"{fw} {', '.join(ids)}" for fw, ids in sorted(policy.frameworks.items())
        ),
    }


def render(results: Results) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for finding in ordered_findings(results):
        writer.writerow({k: neutralise(plain(v)) for k, v in row(finding, results).items()})
    return out.getvalue()
