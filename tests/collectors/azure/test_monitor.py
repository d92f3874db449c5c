"""Subscription diagnostic settings and activity log alerts, judged from the subscription."""

from __future__ import annotations

from typing import Any

from auditor.demo.arm import arm_error
from auditor.engine.evaluator import evaluate
from auditor.models import Status
from auditor.policy import load_policies
from tests.collectors.azure.harness import ENDPOINT, SUB, FakeArm, example, items, rename, variant

INSIGHTS = f"/subscriptions/{SUB}/providers/Microsoft.Insights"
SETTINGS = f"{INSIGHTS}/diagnosticSettings"
ALERTS = f"{INSIGHTS}/activityLogAlerts"
SETTING = "azure.monitor.diagnostic_setting"
ALERT = "azure.monitor.activity_log_alert"


def serve_subscription(arm: FakeArm) -> None:
    subscription = example("Microsoft.Resources/GetSubscriptions.json")["value"][0]
    subscription["subscriptionId"] = SUB
    arm.routes.add(f"/subscriptions/{SUB}", subscription)


def _activity_log_setting() -> dict[str, Any]:
    """Ours, on the example's shape: a subscription setting exports activity log categories."""
    (setting,) = items("Microsoft.Insights/listDiagnosticSettings.json")
    setting = rename(setting, "activity-log")
    setting["id"] = (
        f"/subscriptions/{SUB}/providers/microsoft.insights/diagnosticSettings/activity-log"
    )
    setting["properties"].pop("metrics")
    setting["properties"]["logs"] = [
        {"category": c, "enabled": c != "Autoscale"}
        for c in ("Administrative", "Security", "Alert", "Policy", "Autoscale")
    ]
    return setting


def _nsg_alert(base: dict[str, Any]) -> dict[str, Any]:
    """Ours: the example alerts fire on categories only; this one on an NSG write."""
    alert = rename(base, "nsg-changes")
    return variant(
        alert,
        scopes=[f"/subscriptions/{SUB}"],
        condition={
            "allOf": [
                {"field": "category", "equals": "Administrative"},
                {
                    "anyOf": [
                        {
                            "field": "operationName",
                            "equals": "Microsoft.Network/networkSecurityGroups/write",
                        }
                    ]
                },
            ]
        },
    )


def _policy_statuses(arm: FakeArm, types: set[str]) -> dict[str, Status]:
    policies = [p for p in load_policies() if p.id.startswith("azure-monitor-")]
    inventory = arm.collect({"azure.subscription", *types})
    return {f.policy_id: f.status for f in evaluate(policies, inventory).findings}


def test_diagnostic_settings_list_their_categories_and_destinations(arm: FakeArm) -> None:
    (example_setting,) = items("Microsoft.Insights/listDiagnosticSettings.json")
    arm.routes.add_list(SETTINGS, [example_setting, _activity_log_setting()])
    inventory = arm.collect({SETTING})
    assert inventory.errors == ()
    by_name = {r.name: r.properties for r in inventory.resources}
    assert by_name["mysetting"]["enabledLogCategories"] == ["allLogs"]
    assert by_name["mysetting"]["destinations"] == ["storage", "eventHub"]
    assert by_name["activity-log"]["enabledLogCategories"] == [
        "Administrative",
        "Alert",
        "Policy",
        "Security",
    ]
    assert all(r.account == SUB for r in inventory.resources)
    # The subscription is the resource URI, with no doubled slash before it.
    assert [u.split("?")[0] for _, u in arm.routes.calls] == [f"{ENDPOINT}{SETTINGS}"]


def test_alerts_are_normalised_and_followed_across_pages(arm: FakeArm) -> None:
    listed = items("Microsoft.Insights/ActivityLogAlertRule_ListBySubscriptionId.json")
    # Ours: the example's scope names its own subscription without a leading slash.
    listed[0] = variant(listed[0], scopes=[f"subscriptions/{SUB}"])
    arm.routes.add_list(ALERTS, [*listed, _nsg_alert(listed[0])], page_size=2)
    inventory = arm.collect({ALERT})
    assert inventory.errors == ()
    by_name = {r.name: r.properties for r in inventory.resources}
    assert len(by_name) == 3
    first = by_name["SampleActivityLogAlertRule1"]
    assert first["categories"] == ["administrative"]
    assert first["operationNames"] == []
    assert first["subscriptionWide"] is True  # "subscriptions/ID" without a leading slash
    assert by_name["SampleActivityLogAlertRule2"]["subscriptionWide"] is False  # one group
    nsg = by_name["nsg-changes"]
    assert nsg["operationNames"] == ["microsoft.network/networksecuritygroups/write"]
    assert nsg["subscriptionWide"] is True
    assert len([p for p in arm.routes.paths_called() if p.lower() == ALERTS.lower()]) == 2


def test_the_subscription_is_judged_on_its_settings_and_alerts(arm: FakeArm) -> None:
    serve_subscription(arm)
    listed = items("Microsoft.Insights/ActivityLogAlertRule_ListBySubscriptionId.json")
    arm.routes.add_list(SETTINGS, [_activity_log_setting()])
    arm.routes.add_list(ALERTS, [*listed, _nsg_alert(listed[0])])
    statuses = _policy_statuses(arm, {SETTING, ALERT})
    assert statuses["azure-monitor-activity-log-exported"] is Status.PASS
    assert statuses["azure-monitor-activity-log-categories"] is Status.PASS
    assert statuses["azure-monitor-alert-nsg-write"] is Status.PASS
    assert statuses["azure-monitor-alert-nsg-delete"] is Status.FAIL
    assert statuses["azure-monitor-alert-service-health"] is Status.FAIL


def test_unreadable_alerts_are_errors_not_failures(arm: FakeArm) -> None:
    serve_subscription(arm)
    arm.routes.add_list(SETTINGS, [])
    arm.routes.add(ALERTS, arm_error(403, "AuthorizationFailed", "no insights read"))
    inventory = arm.collect({"azure.subscription", SETTING, ALERT})
    assert [(e.resource_type, e.code) for e in inventory.errors] == [(ALERT, "AuthorizationFailed")]
    statuses = _policy_statuses(arm, {SETTING, ALERT})
    assert statuses["azure-monitor-activity-log-exported"] is Status.FAIL  # none exists
    alerts = {s for p, s in statuses.items() if p.startswith("azure-monitor-alert-")}
    assert alerts == {Status.ERROR}
