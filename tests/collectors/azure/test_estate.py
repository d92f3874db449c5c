"""Many subscriptions in one run: discovery, management groups, shards, unreachable ones."""

from __future__ import annotations

from typing import Any

import pytest

from auditor.collectors.azure.runner import AzureOptions, collect_azure
from auditor.demo.arm import arm_error
from auditor.errors import ScanError
from auditor.models import ACCOUNT_UNREACHABLE
from auditor.pipeline import scan_incomplete
from auditor.shards import Shard
from tests.collectors.azure.harness import (
    OTHER_SUB,
    SUB,
    FakeArm,
    example,
    items,
    rename,
    subscription_body,
)

TYPES = {"azure.storage.account", "azure.keyvault.vault"}
THIRD_SUB = "33333333-3333-3333-3333-333333333333"


def accounts_path(subscription: str) -> str:
    return f"/subscriptions/{subscription}/providers/Microsoft.Storage/storageAccounts"


def vaults_path(subscription: str) -> str:
    return f"/subscriptions/{subscription}/providers/Microsoft.KeyVault/vaults"


def serve_subscription(arm: FakeArm, subscription: str, account_name: str) -> None:
    account = rename(
        example("Microsoft.Storage/StorageAccountCreate.json", subscription), account_name
    )
    arm.routes.add_list(accounts_path(subscription), [account])
    arm.routes.add(
        f"{account['id']}/blobServices/default", example("Microsoft.Storage/BlobServicesGet.json")
    )
    arm.routes.add_list(vaults_path(subscription), [])


def deny_subscription(arm: FakeArm, subscription: str) -> None:
    denied = arm_error(403, "AuthorizationFailed", "The client has no access to the scope")
    arm.routes.add(accounts_path(subscription), denied)
    arm.routes.add(vaults_path(subscription), denied)
    arm.routes.add(f"/subscriptions/{subscription}", denied)


def subscription_entry(subscription: str, state: str = "Enabled") -> dict[str, Any]:
    entry = dict(items("Microsoft.Resources/GetSubscriptions.json")[0])
    entry.update(
        id=f"/subscriptions/{subscription}",
        subscriptionId=subscription,
        displayName=f"dfdr {subscription[:4]}",
        state=state,
    )
    return entry


def descendant(kind: str, name: str) -> dict[str, Any]:
    if kind == "subscription":
        return {
            "id": f"/subscriptions/{name}",
            "type": "Microsoft.Management/managementGroups/subscriptions",
            "name": name,
            "properties": {"displayName": f"dfdr {name[:4]}"},
        }
    return {
        "id": f"/providers/Microsoft.Management/managementGroups/{name}",
        "type": "Microsoft.Management/managementGroups",
        "name": name,
        "properties": {"displayName": name},
    }


def test_a_subscription_that_answers_403_everywhere_is_unreachable_and_the_rest_goes_on() -> None:
    arm = FakeArm()
    serve_subscription(arm, SUB, "dfdrrecords")
    deny_subscription(arm, OTHER_SUB)
    inventory = arm.collect(TYPES, subscriptions=(SUB, OTHER_SUB))
    assert [r.name for r in inventory.resources] == ["dfdrrecords"]
    assert {(e.account, e.resource_type, e.code) for e in inventory.errors} == {
        (OTHER_SUB, "azure.storage.account", ACCOUNT_UNREACHABLE),
        (OTHER_SUB, "azure.keyvault.vault", ACCOUNT_UNREACHABLE),
    }
    assert all("AuthorizationFailed" in e.message for e in inventory.errors)
    assert scan_incomplete(inventory)


def test_a_403_on_one_provider_is_not_an_unreachable_subscription() -> None:
    arm = FakeArm()
    serve_subscription(arm, SUB, "dfdrrecords")
    arm.routes.add(vaults_path(SUB), arm_error(403, "AuthorizationFailed", "no vault access"))
    inventory = arm.collect(TYPES)
    (error,) = inventory.errors
    assert (error.resource_type, error.code) == ("azure.keyvault.vault", "AuthorizationFailed")
    assert not scan_incomplete(inventory)


