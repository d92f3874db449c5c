"""Compare a run with an earlier one: which failures are new, which existed, which are fixed.

A finding is identified across runs by its policy id and resource id only (an ARN or ARM
id does not change when a tag or a setting does). Failures and waived failures are the
findings compared; a pass or an error has nothing to compare.

Something that failed before counts as fixed only when this run could see that it no
longer fails: it now passes, or its resource is gone from a scope this run read (same
policy run, account and region scanned, no collection error there). A failure that now
reports ``error`` is not fixed: nobody could check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from auditor.models import Finding, Status
from auditor.results import Results, sort_findings

PROBLEM = (Status.FAIL, Status.WAIVED)
NEW = "new"
EXISTING = "existing"
FIXED = "fixed"


@dataclass(frozen=True)
class Comparison:
    """The three lists a reader of a change wants, worst first where it matters."""

    new: tuple[Finding, ...]
    existing: tuple[Finding, ...]
    fixed: tuple[Finding, ...]


def _problems(findings: Iterable[Finding]) -> dict[tuple[str, str], Finding]:
    return {f.key: f for f in findings if f.status in PROBLEM}


def _seen_scope(results: Results, finding: Finding) -> bool:
    """Whether this run read the place where ``finding``'s resource lived."""
    ref = finding.resource
    meta = results.metadata
    if finding.policy_id not in results.policies:
        return False
    if meta.accounts and ref.account and ref.account not in meta.accounts:
        return False
    if meta.regions and ref.region and ref.region not in meta.regions:
        return False
    return not any(e.covers(ref.type, ref.account, ref.region) for e in results.collection_errors)


def mark_baseline(results: Results, baseline: Results) -> Results:
    """``results`` with each failure marked new or existing, and the fixed ones listed."""
    before = _problems(baseline.findings)
    now = {f.key: f for f in results.findings}
    findings = tuple(
        replace(f, baseline=EXISTING if f.key in before else NEW) if f.status in PROBLEM else f
        for f in results.findings
    )
    fixed = []
    for key, old in before.items():
        current = now.get(key)
        if (
            current is None
            and _seen_scope(results, old)
            or (current is not None and current.status is Status.PASS)
        ):
            fixed.append(replace(old, baseline=FIXED))
    return replace(results, findings=findings, fixed=sort_findings(fixed))


def compare(results: Results, baseline: Results) -> Comparison:
    """What changed between ``baseline`` and ``results`` (``auditor diff OLD NEW``)."""
    marked = mark_baseline(results, baseline)
    return Comparison(
        new=tuple(f for f in marked.findings if f.baseline == NEW),
        existing=tuple(f for f in marked.findings if f.baseline == EXISTING),
        fixed=marked.fixed,
    )
