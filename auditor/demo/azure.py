"""An emulated Azure subscription of the fictional department, served in process.

The estate is ARM JSON written for the demo, in the shapes the REST API returns, and is
answered through :class:`auditor.demo.arm.ArmReplayTransport`, so the demo runs the real
azure-mgmt clients, collectors and policies without a network or an account. As in the
AWS estate, some resources are configured well and some badly, and one tag carries
markup to show that cloud text is escaped everywhere.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from auditor.demo.arm import ArmReplayTransport, ArmRoutes
from auditor.demo.aws import PREFIX

DEMO_SUBSCRIPTION = "d0d0d0d0-dfd4-4c1e-9a5e-000000000104"
DEMO_TENANT = "d0d0d0d0-dfd4-4c1e-9a5e-00000000feed"
_SUB = f"/subscriptions/{DEMO_SUBSCRIPTION}"
_COMMON_TAGS = {"department": "digital-records", "cost-centre": "DR-104"}


def demo_token() -> str:
    """An unsigned token whose claims name the demo identity; never sent anywhere."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    claims = {"upn": f"auditor-demo@{PREFIX}.example", "oid": "demo", "tid": DEMO_TENANT}
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.demo"


def _group_id(group: str) -> str:
    return f"{_SUB}/resourceGroups/{group}"


def _arm(group: str, arm_type: str, name: str, location: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"{_group_id(group)}/providers/{arm_type}/{name}",
        "name": name,
        "type": arm_type,
        "location": location,
        **fields,
    }


def _storage(name: str, location: str, tags: dict[str, str], **props: Any) -> dict[str, Any]:
    base = {
        "supportsHttpsTrafficOnly": True,
        "minimumTlsVersion": "TLS1_2",
        "allowBlobPublicAccess": False,
        "allowSharedKeyAccess": False,
        "allowCrossTenantReplication": False,
        "publicNetworkAccess": "Disabled",
        "networkAcls": {"bypass": "AzureServices", "defaultAction": "Deny", "ipRules": []},
        "encryption": {
            "keySource": "Microsoft.Storage",
            "requireInfrastructureEncryption": True,
            "services": {"blob": {"enabled": True}, "file": {"enabled": True}},
        },
        "keyPolicy": {"keyExpirationPeriodInDays": 90},
        "defaultToOAuthAuthentication": True,
        "primaryLocation": location,
        "provisioningState": "Succeeded",
    }
    base.update(props)
    return _arm(
        f"{PREFIX}-data",
        "Microsoft.Storage/storageAccounts",
        name,
        location,
        kind="StorageV2",
        sku={"name": "Standard_GRS", "tier": "Standard"},
        tags={**_COMMON_TAGS, **tags},
        properties=base,
    )


def _blob_service(account: dict[str, Any], protected: bool) -> dict[str, Any]:
    retention = {"enabled": True, "days": 14} if protected else {"enabled": False}
    return {
        "id": f"{account['id']}/blobServices/default",
        "name": "default",
        "type": "Microsoft.Storage/storageAccounts/blobServices",
        "properties": {
            "deleteRetentionPolicy": retention,
            "containerDeleteRetentionPolicy": retention,
            "isVersioningEnabled": protected,
        },
    }


def _rule(name: str, priority: int, port: str, source: str, access: str = "Allow") -> Any:
    return {
        "name": name,
        "properties": {
            "protocol": "Tcp",
            "sourcePortRange": "*",
            "destinationPortRange": port,
            "sourceAddressPrefix": source,
            "destinationAddressPrefix": "*",
            "access": access,
            "priority": priority,
            "direction": "Inbound",
        },
    }


_DEFAULT_RULES = [
    {
        "name": "AllowVnetInBound",
        "properties": {
            "protocol": "*",
            "sourcePortRange": "*",
            "destinationPortRange": "*",
            "sourceAddressPrefix": "VirtualNetwork",
            "destinationAddressPrefix": "VirtualNetwork",
            "access": "Allow",
            "priority": 65000,
            "direction": "Inbound",
        },
    },
    {
        "name": "DenyAllInBound",
        "properties": {
            "protocol": "*",
            "sourcePortRange": "*",
            "destinationPortRange": "*",
            "sourceAddressPrefix": "*",
            "destinationAddressPrefix": "*",
            "access": "Deny",
            "priority": 65500,
            "direction": "Inbound",
        },
    },
]


