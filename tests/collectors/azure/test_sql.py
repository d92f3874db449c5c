"""SQL servers with firewall rules and auditing, and databases with TDE, from the real SDK."""

from __future__ import annotations

from typing import Any

from auditor.demo.arm import arm_error
from auditor.engine.evaluator import evaluate
from auditor.models import Status
from auditor.policy import load_policies
from tests.collectors.azure.harness import SUB, FakeArm, items, variant

SERVERS = f"/subscriptions/{SUB}/providers/Microsoft.Sql/servers"
SERVER = "azure.sql.server"
DATABASE = "azure.sql.database"


def _database(server: dict[str, Any], name: str) -> dict[str, Any]:
    """Ours: the REST examples have no database list; this is the shape ARM returns."""
    return {
        "id": f"{server['id']}/databases/{name}",
        "name": name,
        "type": "Microsoft.Sql/servers/databases",
        "location": server["location"],
        "sku": {"name": "S0", "tier": "Standard"},
        "properties": {"status": "Online", "collation": "SQL_Latin1_General_CP1_CI_AS"},
    }


def serve_details(arm: FakeArm, server: dict[str, Any]) -> None:
    arm.routes.add_list(
        f"{server['id']}/firewallRules", items("Microsoft.Sql/FirewallRuleList.json"), 3
    )
    (auditing,) = items("Microsoft.Sql/ServerAuditingSettingsList.json")
    arm.routes.add(f"{server['id']}/auditingSettings/default", auditing)
    arm.routes.add(f"{server['id']}/encryptionProtector/current", _protector(server))


def _protector(server: dict[str, Any]) -> dict[str, Any]:
    """Ours: no encryption protector example was copied; a service-managed one."""
    return {
        "id": f"{server['id']}/encryptionProtector/current",
        "name": "current",
        "type": "Microsoft.Sql/servers/encryptionProtector",
        "kind": "servicemanaged",
        "location": server["location"],
        "properties": {"serverKeyName": "ServiceManaged", "serverKeyType": "ServiceManaged"},
    }


def test_servers_carry_firewall_rules_auditing_and_admin(arm: FakeArm) -> None:
    servers = items("Microsoft.Sql/ServerList.json")
    # Ours: the list example has neither a minimal TLS version nor an Entra admin.
    servers[0] = variant(
        servers[0],
        minimalTlsVersion="1.2",
        administrators={"administratorType": "ActiveDirectory", "login": "sql-admins"},
    )
    arm.routes.add_list(SERVERS, servers, page_size=1)
    for server in servers:
        serve_details(arm, server)
    inventory = arm.collect({SERVER})
    assert inventory.errors == ()
    assert sorted(r.name for r in inventory.resources) == sorted(s["name"] for s in servers)
    first = next(r for r in inventory.resources if r.name == servers[0]["name"])
    props = first.properties
    assert props["properties"]["minimalTlsVersion"] == "1.2"
    assert props["properties"]["administrators"]["login"] == "sql-admins"
    assert len(props["firewallRules"]) == 4  # two pages of the rules list
    assert props["firewallRules"][0]["properties"] == {
        "startIpAddress": "0.0.0.0",
        "endIpAddress": "0.0.0.0",
    }
    assert props["auditing"]["properties"]["state"] == "Disabled"
    assert props["encryptionProtector"]["properties"]["serverKeyType"] == "ServiceManaged"
    assert first.region == "japaneast"
    listing = [p for p in arm.routes.paths_called() if p.lower() == SERVERS.lower()]
    assert len(listing) == len(servers)
    first_call = next(
        u for _, u in arm.routes.calls if u.split("?")[0].lower().endswith(SERVERS.lower())
    )
    assert "expand=administrators" in first_call

    policies = {p.id: p for p in load_policies() if p.resource == SERVER}
    findings = evaluate(list(policies.values()), inventory).findings
    by = {(f.policy_id, f.resource.name): f.status for f in findings}
    assert by[("azure-sql-server-no-allow-azure-services", first.name)] is Status.FAIL
    assert by[("azure-sql-server-auditing-enabled", first.name)] is Status.FAIL
    assert by[("azure-sql-server-min-tls-1-2", first.name)] is Status.PASS
    assert by[("azure-sql-server-entra-admin", first.name)] is Status.PASS
    assert by[("azure-sql-server-tde-customer-key", first.name)] is Status.FAIL


def test_unreadable_server_details_are_property_errors(arm: FakeArm) -> None:
    server = items("Microsoft.Sql/ServerList.json")[0]
    arm.routes.add_list(SERVERS, [server])
    arm.routes.add(f"{server['id']}/firewallRules", arm_error(403, "AuthorizationFailed", "no"))
    (resource,) = arm.collect({SERVER}).resources
    assert resource.errors == {"firewallRules": "AuthorizationFailed: no"}
    assert resource.properties["firewallRules"] is None
    assert resource.properties["auditing"] is None  # 404: no auditing policy recorded
    assert resource.properties["encryptionProtector"] is None
    policy = next(p for p in load_policies() if p.id == "azure-sql-server-no-open-firewall")
    (finding,) = evaluate([policy], arm.collect({SERVER})).findings
    assert finding.status is Status.ERROR


def test_databases_come_with_tde_and_without_master(arm: FakeArm) -> None:
    servers = items("Microsoft.Sql/ServerList.json")
    arm.routes.add_list(SERVERS, servers)
    first = servers[0]
    databases = [_database(first, "master"), _database(first, "records"), _database(first, "cold")]
    arm.routes.add_list(f"{first['id']}/databases", databases, page_size=2)
    for other in servers[1:]:
        arm.routes.add_list(f"{other['id']}/databases", [])
    (tde,) = items("Microsoft.Sql/TransparentDataEncryptionList.json")
    arm.routes.add_list(f"{first['id']}/databases/records/transparentDataEncryption", [tde])
    off = variant(tde, state="Disabled")
    arm.routes.add_list(f"{first['id']}/databases/cold/transparentDataEncryption", [off])
    inventory = arm.collect({DATABASE})
    assert inventory.errors == ()
    by_name = {r.name: r for r in inventory.resources}
    assert set(by_name) == {"records", "cold"}
    assert by_name["records"].properties["server"] == first["name"]
    assert by_name["records"].properties["transparentDataEncryption"]["properties"] == {
        "state": "Enabled"
    }
    policy = next(p for p in load_policies() if p.id == "azure-sql-database-tde-enabled")
    status = {f.resource.name: f.status for f in evaluate([policy], inventory).findings}
    assert status == {"records": Status.PASS, "cold": Status.FAIL}


def test_a_forbidden_provider_is_an_error_for_both_types(arm: FakeArm) -> None:
    arm.routes.add(SERVERS, arm_error(403, "AuthorizationFailed", "denied"))
    inventory = arm.collect({SERVER, DATABASE})
    assert inventory.resources == ()
    assert sorted((e.resource_type, e.code) for e in inventory.errors) == [
        (DATABASE, "AuthorizationFailed"),
        (SERVER, "AuthorizationFailed"),
    ]
    policies = [p for p in load_policies() if p.resource in (SERVER, DATABASE)]
    assert {f.status for f in evaluate(policies, inventory).findings} == {Status.ERROR}
