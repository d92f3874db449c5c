"""Views of Results that several renderers share: groupings, rates, orderings, fingerprints.

Pure Python, no third-party import, so the machine formats and the HTML and terminal
views agree on what "the worst failures" or "the pass rate of a framework" mean.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from auditor.models import Finding, Severity, Status
from auditor.results import (
    CONTROL_STATUSES,
    ControlStatus,
    FrameworkStatus,
    PolicyInfo,
    Results,
)

STATUS_ORDER: tuple[Status, ...] = (Status.FAIL, Status.ERROR, Status.WAIVED, Status.PASS)
"""Worst first: how findings are listed wherever an order is needed."""

CONTROL_LABELS = {
    "pass": "Pass",
    "fail": "Fail",
    "error": "Error",
    "not_covered": "Not covered",
    "manual": "Manual",
    "not_applicable": "Not applicable",
}
"""How each of :data:`auditor.results.CONTROL_STATUSES` is named to a reader."""

_STATUS_RANK = {s: i for i, s in enumerate(STATUS_ORDER)}


def status_counts(findings: Iterable[Finding]) -> dict[Status, int]:
    counter = Counter(f.status for f in findings)
    return {s: counter.get(s, 0) for s in Status}


def pass_rate(counts: Mapping[Status, int]) -> float | None:
    """Passed over decided (pass + fail); ``None`` when nothing was decided."""
    decided = counts.get(Status.PASS, 0) + counts.get(Status.FAIL, 0)
    return None if decided == 0 else counts.get(Status.PASS, 0) / decided


def format_rate(rate: float | None) -> str:
    """A rate as a whole percentage, never rounded up to 100% while anything fails."""
    if rate is None:
        return "n/a"
    percent = int(rate * 100) if rate < 1 else 100
    return f"{percent}%"


def severity_rank(results: Results, finding: Finding) -> int:
    info = results.policies.get(finding.policy_id)
    return info.severity.rank if info is not None else -1


def ordered_findings(results: Results, findings: Iterable[Finding] | None = None) -> list[Finding]:
    """Worst status first, then most severe, new before existing, then policy and resource."""
    return sorted(
        results.findings if findings is None else findings,
        key=lambda f: (
            _STATUS_RANK[f.status],
            -severity_rank(results, f),
            f.baseline != "new",
            f.policy_id,
            f.resource.id,
        ),
    )


@dataclass(frozen=True)
class PolicyGroup:
    """One policy and its findings of the statuses asked for."""

    policy: PolicyInfo
    findings: tuple[Finding, ...]

    @property
    def counts(self) -> dict[Status, int]:
        return status_counts(self.findings)


def findings_by_policy(
    results: Results, statuses: Sequence[Status] = (Status.FAIL, Status.ERROR)
) -> list[PolicyGroup]:
    """Policies with findings of ``statuses``: most severe first, then most findings."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in results.findings:
        if finding.status in statuses:
            grouped[finding.policy_id].append(finding)
    groups = [
        PolicyGroup(results.policies[pid], tuple(ordered_findings(results, items)))
        for pid, items in grouped.items()
    ]
    groups.sort(
        key=lambda g: (
            -g.policy.severity.rank,
            -sum(1 for f in g.findings if f.status is Status.FAIL),
            g.policy.id,
        )
    )
    return groups


def by_account(results: Results) -> list[tuple[str, str, dict[Status, int]]]:
    """(provider, account, counts) for every account or subscription with findings, worst
    first: those nothing could be judged in, then by rising pass rate."""
    grouped: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in results.findings:
        grouped[(finding.resource.provider, finding.resource.account)].append(finding)
    rows = [(p, a, status_counts(grouped[(p, a)])) for p, a in grouped]

    def worst_first(row: tuple[str, str, dict[Status, int]]) -> tuple[float, str, str]:
        rate = pass_rate(row[2])
        return (-1.0 if rate is None else rate, row[0], row[1])

    return sorted(rows, key=worst_first)


def by_severity(results: Results) -> list[tuple[Severity, dict[Status, int]]]:
    grouped: dict[Severity, list[Finding]] = defaultdict(list)
    for finding in results.findings:
        grouped[results.policies[finding.policy_id].severity].append(finding)
    return [(s, status_counts(grouped[s])) for s in Severity]


def has_baseline(results: Results) -> bool:
    return bool(results.fixed) or any(f.baseline for f in results.findings)


def new_failures(results: Results) -> list[Finding]:
    return ordered_findings(
        results, (f for f in results.findings if f.status is Status.FAIL and f.baseline == "new")
    )