def _nsg(name: str, rules: list[Any]) -> dict[str, Any]:
    return _arm(
        f"{PREFIX}-network",
        "Microsoft.Network/networkSecurityGroups",
        name,
        "uksouth",
        tags=dict(_COMMON_TAGS),
        properties={"securityRules": rules, "defaultSecurityRules": _DEFAULT_RULES},
    )


def _vault(name: str, location: str, **props: Any) -> dict[str, Any]:
    base = {
        "tenantId": DEMO_TENANT,
        "sku": {"family": "A", "name": "standard"},
        "enableSoftDelete": True,
        "softDeleteRetentionInDays": 90,
        "vaultUri": f"https://{name}.vault.azure.net/",
    }
    base.update(props)
    return _arm(
        f"{PREFIX}-security",
        "Microsoft.KeyVault/vaults",
        name,
        location,
        tags=dict(_COMMON_TAGS),
        properties=base,
    )


def _flow_log(
    watcher: dict[str, Any], name: str, target: str, days: int, analytics: bool = False
) -> dict[str, Any]:
    workspace = f"{_group_id(PREFIX + '-security')}/providers/Microsoft.OperationalInsights"
    analysis = {
        "networkWatcherFlowAnalyticsConfiguration": {
            "enabled": analytics,
            **(
                {"workspaceResourceId": f"{workspace}/workspaces/{PREFIX}-soc"} if analytics else {}
            ),
            "workspaceRegion": "uksouth",
            "trafficAnalyticsInterval": 10,
        }
    }
    return {
        "id": f"{watcher['id']}/flowLogs/{name}",
        "name": name,
        "type": "Microsoft.Network/networkWatchers/flowLogs",
        "location": watcher["location"],
        "properties": {
            "targetResourceId": target,
            "storageId": f"{_group_id(PREFIX + '-data')}/providers/Microsoft.Storage"
            f"/storageAccounts/{PREFIX}logs",
            "enabled": True,
            "retentionPolicy": {"enabled": True, "days": days},
            "flowAnalyticsConfiguration": analysis,
            "provisioningState": "Succeeded",
        },
    }


