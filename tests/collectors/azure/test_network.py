"""NSGs (with normalised rules), virtual networks, Network Watchers and flow logs."""

from __future__ import annotations

from typing import Any

import pytest

from auditor.collectors.azure.network import normalise_rule, port_ranges
from auditor.demo.arm import arm_error
from tests.collectors.azure.harness import SUB, FakeArm, example, items

NSGS = f"/subscriptions/{SUB}/providers/Microsoft.Network/networkSecurityGroups"
VNETS = f"/subscriptions/{SUB}/providers/Microsoft.Network/virtualNetworks"
WATCHERS = f"/subscriptions/{SUB}/providers/Microsoft.Network/networkWatchers"


def _rule(name: str = "r", **props: Any) -> dict[str, Any]:
    return {"name": name, "properties": {"direction": "Inbound", "access": "Allow", **props}}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (["*"], [{"from": 0, "to": 65535}]),
        (["22"], [{"from": 22, "to": 22}]),
        (["20-25", "3389"], [{"from": 20, "to": 25}, {"from": 3389, "to": 3389}]),
        (["25-20"], [{"from": 20, "to": 25}]),
        (["Any"], [{"from": 0, "to": 65535}]),
        (["nonsense"], [{"from": 0, "to": 65535}]),
        ([], [{"from": 0, "to": 65535}]),
    ],
)
def test_port_ranges(spec: list[str], expected: list[dict[str, int]]) -> None:
    assert port_ranges(spec) == expected


@pytest.mark.parametrize("source", ["*", "Internet", "0.0.0.0/0", "Any", "internet"])
def test_internet_sources_are_recognised(source: str) -> None:
    rule = normalise_rule(_rule(sourceAddressPrefix=source, destinationPortRange="22"), False)
    assert rule["fromInternet"] is True


def test_private_sources_and_lists_are_kept() -> None:
    rule = normalise_rule(
        _rule(
            sourceAddressPrefixes=["10.0.0.0/8", "192.168.1.0/24"],
            destinationPortRanges=["22", "8000-8100"],
            protocol="Tcp",
        ),
        False,
    )
    assert rule["fromInternet"] is False
    assert rule["sources"] == ["10.0.0.0/8", "192.168.1.0/24"]
    assert rule["protocol"] == "tcp"
    assert rule["portRanges"] == [{"from": 22, "to": 22}, {"from": 8000, "to": 8100}]
    assert rule["allPorts"] is False


def _serve_watchers(arm: FakeArm) -> list[dict[str, Any]]:
    watchers = example("Microsoft.Network/NetworkWatcherListAll.json")["value"]
    logs = items("Microsoft.Network/NetworkWatcherFlowLogList.json")
    arm.routes.add_list(WATCHERS, watchers)
    for n, watcher in enumerate(watchers):
        arm.routes.add_list(f"{watcher['id']}/flowLogs", logs if n == 0 else [])
    return logs


def test_nsgs_have_normalised_rules_and_their_flow_logs(arm: FakeArm) -> None:
    listed = items("Microsoft.Network/NetworkSecurityGroupListAll.json")
    with_rule = example("Microsoft.Network/NetworkSecurityGroupCreateWithRule.json")
    logs = _serve_watchers(arm)
    target = logs[0]["properties"]["targetResourceId"]
    # Ours: point the NSG at the first flow log's target, in different case, as ARM may.
    with_rule["id"] = target.upper().replace("/SUBSCRIPTIONS/", "/subscriptions/")
    arm.routes.add_list(NSGS, [*listed, with_rule], page_size=1)
    inventory = arm.collect({"azure.network.nsg"})
    assert inventory.errors == ()
    assert len(inventory.resources) == len(listed) + 1
    nsg = next(r for r in inventory.resources if r.id == with_rule["id"])
    custom = [rule for rule in nsg.properties["rules"] if not rule["default"]]
    assert custom == [
        {
            "name": "rule1",
            "default": False,
            "priority": 130,
            "direction": "Inbound",
            "access": "Allow",
            "protocol": "*",
            "sources": ["*"],
            "fromInternet": True,
            "ports": ["80"],
            "portRanges": [{"from": 80, "to": 80}],
            "allPorts": False,
            "shadowed": False,
        }
    ]
    deny_all = next(r for r in nsg.properties["rules"] if r["name"] == "DenyAllInBound")
    assert deny_all["default"] and deny_all["access"] == "Deny" and deny_all["allPorts"]
    assert [log["name"] for log in nsg.properties["flowLogs"]] == [
        log["name"]
        for log in logs
        if log["properties"]["targetResourceId"].lower() == target.lower()
    ]
    others = [r for r in inventory.resources if r.id != with_rule["id"]]
    assert all(r.properties["flowLogs"] == [] for r in others)