def test_every_provider_forbidden_in_a_readable_subscription_is_not_unreachable() -> None:
    arm = FakeArm()
    deny_subscription(arm, SUB)
    arm.routes.add(f"/subscriptions/{SUB}", subscription_body(SUB))
    inventory = arm.collect(TYPES)
    assert {e.code for e in inventory.errors} == {"AuthorizationFailed"}


def test_a_disabled_subscription_named_on_the_command_line_is_unreachable() -> None:
    arm = FakeArm()
    disabled = arm_error(409, "ReadOnlyDisabledSubscription", "The subscription is disabled")
    arm.routes.add(accounts_path(SUB), disabled)
    arm.routes.add(vaults_path(SUB), disabled)
    arm.routes.add(f"/subscriptions/{SUB}", subscription_body(SUB, "Disabled"))
    inventory = arm.collect(TYPES)
    assert {e.code for e in inventory.errors} == {ACCOUNT_UNREACHABLE}
    assert all("Disabled" in e.message for e in inventory.errors)


def test_discovery_leaves_out_disabled_and_deleted_subscriptions() -> None:
    arm = FakeArm()
    arm.routes.add_list(
        "/subscriptions",
        [
            subscription_entry(SUB),
            subscription_entry(OTHER_SUB, "Disabled"),
            subscription_entry(THIRD_SUB, "Warned"),
        ],
    )
    inventory = collect_azure(AzureOptions(token="t", transport=arm.transport), set())
    assert inventory.metadata.accounts == tuple(sorted((SUB, THIRD_SUB)))


def test_a_management_group_brings_every_subscription_under_it_at_any_depth() -> None:
    arm = FakeArm()
    arm.routes.add_list(
        "/providers/Microsoft.Management/managementGroups/dfdr/descendants",
        [
            descendant("group", "dfdr-production"),
            descendant("subscription", SUB),
            descendant("group", "dfdr-sandbox"),
            descendant("subscription", THIRD_SUB.upper()),
        ],
        page_size=2,
    )
    for subscription, name in ((SUB, "dfdrrecords"), (THIRD_SUB, "dfdrlab")):
        serve_subscription(arm, subscription, name)
    options = AzureOptions(token="t", transport=arm.transport, management_groups=("dfdr",))
    inventory = collect_azure(options, TYPES)
    assert inventory.metadata.accounts == tuple(sorted((SUB, THIRD_SUB)))
    assert {r.name: r.account for r in inventory.resources} == {
        "dfdrrecords": SUB,
        "dfdrlab": THIRD_SUB,
    }


def test_an_unreadable_management_group_is_a_clear_error() -> None:
    arm = FakeArm()
    arm.routes.add(
        "/providers/Microsoft.Management/managementGroups/dfdr/descendants",
        arm_error(403, "AuthorizationFailed", "no access to the group"),
    )
    options = AzureOptions(token="t", transport=arm.transport, management_groups=("dfdr",))
    with pytest.raises(ScanError, match="management group 'dfdr'.*Reader"):
        collect_azure(options, TYPES)


def test_shards_split_the_subscriptions_and_together_cover_them() -> None:
    subscriptions = (SUB, OTHER_SUB, THIRD_SUB)
    arm = FakeArm()
    for n, subscription in enumerate(subscriptions):
        serve_subscription(arm, subscription, f"dfdrstore{n}")
    full = {r.name for r in arm.collect(TYPES, subscriptions=subscriptions).resources}
    parts = [
        {
            r.name
            for r in arm.collect(TYPES, subscriptions=subscriptions, shard=Shard(i, 2)).resources
        }
        for i in (1, 2)
    ]
    assert parts[0] | parts[1] == full
    assert parts[0].isdisjoint(parts[1])
    assert len(full) == 3
