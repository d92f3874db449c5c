"""Key vaults, listed by subscription with their properties."""

from __future__ import annotations

from auditor.demo.arm import arm_error
from tests.collectors.azure.harness import SUB, FakeArm, example, items, rename, variant

VAULTS = f"/subscriptions/{SUB}/providers/Microsoft.KeyVault/vaults"
TYPE = "azure.keyvault.vault"


def test_vaults_come_with_their_properties(arm: FakeArm) -> None:
    listed = items("Microsoft.KeyVault/listVaultBySubscription.json")
    firewalled = rename(example("Microsoft.KeyVault/createVaultWithNetworkAcls.json"), "locked")
    # Ours: the examples never set purge protection or RBAC authorisation.
    hardened = variant(
        rename(listed[0], "hardened"),
        enablePurgeProtection=True,
        enableRbacAuthorization=True,
        publicNetworkAccess="Disabled",
    )
    arm.routes.add_list(VAULTS, [*listed, firewalled, hardened], page_size=1)
    inventory = arm.collect({TYPE})
    assert inventory.errors == ()
    by_name = {r.name: r for r in inventory.resources}
    assert set(by_name) == {"sample-vault", "locked", "hardened"}
    assert by_name["sample-vault"].properties["properties"]["enableSoftDelete"] is True
    assert by_name["locked"].properties["properties"]["networkAcls"]["defaultAction"] == "Deny"
    assert by_name["hardened"].properties["properties"]["enablePurgeProtection"] is True
    assert all(r.region == "westus" for r in inventory.resources)
    assert all("/resources" not in p for p in arm.routes.paths_called())


def test_a_forbidden_provider_is_an_error(arm: FakeArm) -> None:
    arm.routes.add(VAULTS, arm_error(403, "AuthorizationFailed", "denied"))
    inventory = arm.collect({TYPE})
    assert inventory.resources == ()
    assert [e.code for e in inventory.errors] == ["AuthorizationFailed"]
