"""The storage collector against recorded ARM replies served to the real SDK client."""

from __future__ import annotations

from typing import Any

from auditor.collectors.azure.clients import RETRY_SETTINGS
from auditor.demo.arm import ArmReply, arm_error
from auditor.engine.evaluator import evaluate
from auditor.models import Inventory, ScanMetadata, Status
from auditor.policy import load_policies
from tests.collectors.azure.harness import SUB, FakeArm, example, items, rename, variant

ACCOUNTS = f"/subscriptions/{SUB}/providers/Microsoft.Storage/storageAccounts"
TYPE = "azure.storage.account"


def _created_account() -> dict[str, Any]:
    """The full account from the Create example: the only one with the security flags."""
    return dict(example("Microsoft.Storage/StorageAccountCreate.json"))


def serve_accounts(arm: FakeArm, accounts: list[dict[str, Any]], page_size: int = 0) -> None:
    arm.routes.add_list(ACCOUNTS, accounts, page_size)
    blob = example("Microsoft.Storage/BlobServicesGet.json")
    for account in accounts:
        arm.routes.add(f"{account['id']}/blobServices/default", blob)


def test_accounts_come_back_as_arm_json_with_blob_service(arm: FakeArm) -> None:
    account = _created_account()
    serve_accounts(arm, [account])
    inventory = arm.collect({TYPE})
    assert inventory.errors == ()
    (resource,) = inventory.resources
    assert resource.id == account["id"]
    assert resource.name == account["name"]
    assert resource.provider == "azure"
    assert resource.account == SUB
    assert resource.region == account["location"]
    assert resource.tags == account["tags"]
    props = resource.properties
    assert props["properties"]["minimumTlsVersion"] == "TLS1_2"
    assert props["properties"]["allowBlobPublicAccess"] is False
    assert props["blobService"]["properties"]["deleteRetentionPolicy"] == {
        "enabled": True,
        "days": 300,
    }
    assert inventory.metadata.accounts == (SUB,)
    assert inventory.metadata.providers == ("azure",)


def test_every_page_is_followed(arm: FakeArm) -> None:
    accounts = items("Microsoft.Storage/StorageAccountList.json")
    serve_accounts(arm, accounts, page_size=2)
    inventory = arm.collect({TYPE})
    assert len(accounts) == 6
    assert sorted(r.id for r in inventory.resources) == sorted(a["id"] for a in accounts)
    listing = [p for p in arm.routes.paths_called() if p.lower() == ACCOUNTS.lower()]
    assert len(listing) == 3


def test_throttling_is_retried_after_the_servers_wait(arm: FakeArm) -> None:
    account = _created_account()
    arm.routes.add_list(ACCOUNTS, [account])
    arm.routes.add(
        f"{account['id']}/blobServices/default",
        arm_error(429, "TooManyRequests", "slow down", **{"Retry-After": "7"}),
        example("Microsoft.Storage/BlobServicesGet.json"),
    )
    inventory = arm.collect({TYPE})
    (resource,) = inventory.resources
    assert resource.errors == {}
    assert resource.properties["blobService"]["name"] == "default"
    assert arm.transport.sleeps == [7.0]


def test_a_huge_retry_after_is_capped(arm: FakeArm) -> None:
    arm.routes.add(
        ACCOUNTS,
        arm_error(503, "ServerBusy", "later", **{"Retry-After": "86400"}),
        {"value": []},
    )
    inventory = arm.collect({TYPE})
    assert inventory.errors == ()
    assert arm.transport.sleeps == [60.0]


def test_persistent_server_errors_become_a_collection_error(arm: FakeArm) -> None:
    arm.routes.add(ACCOUNTS, arm_error(500, "InternalServerError", "broken"))
    inventory = arm.collect({TYPE})
    (error,) = inventory.errors
    assert (error.resource_type, error.account, error.code) == (TYPE, SUB, "InternalServerError")
    attempts = [p for p in arm.routes.paths_called() if p.lower() == ACCOUNTS.lower()]
    assert len(attempts) == 1 + RETRY_SETTINGS["retry_total"]  # retried, then gave up
    waits = arm.transport.sleeps
    assert waits == sorted(waits)
    assert max(waits) <= RETRY_SETTINGS["retry_backoff_max"]


def test_forbidden_provider_is_an_error_and_the_rest_goes_on(arm: FakeArm) -> None:
    other = "99999999-0000-0000-0000-000000000000"
    arm.routes.add(
        ACCOUNTS,
        arm_error(403, "AuthorizationFailed", "The client does not have authorization"),
    )
    theirs = rename(_created_account(), "otheraccount")
    theirs["id"] = theirs["id"].replace(SUB, other)
    arm.routes.add_list(
        f"/subscriptions/{other}/providers/Microsoft.Storage/storageAccounts", [theirs]
    )
    arm.routes.add(
        f"{theirs['id']}/blobServices/default", example("Microsoft.Storage/BlobServicesGet.json")
    )
    inventory = arm.collect({TYPE}, subscriptions=(SUB, other))
    (error,) = inventory.errors
    assert (error.account, error.code) == (SUB, "AuthorizationFailed")
    assert "does not have authorization" in error.message
    assert [r.account for r in inventory.resources] == [other]

    policies = [p for p in load_policies() if p.resource == TYPE]
    results = evaluate(policies, inventory)
    mine = {f.status for f in results.findings if f.resource.account == SUB}
    assert mine == {Status.ERROR}
    assert Status.PASS not in mine


def test_unreadable_blob_service_is_a_property_error(arm: FakeArm) -> None:
    account = _created_account()
    arm.routes.add_list(ACCOUNTS, [account])
    arm.routes.add(
        f"{account['id']}/blobServices/default",
        arm_error(403, "AuthorizationFailed", "no blob service read"),
    )
    (resource,) = arm.collect({TYPE}).resources
    assert resource.properties["blobService"] is None
    assert resource.errors == {"blobService": "AuthorizationFailed: no blob service read"}
    policy = next(p for p in load_policies() if p.id == "azure-storage-account-blob-soft-delete")
    tls = next(p for p in load_policies() if p.id == "azure-storage-account-min-tls-1-2")
    inventory = Inventory(ScanMetadata("", "", "test"), (resource,))
    by_policy = {f.policy_id: f.status for f in evaluate([policy, tls], inventory).findings}
    assert by_policy == {policy.id: Status.ERROR, tls.id: Status.PASS}


def test_file_storage_accounts_have_no_blob_service_to_read(arm: FakeArm) -> None:
    account = variant(_created_account())
    account["kind"] = "FileStorage"
    arm.routes.add_list(ACCOUNTS, [account])
    (resource,) = arm.collect({TYPE}).resources
    assert resource.properties["blobService"] is None
    assert resource.errors == {}
    assert all("blobServices" not in p for p in arm.routes.paths_called())


def test_collection_only_reads(arm: FakeArm) -> None:
    serve_accounts(arm, items("Microsoft.Storage/StorageAccountList.json"))
    arm.collect({TYPE})
    assert {method for method, _ in arm.routes.calls} == {"GET"}


def test_a_missing_reply_is_recorded_not_passed(arm: FakeArm) -> None:
    arm.routes.add(ACCOUNTS, ArmReply(404, {"error": {"code": "NotFound", "message": "gone"}}))
    inventory = arm.collect({TYPE})
    assert [e.code for e in inventory.errors] == ["NotFound"]
