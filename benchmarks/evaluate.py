"""Evaluation speed: a generated inventory against every built-in policy.

Run: python -m benchmarks.evaluate [--resources 100000]
Prints resources, policies, evaluations per second and the process's peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections import Counter
from typing import Any

from auditor.collectors.registry import CATALOG
from auditor.engine.evaluator import evaluate
from auditor.models import Inventory, Resource, ScanMetadata
from auditor.policy import load_policies

REGIONS = ("eu-west-2", "eu-west-1", "us-east-1")


def _bucket_properties(rng: random.Random) -> dict[str, Any]:
    blocked = rng.random() < 0.7
    return {
        "PublicAccessBlock": dict.fromkeys(
            ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"),
            blocked,
        )
        if rng.random() < 0.9
        else None,
        "PolicyStatus": {"IsPublic": rng.random() < 0.05},
        "Policy": {
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:*"},
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                },
            ][: rng.randint(0, 2)]
        },
        "Acl": {
            "Grants": [
                {"Grantee": {"Type": "CanonicalUser", "ID": "abc"}, "Permission": "FULL_CONTROL"}
            ]
        },
        "Encryption": {
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        }
        if rng.random() < 0.8
        else None,
        "Versioning": {"Status": "Enabled"} if rng.random() < 0.5 else {},
        "Logging": {"TargetBucket": "logs"} if rng.random() < 0.3 else None,
    }


def generate(count: int, seed: int = 7) -> Inventory:
    """Resources of every type the built-in policies target, in equal shares.

    Types other than S3 buckets get empty properties: their policies still run and
    mostly fail or error, which costs the evaluator as much as a realistic document.
    """
    rng = random.Random(seed)
    types = sorted(CATALOG)
    resources = []
    for i in range(count):
        rtype = types[i % len(types)]
        props = _bucket_properties(rng) if rtype == "aws.s3.bucket" else {}
        resources.append(
            Resource(
                type=rtype,
                id=f"{rtype}/{i}",
                name=f"resource-{i}",
                provider=rtype.split(".", 1)[0],
                account=f"{100000000000 + i % 20}",
                region=REGIONS[i % len(REGIONS)],
                tags={"env": rng.choice(("prod", "dev"))},
                properties=props,
            )
        )
    return Inventory(ScanMetadata("", "", "bench"), tuple(resources))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resources", type=int, default=100_000)
    args = parser.parse_args()

    policies = load_policies()
    inventory = generate(args.resources)
    per_type = Counter(p.resource for p in policies)
    pairs = sum(per_type[r.type] for r in inventory.resources)

    started = time.perf_counter()
    results = evaluate(policies, inventory)
    elapsed = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"resources:               {len(inventory.resources):,}")
    print(f"policies:                {len(policies):,}")
    print(f"resource x policy pairs: {pairs:,}")
    print(f"findings:                {len(results.findings):,}")
    print(f"evaluation time:         {elapsed:.2f} s")
    print(f"pairs per second:        {pairs / elapsed:,.0f}")
    print(f"peak memory (RSS):       {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
