"""The subscription itself, its resource groups, and every resource's location and tags.

The generic resources listing is what data-residency policies read: it covers every
resource type, including the ones no dedicated collector knows.
"""

from __future__ import annotations

from auditor.collectors.azure.base import AzureCollector, AzureScope, arm_resource, plain_list
from auditor.collectors.azure.plain import to_plain
from auditor.models import Resource

SUBSCRIPTION = "azure.subscription"
GROUP = "azure.resources.group"
RESOURCE = "azure.resources.resource"


def collect_subscription(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.resource.subscriptions import SubscriptionClient

    client = scope.tenant_client(SubscriptionClient)
    data = to_plain(client.subscriptions.get(scope.subscription_id))
    resource = arm_resource(SUBSCRIPTION, scope.subscription_id, data)
    # A subscription has no location and is named by its display name.
    name = str(data.get("displayName") or scope.subscription_id)
    return [
        Resource(
            type=resource.type,
            id=resource.id or f"/subscriptions/{scope.subscription_id}",
            name=name,
            provider="azure",
            account=scope.subscription_id,
            region="",
            tags=resource.tags,
            properties=resource.properties,
        )
    ]


def collect_groups(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.resource.resources import ResourceManagementClient

    client = scope.client(ResourceManagementClient)
    return [
        arm_resource(GROUP, scope.subscription_id, group)
        for group in plain_list(client.resource_groups.list())
    ]


def collect_resources(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.resource.resources import ResourceManagementClient

    client = scope.client(ResourceManagementClient)
    return [
        arm_resource(RESOURCE, scope.subscription_id, item)
        for item in plain_list(client.resources.list())
    ]


COLLECTORS = [
    AzureCollector(
        resource_type=SUBSCRIPTION,
        actions=("Microsoft.Resources/subscriptions/read",),
        collect=collect_subscription,
    ),
    AzureCollector(
        resource_type=GROUP,
        actions=("Microsoft.Resources/subscriptions/resourceGroups/read",),
        collect=collect_groups,
    ),
    AzureCollector(
        resource_type=RESOURCE,
        actions=("Microsoft.Resources/subscriptions/resources/read",),
        collect=collect_resources,
    ),
]
