"""Azure SQL logical servers (firewall, auditing, Entra admin) and their databases (TDE).

A server's security lives partly in child resources that ``servers.list`` does not
return, so each server gets its firewall rules, its server-level blob auditing
policy and its TDE protector (service-managed or a Key Vault key) from one extra GET
each. Databases are their own type because TDE is set per database; the ``master``
system database is left out (its encryption cannot be set).
"""

from __future__ import annotations

from typing import Any

from auditor.collectors.azure.base import (
    AzureCollector,
    AzureScope,
    arm_resource,
    map_concurrently,
    plain_list,
    read_detail,
    resource_group_of,
)
from auditor.models import Resource

SERVER = "azure.sql.server"
DATABASE = "azure.sql.database"
# Asks servers.list to include the Microsoft Entra administrator inline (no extra GET).
_EXPAND_ADMINS = "administrators/activedirectory"
_SYSTEM_DATABASES = {"master"}


def _servers(scope: AzureScope) -> list[dict[str, Any]]:
    from azure.mgmt.sql import SqlManagementClient

    client = scope.client(SqlManagementClient)
    return plain_list(client.servers.list(expand=_EXPAND_ADMINS))


def collect_servers(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.sql import SqlManagementClient

    client = scope.client(SqlManagementClient)

    def one(server: dict[str, Any]) -> Resource:
        group = resource_group_of(str(server.get("id") or ""))
        name = str(server.get("name") or "")
        rules, rules_error = read_detail(
            lambda: list(client.firewall_rules.list_by_server(group, name))
        )
        auditing, auditing_error = read_detail(
            lambda: client.server_blob_auditing_policies.get(group, name)
        )
        protector, protector_error = read_detail(
            lambda: client.encryption_protectors.get(group, name, "current")
        )
        errors = {}
        if rules_error:
            errors["firewallRules"] = rules_error
        if auditing_error:
            errors["auditing"] = auditing_error
        if protector_error:
            errors["encryptionProtector"] = protector_error
        return arm_resource(
            SERVER,
            scope.subscription_id,
            server,
            extra={
                "firewallRules": [] if rules is None and not rules_error else rules,
                "auditing": auditing,
                "encryptionProtector": protector,
            },
            errors=errors,
        )

    return map_concurrently(one, _servers(scope))


def collect_databases(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.sql import SqlManagementClient

    client = scope.client(SqlManagementClient)

    def of_server(server: dict[str, Any]) -> list[dict[str, Any]]:
        group = resource_group_of(str(server.get("id") or ""))
        databases = plain_list(client.databases.list_by_server(group, str(server["name"])))
        return [d for d in databases if str(d.get("name") or "").lower() not in _SYSTEM_DATABASES]

    def one(database: dict[str, Any]) -> Resource:
        parts = str(database.get("id") or "").split("/")
        group, server = resource_group_of(str(database.get("id") or "")), parts[-3]
        name = str(database.get("name") or "")
        found, error = read_detail(
            lambda: list(client.transparent_data_encryptions.list_by_database(group, server, name))
        )
        tde = found[0] if found else None
        return arm_resource(
            DATABASE,
            scope.subscription_id,
            database,
            extra={"server": server, "transparentDataEncryption": tde},
            errors={"transparentDataEncryption": error} if error else None,
        )

    databases = [d for batch in map_concurrently(of_server, _servers(scope)) for d in batch]
    return map_concurrently(one, databases)


COLLECTORS = [
    AzureCollector(
        resource_type=SERVER,
        actions=(
            "Microsoft.Sql/servers/read",
            "Microsoft.Sql/servers/administrators/read",
            "Microsoft.Sql/servers/firewallRules/read",
            "Microsoft.Sql/servers/auditingSettings/read",
            "Microsoft.Sql/servers/encryptionProtector/read",
        ),
        collect=collect_servers,
    ),
    AzureCollector(
        resource_type=DATABASE,
        actions=(
            "Microsoft.Sql/servers/read",
            "Microsoft.Sql/servers/databases/read",
            "Microsoft.Sql/servers/databases/transparentDataEncryption/read",
        ),
        collect=collect_databases,
    ),
]