def fixed_findings(results: Results) -> list[Finding]:
    """Failures in the baseline that no longer fail; their policy may since have been removed."""
    return sorted(results.fixed, key=lambda f: (-severity_rank(results, f), f.key))


def fingerprint(finding: Finding) -> str:
    """Stable across runs for the same policy and resource, whatever else changes."""
    key = f"{finding.policy_id}\x00{finding.resource.id}".encode()
    return hashlib.sha256(key).hexdigest()


def natural_key(value: str) -> tuple[tuple[int, int | str], ...]:
    """Sort "2" before "11" and "3.1.4" after "3.1"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.\-_ ]", value)
    )


@dataclass(frozen=True)
class FrameworkView:
    """A framework's controls with the findings behind them.

    ``derived`` is true when the results carry no framework definitions and the
    controls were gathered from the policies' own mappings: then controls that no
    policy maps to are unknown and not listed.
    """

    framework: FrameworkStatus
    derived: bool
    control_counts: dict[str, int]
    finding_counts: dict[Status, int]
    findings_by_policy: Mapping[str, dict[Status, int]] = field(default_factory=dict)

    @property
    def finding_pass_rate(self) -> float | None:
        return pass_rate(self.finding_counts)


def _derived_frameworks(
    results: Results, counts: Mapping[str, dict[Status, int]]
) -> list[FrameworkStatus]:
    controls: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for info in results.policies.values():
        for framework, ids in info.frameworks.items():
            for control in ids:
                controls[framework][control].append(info.id)
    derived = []
    for framework in sorted(controls):
        items = []
        for control in sorted(controls[framework], key=natural_key):
            policies = tuple(sorted(controls[framework][control]))
            items.append(
                ControlStatus(
                    id=control,
                    title="",
                    status=_control_status(policies, counts),
                    policies=policies,
                )
            )
        derived.append(FrameworkStatus(id=framework, name=framework, controls=tuple(items)))
    return derived


def _control_status(policies: Sequence[str], counts: Mapping[str, dict[Status, int]]) -> str:
    total: Counter[Status] = Counter()
    for pid in policies:
        total.update(counts.get(pid, {}))
    if total[Status.FAIL]:
        return "fail"
    if total[Status.ERROR]:
        return "error"
    if total[Status.PASS] or total[Status.WAIVED]:
        return "pass"
    return "not_applicable"  # mapped policies ran but found nothing to judge


def framework_views(results: Results) -> list[FrameworkView]:
    per_policy: dict[str, dict[Status, int]] = {}
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in results.findings:
        grouped[finding.policy_id].append(finding)
    for pid in results.policies:
        per_policy[pid] = status_counts(grouped.get(pid, ()))

    frameworks: Sequence[FrameworkStatus] = results.frameworks
    derived = not frameworks
    if derived:
        frameworks = _derived_frameworks(results, per_policy)

    views = []
    for framework in frameworks:
        policy_ids = sorted({pid for c in framework.controls for pid in c.policies})
        totals: Counter[Status] = Counter()
        for pid in policy_ids:
            totals.update(per_policy.get(pid, {}))
        control_counts = Counter(c.status for c in framework.controls)
        views.append(
            FrameworkView(
                framework=framework,
                derived=derived,
                control_counts={
                    **{s: control_counts.get(s, 0) for s in CONTROL_STATUSES},
                    **{s: n for s, n in control_counts.items() if s not in CONTROL_STATUSES},
                },
                finding_counts={s: totals.get(s, 0) for s in Status},
                findings_by_policy={
                    pid: per_policy.get(pid, dict.fromkeys(Status, 0)) for pid in policy_ids
                },
            )
        )
    return views


def resource_label(finding: Finding) -> str:
    ref = finding.resource
    return ref.name or ref.id


def where(finding: Finding) -> str:
    ref = finding.resource
    return "/".join(p for p in (ref.account, ref.region) if p)


def failing_evidence(finding: Finding) -> list[str]:
    """One line per piece of evidence that decided against the resource.

    A leaf under ``not`` fails the resource by holding, so when no leaf is false every
    leaf is shown.
    """
    evidence = [ev for ev in finding.evidence if not ev.result] or list(finding.evidence)
    lines = []
    for ev in evidence:
        expected = json.dumps(ev.expected, default=str, sort_keys=True)
        observed = json.dumps(ev.observed, default=str, sort_keys=True)
        lines.append(f"{ev.path} {ev.op} {expected}: observed {observed}")
    return lines
