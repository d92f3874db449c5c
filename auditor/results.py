"""Results: findings plus what a renderer needs to explain them, and nothing else.

Renderers take a :class:`Results` and never the policies or the inventory, so any
saved results file can be re-rendered later (``auditor report``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from auditor.models import (
    CollectionError,
    Evidence,
    Finding,
    ResourceRef,
    ScanMetadata,
    Severity,
    Status,
)

RESULTS_FORMAT = "auditor-results"
RESULTS_VERSION = 1


@dataclass(frozen=True, slots=True)
class PolicyInfo:
    id: str
    title: str
    resource: str
    severity: Severity
    description: str = ""
    rationale: str = ""
    remediation: Mapping[str, str] = field(default_factory=dict)
    frameworks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    references: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "resource": self.resource,
            "severity": self.severity.value,
            "description": self.description,
            "rationale": self.rationale,
            "remediation": dict(self.remediation),
            "frameworks": {k: list(v) for k, v in self.frameworks.items()},
            "references": list(self.references),
            "tags": list(self.tags),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PolicyInfo:
        return cls(
            id=str(data["id"]),
            title=str(data.get("title", "")),
            resource=str(data.get("resource", "")),
            severity=Severity(data.get("severity", "info")),
            description=str(data.get("description", "")),
            rationale=str(data.get("rationale", "")),
            remediation={str(k): str(v) for k, v in (data.get("remediation") or {}).items()},
            frameworks={
                str(k): tuple(str(c) for c in v) for k, v in (data.get("frameworks") or {}).items()
            },
            references=tuple(data.get("references") or ()),
            tags=tuple(data.get("tags") or ()),
        )


@dataclass(frozen=True, slots=True)
class Summary:
    total: int
    by_status: Mapping[Status, int]
    by_severity: Mapping[Severity, Mapping[Status, int]]
    resources: int
    policies: int

    @property
    def pass_rate(self) -> float | None:
        """Passed over decided (pass + fail); ``None`` when nothing was decided."""
        decided = self.by_status.get(Status.PASS, 0) + self.by_status.get(Status.FAIL, 0)
        return None if decided == 0 else self.by_status.get(Status.PASS, 0) / decided

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "resources": self.resources,
            "policies": self.policies,
            "pass_rate": self.pass_rate,
            "by_status": {s.value: self.by_status.get(s, 0) for s in Status},
            "by_severity": {
                sev.value: {s.value: self.by_severity.get(sev, {}).get(s, 0) for s in Status}
                for sev in Severity
            },
        }


CONTROL_STATUSES = ("fail", "error", "not_covered", "manual", "pass", "not_applicable")
"""Every control status, worst first (the order a group of controls is summarised in).

pass: every mapped policy passed (or was waived) on every resource it judged, and at
least one judged something. fail: a mapped policy failed somewhere. error: the data a
mapped policy needed could not be read. manual: the control needs evidence no cloud
API gives; mapped checks can still fail it but never pass it. not_applicable: the
mapped policies ran but found no resource to judge. not_covered: no loaded policy maps
to the control. Never pass without a check behind it.
"""


@dataclass(frozen=True, slots=True)
class ControlStatus:
    """One framework control and what the policies mapped to it found."""

    id: str
    title: str
    status: str
    """One of :data:`CONTROL_STATUSES`."""
    policies: tuple[str, ...] = ()
    description: str = ""
    section: str = ""
    counts: Mapping[str, int] = field(default_factory=dict)
    """Findings of the mapped policies by finding status (pass, fail, error, waived)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "policies": list(self.policies),
            "description": self.description,
            "section": self.section,
            "counts": dict(self.counts),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ControlStatus:
        return cls(
            id=str(data["id"]),
            title=str(data.get("title", "")),
            status=str(data.get("status", "")),
            policies=tuple(data.get("policies") or ()),
            description=str(data.get("description", "")),
            section=str(data.get("section", "")),
            counts={str(k): int(v) for k, v in (data.get("counts") or {}).items()},
        )


@dataclass(frozen=True, slots=True)
class FrameworkStatus:
    """A compliance framework's controls with their status for this run."""

    id: str
    name: str
    version: str = ""
    url: str = ""
    controls: tuple[ControlStatus, ...] = ()

    def status_counts(self) -> dict[str, int]:
        """How many controls have each status, in :data:`CONTROL_STATUSES` order."""
        counted = Counter(c.status for c in self.controls)
        return {status: counted.get(status, 0) for status in CONTROL_STATUSES}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "url": self.url,
            "controls": [c.to_dict() for c in self.controls],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FrameworkStatus:
        return cls(
            id=str(data["id"]),
            name=str(data.get("name", "")),
            version=str(data.get("version", "")),
            url=str(data.get("url", "")),
            controls=tuple(ControlStatus.from_dict(c) for c in data.get("controls") or ()),
        )


