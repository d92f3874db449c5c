"""Network security groups, virtual networks, Network Watchers and their flow logs.

NSG rules are also given in a normalised form (``rules``) so a policy can ask "does an
inbound Allow rule from the internet cover port 22?" without knowing the many ways ARM
spells a source (``*``, ``Internet``, ``0.0.0.0/0``, ``Any``) or a port range
(``*``, ``22``, ``20-25``, lists of either).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from auditor.collectors.azure.base import (
    AZURE_ERRORS,
    AzureCollector,
    AzureScope,
    arm_resource,
    error_code,
    error_message,
    plain_list,
    resource_group_of,
)
from auditor.models import Resource

NSG = "azure.network.nsg"
VNET = "azure.network.vnet"
WATCHER = "azure.network.watcher"
FLOW_LOG = "azure.network.flow_log"

INTERNET_SOURCES = frozenset({"*", "internet", "any", "0.0.0.0/0", "0.0.0.0", "::/0", "<nw>/0"})
"""Source prefixes that mean "anywhere on the internet" (compared in lower case)."""
ALL_PORTS = {"from": 0, "to": 65535}


def _client(scope: AzureScope) -> Any:
    from azure.mgmt.network import NetworkManagementClient

    return scope.client(NetworkManagementClient)


def _listed(value: Any, values: Any) -> list[str]:
    """ARM gives a field either singly (``x``) or as a list (``xs``); one list of both."""
    found = [str(v) for v in (values or []) if str(v).strip()]
    if value not in (None, "") and str(value).strip():
        found.insert(0, str(value))
    return found


def port_ranges(specs: Iterable[str]) -> list[dict[str, int]]:
    """``["*"]``, ``["22"]``, ``["20-25", "443"]`` as ``[{"from": 20, "to": 25}, ...]``.

    A spec that is not a number or a range counts as every port, so nothing hides a
    rule behind a spelling this function does not know.
    """
    ranges: list[dict[str, int]] = []
    for spec in specs:
        text = spec.strip().lower()
        if text in ("*", "any", "0-65535"):
            ranges.append(dict(ALL_PORTS))
            continue
        low, sep, high = text.partition("-")
        try:
            start = int(low)
            end = int(high) if sep else start
        except ValueError:
            ranges.append(dict(ALL_PORTS))
            continue
        ranges.append({"from": min(start, end), "to": max(start, end)})
    return ranges or [dict(ALL_PORTS)]


def normalise_rule(rule: dict[str, Any], default: bool) -> dict[str, Any]:
    """One security rule in the shape the NSG policies read."""
    props = rule.get("properties") or {}
    sources = _listed(props.get("sourceAddressPrefix"), props.get("sourceAddressPrefixes"))
    ports = _listed(props.get("destinationPortRange"), props.get("destinationPortRanges"))
    ranges = port_ranges(ports)
    return {
        "name": rule.get("name"),
        "default": default,
        "priority": props.get("priority"),
        "direction": props.get("direction"),
        "access": props.get("access"),
        "protocol": str(props.get("protocol") or "*").lower(),
        "sources": sources,
        "fromInternet": any(s.strip().lower() in INTERNET_SOURCES for s in sources),
        "ports": ports,
        "portRanges": ranges,
        "allPorts": any(r == ALL_PORTS for r in ranges),
    }


_BLOCKS_INTERNET = frozenset({"*", "internet", "any", "0.0.0.0/0"})


def _covers(deny: dict[str, Any], allow: dict[str, Any]) -> bool:
    """An earlier Deny stops all internet traffic the Allow would let in."""
    return (
        deny["access"] == "Deny"
        and deny["direction"] == allow["direction"]
        and deny["protocol"] in ("*", allow["protocol"])
        and any(s.strip().lower() in _BLOCKS_INTERNET for s in deny["sources"])
        and all(
            any(d["from"] <= a["from"] and a["to"] <= d["to"] for d in deny["portRanges"])
            for a in allow["portRanges"]
        )
    )


def normalise_rules(nsg: dict[str, Any]) -> list[dict[str, Any]]:
    """Custom then default rules, each normalised, in priority order.

    ``shadowed`` marks an Allow rule from the internet that a Deny rule evaluated before
    it (lower priority number) already blocks for every port it opens.
    """
    props = nsg.get("properties") or {}
    rules = [normalise_rule(r, False) for r in props.get("securityRules") or []]
    rules += [normalise_rule(r, True) for r in props.get("defaultSecurityRules") or []]
    rules.sort(key=lambda r: (r["direction"] or "", r["priority"] or 0))
    for n, rule in enumerate(rules):
        rule["shadowed"] = (
            rule["access"] == "Allow"
            and rule["fromInternet"]
            and any(_covers(earlier, rule) for earlier in rules[:n])
        )
    return rules


def _watchers(scope: AzureScope) -> list[dict[str, Any]]:
    return plain_list(_client(scope).network_watchers.list_all())


def _flow_logs(scope: AzureScope, watchers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    client = _client(scope)
    found: list[dict[str, Any]] = []
    for watcher in watchers:
        group = resource_group_of(str(watcher.get("id") or ""))
        found.extend(plain_list(client.flow_logs.list(group, str(watcher["name"]))))
    return found


def _flow_logs_by_target(scope: AzureScope) -> tuple[dict[str, list[dict[str, Any]]], str | None]:
    """Flow logs keyed by lower-cased target id (ARM ids compare without case)."""
    try:
        logs = _flow_logs(scope, _watchers(scope))
    except AZURE_ERRORS as exc:
        return {}, f"{error_code(exc)}: {error_message(exc)}"
    by_target: dict[str, list[dict[str, Any]]] = {}
    for log in logs:
        target = str((log.get("properties") or {}).get("targetResourceId") or "").lower()
        by_target.setdefault(target, []).append(log)
    return by_target, None


def _with_flow_logs(
    scope: AzureScope, resource_type: str, items: list[dict[str, Any]], extra: Any
) -> list[Resource]:
    by_target, error = _flow_logs_by_target(scope) if items else ({}, None)
    resources = []
    for item in items:
        logs = None if error else by_target.get(str(item.get("id") or "").lower(), [])
        resources.append(
            arm_resource(
                resource_type,
                scope.subscription_id,
                item,
                extra={**extra(item), "flowLogs": logs},
                errors={"flowLogs": error} if error else None,
            )
        )
    return resources


def collect_nsgs(scope: AzureScope) -> list[Resource]:
    nsgs = plain_list(_client(scope).network_security_groups.list_all())
    return _with_flow_logs(scope, NSG, nsgs, lambda nsg: {"rules": normalise_rules(nsg)})


def collect_vnets(scope: AzureScope) -> list[Resource]:
    vnets = plain_list(_client(scope).virtual_networks.list_all())
    return _with_flow_logs(scope, VNET, vnets, lambda vnet: {})


def collect_watchers(scope: AzureScope) -> list[Resource]:
    return [arm_resource(WATCHER, scope.subscription_id, w) for w in _watchers(scope)]


def collect_flow_logs(scope: AzureScope) -> list[Resource]:
    logs = _flow_logs(scope, _watchers(scope))
    return [arm_resource(FLOW_LOG, scope.subscription_id, log) for log in logs]


_WATCHER_READS = (
    "Microsoft.Network/networkWatchers/read",
    "Microsoft.Network/networkWatchers/flowLogs/read",
)

COLLECTORS = [
    AzureCollector(
        resource_type=NSG,
        actions=("Microsoft.Network/networkSecurityGroups/read", *_WATCHER_READS),
        collect=collect_nsgs,
    ),
    AzureCollector(
        resource_type=VNET,
        actions=("Microsoft.Network/virtualNetworks/read", *_WATCHER_READS),
        collect=collect_vnets,
    ),
    AzureCollector(
        resource_type=WATCHER,
        actions=("Microsoft.Network/networkWatchers/read",),
        collect=collect_watchers,
    ),
    AzureCollector(resource_type=FLOW_LOG, actions=_WATCHER_READS, collect=collect_flow_logs),
]
