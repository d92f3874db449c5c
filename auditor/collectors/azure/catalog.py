"""The Azure resource types, known to the policy loader without importing any azure SDK.

Each entry names the module that holds its collector; the runner imports it only
when a selected policy needs that type.
"""

from __future__ import annotations

from auditor.collectors.base import CatalogEntry

AZURE_MODULES: dict[str, str] = {
    "azure.storage.account": "auditor.collectors.azure.storage",
    "azure.subscription": "auditor.collectors.azure.resources",
    "azure.resources.group": "auditor.collectors.azure.resources",
    "azure.resources.resource": "auditor.collectors.azure.resources",
    "azure.network.nsg": "auditor.collectors.azure.network",
    "azure.network.vnet": "auditor.collectors.azure.network",
    "azure.network.watcher": "auditor.collectors.azure.network",
    "azure.network.flow_log": "auditor.collectors.azure.network",
    "azure.keyvault.vault": "auditor.collectors.azure.keyvault",
    "azure.sql.server": "auditor.collectors.azure.sql",
    "azure.sql.database": "auditor.collectors.azure.sql",
    "azure.compute.vm": "auditor.collectors.azure.compute",
    "azure.compute.disk": "auditor.collectors.azure.compute",
    "azure.monitor.diagnostic_setting": "auditor.collectors.azure.monitor",
    "azure.monitor.activity_log_alert": "auditor.collectors.azure.monitor",
    "azure.security.pricing": "auditor.collectors.azure.security",
    "azure.authorization.role_assignment": "auditor.collectors.azure.authorization",
    "azure.authorization.role_definition": "auditor.collectors.azure.authorization",
    "azure.web.site": "auditor.collectors.azure.web",
}

AZURE_CATALOG: dict[str, CatalogEntry] = {
    "azure.storage.account": CatalogEntry(
        "azure.storage.account",
        "azure",
        "Storage account (ARM JSON) with its blob service properties under blobService",
    ),
    "azure.subscription": CatalogEntry(
        "azure.subscription", "azure", "Subscription: display name, state, policies and tags"
    ),
    "azure.resources.group": CatalogEntry(
        "azure.resources.group", "azure", "Resource group: location, tags, provisioning state"
    ),
    "azure.resources.resource": CatalogEntry(
        "azure.resources.resource",
        "azure",
        "Every resource in the subscription (generic listing): type, location, tags, SKU",
    ),
    "azure.network.nsg": CatalogEntry(
        "azure.network.nsg",
        "azure",
        "Network security group (ARM JSON) with its rules normalised under rules and the "
        "flow logs that target it under flowLogs",
    ),
    "azure.network.vnet": CatalogEntry(
        "azure.network.vnet",
        "azure",
        "Virtual network (ARM JSON, subnets included) with the flow logs that target it "
        "under flowLogs",
    ),
    "azure.network.watcher": CatalogEntry(
        "azure.network.watcher", "azure", "Network Watcher: one per subscription and location"
    ),
    "azure.network.flow_log": CatalogEntry(
        "azure.network.flow_log",
        "azure",
        "Flow log of a Network Watcher: target, enabled, retention, traffic analytics",
    ),
    "azure.keyvault.vault": CatalogEntry(
        "azure.keyvault.vault",
        "azure",
        "Key vault (ARM JSON): soft delete, purge protection, RBAC, network rules, "
        "private endpoints",
    ),
    "azure.sql.server": CatalogEntry(
        "azure.sql.server",
        "azure",
        "Azure SQL logical server (ARM JSON, Entra administrator included) with its "
        "firewall rules under firewallRules and its auditing policy under auditing",
    ),
    "azure.sql.database": CatalogEntry(
        "azure.sql.database",
        "azure",
        "Azure SQL database (ARM JSON; master left out) with its transparent data "
        "encryption under transparentDataEncryption",
    ),
    "azure.compute.vm": CatalogEntry(
        "azure.compute.vm",
        "azure",
        "Virtual machine (ARM JSON): security profile (encryption at host), OS and data "
        "disks (managed or VHD), network interfaces",
    ),
    "azure.compute.disk": CatalogEntry(
        "azure.compute.disk",
        "azure",
        "Managed disk (ARM JSON): encryption type and settings, disk state (attached or "
        "not), network access policy",
    ),
    "azure.monitor.diagnostic_setting": CatalogEntry(
        "azure.monitor.diagnostic_setting",
        "azure",
        "Diagnostic setting of the subscription's activity log (ARM JSON) with "
        "enabledLogCategories and destinations",
    ),
    "azure.monitor.activity_log_alert": CatalogEntry(
        "azure.monitor.activity_log_alert",
        "azure",
        "Activity log alert rule (ARM JSON) with operationNames, categories and "
        "subscriptionWide taken from its condition and scopes",
    ),
    "azure.security.pricing": CatalogEntry(
        "azure.security.pricing",
        "azure",
        "Microsoft Defender for Cloud plan of the subscription: name, pricing tier, sub-plan",
    ),
    "azure.authorization.role_assignment": CatalogEntry(
        "azure.authorization.role_assignment",
        "azure",
        "Role assignment in the subscription (ARM JSON) with its role's roleDefinitionName "
        "and roleType",
    ),
    "azure.authorization.role_definition": CatalogEntry(
        "azure.authorization.role_definition",
        "azure",
        "Custom role defined at the subscription, or built-in role assigned there (Owner "
        "always), with its assignments and subscriptionAssignmentCount",
    ),
    "azure.web.site": CatalogEntry(
        "azure.web.site",
        "azure",
        "App Service site: web, API or function app (ARM JSON: httpsOnly, identity) with "
        "its site configuration (TLS, FTPS, remote debugging) under config",
    ),
}
