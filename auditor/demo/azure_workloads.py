"""The demo subscription's databases, machines, apps, monitoring, Defender plans and roles.

Written for the demo in the shapes the REST API returns, as in :mod:`auditor.demo.azure`:
the records service is configured well, a legacy estate in Western Europe is not, and
the subscription-wide settings are a realistic half-finished mix.
"""

from __future__ import annotations

from typing import Any

from auditor.demo.arm import ArmRoutes
from auditor.demo.aws import PREFIX
from auditor.demo.azure import DEMO_SUBSCRIPTION, DEMO_TENANT

_SUB = f"/subscriptions/{DEMO_SUBSCRIPTION}"
_TAGS = {"department": "digital-records", "cost-centre": "DR-104"}
_AUTH = f"{_SUB}/providers/Microsoft.Authorization"
OWNER = "8e3af657-a8ff-4c66-a3c2-0b6b5e2db7b7"
CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c"
USER_ACCESS_ADMIN = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"


def _arm(group: str, arm_type: str, name: str, location: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"{_SUB}/resourceGroups/{group}/providers/{arm_type}/{name}",
        "name": name,
        "type": arm_type,
        "location": location,
        "tags": dict(_TAGS),
        **fields,
    }


def _firewall_rule(server: dict[str, Any], name: str, start: str, end: str) -> dict[str, Any]:
    return {
        "id": f"{server['id']}/firewallRules/{name}",
        "name": name,
        "type": "Microsoft.Sql/servers/firewallRules",
        "properties": {"startIpAddress": start, "endIpAddress": end},
    }


def _auditing(server: dict[str, Any], enabled: bool, days: int) -> dict[str, Any]:
    return {
        "id": f"{server['id']}/auditingSettings/default",
        "name": "default",
        "type": "Microsoft.Sql/servers/auditingSettings",
        "properties": {
            "state": "Enabled" if enabled else "Disabled",
            "retentionDays": days,
            "isAzureMonitorTargetEnabled": enabled,
            "auditActionsAndGroups": ["SUCCESSFUL_DATABASE_AUTHENTICATION_GROUP"]
            if enabled
            else [],
        },
    }


def _protector(server: dict[str, Any], customer_key: bool) -> dict[str, Any]:
    key = "AzureKeyVault" if customer_key else "ServiceManaged"
    return {
        "id": f"{server['id']}/encryptionProtector/current",
        "name": "current",
        "type": "Microsoft.Sql/servers/encryptionProtector",
        "kind": key.lower(),
        "properties": {
            "serverKeyType": key,
            "serverKeyName": f"{PREFIX}-records-kv_tde_1" if customer_key else "ServiceManaged",
        },
    }


def _database(server: dict[str, Any], name: str) -> dict[str, Any]:
    return {
        "id": f"{server['id']}/databases/{name}",
        "name": name,
        "type": "Microsoft.Sql/servers/databases",
        "location": server["location"],
        "sku": {"name": "S1", "tier": "Standard"},
        "properties": {"status": "Online"},
    }


def _tde(database: dict[str, Any], enabled: bool) -> dict[str, Any]:
    return {
        "id": f"{database['id']}/transparentDataEncryption/Current",
        "name": "Current",
        "type": "Microsoft.Sql/servers/databases/transparentDataEncryption",
        "properties": {"state": "Enabled" if enabled else "Disabled"},
    }