@dataclass(frozen=True, slots=True)
class Results:
    metadata: ScanMetadata
    evaluated_at: str
    policies: Mapping[str, PolicyInfo]
    findings: tuple[Finding, ...]
    collection_errors: tuple[CollectionError, ...] = ()
    frameworks: tuple[FrameworkStatus, ...] = ()
    fixed: tuple[Finding, ...] = ()
    """Failures in the baseline that no longer fail (empty without a baseline)."""
    waiver_notes: tuple[Mapping[str, str], ...] = ()
    """Waivers that need attention: {"waiver", "kind" (expired | stale | expiring), "message"}."""

    def severity_of(self, finding: Finding) -> Severity:
        return self.policies[finding.policy_id].severity

    def summary(self) -> Summary:
        by_status: Counter[Status] = Counter()
        by_severity: dict[Severity, Counter[Status]] = {s: Counter() for s in Severity}
        for finding in self.findings:
            by_status[finding.status] += 1
            by_severity[self.severity_of(finding)][finding.status] += 1
        return Summary(
            total=len(self.findings),
            by_status=dict(by_status),
            by_severity={k: dict(v) for k, v in by_severity.items()},
            resources=len({f.resource.id for f in self.findings}),
            policies=len(self.policies),
        )

    def failures_at_or_above(self, threshold: Severity) -> list[Finding]:
        return [
            f
            for f in self.findings
            if f.status is Status.FAIL and self.severity_of(f).rank >= threshold.rank
        ]


def finding_to_dict(finding: Finding, policy: PolicyInfo) -> dict[str, Any]:
    data: dict[str, Any] = {
        "policy_id": finding.policy_id,
        "title": policy.title,
        "severity": policy.severity.value,
        "status": finding.status.value,
        "resource": finding.resource.to_dict(),
        "evidence": [e.to_dict() for e in finding.evidence],
        "frameworks": {k: list(v) for k, v in policy.frameworks.items()},
    }
    if finding.message:
        data["message"] = finding.message
    if finding.waiver is not None:
        data["waiver"] = dict(finding.waiver)
    if finding.baseline:
        data["baseline"] = finding.baseline
    return data


def finding_from_dict(data: Mapping[str, Any]) -> Finding:
    return Finding(
        policy_id=str(data["policy_id"]),
        resource=ResourceRef.from_dict(data["resource"]),
        status=Status(data["status"]),
        evidence=tuple(
            Evidence(
                path=str(e.get("path", "")),
                op=str(e.get("op", "")),
                expected=e.get("expected"),
                observed=e.get("observed"),
                result=bool(e.get("result")),
            )
            for e in data.get("evidence") or ()
        ),
        message=str(data.get("message", "")),
        waiver={str(k): str(v) for k, v in data["waiver"].items()} if data.get("waiver") else None,
        baseline=str(data.get("baseline", "")),
    )


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """A stable order (policy, resource) so two runs over the same estate diff cleanly."""
    return tuple(sorted(findings, key=lambda f: (f.policy_id, f.resource.id)))


def results_from_dict(data: Any, source: str = "results") -> Results:
    """Read a results document written by the JSON renderer."""
    from auditor.errors import InventoryError

    if not isinstance(data, dict) or data.get("format") != RESULTS_FORMAT:
        raise InventoryError(
            f'{source} is not an auditor results file (expected "format": "{RESULTS_FORMAT}"). '
            "Results files are written by 'auditor scan' or 'auditor evaluate' with --format json."
        )
    if data.get("version") != RESULTS_VERSION:
        raise InventoryError(
            f"{source} is results format version {data.get('version')}; this auditor reads "
            f"version {RESULTS_VERSION}."
        )
    try:
        meta = dict(data.get("metadata") or {})
        evaluated_at = str(meta.pop("evaluated_at", ""))
        policies = {p["id"]: PolicyInfo.from_dict(p) for p in data.get("policies") or ()}
        findings = tuple(finding_from_dict(f) for f in data.get("findings") or ())
        errors = tuple(CollectionError.from_dict(e) for e in data.get("collection_errors") or ())
        frameworks = tuple(FrameworkStatus.from_dict(f) for f in data.get("frameworks") or ())
        fixed = tuple(finding_from_dict(f) for f in data.get("fixed") or ())
        notes = tuple(
            {str(k): str(v) for k, v in n.items()} for n in data.get("waiver_notes") or ()
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InventoryError(f"{source} has a malformed entry ({exc!r}).") from None
    unknown = {f.policy_id for f in findings} - set(policies)
    if unknown:
        raise InventoryError(f"{source} has findings for undeclared policies: {sorted(unknown)}.")
    return Results(
        ScanMetadata.from_dict(meta),
        evaluated_at,
        policies,
        findings,
        errors,
        frameworks,
        fixed,
        notes,
    )
