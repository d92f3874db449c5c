"""Join the outputs of several runs (shards of one estate) into one.

Shards cover disjoint accounts, so merging is concatenation; a resource or finding that
appears twice (a shard re-run, an account scanned by two shards) is kept once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from auditor.errors import ConfigError
from auditor.models import CollectionError, Finding, Inventory, Resource, ScanMetadata
from auditor.results import Results, sort_findings


def _union(values: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(sorted({v for group in values for v in group if v}))


def merge_metadata(items: Sequence[ScanMetadata]) -> ScanMetadata:
    started = [m.started_at for m in items if m.started_at]
    finished = [m.finished_at for m in items if m.finished_at]
    identities = list(dict.fromkeys(m.identity for m in items if m.identity))
    return ScanMetadata(
        started_at=min(started) if started else "",
        finished_at=max(finished) if finished else "",
        tool_version=items[0].tool_version if items else "",
        providers=_union(m.providers for m in items),
        identity=", ".join(identities),
        accounts=_union(m.accounts for m in items),
        regions=_union(m.regions for m in items),
        resource_types=_union(m.resource_types for m in items),
        source="merge" if len(items) > 1 else (items[0].source if items else "merge"),
    )


def merge_inventories(inventories: Sequence[Inventory]) -> Inventory:
    if not inventories:
        raise ConfigError("Nothing to merge: give at least one inventory.")
    resources: dict[tuple[str, str], Resource] = {}
    for inventory in inventories:
        for resource in inventory.resources:
            resources.setdefault((resource.type, resource.id), resource)
    errors = list(dict.fromkeys(e for inv in inventories for e in inv.errors))
    errors.sort(key=lambda e: (e.resource_type, e.account, e.region))
    ordered = sorted(resources.values(), key=lambda r: (r.type, r.account, r.region, r.id))
    return Inventory(
        merge_metadata([i.metadata for i in inventories]), tuple(ordered), tuple(errors)
    )


def merge_results(parts: Sequence[Results]) -> Results:
    """One results document for the whole estate; policies must agree across parts."""
    if not parts:
        raise ConfigError("Nothing to merge: give at least one results file.")
    policies = dict(parts[0].policies)
    for part in parts[1:]:
        for policy_id, info in part.policies.items():
            known = policies.setdefault(policy_id, info)
            if known.severity != info.severity or known.resource != info.resource:
                raise ConfigError(
                    f"Cannot merge: policy {policy_id!r} differs between the results files "
                    "(severity or resource type). Merge results produced by the same policies."
                )
    findings: dict[tuple[str, str], Finding] = {}
    for part in parts:
        for finding in part.findings:
            findings.setdefault(finding.key, finding)
    fixed: dict[tuple[str, str], Finding] = {}
    for part in parts:
        for finding in part.fixed:
            fixed.setdefault(finding.key, finding)
    errors: list[CollectionError] = list(
        dict.fromkeys(e for part in parts for e in part.collection_errors)
    )
    notes = list(dict.fromkeys(tuple(sorted(n.items())) for p in parts for n in p.waiver_notes))
    first = parts[0]
    return replace(
        first,
        metadata=merge_metadata([p.metadata for p in parts]),
        evaluated_at=max(p.evaluated_at for p in parts),
        policies=policies,
        findings=sort_findings(findings.values()),
        collection_errors=tuple(errors),
        frameworks=(),
        fixed=sort_findings(fixed.values()),
        waiver_notes=tuple(dict(n) for n in notes),
    )


def shard(accounts: Sequence[str], index: int, count: int) -> list[str]:
    """The accounts shard ``index`` of ``count`` scans (1-based), the same on every machine.

    Accounts are sorted and dealt round-robin, so shards differ in size by at most one
    and adding an account moves as few others as a stable order allows.
    """
    if count < 1 or not 1 <= index <= count:
        raise ConfigError(
            f"--shard {index}/{count} is not valid: use I/N with 1 <= I <= N, e.g. --shard 2/4."
        )
    return sorted(dict.fromkeys(accounts))[index - 1 :: count]


def parse_shard(text: str) -> tuple[int, int]:
    index, sep, count = text.partition("/")
    try:
        parsed = int(index), int(count)
    except ValueError:
        parsed = (0, 0)
    if not sep or parsed[1] < 1 or not 1 <= parsed[0] <= parsed[1]:
        raise ConfigError(
            f"--shard {text!r} is not valid: use I/N with 1 <= I <= N, e.g. --shard 2/4."
        )
    return parsed
