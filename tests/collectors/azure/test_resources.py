"""Subscriptions, resource groups and the generic resource listing."""

from __future__ import annotations

from auditor.demo.arm import arm_error
from tests.collectors.azure.harness import SUB, FakeArm, example, items, rename

GROUPS = f"/subscriptions/{SUB}/resourcegroups"
RESOURCES = f"/subscriptions/{SUB}/resources"


def test_the_subscription_is_one_resource_named_by_its_display_name(arm: FakeArm) -> None:
    subscription = example("Microsoft.Resources/GetSubscriptions.json")["value"][0]
    subscription["subscriptionId"] = SUB
    arm.routes.add(f"/subscriptions/{SUB}", subscription)
    (resource,) = arm.collect({"azure.subscription"}).resources
    assert resource.id == f"/subscriptions/{SUB}"
    assert resource.name == "Example Subscription"
    assert resource.region == ""
    assert resource.tags == {"tagKey1": "tagValue1", "tagKey2": "tagValue2"}
    assert resource.properties["state"] == "Enabled"
    assert resource.properties["subscriptionPolicies"]["spendingLimit"] == "Off"


def test_resource_groups_are_listed_across_pages(arm: FakeArm) -> None:
    # Derived: the specs have no ResourceGroups_List example, so the page is built from
    # the CreateResourceGroup reply (see tests/fixtures/azure/MANIFEST.md).
    group = example("Microsoft.Resources/CreateResourceGroup.json")
    groups = [rename(group, f"rg-{n}") for n in range(5)]
    groups[1]["location"] = "uksouth"
    arm.routes.add_list(GROUPS, groups, page_size=2)
    inventory = arm.collect({"azure.resources.group"})
    assert sorted(r.name for r in inventory.resources) == [f"rg-{n}" for n in range(5)]
    assert {r.region for r in inventory.resources} == {"eastus", "uksouth"}
    assert all(r.account == SUB for r in inventory.resources)


def test_generic_resources_carry_type_location_and_tags(arm: FakeArm) -> None:
    # Derived: Resources_List items in the generic shape, from the other list examples.
    listed = [
        {k: v for k, v in item.items() if k in ("id", "name", "type", "location", "tags", "kind")}
        for item in items("Microsoft.Storage/StorageAccountList.json")
        + items("Microsoft.KeyVault/listVaultBySubscription.json")
    ]
    listed.append(
        {
            "id": f"/subscriptions/{SUB}/resourceGroups/dns/providers/Microsoft.Network"
            "/dnszones/x.uk",
            "name": "x.uk",
            "type": "Microsoft.Network/dnszones",
            "location": "global",
        }
    )
    arm.routes.add_list(RESOURCES, listed, page_size=3)
    inventory = arm.collect({"azure.resources.resource"})
    assert len(inventory.resources) == len(listed)
    by_name = {r.name: r for r in inventory.resources}
    assert by_name["sample-vault"].properties["type"] == "Microsoft.KeyVault/vaults"
    assert by_name["x.uk"].region == "global"


def test_a_forbidden_listing_is_a_collection_error_for_that_type(arm: FakeArm) -> None:
    arm.routes.add(GROUPS, arm_error(403, "AuthorizationFailed", "denied"))
    arm.routes.add_list(RESOURCES, [])
    inventory = arm.collect({"azure.resources.group", "azure.resources.resource"})
    assert [(e.resource_type, e.code) for e in inventory.errors] == [
        ("azure.resources.group", "AuthorizationFailed")
    ]


def test_residency_judges_located_resources_and_leaves_global_ones(arm: FakeArm) -> None:
    from auditor.engine.evaluator import evaluate
    from auditor.models import Status
    from auditor.policy import load_policies

    base = f"/subscriptions/{SUB}/resourceGroups/rg/providers"
    listed = [
        {
            "id": f"{base}/Microsoft.Compute/disks/a",
            "name": "a",
            "type": "t",
            "location": "uksouth",
        },
        {"id": f"{base}/Microsoft.Compute/disks/b", "name": "b", "type": "t", "location": "eastus"},
        {
            "id": f"{base}/Microsoft.Network/dnszones/c",
            "name": "c",
            "type": "t",
            "location": "global",
        },
    ]
    arm.routes.add_list(RESOURCES, listed)
    inventory = arm.collect({"azure.resources.resource"})
    policy = [p for p in load_policies() if p.id == "azure-resource-allowed-location"]
    statuses = {f.resource.name: f.status for f in evaluate(policy, inventory).findings}
    assert statuses == {"a": Status.PASS, "b": Status.FAIL}
