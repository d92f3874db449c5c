"""Which loaded policies a run keeps: by id, framework, severity and tag, with exclusions.

Within one kind of filter any pattern may match (ids are globs, so are frameworks);
across kinds all must hold. A policy matching any exclusion is dropped. An empty
result, or an id pattern that names no policy at all, is an error: a gate that runs
nothing would pass for the wrong reason.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from auditor.errors import ConfigError
from auditor.models import Severity
from auditor.policy import Policy


@dataclass(frozen=True)
class Filter:
    """One side of a selection. Empty fields do not filter."""

    ids: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    severities: tuple[Severity, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.ids or self.frameworks or self.tags or self.severities)


@dataclass(frozen=True)
class Selection:
    include: Filter = Filter()
    exclude: Filter = Filter()
    min_severity: Severity | None = None

    @property
    def frameworks(self) -> tuple[str, ...]:
        """The frameworks a run reports on, when the selection names them."""
        return self.include.frameworks

    def __bool__(self) -> bool:
        return bool(self.include or self.exclude or self.min_severity)


def _any(values: Iterable[str], patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(v, p) for v in values for p in patterns)


def _frameworks(policy: Policy) -> list[str]:
    return [fw for fw, controls in policy.frameworks.items() if controls]


def _included(policy: Policy, rule: Filter) -> bool:
    return (
        (not rule.ids or _any([policy.id], rule.ids))
        and (not rule.frameworks or _any(_frameworks(policy), rule.frameworks))
        and (not rule.tags or _any(policy.tags, rule.tags))
        and (not rule.severities or policy.severity in rule.severities)
    )


def _excluded(policy: Policy, rule: Filter) -> bool:
    return (
        _any([policy.id], rule.ids)
        or _any(_frameworks(policy), rule.frameworks)
        or _any(policy.tags, rule.tags)
        or policy.severity in rule.severities
    )


def select(policies: Sequence[Policy], selection: Selection) -> list[Policy]:
    """The policies ``selection`` keeps; raises :class:`ConfigError` when none is left."""
    if not selection:
        return list(policies)
    unmatched = [p for p in selection.include.ids if not _any((x.id for x in policies), [p])]
    if unmatched:
        raise ConfigError(
            f"No loaded policy matches the policy id(s) {', '.join(map(repr, unmatched))}. "
            "'auditor policies list' shows the ids; globs such as 'aws-s3-*' are allowed."
        )
    chosen = [
        p
        for p in policies
        if _included(p, selection.include)
        and not _excluded(p, selection.exclude)
        and (selection.min_severity is None or p.severity.rank >= selection.min_severity.rank)
    ]
    if not chosen:
        raise ConfigError(
            f"The policy selection ({describe(selection)}) matches none of the "
            f"{len(policies)} loaded policies, so there is nothing to run. "
            "'auditor policies list' shows each policy's id, severity, frameworks and tags."
        )
    return chosen


def describe(selection: Selection) -> str:
    """The selection in words, for messages."""
    parts = []
    for label, rule in (("include", selection.include), ("exclude", selection.exclude)):
        for name in ("ids", "frameworks", "tags", "severities"):
            values = getattr(rule, name)
            if values:
                parts.append(f"{label} {name}: {', '.join(str(v) for v in values)}")
    if selection.min_severity is not None:
        parts.append(f"min severity: {selection.min_severity.value}")
    return "; ".join(parts) or "everything"