def _sql(routes: ArmRoutes) -> list[dict[str, Any]]:
    group = f"{PREFIX}-data"
    records = _arm(
        group,
        "Microsoft.Sql/servers",
        f"{PREFIX}-records-sql",
        "uksouth",
        kind="v12.0",
        properties={
            "version": "12.0",
            "state": "Ready",
            "minimalTlsVersion": "1.2",
            "publicNetworkAccess": "Disabled",
            "administrators": {
                "administratorType": "ActiveDirectory",
                "login": "records-dba",
                "principalType": "Group",
                "tenantId": DEMO_TENANT,
                "azureADOnlyAuthentication": True,
            },
        },
    )
    legacy = _arm(
        f"{PREFIX}-legacy",
        "Microsoft.Sql/servers",
        f"{PREFIX}-legacy-sql",
        "westeurope",
        kind="v12.0",
        properties={
            "version": "12.0",
            "state": "Ready",
            "administratorLogin": "sqladmin",
            "minimalTlsVersion": "1.0",
            "publicNetworkAccess": "Enabled",
        },
    )
    routes.add_list(f"{_SUB}/providers/Microsoft.Sql/servers", [records, legacy])
    routes.add_list(
        f"{records['id']}/firewallRules",
        [_firewall_rule(records, "ops-vpn", "203.0.113.0", "203.0.113.31")],
    )
    routes.add_list(
        f"{legacy['id']}/firewallRules",
        [
            _firewall_rule(legacy, "AllowAllWindowsAzureIps", "0.0.0.0", "0.0.0.0"),
            _firewall_rule(legacy, "temporary-anywhere", "0.0.0.0", "255.255.255.255"),
        ],
    )
    routes.add(f"{records['id']}/auditingSettings/default", _auditing(records, True, 180))
    routes.add(f"{records['id']}/encryptionProtector/current", _protector(records, True))
    routes.add(f"{legacy['id']}/encryptionProtector/current", _protector(legacy, False))
    routes.add(f"{legacy['id']}/auditingSettings/default", _auditing(legacy, False, 0))
    case_files = _database(records, "casefiles")
    exports = _database(legacy, "exports")
    routes.add_list(
        f"{records['id']}/databases", [_database(records, "master"), case_files], page_size=1
    )
    routes.add_list(f"{legacy['id']}/databases", [_database(legacy, "master"), exports])
    routes.add_list(f"{case_files['id']}/transparentDataEncryption", [_tde(case_files, True)])
    routes.add_list(f"{exports['id']}/transparentDataEncryption", [_tde(exports, False)])
    return [records, legacy, case_files, exports]


def _compute(routes: ArmRoutes) -> list[dict[str, Any]]:
    group = f"{PREFIX}-compute"
    disks = f"{_SUB}/resourceGroups/{group}/providers/Microsoft.Compute/disks"
    app = _arm(
        group,
        "Microsoft.Compute/virtualMachines",
        f"{PREFIX}-records-app-1",
        "uksouth",
        properties={
            "hardwareProfile": {"vmSize": "Standard_D4s_v5"},
            "securityProfile": {"encryptionAtHost": True, "securityType": "TrustedLaunch"},
            "storageProfile": {
                "osDisk": {
                    "osType": "Linux",
                    "name": f"{PREFIX}-records-app-1-os",
                    "createOption": "FromImage",
                    "managedDisk": {
                        "id": f"{disks}/{PREFIX}-records-app-1-os",
                        "storageAccountType": "Premium_LRS",
                    },
                },
                "dataDisks": [],
            },
            "provisioningState": "Succeeded",
        },
    )
    jumpbox = _arm(
        f"{PREFIX}-legacy",
        "Microsoft.Compute/virtualMachines",
        f"{PREFIX}-legacy-jumpbox",
        "westeurope",
        properties={
            "hardwareProfile": {"vmSize": "Standard_A2"},
            "storageProfile": {
                "osDisk": {
                    "osType": "Windows",
                    "name": "jumpbox-os",
                    "createOption": "FromImage",
                    "vhd": {
                        "uri": f"https://{PREFIX}legacyexport.blob.core.windows.net/vhds/os.vhd"
                    },
                },
                "dataDisks": [],
            },
            "provisioningState": "Succeeded",
        },
    )
    routes.add_list(f"{_SUB}/providers/Microsoft.Compute/virtualMachines", [app, jumpbox])
    os_disk = _arm(
        group,
        "Microsoft.Compute/disks",
        f"{PREFIX}-records-app-1-os",
        "uksouth",
        sku={"name": "Premium_LRS"},
        properties={
            "diskSizeGB": 64,
            "diskState": "Attached",
            "encryption": {
                "type": "EncryptionAtRestWithCustomerKey",
                "diskEncryptionSetId": f"{_SUB}/resourceGroups/{PREFIX}-security/providers"
                "/Microsoft.Compute/diskEncryptionSets/records-des",
            },
            "networkAccessPolicy": "DenyAll",
            "publicNetworkAccess": "Disabled",
        },
    )
    orphan = _arm(
        group,
        "Microsoft.Compute/disks",
        f"{PREFIX}-old-export-data",
        "uksouth",
        sku={"name": "Standard_LRS"},
        properties={
            "diskSizeGB": 512,
            "diskState": "Unattached",
            "encryption": {"type": "EncryptionAtRestWithPlatformKey"},
            "networkAccessPolicy": "AllowAll",
            "publicNetworkAccess": "Enabled",
        },
    )
    routes.add_list(f"{_SUB}/providers/Microsoft.Compute/disks", [os_disk, orphan])
    return [app, jumpbox, os_disk, orphan]


