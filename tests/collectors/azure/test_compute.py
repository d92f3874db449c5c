"""Virtual machines and managed disks, listed by subscription through the real SDK."""

from __future__ import annotations

from auditor.demo.arm import arm_error
from auditor.engine.evaluator import evaluate
from auditor.models import Status
from auditor.policy import load_policies
from tests.collectors.azure.harness import SUB, FakeArm, items, rename, variant

VMS = f"/subscriptions/{SUB}/providers/Microsoft.Compute/virtualMachines"
DISKS = f"/subscriptions/{SUB}/providers/Microsoft.Compute/disks"
VM = "azure.compute.vm"
DISK = "azure.compute.disk"


def _statuses(policy_id: str, resource_type: str, arm: FakeArm) -> dict[str, Status]:
    policy = next(p for p in load_policies() if p.id == policy_id)
    inventory = arm.collect({resource_type})
    return {f.resource.name: f.status for f in evaluate([policy], inventory).findings}


def test_vms_come_back_with_storage_and_security_profiles(arm: FakeArm) -> None:
    legacy, other = items("Microsoft.Compute/VirtualMachine_ListBySubscription_ByLocation.json")
    legacy = rename(legacy, "legacy-vhd")
    # Ours: no example VM has managed disks and encryption at host.
    modern = variant(
        rename(other, "modern"),
        securityProfile={"encryptionAtHost": True, "securityType": "TrustedLaunch"},
        storageProfile={
            "osDisk": {
                "osType": "Linux",
                "name": "modern-os",
                "createOption": "FromImage",
                "managedDisk": {"id": f"{DISKS}/modern-os", "storageAccountType": "Premium_LRS"},
            },
            "dataDisks": [],
        },
    )
    arm.routes.add_list(VMS, [legacy, modern], page_size=1)
    inventory = arm.collect({VM})
    assert inventory.errors == ()
    by_name = {r.name: r for r in inventory.resources}
    assert set(by_name) == {"legacy-vhd", "modern"}
    assert "vhd" in by_name["legacy-vhd"].properties["properties"]["storageProfile"]["osDisk"]
    assert by_name["modern"].properties["properties"]["securityProfile"]["encryptionAtHost"]
    assert by_name["modern"].region == "eastus"
    assert by_name["modern"].tags == {"RG": "rg", "testTag": "1"}
    listing = [p for p in arm.routes.paths_called() if p.lower() == VMS.lower()]
    assert len(listing) == 2

    assert _statuses("azure-compute-vm-managed-disks", VM, arm) == {
        "legacy-vhd": Status.FAIL,
        "modern": Status.PASS,
    }
    assert _statuses("azure-compute-vm-encryption-at-host", VM, arm) == {
        "legacy-vhd": Status.FAIL,
        "modern": Status.PASS,
    }


def test_disks_are_listed_across_pages_with_encryption_and_state(arm: FakeArm) -> None:
    disks = items("Microsoft.Compute/Disk_ListBySubscription.json")
    # Ours: the example disks carry no disk state or network access policy.
    disks[0] = variant(disks[0], diskState="Attached", networkAccessPolicy="DenyAll")
    disks[1] = variant(disks[1], diskState="Unattached", networkAccessPolicy="AllowAll")
    arm.routes.add_list(DISKS, disks, page_size=2)
    inventory = arm.collect({DISK})
    assert inventory.errors == ()
    assert [r.name for r in inventory.resources] == [d["name"] for d in disks]
    first = inventory.resources[0].properties["properties"]
    assert first["encryption"] == {"type": "EncryptionAtRestWithPlatformKey"}
    assert first["encryptionSettingsCollection"]["enabled"] is True
    assert _statuses("azure-compute-disk-not-unattached", DISK, arm) == {
        "myManagedDisk1": Status.PASS,
        "myManagedDisk2": Status.FAIL,
        "myManagedDisk3": Status.PASS,
    }
    assert _statuses("azure-compute-disk-no-public-network", DISK, arm) == {
        "myManagedDisk1": Status.PASS,
        "myManagedDisk2": Status.FAIL,
        "myManagedDisk3": Status.FAIL,
    }


def test_a_forbidden_provider_is_an_error_and_the_other_type_goes_on(arm: FakeArm) -> None:
    arm.routes.add(VMS, arm_error(403, "AuthorizationFailed", "no compute read"))
    arm.routes.add_list(DISKS, items("Microsoft.Compute/Disk_ListBySubscription.json"))
    inventory = arm.collect({VM, DISK})
    (error,) = inventory.errors
    assert (error.resource_type, error.account, error.code) == (VM, SUB, "AuthorizationFailed")
    assert {r.type for r in inventory.resources} == {DISK}
    policies = [p for p in load_policies() if p.resource == VM]
    assert {f.status for f in evaluate(policies, inventory).findings} == {Status.ERROR}
