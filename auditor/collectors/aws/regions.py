"""Which regions a scan visits: the account's enabled ones, and what it must skip.

An opt-in region the account has not enabled rejects every call, so naming one with
``--region`` is reported as a collection error per regional type instead of being
called; a name that is no region of the partition at all is a usage error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from auditor.collectors.aws.base import AWS_ERRORS, SessionFactory
from auditor.errors import ScanError

NOT_ENABLED = "RegionNotEnabled"


@dataclass(frozen=True)
class RegionPlan:
    scan: tuple[str, ...]
    skipped: tuple[str, ...] = ()
    """Named regions that are opt-in and not enabled for the account."""


def _statuses(factory: SessionFactory, home: str) -> dict[str, str]:
    reply = factory.client("ec2", home).describe_regions(AllRegions=True)
    return {
        str(r["RegionName"]): str(r.get("OptInStatus") or "opt-in-not-required")
        for r in reply.get("Regions", [])
    }


def enabled_regions(factory: SessionFactory, home: str) -> tuple[str, ...]:
    """Every region the account can use; raises the SDK error if they cannot be listed."""
    return tuple(sorted(n for n, s in _statuses(factory, home).items() if s != "not-opted-in"))


def plan_named(factory: SessionFactory, home: str, named: Sequence[str]) -> RegionPlan:
    """Check regions named by the user; unverifiable names are scanned as given."""
    try:
        statuses = _statuses(factory, home)
    except AWS_ERRORS:
        return RegionPlan(tuple(named))
    unknown = [r for r in named if r not in statuses]
    if unknown and statuses:
        known = ", ".join(sorted(statuses)[:6])
        raise ScanError(
            f"--region {', '.join(unknown)}: not a region of this AWS partition "
            f"(regions include {known}, ...). Check the spelling."
        )
    skipped = tuple(r for r in named if statuses.get(r) == "not-opted-in")
    return RegionPlan(tuple(r for r in named if r not in skipped), skipped)


def not_enabled_message(region: str) -> str:
    return (
        f"{region} is an opt-in region that this account has not enabled, so it was not "
        "scanned. Enable it in the account settings or leave it out of --region."
    )