def _site(name: str, location: str, https_only: bool, identity: bool) -> dict[str, Any]:
    site = _arm(
        f"{PREFIX}-web",
        "Microsoft.Web/sites",
        name,
        location,
        kind="app,linux",
        properties={
            "state": "Running",
            "hostNames": [f"{name}.azurewebsites.net"],
            "httpsOnly": https_only,
        },
    )
    if identity:
        site["identity"] = {"type": "SystemAssigned", "principalId": f"{name}-identity"}
    return site


def _site_config(site: dict[str, Any], tls: str, ftps: str, debugging: bool) -> dict[str, Any]:
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


def _web(routes: ArmRoutes) -> list[dict[str, Any]]:
    portal = _site(f"{PREFIX}-records-portal", "uksouth", True, True)
    forms = _site(f"{PREFIX}-legacy-forms", "westeurope", False, False)
    routes.add_list(f"{_SUB}/providers/Microsoft.Web/sites", [portal, forms])
    routes.add(f"{portal['id']}/config/web", _site_config(portal, "1.2", "Disabled", False))
    routes.add(f"{forms['id']}/config/web", _site_config(forms, "1.0", "AllAllowed", True))
    return [portal, forms]


def _alert(name: str, enabled: bool, *conditions: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"{_SUB}/resourceGroups/{PREFIX}-monitoring/providers/microsoft.insights"
        f"/activityLogAlerts/{name}",
        "name": name,
        "type": "Microsoft.Insights/ActivityLogAlerts",
        "location": "Global",
        "tags": dict(_TAGS),
        "properties": {
            "scopes": [_SUB],
            "condition": {"allOf": list(conditions)},
            "actions": {
                "actionGroups": [
                    {
                        "actionGroupId": f"{_SUB}/resourceGroups/{PREFIX}-monitoring/providers"
                        "/microsoft.insights/actionGroups/platform-oncall"
                    }
                ]
            },
            "enabled": enabled,
        },
    }


def _operation(name: str, operation: str, enabled: bool = True) -> dict[str, Any]:
    return _alert(
        name,
        enabled,
        {"field": "category", "equals": "Administrative"},
        {"field": "operationName", "equals": operation},
    )


def _monitoring(routes: ArmRoutes) -> None:
    workspace = (
        f"{_SUB}/resourceGroups/{PREFIX}-monitoring/providers"
        "/Microsoft.OperationalInsights/workspaces/platform-logs"
    )
    setting = {
        "id": f"{_SUB}/providers/microsoft.insights/diagnosticSettings/activity-to-workspace",
        "name": "activity-to-workspace",
        "type": "Microsoft.Insights/diagnosticSettings",
        "properties": {
            "workspaceId": workspace,
            "logs": [
                {"category": c, "enabled": c != "Alert"}
                for c in ("Administrative", "Security", "Policy", "Alert", "ServiceHealth")
            ],
        },
    }
    routes.add_list(f"{_SUB}/providers/Microsoft.Insights/diagnosticSettings", [setting])
    alerts = [
        _operation("nsg-changed", "Microsoft.Network/networkSecurityGroups/write"),
        _operation("nsg-deleted", "Microsoft.Network/networkSecurityGroups/delete"),
        _operation("policy-assigned", "Microsoft.Authorization/policyAssignments/write"),
        _operation("sql-firewall-changed", "Microsoft.Sql/servers/firewallRules/write"),
        _operation("sql-firewall-deleted", "Microsoft.Sql/servers/firewallRules/delete"),
        _operation("public-ip-created", "Microsoft.Network/publicIPAddresses/write", False),
        _alert("service-health", True, {"field": "category", "equals": "ServiceHealth"}),
    ]
    routes.add_list(f"{_SUB}/providers/Microsoft.Insights/activityLogAlerts", alerts, 4)


