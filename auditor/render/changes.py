"""What changed between two runs (``auditor diff``), as JSON or Markdown.

The input is the newer results marked against the older ones
(:func:`auditor.baseline.mark_baseline`): its new and existing failures and the
failures it fixed. Waived failures are listed with their waiver, apart from the rest.
"""

from __future__ import annotations

import json
from typing import Any

from auditor.models import Finding, Status
from auditor.render.markdown import code
from auditor.render.view import fixed_findings, new_failures, ordered_findings, resource_label
from auditor.render.view import where as where_of
from auditor.results import Results, finding_to_dict

MAX_ROWS = 50


def _existing(results: Results) -> list[Finding]:
    return ordered_findings(
        results,
        (f for f in results.findings if f.status is Status.FAIL and f.baseline == "existing"),
    )


def _waived(results: Results) -> list[Finding]:
    return ordered_findings(results, (f for f in results.findings if f.status is Status.WAIVED))


def _dict(results: Results, finding: Finding) -> dict[str, Any]:
    data = finding_to_dict(finding, results.policies[finding.policy_id])
    data.pop("evidence", None)
    return data


def render_json(results: Results) -> str:
    new, existing, fixed = new_failures(results), _existing(results), fixed_findings(results)
    waived = _waived(results)
    document = {
        "format": "auditor-diff",
        "version": 1,
        "summary": {
            "new": len(new),
            "existing": len(existing),
            "fixed": len(fixed),
            "waived": len(waived),
        },
        "new": [_dict(results, f) for f in new],
        "existing": [_dict(results, f) for f in existing],
        "fixed": [_dict(results, f) for f in fixed],
        "waived": [_dict(results, f) for f in waived],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def _rows(results: Results, findings: list[Finding], heading: str) -> list[str]:
    lines = ["", f"### {heading} ({len(findings)})", ""]
    if not findings:
        return [*lines, "None."]
    lines += ["| Severity | Policy | Resource | Where |", "|---|---|---|---|"]
    for finding in findings[:MAX_ROWS]:
        info = results.policies[finding.policy_id]
        lines.append(
            f"| {info.severity.value} | {info.title} ({code(info.id)}) | "
            f"{code(resource_label(finding))} | {code(where_of(finding), 60)} |"
        )
    if len(findings) > MAX_ROWS:
        lines += ["", f"…and {len(findings) - MAX_ROWS} more (see --format json)."]
    return lines


def render_markdown(results: Results) -> str:
    new, existing, fixed = new_failures(results), _existing(results), fixed_findings(results)
    icon = "❌" if new else "✅"
    lines = [
        f"## {icon} auditor diff: {len(new)} new, {len(fixed)} fixed, "
        f"{len(existing)} still failing",
    ]
    lines += _rows(results, new, "New failures")
    lines += _rows(results, fixed, "Fixed")
    lines += _rows(results, existing, "Still failing")
    waived = _waived(results)
    if waived:
        lines += ["", f"### Waived ({len(waived)})", ""]
        lines += ["| Policy | Resource | Waiver | Reason | Approved by | Expires |"]
        lines += ["|---|---|---|---|---|---|"]
        for finding in waived[:MAX_ROWS]:
            w = finding.waiver or {}
            lines.append(
                f"| {code(finding.policy_id)} | {code(resource_label(finding))} | "
                f"{code(w.get('id', ''), 40)} | {code(w.get('reason', ''), 200)} | "
                f"{code(w.get('approved_by', ''), 80)} | {code(w.get('expires', ''), 20)} |"
            )
    lines.append("")
    return "\n".join(lines)
