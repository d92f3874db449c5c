"""Microsoft Defender for Cloud plans: one pricing resource per plan, with its tier.

``pricings.list`` answers with every plan in one reply (it does not page).
"""

from __future__ import annotations

from auditor.collectors.azure.base import AzureCollector, AzureScope, arm_resource
from auditor.collectors.azure.plain import to_plain
from auditor.models import Resource

PRICING = "azure.security.pricing"


def collect_pricings(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.security import SecurityCenter

    client = scope.client(SecurityCenter)
    reply = to_plain(client.pricings.list(scope_id=f"subscriptions/{scope.subscription_id}"))
    return [arm_resource(PRICING, scope.subscription_id, plan) for plan in reply.get("value") or []]


COLLECTORS = [
    AzureCollector(
        resource_type=PRICING,
        actions=("Microsoft.Security/pricings/read",),
        collect=collect_pricings,
    )
]
