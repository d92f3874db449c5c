"""Azure SQL collection overhead: servers with three detail GETs each, databases with TDE.

Run: python -m benchmarks.azure_sql_collect [--subscriptions 5] [--servers 50] [--databases 4]
Each server gets its firewall rules, auditing policy and TDE protector (three GETs) and
lists its databases; each database gets its TDE state (one GET). Replies come from memory, so the
figure is the client-side cost of the fan-out (SDK pipeline, detail pools, conversion to
plain JSON), a floor under what a real scan adds in network time.
"""

from __future__ import annotations

import argparse
import resource
import time

from auditor.collectors.azure.runner import AzureOptions, collect_azure
from auditor.demo.arm import ArmReplayTransport, ArmRoutes

TYPES = {"azure.sql.server", "azure.sql.database"}


def build(subscriptions: int, servers: int, databases: int) -> tuple[ArmRoutes, tuple[str, ...]]:
    routes = ArmRoutes()
    subs = tuple(f"00000000-0000-0000-0000-{n:012d}" for n in range(subscriptions))
    for sub in subs:
        listed = []
        for s in range(servers):
            sid = f"/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Sql/servers/sql{s}"
            listed.append(
                {
                    "id": sid,
                    "name": f"sql{s}",
                    "type": "Microsoft.Sql/servers",
                    "location": "uksouth",
                    "properties": {"minimalTlsVersion": "1.2", "publicNetworkAccess": "Disabled"},
                }
            )
            rule = {"startIpAddress": "203.0.113.0", "endIpAddress": "203.0.113.255"}
            routes.add_list(
                f"{sid}/firewallRules",
                [{"id": f"{sid}/firewallRules/office", "name": "office", "properties": rule}],
            )
            routes.add(
                f"{sid}/auditingSettings/default",
                {"name": "default", "properties": {"state": "Enabled", "retentionDays": 90}},
            )
            routes.add(
                f"{sid}/encryptionProtector/current",
                {"name": "current", "properties": {"serverKeyType": "ServiceManaged"}},
            )
            dbs = [
                {
                    "id": f"{sid}/databases/db{d}",
                    "name": f"db{d}",
                    "location": "uksouth",
                    "type": "Microsoft.Sql/servers/databases",
                    "properties": {"status": "Online"},
                }
                for d in range(databases)
            ]
            routes.add_list(f"{sid}/databases", dbs)
            for db in dbs:
                routes.add_list(
                    f"{db['id']}/transparentDataEncryption",
                    [{"name": "current", "properties": {"state": "Enabled"}}],
                )
        routes.add_list(f"/subscriptions/{sub}/providers/Microsoft.Sql/servers", listed, 100)
    return routes, subs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=5)
    parser.add_argument("--servers", type=int, default=50)
    parser.add_argument("--databases", type=int, default=4)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    routes, subs = build(args.subscriptions, args.servers, args.databases)
    collect_azure(
        AzureOptions(subscriptions=subs[:1], token="w", transport=ArmReplayTransport(routes)), TYPES
    )  # imports
    routes.calls.clear()
    options = AzureOptions(
        subscriptions=subs,
        token="benchmark",
        transport=ArmReplayTransport(routes),
        workers=args.workers,
    )
    started = time.perf_counter()
    inventory = collect_azure(options, TYPES)
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
