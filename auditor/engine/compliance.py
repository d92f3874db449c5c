"""Per-framework, per-control status from the findings: pure, no I/O.

The rules (also in docs/frameworks.md), applied to the policies that ran:

- A control no loaded policy maps to is ``not_covered`` (or ``manual`` when it needs
  evidence no cloud API gives). It is never shown as passing.
- A mapped policy that failed on any resource fails the control; failing to read the
  data it needed makes the control ``error`` (a failure elsewhere still wins).
- Waived findings are accepted exceptions: they do not fail the control, and they
  count as judged, so a control whose findings are all pass or waived passes.
- Mapped policies that judged nothing (no resource of their type in scope) give
  ``not_applicable``; policies with no resources do not weaken the others' verdict.
- A ``manual`` control is never passed by checks: mapped checks can fail it or show
  an error, otherwise it stays ``manual`` with the checks listed as supporting evidence.
- A control with sub-controls (NCSC sub-principles, Cyber Essentials themes) takes the
  worst status of its own checks and its sub-controls, ignoring ``not_applicable``
  parts unless every part is; so a principle passes only when all of it does.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from auditor.models import Status
from auditor.policy.frameworks import Control, Framework
from auditor.results import CONTROL_STATUSES, ControlStatus, FrameworkStatus, Results

_RANK = {status: rank for rank, status in enumerate(CONTROL_STATUSES)}


def assess(results: Results, frameworks: Sequence[Framework]) -> Results:
    """``results`` with the status of every control of ``frameworks``."""
    by_policy: dict[str, Counter[Status]] = defaultdict(Counter)
    for finding in results.findings:
        by_policy[finding.policy_id][finding.status] += 1
    statuses = tuple(_assess_framework(fw, results, by_policy) for fw in frameworks)
    return dataclasses.replace(results, frameworks=statuses)


def worst(statuses: Iterable[str]) -> str:
    """The status a group of parts summarises to (see the module docstring)."""
    parts = list(statuses)
    decided = [s for s in parts if s != "not_applicable"]
    if not decided:
        return "not_applicable"
    return min(decided, key=_RANK.__getitem__)


def _assess_framework(
    framework: Framework, results: Results, by_policy: Mapping[str, Counter[Status]]
) -> FrameworkStatus:
    mapped: dict[str, list[str]] = defaultdict(list)
    for policy_id in sorted(results.policies):
        for control_id in results.policies[policy_id].frameworks.get(framework.id, ()):
            mapped[control_id].append(policy_id)

    own = {c.id: _leaf_status(c, mapped.get(c.id, []), by_policy) for c in framework.controls}
    status: dict[str, str] = {}
    policies: dict[str, list[str]] = {}
    for control in reversed(framework.controls):  # children are defined after parents
        children = framework.children(control.id)
        ids = list(mapped.get(control.id, []))
        for child in children:
            ids.extend(policies[child.id])
        policies[control.id] = sorted(set(ids))
        if not children:
            status[control.id] = own[control.id]
            continue
        parts = [status[child.id] for child in children]
        if mapped.get(control.id):
            parts.append(own[control.id])
        status[control.id] = worst(parts)

    controls = tuple(
        ControlStatus(
            id=c.id,
            title=c.title,
            status=status[c.id],
            policies=tuple(policies[c.id]),
            description=c.description,
            section=_section(framework, c),
            counts=_counts(policies[c.id], by_policy),
        )
        for c in framework.controls
    )
    return FrameworkStatus(
        id=framework.id,
        name=framework.name,
        version=framework.version,
        url=framework.url,
        controls=controls,
    )


def _leaf_status(
    control: Control, policy_ids: Sequence[str], by_policy: Mapping[str, Counter[Status]]
) -> str:
    unjudged = "not_covered" if control.automated else "manual"
    if not policy_ids:
        return unjudged
    seen = {status for pid in policy_ids for status in by_policy.get(pid, {})}
    if Status.FAIL in seen:
        return "fail"
    if Status.ERROR in seen:
        return "error"
    if not control.automated:
        return "manual"
    if seen & {Status.PASS, Status.WAIVED}:
        return "pass"
    return "not_applicable"


def _counts(policy_ids: Sequence[str], by_policy: Mapping[str, Counter[Status]]) -> dict[str, int]:
    counted: Counter[Status] = Counter()
    for pid in policy_ids:
        counted.update(by_policy.get(pid, {}))
    return {s.value: counted[s] for s in Status if counted[s]}


def _section(framework: Framework, control: Control) -> str:
    if control.section:
        return control.section
    if control.parent is not None:
        parent = framework.control(control.parent)
        if parent is not None:
            return f"{parent.id} {parent.title}"
    return ""
