"""Waivers: accepted failures, each with a reason, an approver and an expiry date.

A waiver turns a matching ``fail`` into ``waived``, which never fails the gate. It
never applies to ``error``: an error means the evidence is missing, and accepting a
risk nobody could see is not a decision anyone can approve. Every waiver expires
(at most :data:`MAX_WAIVER_DAYS` ahead), so accepted risks come back for review; an
expired waiver stops applying and is reported, and so is one that matches nothing.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from auditor.errors import ConfigError
from auditor.models import Finding, Status
from auditor.results import Results
from auditor.yamlmodels import invalid, load_model

DEFAULT_WAIVERS_FILE = "waivers.yaml"
MAX_WAIVER_DAYS = 366
"""No waiver may be written to last longer than this from the day it is loaded."""
EXPIRING_DAYS = 14
"""A waiver that expires within this many days is reported so it can be renewed in time."""

HINT = "Each waiver needs id, policy, resources and/or tags, reason, approved_by and expires."


class Waiver(BaseModel):
    """One accepted failure (or family of failures) of one policy (or a glob of them)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(pattern=r"^\S+$", description="Unique, stable name, e.g. W-2026-014.")
    policy: str = Field(min_length=1, description="Policy id, or a glob such as aws-s3-*.")
    resources: list[str] = Field(
        default_factory=list,
        description="Globs matched against the resource id (ARN, ARM id) or its name.",
    )
    tags: dict[str, str] = Field(
        default_factory=dict, description="Tags the resource must carry; values are globs."
    )
    reason: str = Field(min_length=1, description="Why the failure is accepted.")
    approved_by: str = Field(min_length=1, description="Who accepted the risk.")
    expires: date = Field(description="Last day the waiver applies (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _names_resources(self) -> Waiver:
        if not self.resources and not self.tags:
            raise ValueError(
                "a waiver must name resources (globs on id or name; '*' for every resource) or tags"
            )
        return self

    def record(self) -> dict[str, str]:
        """What a waived finding carries, for every report to show."""
        return {
            "id": self.id,
            "reason": self.reason,
            "approved_by": self.approved_by,
            "expires": self.expires.isoformat(),
        }


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    waivers: list[Waiver] = Field(default_factory=list)


def load_waivers(path: Path, *, today: date | None = None) -> tuple[Waiver, ...]:
    """Read and check a waiver file; raises :class:`ConfigError` naming file and line."""
    today = today or date.today()
    parsed, data, index = load_model(path, WaiverFile, "waiver file", HINT)
    messages = []
    seen: dict[str, int] = {}
    for i, waiver in enumerate(parsed.waivers):
        line = index.resolve(("waivers", i), data)[1]
        place = f"{path}, line {line}" if line else str(path)
        if waiver.id in seen:
            messages.append(
                f"{place}: duplicate waiver id {waiver.id!r} (first on line {seen[waiver.id]})"
            )
        seen.setdefault(waiver.id, line or 0)
        if waiver.expires > today + timedelta(days=MAX_WAIVER_DAYS):
            line = index.resolve(("waivers", i, "expires"), data)[1] or line
            messages.append(
                f"{path}, line {line}: waiver {waiver.id!r} expires on {waiver.expires}, more "
                f"than {MAX_WAIVER_DAYS} days ahead; waivers must be reviewed at least yearly"
            )
    if messages:
        raise invalid("waiver file", messages, HINT)
    return tuple(parsed.waivers)


def note(waiver: Waiver, kind: str, message: str) -> dict[str, str]:
    return {"waiver": waiver.id, "kind": kind, "message": message}


class _Matcher:
    """A waiver's globs compiled once, since a big estate checks thousands of findings."""

    def __init__(self, waiver: Waiver) -> None:
        self.waiver = waiver
        self.policy = _glob(waiver.policy)
        self.resources = (
            re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in waiver.resources))
            if waiver.resources
            else None
        )
        self.tags = {key: _glob(value) for key, value in waiver.tags.items()}

    def matches_resource(self, finding: Finding) -> bool:
        ref = finding.resource
        if self.resources is not None and not (
            self.resources.match(ref.id) or self.resources.match(ref.name)
        ):
            return False
        return all(
            key in ref.tags and pattern.match(ref.tags[key]) is not None
            for key, pattern in self.tags.items()
        )


def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(fnmatch.translate(pattern))


def apply_waivers(
    results: Results, waivers: Sequence[Waiver], *, today: date | None = None
) -> Results:
    """Mark failures covered by an unexpired waiver as waived; note expired and stale ones.

    The first waiver in file order that matches a failure is the one recorded.
    """
    if not waivers:
        return results
    today = today or date.today()
    matchers = [_Matcher(w) for w in waivers]
    by_policy: dict[str, list[_Matcher]] = {}
    used: dict[str, int] = dict.fromkeys((w.id for w in waivers), 0)
    findings = []
    for finding in results.findings:
        if finding.status is Status.FAIL:
            candidates = by_policy.get(finding.policy_id)
            if candidates is None:
                candidates = [m for m in matchers if m.policy.match(finding.policy_id)]
                by_policy[finding.policy_id] = candidates
            chosen: Waiver | None = None
            for matcher in candidates:  # every match is counted, so none looks stale
                if matcher.matches_resource(finding):
                    used[matcher.waiver.id] += 1
                    if chosen is None and matcher.waiver.expires >= today:
                        chosen = matcher.waiver
            if chosen is not None:
                finding = replace(finding, status=Status.WAIVED, waiver=chosen.record())
        findings.append(finding)
    notes = [*results.waiver_notes, *_notes(waivers, used, results.policies, today)]
    return replace(results, findings=tuple(findings), waiver_notes=tuple(notes))


def _notes(
    waivers: Iterable[Waiver], used: Mapping[str, int], policies: Iterable[str], today: date
) -> list[dict[str, str]]:
    policy_ids = list(policies)
    notes = []
    for waiver in waivers:
        count = used[waiver.id]
        if waiver.expires < today:
            notes.append(
                note(
                    waiver,
                    "expired",
                    f"Expired on {waiver.expires}; it no longer waives the {count} failure(s) "
                    "it matches. Fix them, or renew the waiver with a new approval.",
                )
            )
        elif count == 0:
            known = any(fnmatch.fnmatchcase(p, waiver.policy) for p in policy_ids)
            why = (
                "matches no failing finding in this run"
                if known
                else f"names policy {waiver.policy!r}, which matches no policy in this run"
            )
            notes.append(note(waiver, "stale", f"Stale: {why}. Remove it or correct it."))
        elif (waiver.expires - today).days < EXPIRING_DAYS:
            notes.append(
                note(
                    waiver,
                    "expiring",
                    f"Expires on {waiver.expires}; renew it or fix the {count} failure(s) "
                    "it covers.",
                )
            )
    return notes


def find_waivers(explicit: Path | None, configured: Path | None, cwd: Path) -> Path | None:
    """The waiver file a run uses: ``--waivers``, then the config's, then ./waivers.yaml."""
    chosen = explicit or configured
    if chosen is not None:
        if not chosen.is_file():
            raise ConfigError(
                f"The waiver file {chosen} does not exist. Give an existing file with "
                "--waivers (or 'gate.waivers' in the config file)."
            )
        return chosen
    default = cwd / DEFAULT_WAIVERS_FILE
    return default if default.is_file() else None
