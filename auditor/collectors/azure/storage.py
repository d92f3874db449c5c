"""Storage accounts, each with its blob service properties (soft delete, versioning)."""

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

RESOURCE_TYPE = "azure.storage.account"
# Kinds without a blob service: asking for its properties is an error, not a fact.
_NO_BLOB_SERVICE = {"filestorage"}


def _blob_service(scope: AzureScope, account: dict[str, Any]) -> tuple[Any, str | None]:
    from azure.mgmt.storage import StorageManagementClient

    if str(account.get("kind") or "").lower() in _NO_BLOB_SERVICE:
        return None, None
    client = scope.client(StorageManagementClient)
    group = resource_group_of(str(account.get("id") or ""))
    return read_detail(
        lambda: client.blob_services.get_service_properties(group, str(account["name"]))
    )


def collect_accounts(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.storage import StorageManagementClient

    client = scope.client(StorageManagementClient)

    def one(account: dict[str, Any]) -> Resource:
        blob, error = _blob_service(scope, account)
        return arm_resource(
            RESOURCE_TYPE,
            scope.subscription_id,
            account,
            extra={"blobService": blob},
            errors={"blobService": error} if error else None,
        )

    return map_concurrently(one, plain_list(client.storage_accounts.list()))


COLLECTORS = [
    AzureCollector(
        resource_type=RESOURCE_TYPE,
        actions=(
            "Microsoft.Storage/storageAccounts/read",
            "Microsoft.Storage/storageAccounts/blobServices/read",
        ),
        collect=collect_accounts,
    )
]
