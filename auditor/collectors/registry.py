"""Every resource type the tool can collect, across providers."""

from __future__ import annotations

from auditor.collectors.aws.catalog import AWS_CATALOG
from auditor.collectors.azure.catalog import AZURE_CATALOG
from auditor.collectors.base import CatalogEntry

CATALOG: dict[str, CatalogEntry] = {**AWS_CATALOG, **AZURE_CATALOG}
RESOURCE_TYPES: frozenset[str] = frozenset(CATALOG)
