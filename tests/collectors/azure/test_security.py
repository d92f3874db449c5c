"""Defender for Cloud plans from pricings.list, judged on the subscription."""

from __future__ import annotations

from auditor.demo.arm import arm_error
from auditor.engine.evaluator import evaluate
from auditor.models import Status
from auditor.policy import load_policies
from tests.collectors.azure.harness import ENDPOINT, SUB, FakeArm, example

PRICINGS = f"/subscriptions/{SUB}/providers/Microsoft.Security/pricings"
PRICING = "azure.security.pricing"


def _statuses(arm: FakeArm) -> dict[str, Status]:
    subscription = example("Microsoft.Resources/GetSubscriptions.json")["value"][0]
    subscription["subscriptionId"] = SUB
    arm.routes.add(f"/subscriptions/{SUB}", subscription)
    policies = [p for p in load_policies() if p.id.startswith("azure-defender-")]
    inventory = arm.collect({"azure.subscription", PRICING})
    return {f.policy_id: f.status for f in evaluate(policies, inventory).findings}


def test_every_plan_is_one_resource_with_its_tier(arm: FakeArm) -> None:
    reply = example("Microsoft.Security/ListPricings_example.json")
    arm.routes.add(PRICINGS, reply)
    inventory = arm.collect({PRICING})
    assert inventory.errors == ()
    tiers = {r.name: r.properties["properties"]["pricingTier"] for r in inventory.resources}
    assert tiers == {p["name"]: p["properties"]["pricingTier"] for p in reply["value"]}
    assert tiers["VirtualMachines"] == "Standard"
    assert tiers["AppServices"] == "Free"
    assert all(r.account == SUB and r.region == "" for r in inventory.resources)
    assert [u.split("?")[0] for _, u in arm.routes.calls] == [f"{ENDPOINT}{PRICINGS}"]

    statuses = _statuses(arm)
    assert statuses["azure-defender-servers"] is Status.PASS
    assert statuses["azure-defender-app-service"] is Status.FAIL
    # A plan the reply does not list counts as off.
    assert "Api" not in tiers
    assert statuses["azure-defender-apis"] is Status.FAIL


def test_forbidden_pricings_are_errors(arm: FakeArm) -> None:
    arm.routes.add(PRICINGS, arm_error(403, "AuthorizationFailed", "no security read"))
    statuses = _statuses(arm)
    assert set(statuses.values()) == {Status.ERROR}
    assert len(statuses) == 12
