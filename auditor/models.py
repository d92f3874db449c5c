"""The plain data that flows between the stages: resources, errors, findings.

Everything here is frozen and JSON-friendly so an inventory can be saved, diffed
and evaluated later without any cloud SDK.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

JSON = Any

ACCOUNT_UNREACHABLE = "AccountUnreachable"
"""CollectionError code for an account or subscription none of whose data could be read."""


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    WAIVED = "waived"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse, so thresholds compare with ``>=``."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}


@dataclass(frozen=True, slots=True)
class Resource:
    """One cloud resource as collected.

    ``id`` is globally unique and recognisable (an ARN, an ARM id). ``errors`` maps a
    top-level property name to why it could not be read, so a policy that needs that
    property reports ``error`` instead of judging an absent value.
    """

    type: str
    id: str
    name: str
    provider: str
    account: str
    region: str
    tags: Mapping[str, str] = field(default_factory=dict)
    properties: Mapping[str, JSON] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, JSON]:
        data: dict[str, JSON] = {
            "type": self.type,
            "id": self.id,
            "name": self.name,
            "provider": self.provider,
            "account": self.account,
            "region": self.region,
            "tags": dict(self.tags),
            "properties": dict(self.properties),
        }
        if self.errors:
            data["errors"] = dict(self.errors)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, JSON]) -> Resource:
        return cls(
            type=str(data["type"]),
            id=str(data["id"]),
            name=str(data.get("name", "")),
            provider=str(data["provider"]),
            account=str(data.get("account", "")),
            region=str(data.get("region", "")),
            tags={str(k): str(v) for k, v in (data.get("tags") or {}).items()},
            properties=dict(data.get("properties") or {}),
            errors={str(k): str(v) for k, v in (data.get("errors") or {}).items()},
        )


@dataclass(frozen=True, slots=True)
class CollectionError:
    """A resource type that could not be read in one scope (account and region).

    ``region`` is empty for a failure that covers every region of the account.
    """

    resource_type: str
    provider: str
    account: str
    region: str
    code: str
    message: str

    def covers(self, resource_type: str, account: str, region: str) -> bool:
        return (
            self.resource_type == resource_type
            and self.account in ("", account)
            and self.region in ("", region)
        )

    def to_dict(self) -> dict[str, str]:
        return {
            "resource_type": self.resource_type,
            "provider": self.provider,
            "account": self.account,
            "region": self.region,
            "code": self.code,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, JSON]) -> CollectionError:
        return cls(
            resource_type=str(data["resource_type"]),
            provider=str(data.get("provider", "")),
            account=str(data.get("account", "")),
            region=str(data.get("region", "")),
            code=str(data.get("code", "")),
            message=str(data.get("message", "")),
        )


@dataclass(frozen=True, slots=True)
class ScanMetadata:
    """Who scanned what, when, with which tool: the scope an auditor needs to see."""

    started_at: str
    finished_at: str
    tool_version: str
    providers: tuple[str, ...] = ()
    identity: str = ""
    accounts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    resource_types: tuple[str, ...] = ()
    source: str = "scan"

    def to_dict(self) -> dict[str, JSON]:
        return {
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "tool_version": self.tool_version,
            "providers": list(self.providers),
            "identity": self.identity,
            "accounts": list(self.accounts),
            "regions": list(self.regions),
            "resource_types": list(self.resource_types),
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, JSON]) -> ScanMetadata:
        return cls(
            started_at=str(data.get("started_at", "")),
            finished_at=str(data.get("finished_at", "")),
            tool_version=str(data.get("tool_version", "")),
            providers=tuple(data.get("providers") or ()),
            identity=str(data.get("identity", "")),
            accounts=tuple(data.get("accounts") or ()),
            regions=tuple(data.get("regions") or ()),
            resource_types=tuple(data.get("resource_types") or ()),
            source=str(data.get("source", "scan")),
        )


@dataclass(frozen=True, slots=True)
class Inventory:
    """What a scan saw: resources, what it could not see, and the scan's scope."""

    metadata: ScanMetadata
    resources: tuple[Resource, ...] = ()
    errors: tuple[CollectionError, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """One observed value that took part in a decision."""

    path: str
    op: str
    expected: JSON
    observed: JSON
    result: bool

    def to_dict(self) -> dict[str, JSON]:
        return {
            "path": self.path,
            "op": self.op,
            "expected": self.expected,
            "observed": self.observed,
            "result": self.result,
        }


@dataclass(frozen=True, slots=True)
class ResourceRef:
    """The part of a resource a finding needs to name it."""

    id: str
    type: str
    name: str
    provider: str
    account: str
    region: str
    tags: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, resource: Resource) -> ResourceRef:
        return cls(
            resource.id,
            resource.type,
            resource.name,
            resource.provider,
            resource.account,
            resource.region,
            resource.tags,
        )

    def to_dict(self) -> dict[str, JSON]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "provider": self.provider,
            "account": self.account,
            "region": self.region,
            "tags": dict(self.tags),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, JSON]) -> ResourceRef:
        return cls(
            id=str(data["id"]),
            type=str(data.get("type", "")),
            name=str(data.get("name", "")),
            provider=str(data.get("provider", "")),
            account=str(data.get("account", "")),
            region=str(data.get("region", "")),
            tags={str(k): str(v) for k, v in (data.get("tags") or {}).items()},
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """The outcome of one policy on one resource (or on one unreadable scope)."""

    policy_id: str
    resource: ResourceRef
    status: Status
    evidence: tuple[Evidence, ...] = ()
    message: str = ""
    waiver: Mapping[str, str] | None = None
    """For a waived finding: the waiver's id, reason, approved_by and expires."""
    baseline: str = ""
    """Against a baseline: "new" or "existing"; empty when no baseline was given."""

    @property
    def key(self) -> tuple[str, str]:
        """What identifies a finding across runs: the policy and the resource."""
        return (self.policy_id, self.resource.id)


def unreachable_accounts(errors: Iterable[CollectionError]) -> list[str]:
    """Accounts or subscriptions a scan was asked to read but could not reach at all."""
    return sorted({e.account for e in errors if e.code == ACCOUNT_UNREACHABLE})