def test_unreadable_flow_logs_are_a_property_error_not_an_empty_list(arm: FakeArm) -> None:
    arm.routes.add_list(NSGS, items("Microsoft.Network/NetworkSecurityGroupListAll.json"))
    arm.routes.add(WATCHERS, arm_error(403, "AuthorizationFailed", "no watcher read"))
    inventory = arm.collect({"azure.network.nsg"})
    assert inventory.errors == ()
    for nsg in inventory.resources:
        assert nsg.properties["flowLogs"] is None
        assert nsg.errors == {"flowLogs": "AuthorizationFailed: no watcher read"}


def test_vnets_watchers_and_flow_logs(arm: FakeArm) -> None:
    vnets = items("Microsoft.Network/VirtualNetworkListAll.json")
    arm.routes.add_list(VNETS, vnets)
    logs = _serve_watchers(arm)
    inventory = arm.collect(
        {"azure.network.vnet", "azure.network.watcher", "azure.network.flow_log"}
    )
    assert inventory.errors == ()
    by_type: dict[str, list[Any]] = {}
    for resource in inventory.resources:
        by_type.setdefault(resource.type, []).append(resource)
    assert len(by_type["azure.network.vnet"]) == len(vnets)
    assert {r.region for r in by_type["azure.network.watcher"]} == {"eastus", "westus"}
    assert sorted(r.name for r in by_type["azure.network.flow_log"]) == sorted(
        log["name"] for log in logs
    )
    vnet = by_type["azure.network.vnet"][0]
    assert vnet.properties["properties"]["subnets"][0]["name"] == "test-1"
    assert vnet.properties["flowLogs"] == []


def _nsg(*rules: dict[str, Any]) -> dict[str, Any]:
    return {"name": "n", "properties": {"securityRules": list(rules)}}


def test_an_allow_behind_an_earlier_deny_is_shadowed() -> None:
    from auditor.collectors.azure.network import normalise_rules

    rules = normalise_rules(
        _nsg(
            _rule(
                name="x",
                priority=300,
                sourceAddressPrefix="*",
                destinationPortRange="22",
                protocol="Tcp",
            ),
            {
                "name": "deny",
                "properties": {
                    "direction": "Inbound",
                    "access": "Deny",
                    "priority": 100,
                    "protocol": "*",
                    "sourceAddressPrefix": "Internet",
                    "destinationPortRange": "0-1024",
                },
            },
        )
    )
    assert [(r["priority"], r["shadowed"]) for r in rules] == [(100, False), (300, True)]


@pytest.mark.parametrize(
    ("deny", "why"),
    [
        ({"priority": 400, "sourceAddressPrefix": "*", "destinationPortRange": "*"}, "later"),
        (
            {"priority": 100, "sourceAddressPrefix": "10.0.0.0/8", "destinationPortRange": "*"},
            "src",
        ),
        ({"priority": 100, "sourceAddressPrefix": "*", "destinationPortRange": "23-30"}, "ports"),
        (
            {
                "priority": 100,
                "sourceAddressPrefix": "*",
                "destinationPortRange": "*",
                "protocol": "Udp",
            },
            "protocol",
        ),
    ],
)
def test_an_allow_is_not_shadowed_by_a_deny_that_misses_it(deny: dict[str, Any], why: str) -> None:
    from auditor.collectors.azure.network import normalise_rules

    allow = _rule(priority=300, sourceAddressPrefix="*", destinationPortRange="22", protocol="Tcp")
    deny_rule = {
        "name": "deny",
        "properties": {"direction": "Inbound", "access": "Deny", "protocol": "*", **deny},
    }
    rules = normalise_rules(_nsg(allow, deny_rule))
    assert not next(r for r in rules if r["access"] == "Allow")["shadowed"], why
