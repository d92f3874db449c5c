"""Evaluate policies over an inventory: pure, no I/O, no cloud SDK.

Each policy runs only over the resources of its type; each resource's evaluation
document is built once and shared by every policy of that type.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from auditor.engine.conditions import (
    ERRORS_KEY,
    Compiled,
    Context,
    MissingData,
    RelatedIndex,
    compile_condition,
)
from auditor.models import (
    CollectionError,
    Finding,
    Inventory,
    Resource,
    ResourceRef,
    Status,
)
from auditor.policy.model import Policy
from auditor.results import PolicyInfo, Results, sort_findings


def document(resource: Resource) -> dict[str, Any]:
    """The value a policy's paths are evaluated against: properties plus ``_`` metadata."""
    doc = dict(resource.properties)
    doc.update(
        _id=resource.id,
        _name=resource.name,
        _type=resource.type,
        _provider=resource.provider,
        _account=resource.account,
        _region=resource.region,
        _tags=dict(resource.tags),
    )
    if resource.errors:
        doc[ERRORS_KEY] = dict(resource.errors)
    return doc


class _Index(RelatedIndex):
    def __init__(
        self, docs: Mapping[str, Sequence[dict[str, Any]]], errors: Sequence[CollectionError]
    ) -> None:
        self._by_account: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self._by_region: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for rtype, items in docs.items():
            for doc in items:
                self._by_account[(rtype, doc["_account"])].append(doc)
                self._by_region[(rtype, doc["_account"], doc["_region"])].append(doc)
        self._errors = errors

    def lookup(
        self, resource_type: str, account: str, region: str | None
    ) -> Sequence[Mapping[str, Any]]:
        if region is None:
            return self._by_account.get((resource_type, account), [])
        return self._by_region.get((resource_type, account, region), [])

    def missing(self, resource_type: str, account: str, region: str) -> str | None:
        for error in self._errors:
            if error.resource_type == resource_type and error.account in ("", account):
                if not region or error.region in ("", region):
                    where = f" in {error.region}" if error.region else ""
                    return f"not collected{where}: {error.code}: {error.message}"
        return None


@dataclass(frozen=True)
class _CompiledPolicy:
    policy: Policy
    when: Compiled | None
    check: Compiled


def policy_info(policy: Policy) -> PolicyInfo:
    remediation = {k: v for k, v in policy.remediation.model_dump().items() if v}
    return PolicyInfo(
        id=policy.id,
        title=policy.title,
        resource=policy.resource,
        severity=policy.severity,
        description=policy.description,
        rationale=policy.rationale,
        remediation=remediation,
        frameworks={k: tuple(v) for k, v in policy.frameworks.items()},
        references=tuple(policy.references),
        tags=tuple(policy.tags),
    )


def _error_findings(policy: Policy, errors: Iterable[CollectionError]) -> list[Finding]:
    findings = []
    for error in errors:
        if error.resource_type != policy.resource:
            continue
        scope = f"{error.account or '*'}/{error.region or '*'}"
        ref = ResourceRef(
            id=f"{policy.resource}@{scope}",
            type=policy.resource,
            name=f"{policy.resource} in {scope} (not collected)",
            provider=error.provider,
            account=error.account,
            region=error.region,
        )
        findings.append(Finding(policy.id, ref, Status.ERROR, (), f"{error.code}: {error.message}"))
    return findings


def evaluate(
    policies: Sequence[Policy], inventory: Inventory, *, now: datetime | None = None
) -> Results:
    """Judge every resource against every policy of its type."""
    moment = now or datetime.now(UTC)
    docs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_type: dict[str, list[Resource]] = defaultdict(list)
    for resource in inventory.resources:
        by_type[resource.type].append(resource)
        docs[resource.type].append(document(resource))
    index = _Index(docs, inventory.errors)

    compiled = [
        _CompiledPolicy(
            p, compile_condition(p.when) if p.when is not None else None, compile_condition(p.check)
        )
        for p in policies
    ]
    refs = {rtype: [ResourceRef.of(r) for r in items] for rtype, items in by_type.items()}
    findings: list[Finding] = []
    for item in compiled:
        policy = item.policy
        findings.extend(_error_findings(policy, inventory.errors))
        ctx = Context(root={}, params=policy.params, now=moment, related=index)
        for ref, doc in zip(
            refs.get(policy.resource, ()), docs.get(policy.resource, ()), strict=True
        ):
            finding = _judge(item, ref, doc, ctx)
            if finding is not None:
                findings.append(finding)

    return Results(
        metadata=inventory.metadata,
        evaluated_at=moment.isoformat(timespec="seconds"),
        policies={p.id: policy_info(p) for p in policies},
        findings=sort_findings(findings),
        collection_errors=inventory.errors,
    )


def _judge(
    item: _CompiledPolicy, ref: ResourceRef, doc: dict[str, Any], ctx: Context
) -> Finding | None:
    ctx.root = doc
    ctx.evidence = []
    try:
        if item.when is not None and not item.when(doc, ctx):
            return None
        ctx.evidence = []
        passed = item.check(doc, ctx)
    except MissingData as missing:
        return Finding(item.policy.id, ref, Status.ERROR, tuple(ctx.evidence), missing.reason)
    return Finding(item.policy.id, ref, Status.PASS if passed else Status.FAIL, tuple(ctx.evidence))
