"""Role assignments, with their role names, and the role definitions in use.

An assignment names its role only by id, so every distinct role definition the
subscription's assignments use is read once and its name and type added to each
assignment. Role definitions are the custom roles defined at the subscription plus
the built-in roles assigned there (Owner always, so that its count is always judged;
the several hundred unassigned built-in roles are left out). Each definition carries
its assignments in the subscription, so a policy can count, for example, the owners.
"""

from __future__ import annotations

from typing import Any

from auditor.collectors.azure.base import (
    AzureCollector,
    AzureScope,
    arm_resource,
    map_concurrently,
    plain_list,
    read_detail,
)
from auditor.collectors.azure.plain import to_plain
from auditor.models import Resource

ASSIGNMENT = "azure.authorization.role_assignment"
DEFINITION = "azure.authorization.role_definition"
OWNER_ROLE = "8e3af657-a8ff-4c66-a3c2-0b6b5e2db7b7"
"""The built-in Owner role's id, the same in every tenant."""


def _guid(role_definition_id: str) -> str:
    return role_definition_id.rstrip("/").rsplit("/", 1)[-1].lower()


def _client(scope: AzureScope) -> Any:
    from azure.mgmt.authorization import AuthorizationManagementClient

    return scope.client(AuthorizationManagementClient)


def _assignments(scope: AzureScope) -> list[dict[str, Any]]:
    return plain_list(_client(scope).role_assignments.list_for_subscription())


def _definitions(
    scope: AzureScope, role_ids: list[str]
) -> dict[str, tuple[dict[str, Any] | None, str | None]]:
    """Each role definition id (by GUID, lower case) -> (definition, why it was unreadable)."""
    client = _client(scope)
    unique = sorted({_guid(r): r for r in role_ids}.items())

    def one(item: tuple[str, str]) -> tuple[str, tuple[dict[str, Any] | None, str | None]]:
        guid, role_id = item
        found, error = read_detail(lambda: client.role_definitions.get_by_id(role_id))
        return guid, (found, error)

    return dict(map_concurrently(one, unique))


def _read(client: Any) -> Any:
    """One role definition by id; None if it no longer exists, any other failure raised."""
    from azure.core.exceptions import ResourceNotFoundError

    def read(role_id: str) -> dict[str, Any] | None:
        try:
            return dict(to_plain(client.role_definitions.get_by_id(role_id)))
        except ResourceNotFoundError:
            return None

    return read


def _role_id(assignment: dict[str, Any]) -> str:
    return str((assignment.get("properties") or {}).get("roleDefinitionId") or "")


def collect_assignments(scope: AzureScope) -> list[Resource]:
    assignments = _assignments(scope)
    definitions = _definitions(scope, [_role_id(a) for a in assignments if _role_id(a)])
    resources = []
    for assignment in assignments:
        found, error = definitions.get(_guid(_role_id(assignment)), (None, None))
        props = (found or {}).get("properties") or {}
        resources.append(
            arm_resource(
                ASSIGNMENT,
                scope.subscription_id,
                assignment,
                extra={"roleDefinitionName": props.get("roleName"), "roleType": props.get("type")},
                errors={"roleDefinitionName": error, "roleType": error} if error else None,
            )
        )
    return resources


def collect_definitions(scope: AzureScope) -> list[Resource]:
    client = _client(scope)
    subscription = f"/subscriptions/{scope.subscription_id}"
    custom = plain_list(
        client.role_definitions.list(scope=subscription, filter="type eq 'CustomRole'")
    )
    assignments = _assignments(scope)
    by_role: dict[str, list[dict[str, Any]]] = {}
    for assignment in assignments:
        by_role.setdefault(_guid(_role_id(assignment)), []).append(assignment)
    known = {_guid(str(d.get("id") or "")) for d in custom}
    owner_id = f"{subscription}/providers/Microsoft.Authorization/roleDefinitions/{OWNER_ROLE}"
    wanted = [owner_id, *(_role_id(a) for a in assignments if _role_id(a))]
    missing = sorted({_guid(r): r for r in wanted if _guid(r) not in known}.values())
    definitions = [*custom, *(d for d in map_concurrently(_read(client), missing) if d)]
    resources = []
    for definition in definitions:
        held = by_role.get(_guid(str(definition.get("id") or "")), [])
        at_subscription = [a for a in held if _scope_of(a) == subscription.lower()]
        resources.append(
            arm_resource(
                DEFINITION,
                scope.subscription_id,
                definition,
                extra={
                    "assignments": [_summary(a) for a in held],
                    "subscriptionAssignmentCount": len(at_subscription),
                },
            )
        )
    return resources


def _scope_of(assignment: dict[str, Any]) -> str:
    return str((assignment.get("properties") or {}).get("scope") or "").rstrip("/").lower()


def _summary(assignment: dict[str, Any]) -> dict[str, Any]:
    props = assignment.get("properties") or {}
    return {
        "id": assignment.get("id"),
        "principalId": props.get("principalId"),
        "principalType": props.get("principalType"),
        "scope": props.get("scope"),
    }


COLLECTORS = [
    AzureCollector(
        resource_type=ASSIGNMENT,
        actions=(
            "Microsoft.Authorization/roleAssignments/read",
            "Microsoft.Authorization/roleDefinitions/read",
        ),
        collect=collect_assignments,
    ),
    AzureCollector(
        resource_type=DEFINITION,
        actions=(
            "Microsoft.Authorization/roleDefinitions/read",
            "Microsoft.Authorization/roleAssignments/read",
        ),
        collect=collect_definitions,
    ),
]
