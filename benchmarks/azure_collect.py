"""Azure collection overhead: the real SDK clients and collectors against in-process ARM.

Run: python -m benchmarks.azure_collect [--subscriptions 10] [--per-subscription 200]
Each subscription holds that many storage accounts (each with its blob service GET) and
that many NSGs, listed in pages of 100. Replies come from memory, so the figure is the
client-side cost (SDK pipeline, deserialisation, conversion to plain JSON, rule
normalisation), a floor under what a real scan adds in network time.
"""

from __future__ import annotations

import argparse
import copy
import resource
import time
from typing import Any

from auditor.collectors.azure.runner import AzureOptions, collect_azure
from auditor.demo.arm import ArmReplayTransport, ArmRoutes
from auditor.demo.azure import demo_routes


def _templates() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    routes = demo_routes()
    sub = "d0d0d0d0-dfd4-4c1e-9a5e-000000000104"
    base = f"https://x/subscriptions/{sub}/providers"
    account = routes.reply("GET", f"{base}/Microsoft.Storage/storageAccounts").body["value"][0]
    blob = routes.reply("GET", f"https://x{account['id']}/blobServices/default").body
    nsg = routes.reply("GET", f"{base}/Microsoft.Network/networkSecurityGroups").body["value"][1]
    return account, blob, nsg


def build(subscriptions: int, per_subscription: int) -> tuple[ArmRoutes, tuple[str, ...]]:
    account, blob, nsg = _templates()
    routes = ArmRoutes()
    subs = tuple(f"00000000-0000-0000-0000-{n:012d}" for n in range(subscriptions))
    for sub in subs:
        accounts, nsgs = [], []
        for i in range(per_subscription):
            a = copy.deepcopy(account)
            a["name"] = f"acct{i}"
            a["id"] = (
                f"/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct{i}"
            )
            accounts.append(a)
            routes.add(f"{a['id']}/blobServices/default", blob)
            n = copy.deepcopy(nsg)
            n["name"] = f"nsg{i}"
            n["id"] = (
                f"/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg{i}"
            )
            nsgs.append(n)
        routes.add_list(
            f"/subscriptions/{sub}/providers/Microsoft.Storage/storageAccounts", accounts, 100
        )
        routes.add_list(
            f"/subscriptions/{sub}/providers/Microsoft.Network/networkSecurityGroups", nsgs, 100
        )
        routes.add_list(f"/subscriptions/{sub}/providers/Microsoft.Network/networkWatchers", [])
    return routes, subs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10)
    parser.add_argument("--per-subscription", type=int, default=200)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    routes, subs = build(args.subscriptions, args.per_subscription)
    options = AzureOptions(
        subscriptions=subs,
        token="benchmark",
        transport=ArmReplayTransport(routes),
        workers=args.workers,
    )
    types = {"azure.storage.account", "azure.network.nsg"}
    collect_azure(
        AzureOptions(subscriptions=subs[:1], token="w", transport=ArmReplayTransport(routes)), types
    )  # imports
    routes.calls.clear()
    started = time.perf_counter()
    inventory = collect_azure(options, types)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    count = len(inventory.resources)
    print(
        f"subscriptions={len(subs)} resources={count} requests={len(routes.calls)} "
        f"errors={len(inventory.errors)} time={elapsed:.2f}s "
        f"resources/s={count / elapsed:,.0f} requests/s={len(routes.calls) / elapsed:,.0f} "
        f"peak_rss={peak:.0f}MiB"
    )


if __name__ == "__main__":
    main()
