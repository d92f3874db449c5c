"""What an identity needs to run every Azure collector: roles and ARM read actions."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from auditor.collectors.azure.catalog import AZURE_MODULES
from auditor.collectors.azure.runner import collectors_for


@dataclass(frozen=True)
class Requirement:
    resource_type: str
    roles: tuple[str, ...]
    actions: tuple[str, ...]


def requirements(resource_types: Collection[str] | None = None) -> list[Requirement]:
    """Per resource type (default: all), the built-in roles and actions its collector uses."""
    wanted = set(AZURE_MODULES) if resource_types is None else set(resource_types)
    return sorted(
        (Requirement(c.resource_type, c.roles, c.actions) for c in collectors_for(wanted)),
        key=lambda r: r.resource_type,
    )


ALWAYS = ("Microsoft.Resources/subscriptions/read",)
"""Read by every scan: which subscriptions the identity can see."""


def custom_role(found: list[Requirement]) -> dict[str, object]:
    """A custom role definition granting exactly the actions, for estates that avoid Reader."""
    actions = sorted({*ALWAYS, *(a for r in found for a in r.actions)})
    return {
        "Name": "auditor reader",
        "IsCustom": True,
        "Description": "Read-only access for auditor scans.",
        "Actions": actions,
        "NotActions": [],
        "DataActions": [],
        "NotDataActions": [],
        "AssignableScopes": ["/subscriptions/SUBSCRIPTION_ID"],
    }
