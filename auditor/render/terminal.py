"""The terminal view: scope, counts by severity, frameworks, changes since a baseline, and
what failed, grouped by policy.

Every string that came from a cloud is wrapped in ``rich.text.Text`` (never parsed as
markup) after :func:`auditor.render.text.clean` strips escape sequences.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from auditor.models import Finding, Severity, Status, unreachable_accounts
from auditor.render.text import clean
from auditor.render.view import (
    CONTROL_LABELS,
    by_account,
    fixed_findings,
    format_rate,
    framework_views,
    has_baseline,
    new_failures,
    ordered_findings,
    pass_rate,
)
from auditor.results import CONTROL_STATUSES, Results

STATUS_STYLE = {
    Status.PASS: "green",
    Status.FAIL: "bold red",
    Status.ERROR: "yellow",
    Status.WAIVED: "cyan",
}
SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
MAX_RESOURCES_PER_POLICY = 5
MAX_CHANGES = 10
CONTROL_STYLE = {
    "pass": "green",
    "fail": "bold red",
    "error": "yellow",
    "manual": "cyan",
    "not_applicable": "dim",
    "not_covered": "magenta",
}


def make_console(file: IO[str] | None = None, *, force_plain: bool = False) -> Console:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    plain = force_plain or "NO_COLOR" in os.environ
    return Console(
        file=file,
        no_color=plain,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        width=None if not plain else 120,
    )


def _scope(results: Results) -> Text:
    meta = results.metadata
    parts = [
        ("Providers", ", ".join(meta.providers) or "-"),
        ("Accounts", ", ".join(meta.accounts) or "-"),
        ("Regions", ", ".join(meta.regions) or "all"),
        ("Identity", meta.identity or "-"),
        ("Scanned", meta.started_at or "-"),
    ]
    text = Text()
    for label, value in parts:
        text.append(f"{label}: ", style="bold")
        text.append(clean(value, 300))
        text.append("   ")
    return text


def _counts(results: Results) -> Table:
    summary = results.summary()
    table = Table(title="Findings by severity", title_justify="left", show_footer=True)
    table.add_column("Severity", footer="Total")
    for status in Status:
        table.add_column(
            status.value.capitalize(),
            justify="right",
            style=STATUS_STYLE[status],
            footer=str(summary.by_status.get(status, 0)),
        )
    for severity in Severity:
        row = summary.by_severity.get(severity, {})
        table.add_row(
            Text(severity.value, style=SEVERITY_STYLE[severity]),
            *(str(row.get(s, 0)) for s in Status),
        )
    return table


MAX_ACCOUNT_ROWS = 20


def _accounts(results: Results) -> Table | None:
    """An estate of several accounts: each with its pass rate, worst first."""
    rows = by_account(results)
    if len(rows) < 2:
        return None
    unreachable = set(unreachable_accounts(results.collection_errors))
    table = Table(title="Accounts and subscriptions, worst first", title_justify="left")
    table.add_column("Account")
    for status in Status:
        table.add_column(status.value.capitalize(), justify="right", style=STATUS_STYLE[status])
    table.add_column("Pass rate", justify="right")
    for provider, account, counts in rows[:MAX_ACCOUNT_ROWS]:
        label = Text(f"{clean(provider, 10)} {clean(account, 80)}")
        if account in unreachable:
            label.append(" unreachable", style="bold red")
        table.add_row(
            label, *(str(counts.get(s, 0)) for s in Status), format_rate(pass_rate(counts))
        )
    if len(rows) > MAX_ACCOUNT_ROWS:
        table.caption = f"{len(rows) - MAX_ACCOUNT_ROWS} more in the HTML and JSON reports"
    return table


def _failures(results: Results, verbose: bool) -> Table | None:
    by_policy: dict[str, list[Finding]] = defaultdict(list)
    for finding in results.findings:
        if finding.status in (Status.FAIL, Status.ERROR):
            by_policy[finding.policy_id].append(finding)
    if not by_policy:
        return None
    table = Table(title="Failures and errors by policy", title_justify="left", expand=False)
    table.add_column("Severity")
    table.add_column("Policy")
    table.add_column("Status")
    table.add_column("Resources")
    order = sorted(
        by_policy,
        key=lambda pid: (-results.policies[pid].severity.rank, pid),
    )
    for policy_id in order:
        info = results.policies[policy_id]
        findings = by_policy[policy_id]
        statuses = Text()
        for status in (Status.FAIL, Status.ERROR):
            n = sum(1 for f in findings if f.status is status)
            if n:
                statuses.append(f"{n} {status.value} ", style=STATUS_STYLE[status])
        resources = Text()
        for finding in findings[:MAX_RESOURCES_PER_POLICY]:
            ref = finding.resource
            where = "/".join(p for p in (ref.account, ref.region) if p)
            resources.append(clean(ref.name or ref.id, 80))
            if finding.baseline == "new":
                resources.append(" new", style="bold red")
            resources.append(f"  {clean(where, 60)}\n", style="dim")
            if finding.message:
                resources.append(f"  {clean(finding.message, 160)}\n", style="yellow")
            if verbose:
                for ev in finding.evidence:
                    if ev.result:
                        continue
                    resources.append(
                        f"  {clean(ev.path, 80)} {ev.op} {clean(ev.expected, 60)}: "
                        f"saw {clean(ev.observed, 80)}\n",
                        style="dim",
                    )
        if len(findings) > MAX_RESOURCES_PER_POLICY:
            resources.append(f"… and {len(findings) - MAX_RESOURCES_PER_POLICY} more\n")
        title = Text(clean(info.title, 100))
        title.append(f"\n{policy_id}", style="dim")
        table.add_row(
            Text(info.severity.value, style=SEVERITY_STYLE[info.severity]),
            title,
            statuses,
            resources,
        )
    return table


CONTROL_HEADING = {"not_applicable": "N/A", "not_covered": "Not covered"}


def _frameworks(results: Results) -> Table | None:
    """One row per framework: how many of its controls have each status."""
    views = framework_views(results)
    if not views:
        return None
    table = Table(title="Controls by framework", title_justify="left")
    table.add_column("Framework")
    for status in CONTROL_STATUSES:
        table.add_column(
            CONTROL_HEADING.get(status, CONTROL_LABELS[status]),
            justify="right",
            style=CONTROL_STYLE[status],
        )
    table.add_column("Findings pass rate", justify="right")
    for view in views:
        framework = view.framework
        label = Text(clean(framework.name or framework.id, 70))
        if framework.version:
            version = clean(framework.version, 20)
            label.append(f" v{version}" if version[:1].isdigit() else f" ({version})", style="dim")
        table.add_row(
            label,
            *(str(view.control_counts[s]) for s in CONTROL_STATUSES),
            format_rate(view.finding_pass_rate),
        )
    return table


def _change_lines(results: Results, findings: list[Finding], label: str, style: str) -> Text:
    text = Text()
    text.append(f"{label}: {len(findings)}\n", style=style)
    for finding in findings[:MAX_CHANGES]:
        info = results.policies.get(finding.policy_id)
        title = info.title if info is not None else f"{finding.policy_id} (policy removed)"
        severity = info.severity.value if info is not None else "-"
        ref = finding.resource
        text.append(f"  {severity:<8} ", style=SEVERITY_STYLE[info.severity] if info else "dim")
        text.append(clean(title, 70))
        text.append("  ")
        text.append(clean(ref.name or ref.id, 60))
        where = "/".join(p for p in (ref.account, ref.region) if p)
        text.append(f"  {clean(where, 60)}\n", style="dim")
    if len(findings) > MAX_CHANGES:
        text.append(f"  … and {len(findings) - MAX_CHANGES} more\n", style="dim")
    return text


def _baseline(results: Results) -> Text | None:
    if not has_baseline(results):
        return None
    text = _change_lines(
        results, new_failures(results), "New failures since the baseline", "bold red"
    )
    text.append_text(
        _change_lines(results, fixed_findings(results), "Fixed since the baseline", "bold green")
    )
    return text


def _waived(results: Results) -> Table | None:
    """Accepted failures with who accepted them, why, and until when."""
    waived = [f for f in ordered_findings(results) if f.status is Status.WAIVED]
    if not waived:
        return None
    table = Table(title=f"Waived failures ({len(waived)})", title_justify="left")
    for column in ("Policy", "Resource", "Waiver", "Reason", "Approved by", "Expires"):
        table.add_column(column)
    for finding in waived[:MAX_CHANGES]:
        waiver = finding.waiver or {}
        ref = finding.resource
        table.add_row(
            Text(clean(finding.policy_id, 60)),
            Text(clean(ref.name or ref.id, 60)),
            Text(clean(waiver.get("id", ""), 30)),
            Text(clean(waiver.get("reason", ""), 120)),
            Text(clean(waiver.get("approved_by", ""), 60)),
            Text(clean(waiver.get("expires", ""), 20)),
        )
    if len(waived) > MAX_CHANGES:
        table.caption = f"… and {len(waived) - MAX_CHANGES} more (see the reports)"
    return table


def verdict_line(
    failing: Sequence[Finding], fail_on: Severity | None, *, new_only: bool = False
) -> Text:
    """What the gate decided and why, as the last line a CI log shows."""
    if fail_on is None:
        return Text("Gate: off (--fail-on never)", style="dim")
    which = "new failure(s)" if new_only else "failure(s)"
    if failing:
        return Text(
            f"Gate: FAILED, {len(failing)} {which} at or above {fail_on.value}", style="bold red"
        )
    return Text(f"Gate: passed, no {which} at or above {fail_on.value}", style="bold green")


def render_changes(results: Results, console: Console) -> None:
    """``auditor diff``: new failures and fixes first, then what still fails and is waived."""
    text = _change_lines(results, new_failures(results), "New failures", "bold red")
    text.append_text(_change_lines(results, fixed_findings(results), "Fixed", "bold green"))
    existing = ordered_findings(
        results,
        (f for f in results.findings if f.status is Status.FAIL and f.baseline == "existing"),
    )
    text.append_text(_change_lines(results, existing, "Still failing", "yellow"))
    console.print(text)
    waived = _waived(results)
    if waived is not None:
        console.print(waived)


def _waiver_notes(results: Results) -> Text | None:
    if not results.waiver_notes:
        return None
    text = Text(f"{len(results.waiver_notes)} waiver(s) need attention:\n", style="yellow")
    for note in results.waiver_notes[:MAX_CHANGES]:
        text.append(f"  {clean(note.get('waiver', ''), 40)} {clean(note.get('kind', ''), 20)}: ")
        text.append(f"{clean(note.get('message', ''), 160)}\n")
    return text


def summary_line(results: Results) -> Text:
    summary = results.summary()
    line = Text()
    rate = summary.pass_rate
    line.append(f"{summary.resources} resources, {summary.policies} policies: ", style="bold")
    for status in Status:
        line.append(f"{summary.by_status.get(status, 0)} {status.value}", STATUS_STYLE[status])
        line.append("  ")
    if rate is not None:
        line.append(f"pass rate {format_rate(rate)}", style="bold")
    return line


def render_terminal(
    results: Results,
    console: Console,
    *,
    written: Sequence[Path] = (),
    verbose: bool = False,
    quiet: bool = False,
) -> None:
    if not quiet:
        console.print(_scope(results))
        console.print(_counts(results))
        parts = (
            _accounts(results),
            _baseline(results),
            _frameworks(results),
            _failures(results, verbose),
        )
        for part in (*parts, _waived(results)):
            if part is not None:
                console.print(part)
        notes = _waiver_notes(results)
        if notes is not None:
            console.print(notes)
        unreachable = unreachable_accounts(results.collection_errors)
        if unreachable:
            console.print(
                Text(
                    f"{len(unreachable)} account(s) could not be reached, so the scan is "
                    f"incomplete: {clean(', '.join(unreachable), 600)}",
                    style="bold red",
                )
            )
        if results.collection_errors:
            console.print(
                Text(
                    f"{len(results.collection_errors)} collection error(s): some data could not "
                    "be read; the affected policies report 'error'.",
                    style="yellow",
                )
            )
            for error in results.collection_errors[:10]:
                console.print(
                    Text(
                        f"  {error.resource_type} {error.account}/{error.region or '*'}: "
                        f"{clean(error.code, 60)}: {clean(error.message, 160)}",
                        style="yellow",
                    )
                )
    console.print(summary_line(results))
    for path in written:
        console.print(Text(f"Wrote {path}", style="dim"))
