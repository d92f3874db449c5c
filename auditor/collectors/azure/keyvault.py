"""Key vaults with their properties (soft delete, purge protection, RBAC, network rules).

``vaults.list_by_subscription`` is used because ``vaults.list`` goes through the generic
resources endpoint and returns vaults without their properties.
"""

from __future__ import annotations

from auditor.collectors.azure.base import AzureCollector, AzureScope, arm_resource, plain_list
from auditor.models import Resource

VAULT = "azure.keyvault.vault"


def collect_vaults(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.keyvault import KeyVaultManagementClient

    client = scope.client(KeyVaultManagementClient)
    return [
        arm_resource(VAULT, scope.subscription_id, vault)
        for vault in plain_list(client.vaults.list_by_subscription())
    ]


COLLECTORS = [
    AzureCollector(
        resource_type=VAULT,
        actions=("Microsoft.KeyVault/vaults/read",),
        collect=collect_vaults,
    )
]