def demo_routes() -> ArmRoutes:
    """The department's subscription: a well-kept records platform and weaker neighbours."""
    routes = ArmRoutes()
    routes.add(
        _SUB,
        {
            "id": _SUB,
            "subscriptionId": DEMO_SUBSCRIPTION,
            "tenantId": DEMO_TENANT,
            "displayName": f"{PREFIX}-production",
            "state": "Enabled",
            "subscriptionPolicies": {"spendingLimit": "Off", "quotaId": "EnterpriseAgreement"},
            "authorizationSource": "RoleBased",
            "tags": dict(_COMMON_TAGS),
        },
    )

    records = _storage(
        f"{PREFIX}citizenrecords",
        "uksouth",
        {"data-classification": "OFFICIAL-SENSITIVE"},
        secondaryLocation="ukwest",
    )
    logs = _storage(f"{PREFIX}logs", "uksouth", {"data-classification": "OFFICIAL"})
    website = _storage(
        f"{PREFIX}publicweb",
        "uksouth",
        {"owner": "<img src=x onerror=alert(1)> [bold red]web team[/]"},
        allowBlobPublicAccess=True,
        allowSharedKeyAccess=True,
        publicNetworkAccess="Enabled",
        networkAcls={"bypass": "None", "defaultAction": "Allow"},
        keyPolicy=None,
        defaultToOAuthAuthentication=False,
        encryption={"keySource": "Microsoft.Storage"},
    )
    legacy = _storage(
        f"{PREFIX}legacyexport",
        "westeurope",
        {"status": "to-be-retired"},
        supportsHttpsTrafficOnly=False,
        minimumTlsVersion="TLS1_0",
        allowCrossTenantReplication=True,
        secondaryLocation="northeurope",
    )
    accounts = [records, logs, website, legacy]
    routes.add_list(f"{_SUB}/providers/Microsoft.Storage/storageAccounts", accounts, page_size=3)
    for account in accounts:
        protected = account in (records, logs)
        routes.add(f"{account['id']}/blobServices/default", _blob_service(account, protected))

    app_nsg = _nsg(
        f"{PREFIX}-app-nsg",
        [
            _rule("allow-https", 100, "443", "Internet"),
            _rule("allow-ssh-ops", 110, "22", "10.20.0.0/24"),
        ],
    )
    jump_nsg = _nsg(
        f"{PREFIX}-jumpbox-nsg",
        [_rule("allow-rdp", 100, "3389", "*"), _rule("allow-ssh", 110, "20-25", "0.0.0.0/0")],
    )
    routes.add_list(
        f"{_SUB}/providers/Microsoft.Network/networkSecurityGroups", [app_nsg, jump_nsg]
    )
    vnet = _arm(
        f"{PREFIX}-network",
        "Microsoft.Network/virtualNetworks",
        f"{PREFIX}-vnet",
        "uksouth",
        tags=dict(_COMMON_TAGS),
        properties={
            "addressSpace": {"addressPrefixes": ["10.20.0.0/16"]},
            "subnets": [
                {
                    "name": "app",
                    "properties": {
                        "addressPrefix": "10.20.1.0/24",
                        "networkSecurityGroup": {"id": app_nsg["id"]},
                    },
                },
                {"name": "jumpbox", "properties": {"addressPrefix": "10.20.9.0/24"}},
            ],
            "enableDdosProtection": False,
        },
    )
    routes.add_list(f"{_SUB}/providers/Microsoft.Network/virtualNetworks", [vnet])
    watcher = _arm(
        "NetworkWatcherRG",
        "Microsoft.Network/networkWatchers",
        "NetworkWatcher_uksouth",
        "uksouth",
        properties={"provisioningState": "Succeeded"},
    )
    routes.add_list(f"{_SUB}/providers/Microsoft.Network/networkWatchers", [watcher])
    routes.add_list(
        f"{watcher['id']}/flowLogs",
        [
            _flow_log(watcher, "app-nsg-flows", app_nsg["id"], 90, analytics=True),
            _flow_log(watcher, "vnet-flows", vnet["id"].lower(), 30),
        ],
    )

    vaults = [
        _vault(
            f"{PREFIX}-records-kv",
            "uksouth",
            enablePurgeProtection=True,
            enableRbacAuthorization=True,
            publicNetworkAccess="Disabled",
            privateEndpointConnections=[
                {
                    "id": "pe-records",
                    "properties": {"privateLinkServiceConnectionState": {"status": "Approved"}},
                }
            ],
        ),
        _vault(
            f"{PREFIX}-web-kv",
            "northeurope",
            accessPolicies=[{"tenantId": DEMO_TENANT, "objectId": "web-app"}],
            networkAcls={"defaultAction": "Allow", "bypass": "AzureServices"},
        ),
    ]
    routes.add_list(f"{_SUB}/providers/Microsoft.KeyVault/vaults", vaults)

    groups = [
        {
            "id": _group_id(f"{PREFIX}-{name}"),
            "name": f"{PREFIX}-{name}",
            "type": "Microsoft.Resources/resourceGroups",
            "location": location,
            "tags": dict(_COMMON_TAGS),
            "properties": {"provisioningState": "Succeeded"},
        }
        for name, location in (
            ("data", "uksouth"),
            ("network", "uksouth"),
            ("security", "uksouth"),
            ("legacy", "westeurope"),
            ("compute", "uksouth"),
            ("web", "uksouth"),
            ("monitoring", "uksouth"),
        )
    ]
    routes.add_list(f"{_SUB}/resourcegroups", groups)
    from auditor.demo.azure_workloads import add_workloads

    workloads = add_workloads(routes)
    listed = [*accounts, app_nsg, jump_nsg, vnet, watcher, *vaults, *workloads]
    generic = [
        {
            k: v
            for k, v in item.items()
            if k in ("id", "name", "type", "location", "tags", "kind", "sku")
        }
        for item in listed
    ]
    generic.append(
        _arm(
            f"{PREFIX}-network",
            "Microsoft.Network/dnszones",
            f"{PREFIX}.example.gov.uk",
            "global",
            tags=dict(_COMMON_TAGS),
        )
    )
    routes.add_list(f"{_SUB}/resources", generic, page_size=5)
    return routes


def demo_transport() -> ArmReplayTransport:
    return ArmReplayTransport(demo_routes())
