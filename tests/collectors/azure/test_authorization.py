"""Role assignments resolved to role names, and the role definitions in use."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import unquote

from auditor.collectors.azure.authorization import OWNER_ROLE
from auditor.demo.arm import arm_error
from auditor.engine.evaluator import evaluate
from auditor.models import Status
from auditor.policy import load_policies
from tests.collectors.azure.harness import SUB, FakeArm, items

AUTH = f"/subscriptions/{SUB}/providers/Microsoft.Authorization"
ASSIGNMENTS = f"{AUTH}/roleAssignments"
DEFINITIONS = f"{AUTH}/roleDefinitions"
ASSIGNMENT = "azure.authorization.role_assignment"
DEFINITION = "azure.authorization.role_definition"
UAA_ROLE = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"


def _definition(guid: str, name: str, role_type: str, actions: list[str]) -> dict[str, Any]:
    """Ours: the REST examples have no role definition list; this is ARM's shape."""
    return {
        "id": f"{DEFINITIONS}/{guid}",
        "name": guid,
        "type": "Microsoft.Authorization/roleDefinitions",
        "properties": {
            "roleName": name,
            "type": role_type,
            "description": name,
            "permissions": [{"actions": actions, "notActions": []}],
            "assignableScopes": ["/" if role_type == "BuiltInRole" else f"/subscriptions/{SUB}"],
        },
    }


def _assignment(base: dict[str, Any], n: int, role: str, scope: str) -> dict[str, Any]:
    """Ours: copies of the example assignment with other roles, principals and scopes."""
    data = copy.deepcopy(base)
    data["name"] = f"00000000-0000-0000-0000-{n:012d}"
    data["id"] = f"{scope}/providers/Microsoft.Authorization/roleAssignments/{data['name']}"
    data["properties"].update(
        roleDefinitionId=f"{DEFINITIONS}/{role}",
        principalId=f"principal-{n}",
        scope=scope,
    )
    return data


def serve(arm: FakeArm, owners: int) -> dict[str, Any]:
    (example,) = items("Microsoft.Authorization/RoleAssignments_ListForScope.json")
    subscription = f"/subscriptions/{SUB}"
    assignments = [example]
    assignments += [_assignment(example, n, OWNER_ROLE, subscription) for n in range(owners)]
    assignments.append(_assignment(example, 90, OWNER_ROLE, f"{subscription}/resourceGroups/app"))
    assignments.append(_assignment(example, 91, UAA_ROLE, subscription))
    arm.routes.add_list(ASSIGNMENTS, assignments, page_size=2)
    contributor = example["properties"]["roleDefinitionId"]
    custom = _definition(
        "c0ffee00-0000-0000-0000-000000000001", "Platform admin", "CustomRole", ["*"]
    )
    arm.routes.add_list(DEFINITIONS, [custom])
    arm.routes.add(
        contributor,
        _definition(contributor.rsplit("/", 1)[-1], "Contributor", "BuiltInRole", ["*"]),
    )
    arm.routes.add(
        f"{DEFINITIONS}/{OWNER_ROLE}", _definition(OWNER_ROLE, "Owner", "BuiltInRole", ["*"])
    )
    arm.routes.add(
        f"{DEFINITIONS}/{UAA_ROLE}",
        _definition(UAA_ROLE, "User Access Administrator", "BuiltInRole", ["*/read"]),
    )
    return example


def test_assignments_carry_their_role_names(arm: FakeArm) -> None:
    example = serve(arm, owners=2)
    inventory = arm.collect({ASSIGNMENT})
    assert inventory.errors == ()
    assert len(inventory.resources) == 5  # three pages
    by_name = {r.name: r.properties for r in inventory.resources}
    assert by_name[example["name"]]["roleDefinitionName"] == "Contributor"
    assert by_name[example["name"]]["roleType"] == "BuiltInRole"
    names = sorted(p["roleDefinitionName"] for p in by_name.values())
    assert names == ["Contributor", "Owner", "Owner", "Owner", "User Access Administrator"]
    definition_reads = [p for p in arm.routes.paths_called() if "/roleDefinitions/" in p]
    assert len(definition_reads) == 3  # each distinct role read once

    policy = next(
        p
        for p in load_policies()
        if p.id == "azure-authorization-user-access-admin-not-at-subscription"
    )
    (finding,) = evaluate([policy], inventory).findings
    assert finding.status is Status.FAIL


def test_definitions_count_owners_and_flag_custom_admin_roles(arm: FakeArm) -> None:
    serve(arm, owners=4)
    inventory = arm.collect({DEFINITION})
    assert inventory.errors == ()
    by_role = {r.properties["properties"]["roleName"]: r.properties for r in inventory.resources}
    assert set(by_role) == {"Platform admin", "Owner", "Contributor", "User Access Administrator"}
    assert by_role["Owner"]["subscriptionAssignmentCount"] == 4
    assert len(by_role["Owner"]["assignments"]) == 5  # one more on a resource group
    assert by_role["Platform admin"]["assignments"] == []
    listing = [u for _, u in arm.routes.calls if u.split("?")[0].endswith("/roleDefinitions")]
    assert "CustomRole" in unquote(listing[0])  # only custom roles are listed
    policies = [p for p in load_policies() if p.resource == DEFINITION]
    role_of = {r.name: r.properties["properties"]["roleName"] for r in inventory.resources}
    statuses = {
        (f.policy_id, role_of[f.resource.name]): f.status
        for f in evaluate(policies, inventory).findings
    }
    assert statuses == {
        ("azure-authorization-owner-count", "Owner"): Status.FAIL,
        ("azure-authorization-no-custom-subscription-admin", "Platform admin"): Status.FAIL,
    }


def test_owner_is_judged_even_when_nobody_holds_it(arm: FakeArm) -> None:
    arm.routes.add_list(ASSIGNMENTS, [])
    arm.routes.add_list(DEFINITIONS, [])
    arm.routes.add(
        f"{DEFINITIONS}/{OWNER_ROLE}", _definition(OWNER_ROLE, "Owner", "BuiltInRole", ["*"])
    )
    (owner,) = arm.collect({DEFINITION}).resources
    assert owner.properties["subscriptionAssignmentCount"] == 0


def test_forbidden_role_reads_are_errors(arm: FakeArm) -> None:
    arm.routes.add(ASSIGNMENTS, arm_error(403, "AuthorizationFailed", "no role read"))
    arm.routes.add_list(DEFINITIONS, [])
    inventory = arm.collect({ASSIGNMENT, DEFINITION})
    assert sorted((e.resource_type, e.code) for e in inventory.errors) == [
        (ASSIGNMENT, "AuthorizationFailed"),
        (DEFINITION, "AuthorizationFailed"),
    ]


def test_an_unreadable_role_is_a_property_error(arm: FakeArm) -> None:
    (example,) = items("Microsoft.Authorization/RoleAssignments_ListForScope.json")
    arm.routes.add_list(ASSIGNMENTS, [example])
    arm.routes.add(
        example["properties"]["roleDefinitionId"], arm_error(403, "AuthorizationFailed", "no")
    )
    (resource,) = arm.collect({ASSIGNMENT}).resources
    assert resource.properties["roleDefinitionName"] is None
    assert resource.errors["roleDefinitionName"] == "AuthorizationFailed: no"
