"""Save and load inventories, so an estate can be re-evaluated offline."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from auditor.errors import InventoryError
from auditor.fileio import read_maybe_gzip, write_atomic
from auditor.models import CollectionError, Inventory, Resource, ScanMetadata

INVENTORY_FORMAT = "auditor-inventory"
INVENTORY_VERSION = 1


def inventory_to_dict(inventory: Inventory) -> dict[str, Any]:
    return {
        "format": INVENTORY_FORMAT,
        "version": INVENTORY_VERSION,
        "metadata": inventory.metadata.to_dict(),
        "resources": [r.to_dict() for r in inventory.resources],
        "errors": [e.to_dict() for e in inventory.errors],
    }


def inventory_from_dict(data: Any, source: str = "inventory") -> Inventory:
    if not isinstance(data, dict) or data.get("format") != INVENTORY_FORMAT:
        raise InventoryError(
            f"{source} is not an auditor inventory (expected a JSON document with "
            f'"format": "{INVENTORY_FORMAT}"). Create one with \'auditor collect\'.'
        )
    version = data.get("version")
    if version != INVENTORY_VERSION:
        raise InventoryError(
            f"{source} is inventory format version {version}; this auditor reads version "
            f"{INVENTORY_VERSION}. Collect it again with this version of the tool."
        )
    try:
        return Inventory(
            metadata=ScanMetadata.from_dict(data.get("metadata") or {}),
            resources=tuple(Resource.from_dict(r) for r in data.get("resources") or ()),
            errors=tuple(CollectionError.from_dict(e) for e in data.get("errors") or ()),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InventoryError(f"{source} has a malformed entry ({exc!r}).") from None


def save_inventory(inventory: Inventory, path: Path) -> None:
    text = json.dumps(inventory_to_dict(inventory), indent=1, sort_keys=True, default=str)
    write_atomic(path, text + "\n")


def load_inventory(path: Path) -> Inventory:
    try:
        data = json.loads(read_maybe_gzip(path))
    except FileNotFoundError:
        raise InventoryError(f"Inventory file {path} does not exist.") from None
    except (OSError, zlib.error, EOFError) as exc:
        raise InventoryError(f"Inventory file {path} cannot be read: {exc}.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InventoryError(f"Inventory file {path} is not valid JSON: {exc}.") from None
    return inventory_from_dict(data, source=f"Inventory file {path}")
