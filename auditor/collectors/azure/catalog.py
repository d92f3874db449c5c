"""The Azure resource types, known to the policy loader without importing any azure SDK.

Each entry names the module that holds its collector; the runner imports it only
when a selected policy needs that type.
"""

from __future__ import annotations

from auditor.collectors.base import CatalogEntry

AZURE_MODULES: dict[str, str] = {
    "azure.storage.account": "auditor.collectors.azure.storage",
}

AZURE_CATALOG: dict[str, CatalogEntry] = {
    "azure.storage.account": CatalogEntry(
        "azure.storage.account",
        "azure",
        "Storage account (ARM JSON) with its blob service properties under blobService",
    ),
}
