"""Serve recorded ARM payloads to the real azure-mgmt clients, in process.

Payloads come from Microsoft's REST API examples in ``tests/fixtures/azure/`` (see its
MANIFEST.md) or are written here in the same shapes where the examples lack a property.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from auditor.collectors.azure.runner import AzureOptions, collect_azure
from auditor.demo.arm import ArmReplayTransport, ArmRoutes
from auditor.models import Inventory

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "azure"
SUB = "11111111-2222-3333-4444-555555555555"
OTHER_SUB = "99999999-8888-7777-6666-555555555555"
ENDPOINT = "https://management.azure.com"
_SUBSCRIPTION_IN_ID = re.compile(r"/subscriptions/[^/\"]+", re.IGNORECASE)


def example(relative: str, subscription: str = SUB, status: str = "200") -> Any:
    """The response body of one REST example, its subscription ids set to ``subscription``."""
    data = json.loads((FIXTURES / relative).read_text(encoding="utf-8"))
    body = data["responses"][status]["body"]
    text = _SUBSCRIPTION_IN_ID.sub(f"/subscriptions/{subscription}", json.dumps(body))
    return json.loads(text)


def items(relative: str, subscription: str = SUB) -> list[dict[str, Any]]:
    """The ``value`` list of a list example, without its upstream nextLink."""
    return list(example(relative, subscription)["value"])


def variant(base: dict[str, Any], **properties: Any) -> dict[str, Any]:
    """A copy of an ARM object with some ``properties`` changed (payloads of our own)."""
    data = copy.deepcopy(base)
    data.setdefault("properties", {}).update(properties)
    return data


def rename(base: dict[str, Any], name: str) -> dict[str, Any]:
    """A copy of an ARM object under another name (its id's last segment changes too)."""
    data = copy.deepcopy(base)
    old = str(data["name"])
    data["name"] = name
    data["id"] = str(data["id"])[: -len(old)] + name
    return data


class FakeArm:
    """Routes plus a transport; ``collect`` runs the real runner against them."""

    def __init__(self) -> None:
        self.routes = ArmRoutes()
        self.transport = ArmReplayTransport(self.routes)

    def collect(
        self,
        resource_types: Collection[str],
        subscriptions: tuple[str, ...] = (SUB,),
        **options: Any,
    ) -> Inventory:
        for subscription in subscriptions:
            self.routes.add_default(
                f"/subscriptions/{subscription}", subscription_body(subscription)
            )
        opts = AzureOptions(
            subscriptions=subscriptions, token="test-token", transport=self.transport, **options
        )
        return collect_azure(opts, set(resource_types))


def subscription_body(subscription: str, state: str = "Enabled") -> dict[str, Any]:
    """What ARM answers for GET /subscriptions/{id} (asked when every read of it failed)."""
    return {
        "id": f"/subscriptions/{subscription}",
        "subscriptionId": subscription,
        "displayName": f"dfdr {subscription[:4]}",
        "state": state,
    }
