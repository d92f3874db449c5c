"""A Markdown summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

Short by design: every table is capped so the whole stays well under a comment's
65,536 characters however big the estate. Text from a cloud goes inside code spans,
where Markdown and HTML are not interpreted and links are not made.
"""

from __future__ import annotations

from auditor.models import Finding, Status
from auditor.render.text import clean
from auditor.render.view import (
    CONTROL_LABELS,
    by_severity,
    findings_by_policy,
    fixed_findings,
    format_rate,
    framework_views,
    has_baseline,
    new_failures,
    pass_rate,
    resource_label,
    severity_rank,
    where,
)
from auditor.results import CONTROL_STATUSES, Results

MAX_ROWS = 25
MAX_RESOURCES = 5
MAX_CELL = 120
STATUS_ICON = {Status.PASS: "✅", Status.FAIL: "❌", Status.ERROR: "⚠️", Status.WAIVED: "💤"}


def code(value: object, limit: int = MAX_CELL) -> str:
    """Untrusted text as an inline code span that is also safe inside a table cell."""
    text = clean(value, limit).replace("|", "\\|")
    if not text:
        return ""
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(r) + " |" for r in rows)
    return lines


def _more(total: int, shown: int, what: str) -> list[str]:
    return ["", f"…and {total - shown} more {what} (see the HTML report)."] if total > shown else []


def _resource_cell(finding: Finding) -> str:
    return f"{code(resource_label(finding))} {code(where(finding), 60)}".strip()


def _severity(results: Results, finding: Finding) -> str:
    info = results.policies.get(finding.policy_id)
    return info.severity.value if info is not None else "unknown"


def _title(results: Results, policy_id: str) -> str:
    info = results.policies.get(policy_id)
    return (
        f"{info.title} ({code(policy_id)})" if info is not None else f"{code(policy_id)} (removed)"
    )


def render(results: Results) -> str:
    summary = results.summary()
    counts = summary.by_status
    meta = results.metadata
    failed = counts.get(Status.FAIL, 0)
    headline = (
        f"## {'❌' if failed else '✅'} auditor: {failed} failing, "
        f"pass rate {format_rate(summary.pass_rate)}"
    )
    lines = [headline, ""]
    scope = [
        f"**Providers:** {', '.join(meta.providers) or '-'}",
        f"**Accounts:** {', '.join(code(a, 60) for a in meta.accounts) or '-'}",
        f"**Regions:** {', '.join(code(r, 40) for r in meta.regions) or 'all'}",
        f"**Evaluated:** {clean(results.evaluated_at, 40)}",
        f"**auditor** {clean(meta.tool_version, 20)}",
    ]
    lines += [" · ".join(scope), ""]
    lines += [
        " · ".join(f"{STATUS_ICON[s]} {counts.get(s, 0)} {s.value}" for s in Status)
        + f" · {summary.resources} resources · {summary.policies} policies",
        "",
    ]
    lines += _table(
        ["Severity", "Pass", "Fail", "Error", "Waived", "Pass rate"],
        [
            [sev.value, *(str(c[s]) for s in Status), format_rate(pass_rate(c))]
            for sev, c in by_severity(results)
            if any(c.values())
        ],
    )

    if has_baseline(results):
        new = new_failures(results)
        lines += ["", f"### New failures since the baseline ({len(new)})", ""]
        if new:
            lines += _table(
                ["Severity", "Policy", "Resource"],
                [
                    [_severity(results, f), _title(results, f.policy_id), _resource_cell(f)]
                    for f in new[:MAX_ROWS]
                ],
            )
            lines += _more(len(new), MAX_ROWS, "new failures")
        else:
            lines.append("None.")
        fixed = fixed_findings(results)
        lines += ["", f"### Fixed since the baseline ({len(fixed)})", ""]
        if fixed:
            lines += _table(
                ["Severity", "Policy", "Resource"],
                [
                    [_severity(results, f), _title(results, f.policy_id), _resource_cell(f)]
                    for f in fixed[:MAX_ROWS]
                ],
            )
            lines += _more(len(fixed), MAX_ROWS, "fixed findings")
        else:
            lines.append("None.")

    groups = findings_by_policy(results, (Status.FAIL,))
    lines += ["", f"### Failing policies ({len(groups)})", ""]
    if groups:
        rows = []
        for group in groups[:MAX_ROWS]:
            shown = ", ".join(_resource_cell(f) for f in group.findings[:MAX_RESOURCES])
            if len(group.findings) > MAX_RESOURCES:
                shown += f" …+{len(group.findings) - MAX_RESOURCES}"
            rows.append(
                [
                    group.policy.severity.value,
                    _title(results, group.policy.id),
                    str(len(group.findings)),
                    shown,
                ]
            )
        lines += _table(["Severity", "Policy", "Failing", "Resources"], rows)
        lines += _more(len(groups), MAX_ROWS, "failing policies")
    else:
        lines.append("No policy fails.")

    waived = [f for f in results.findings if f.status is Status.WAIVED]
    if waived:
        lines += ["", f"### 💤 Waived failures ({len(waived)})", ""]
        rows = []
        for finding in sorted(waived, key=lambda f: (-severity_rank(results, f), f.key))[:MAX_ROWS]:
            waiver = finding.waiver or {}
            rows.append(
                [
                    _severity(results, finding),
                    _title(results, finding.policy_id),
                    _resource_cell(finding),
                    code(waiver.get("id", ""), 40),
                    code(waiver.get("reason", ""), 200),
                    code(waiver.get("approved_by", ""), 80),
                    code(waiver.get("expires", ""), 20),
                ]
            )
        lines += _table(
            ["Severity", "Policy", "Resource", "Waiver", "Reason", "Approved by", "Expires"], rows
        )
        lines += _more(len(waived), MAX_ROWS, "waived failures")

    views = framework_views(results)
    if views:
        lines += ["", "### Frameworks", ""]
        lines += _table(
            ["Framework", *(CONTROL_LABELS[s] for s in CONTROL_STATUSES), "Findings pass rate"],
            [
                [
                    clean(v.framework.name or v.framework.id, 80),
                    *(str(v.control_counts[s]) for s in CONTROL_STATUSES),
                    format_rate(v.finding_pass_rate),
                ]
                for v in views[:MAX_ROWS]
            ],
        )

    if results.waiver_notes:
        lines += ["", f"### Waivers needing attention ({len(results.waiver_notes)})", ""]
        lines += [
            f"- {code(n.get('kind', ''), 20)} {code(n.get('waiver', ''), 60)}: "
            f"{code(n.get('message', ''), 200)}"
            for n in results.waiver_notes[:MAX_ROWS]
        ]
        lines += _more(len(results.waiver_notes), MAX_ROWS, "notes")

    errors = results.collection_errors
    if errors:
        lines += [
            "",
            f"### ⚠️ Coverage is incomplete: {len(errors)} collection "
            f"error{'s' if len(errors) != 1 else ''}",
            "",
        ]
        lines += _table(
            ["Resource type", "Account / region", "Error"],
            [
                [
                    code(e.resource_type, 60),
                    code(f"{e.account or '*'}/{e.region or '*'}", 80),
                    code(f"{e.code}: {e.message}", 200),
                ]
                for e in errors[:MAX_ROWS]
            ],
        )
        lines += _more(len(errors), MAX_ROWS, "collection errors")
    lines.append("")
    return "\n".join(lines)
