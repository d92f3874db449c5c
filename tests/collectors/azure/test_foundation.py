"""What every Azure collector relies on: credentials, endpoints, the read-only guard and
the conversion of SDK models to plain ARM JSON."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError

from auditor.collectors.azure.base import error_code
from auditor.collectors.azure.clients import REFUSED_CODE, ClientFactory
from auditor.collectors.azure.credentials import (
    StaticTokenCredential,
    credential_scope,
    describe_identity,
    token_claims,
)
from auditor.collectors.azure.plain import to_plain
from auditor.collectors.azure.runner import AzureOptions, collect_azure
from auditor.demo.arm import arm_error
from auditor.errors import ScanError
from tests.collectors.azure.harness import SUB, FakeArm, example


def _jwt(claims: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none'})}.{part(claims)}.signature"


class RecordingCredential:
    def __init__(self) -> None:
        self.scopes: list[tuple[str, ...]] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken("token", 4102444800)


def test_token_scope_follows_the_endpoint() -> None:
    assert (
        credential_scope("https://management.azure.com") == "https://management.azure.com/.default"
    )
    assert (
        credential_scope("https://management.usgovcloudapi.net/")
        == "https://management.usgovcloudapi.net/.default"
    )
    assert credential_scope("https://127.0.0.1:8443") == "https://127.0.0.1:8443/.default"


def test_a_static_token_keeps_its_expiry_and_names_its_identity() -> None:
    token = _jwt({"exp": 4102444800, "upn": "ops@dept.gov.uk", "oid": "o-1", "tid": "t-1"})
    credential = StaticTokenCredential(token)
    issued = credential.get_token("https://management.azure.com/.default")
    assert issued.token == token and issued.expires_on == 4102444800
    assert describe_identity(token_claims(token)) == "ops@dept.gov.uk (oid o-1; tenant t-1)"
    assert token_claims("not-a-jwt") == {}
    service_principal = _jwt({"appid": "a-1", "oid": "o-2", "tid": "t-1"})
    assert describe_identity(token_claims(service_principal)) == "app a-1 (oid o-2; tenant t-1)"


def test_every_client_uses_the_endpoint_and_its_scope() -> None:
    from azure.mgmt.storage import StorageManagementClient

    arm = FakeArm()
    arm.routes.add_list(f"/subscriptions/{SUB}/providers/Microsoft.Storage/storageAccounts", [])
    credential = RecordingCredential()
    factory = ClientFactory(credential, "https://arm.example.test/", arm.transport)
    client = factory.client(StorageManagementClient, SUB)
    assert list(client.storage_accounts.list()) == []
    assert arm.routes.calls[0][1].startswith("https://arm.example.test/subscriptions/")
    assert credential.scopes == [("https://arm.example.test/.default",)]


def test_a_request_that_is_not_a_read_never_leaves_the_process() -> None:
    from azure.mgmt.storage import StorageManagementClient

    arm = FakeArm()
    client = ClientFactory(RecordingCredential(), None, arm.transport).client(
        StorageManagementClient, SUB
    )
    with pytest.raises(HttpResponseError, match="auditor only reads") as raised:
        client.storage_accounts.delete("group", "account")
    assert error_code(raised.value) == REFUSED_CODE
    assert arm.routes.calls == []


def test_an_unregistered_provider_means_no_resources_and_nothing_is_registered() -> None:
    arm = FakeArm()
    arm.routes.add(
        f"/subscriptions/{SUB}/providers/Microsoft.Storage/storageAccounts",
        arm_error(
            409,
            "MissingSubscriptionRegistration",
            "The subscription is not registered to use namespace 'Microsoft.Storage'.",
        ),
    )
    inventory = arm.collect({"azure.storage.account"})
    assert inventory.resources == () and inventory.errors == ()
    assert {method for method, _ in arm.routes.calls} == {"GET"}


def test_both_sdk_model_families_become_the_same_rest_json() -> None:
    from azure.mgmt.monitor.v2021_05_01_preview.models import (
        DiagnosticSettingsResource,
        LogSettings,
    )
    from azure.mgmt.storage.models import StorageAccount

    body = example("Microsoft.Storage/StorageAccountCreate.json")
    assert to_plain(StorageAccount(body)) == body
    older = DiagnosticSettingsResource(
        workspace_id="/w", logs=[LogSettings(category="AuditEvent", enabled=True)]
    )
    assert to_plain(older) == {
        "properties": {"workspaceId": "/w", "logs": [{"category": "AuditEvent", "enabled": True}]}
    }


def test_subscriptions_are_discovered_when_none_are_named() -> None:
    arm = FakeArm()
    listed = example("Microsoft.Resources/GetSubscriptions.json")["value"]
    arm.routes.add_list("/subscriptions", listed, page_size=1)
    inventory = collect_azure(AzureOptions(token="t", transport=arm.transport), set())
    assert inventory.metadata.accounts == tuple(sorted(s["subscriptionId"] for s in listed))


def test_a_rejected_token_stops_the_scan_with_advice() -> None:
    arm = FakeArm()
    arm.routes.add("/subscriptions", arm_error(401, "InvalidAuthenticationToken", "expired"))
    with pytest.raises(ScanError, match="rejected the credential"):
        collect_azure(AzureOptions(token="t", transport=arm.transport), set())


def test_no_visible_subscription_says_what_to_do() -> None:
    arm = FakeArm()
    arm.routes.add_list("/subscriptions", [])
    with pytest.raises(ScanError, match="Reader role"):
        collect_azure(AzureOptions(token="t", transport=arm.transport), set())


def test_a_named_tenant_is_asked_for_every_token() -> None:
    from auditor.collectors.azure.credentials import TenantCredential

    seen: list[Any] = []

    class Inner:
        def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
            seen.append(kwargs.get("tenant_id"))
            return AccessToken("t", 4102444800)

    TenantCredential(Inner(), "tenant-1").get_token("https://management.azure.com/.default")
    assert seen == ["tenant-1"]


def test_requests_carry_the_static_token_as_a_bearer_header() -> None:
    from azure.mgmt.storage import StorageManagementClient

    arm = FakeArm()
    arm.routes.add_list(f"/subscriptions/{SUB}/providers/Microsoft.Storage/storageAccounts", [])
    headers: list[str] = []
    original = arm.transport.send

    def send(request: Any, **kwargs: Any) -> Any:
        headers.append(request.headers.get("Authorization", ""))
        return original(request, **kwargs)

    arm.transport.send = send  # type: ignore[method-assign]
    factory = ClientFactory(StaticTokenCredential("pipeline-token"), None, arm.transport)
    list(factory.client(StorageManagementClient, SUB).storage_accounts.list())
    assert headers == ["Bearer pipeline-token"]


def test_scalars_become_json_values() -> None:
    import datetime as dt
    import enum

    class Tier(enum.Enum):
        STANDARD = "Standard"

    when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert to_plain({"t": when, "tier": Tier.STANDARD, "raw": b"\x00\x01", "n": (1, 2)}) == {
        "t": "2026-01-02T03:04:05+00:00",
        "tier": "Standard",
        "raw": "AAE=",
        "n": [1, 2],
    }