_STANDARD_PLANS = {"VirtualMachines", "SqlServers", "StorageAccounts", "KeyVaults", "CloudPosture"}
_FREE_PLANS = (
    "Arm",
    "AppServices",
    "Containers",
    "Api",
    "CosmosDbs",
    "OpenSourceRelationalDatabases",
    "SqlServerVirtualMachines",
)


def _defender(routes: ArmRoutes) -> None:
    plans = [
        {
            "id": f"{_SUB}/providers/Microsoft.Security/pricings/{name}",
            "name": name,
            "type": "Microsoft.Security/pricings",
            "properties": {
                "pricingTier": "Standard" if name in _STANDARD_PLANS else "Free",
                **({"subPlan": "P2"} if name == "VirtualMachines" else {}),
            },
        }
        for name in (*sorted(_STANDARD_PLANS), *_FREE_PLANS)
    ]
    routes.add(f"{_SUB}/providers/Microsoft.Security/pricings", {"value": plans})


def _role(guid: str, name: str, role_type: str, actions: list[str], scope: str) -> dict[str, Any]:
    return {
        "id": f"{_AUTH}/roleDefinitions/{guid}",
        "name": guid,
        "type": "Microsoft.Authorization/roleDefinitions",
        "properties": {
            "roleName": name,
            "type": role_type,
            "description": name,
            "permissions": [{"actions": actions, "notActions": []}],
            "assignableScopes": [scope],
        },
    }


def _roles(routes: ArmRoutes) -> None:
    custom = [
        _role(
            "d0d0d0d0-0000-4000-8000-00000000c001",
            "Records platform admin",
            "CustomRole",
            ["*"],
            _SUB,
        ),
        _role(
            "d0d0d0d0-0000-4000-8000-00000000c002",
            "Records support reader",
            "CustomRole",
            ["*/read", "Microsoft.Support/*"],
            _SUB,
        ),
    ]
    routes.add_list(f"{_AUTH}/roleDefinitions", custom)
    builtin = [
        _role(OWNER, "Owner", "BuiltInRole", ["*"], "/"),
        _role(CONTRIBUTOR, "Contributor", "BuiltInRole", ["*"], "/"),
        _role(USER_ACCESS_ADMIN, "User Access Administrator", "BuiltInRole", ["*/read"], "/"),
    ]
    for role in builtin:
        routes.add(role["id"], role)
    held = [
        (OWNER, _SUB, "User"),
        (OWNER, _SUB, "User"),
        (OWNER, _SUB, "User"),
        (OWNER, _SUB, "Group"),
        (CONTRIBUTOR, f"{_SUB}/resourceGroups/{PREFIX}-data", "ServicePrincipal"),
        (USER_ACCESS_ADMIN, f"{_SUB}/resourceGroups/{PREFIX}-web", "Group"),
        (custom[0]["name"], _SUB, "Group"),
    ]
    assignments = [
        {
            "id": f"{scope}/providers/Microsoft.Authorization/roleAssignments"
            f"/d0d0d0d0-0000-4000-9000-{n:012d}",
            "name": f"d0d0d0d0-0000-4000-9000-{n:012d}",
            "type": "Microsoft.Authorization/roleAssignments",
            "properties": {
                "roleDefinitionId": f"{_AUTH}/roleDefinitions/{role}",
                "principalId": f"d0d0d0d0-0000-4000-a000-{n:012d}",
                "principalType": principal,
                "scope": scope,
            },
        }
        for n, (role, scope, principal) in enumerate(held)
    ]
    routes.add_list(f"{_AUTH}/roleAssignments", assignments, page_size=4)


def add_workloads(routes: ArmRoutes) -> list[dict[str, Any]]:
    """Serve the workloads; returns the resources the generic listing should also show."""
    listed = [*_sql(routes), *_compute(routes), *_web(routes)]
    _monitoring(routes)
    _defender(routes)
    _roles(routes)
    return listed
