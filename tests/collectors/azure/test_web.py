"""App Service sites with their site configuration, from the real SDK."""

from __future__ import annotations

from typing import Any

from auditor.demo.arm import arm_error
from auditor.engine.evaluator import evaluate
from auditor.models import Status
from auditor.policy import load_policies
from tests.collectors.azure.harness import SUB, FakeArm

SITES = f"/subscriptions/{SUB}/providers/Microsoft.Web/sites"
SITE = "azure.web.site"


def _site(name: str, https_only: bool, identity: str | None) -> dict[str, Any]:
    """Ours: the shared REST examples hold no App Service payloads; this is ARM's shape."""
    site: dict[str, Any] = {
        "id": f"/subscriptions/{SUB}/resourceGroups/web/providers/Microsoft.Web/sites/{name}",
        "name": name,
        "type": "Microsoft.Web/sites",
        "kind": "app",
        "location": "UK South",
        "tags": {"service": name},
        "properties": {
            "state": "Running",
            "hostNames": [f"{name}.azurewebsites.net"],
            "httpsOnly": https_only,
            "clientCertEnabled": False,
        },
    }
    if identity:
        site["identity"] = {"type": identity, "principalId": f"{name}-principal"}
    return site


def _config(site: dict[str, Any], tls: str, ftps: str, debugging: bool) -> dict[str, Any]:
    """Ours: the site configuration in the shape of web_apps.get_configuration."""
    return {
        "id": f"{site['id']}/config/web",
        "name": site["name"],
        "type": "Microsoft.Web/sites/config",
        "properties": {
            "minTlsVersion": tls,
            "ftpsState": ftps,
            "remoteDebuggingEnabled": debugging,
            "http20Enabled": True,
        },
    }


def test_sites_come_with_their_configuration_across_pages(arm: FakeArm) -> None:
    good = _site("records-portal", True, "SystemAssigned")
    weak = _site("legacy-forms", False, None)
    third = _site("status", True, "UserAssigned")
    arm.routes.add_list(SITES, [good, weak, third], page_size=2)
    arm.routes.add(f"{good['id']}/config/web", _config(good, "1.2", "Disabled", False))
    arm.routes.add(f"{weak['id']}/config/web", _config(weak, "1.0", "AllAllowed", True))
    arm.routes.add(f"{third['id']}/config/web", _config(third, "1.3", "FtpsOnly", False))
    inventory = arm.collect({SITE})
    assert inventory.errors == ()
    by_name = {r.name: r for r in inventory.resources}
    assert set(by_name) == {"records-portal", "legacy-forms", "status"}
    assert by_name["records-portal"].region == "uksouth"
    assert by_name["records-portal"].properties["config"]["properties"]["minTlsVersion"] == "1.2"
    assert by_name["legacy-forms"].properties["properties"]["httpsOnly"] is False

    policies = [p for p in load_policies() if p.resource == SITE]
    findings = evaluate(policies, inventory).findings
    assert {f.status for f in findings if f.resource.name == "records-portal"} == {Status.PASS}
    assert {f.status for f in findings if f.resource.name == "legacy-forms"} == {Status.FAIL}


def test_an_unreadable_configuration_is_a_property_error(arm: FakeArm) -> None:
    site = _site("records-portal", True, "SystemAssigned")
    arm.routes.add_list(SITES, [site])
    arm.routes.add(f"{site['id']}/config/web", arm_error(403, "AuthorizationFailed", "no"))
    inventory = arm.collect({SITE})
    (resource,) = inventory.resources
    assert resource.errors == {"config": "AuthorizationFailed: no"}
    policies = [p for p in load_policies() if p.resource == SITE]
    statuses = {f.policy_id: f.status for f in evaluate(policies, inventory).findings}
    assert statuses["azure-web-min-tls-1-2"] is Status.ERROR
    assert statuses["azure-web-https-only"] is Status.PASS


def test_a_forbidden_provider_is_an_error(arm: FakeArm) -> None:
    arm.routes.add(SITES, arm_error(403, "AuthorizationFailed", "denied"))
    inventory = arm.collect({SITE})
    assert [e.code for e in inventory.errors] == ["AuthorizationFailed"]
    policies = [p for p in load_policies() if p.resource == SITE]
    assert {f.status for f in evaluate(policies, inventory).findings} == {Status.ERROR}
