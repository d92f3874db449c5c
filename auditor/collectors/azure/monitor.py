"""Subscription activity-log diagnostic settings and activity log alert rules.

Both are judged from the subscription (``related:`` in the policies): CIS asks that
the subscription exports its activity log and has an alert for each sensitive
operation, which is a question about the set of settings and alerts, not one of them.
Each alert gets normalised keys so a policy need not parse ARM's condition tree.
"""

from __future__ import annotations

from typing import Any

from auditor.collectors.azure.base import AzureCollector, AzureScope, arm_resource, plain_list
from auditor.models import Resource

DIAGNOSTIC_SETTING = "azure.monitor.diagnostic_setting"
ACTIVITY_LOG_ALERT = "azure.monitor.activity_log_alert"


def collect_diagnostic_settings(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.monitor import MonitorManagementClient

    client = scope.client(MonitorManagementClient)
    settings = plain_list(
        client.diagnostic_settings.list(resource_uri=f"subscriptions/{scope.subscription_id}")
    )
    return [
        arm_resource(
            DIAGNOSTIC_SETTING,
            scope.subscription_id,
            setting,
            extra={
                "enabledLogCategories": enabled_categories(setting),
                "destinations": destinations(setting),
            },
        )
        for setting in settings
    ]


def enabled_categories(setting: dict[str, Any]) -> list[str]:
    """The log categories (and category groups, such as allLogs) the setting exports."""
    logs = (setting.get("properties") or {}).get("logs") or []
    found = {
        str(log.get("category") or log.get("categoryGroup"))
        for log in logs
        if log.get("enabled") and (log.get("category") or log.get("categoryGroup"))
    }
    return sorted(found)


def destinations(setting: dict[str, Any]) -> list[str]:
    """Where the setting sends logs: workspace, storage, eventHub, partner."""
    props = setting.get("properties") or {}
    keys = {
        "workspace": "workspaceId",
        "storage": "storageAccountId",
        "eventHub": "eventHubAuthorizationRuleId",
        "partner": "marketplacePartnerId",
    }
    return [name for name, key in keys.items() if props.get(key)]


def collect_activity_log_alerts(scope: AzureScope) -> list[Resource]:
    from azure.mgmt.monitor import MonitorManagementClient

    client = scope.client(MonitorManagementClient)
    alerts = plain_list(client.activity_log_alerts.list_by_subscription_id())
    return [
        arm_resource(
            ACTIVITY_LOG_ALERT,
            scope.subscription_id,
            alert,
            extra=alert_facts(alert, scope.subscription_id),
        )
        for alert in alerts
    ]


def alert_facts(alert: dict[str, Any], subscription_id: str) -> dict[str, Any]:
    """What the alert fires on, in lower case as ARM compares operation names."""
    props = alert.get("properties") or {}
    values: dict[str, set[str]] = {}
    for leaf in _leaves((props.get("condition") or {}).get("allOf") or []):
        field = str(leaf.get("field") or "").lower()
        found = values.setdefault(field, set())
        if leaf.get("equals") is not None:
            found.add(str(leaf["equals"]).lower())
        found.update(str(v).lower() for v in leaf.get("containsAny") or [])
    subscription = f"/subscriptions/{subscription_id}".lower()
    scopes = {"/" + str(s).strip("/").lower() for s in props.get("scopes") or []}
    return {
        "operationNames": sorted(values.get("operationname", set())),
        "categories": sorted(values.get("category", set())),
        "subscriptionWide": subscription in scopes,
    }


def _leaves(conditions: list[Any]) -> list[dict[str, Any]]:
    """The leaf conditions of allOf, including those inside anyOf groups."""
    found: list[dict[str, Any]] = []
    for condition in conditions:
        if not isinstance(condition, dict):
            continue
        found.append(condition)
        found.extend(_leaves(condition.get("anyOf") or []))
    return found


COLLECTORS = [
    AzureCollector(
        resource_type=DIAGNOSTIC_SETTING,
        actions=("Microsoft.Insights/diagnosticSettings/read",),
        collect=collect_diagnostic_settings,
    ),
    AzureCollector(
        resource_type=ACTIVITY_LOG_ALERT,
        actions=("Microsoft.Insights/activityLogAlerts/read",),
        collect=collect_activity_log_alerts,
    ),
]
