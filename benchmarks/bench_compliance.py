"""How long per-control status takes for a large estate: run on demand, prints figures.

    python benchmarks/bench_compliance.py [FINDINGS]

Builds results with 300 policies spread over every shipped framework's controls and
FINDINGS findings (default 200,000), then times the assessment of all frameworks.
"""

from __future__ import annotations

import random
import sys
import time

from auditor.engine.compliance import assess
from auditor.models import Finding, ResourceRef, ScanMetadata, Severity, Status
from auditor.policy.frameworks import load_frameworks
from auditor.results import PolicyInfo, Results


def main(findings_wanted: int) -> None:
    rng = random.Random(7)
    frameworks = list(load_frameworks().values())
    policies = {}
    for n in range(300):
        mapping = {
            fw.id: tuple(c.id for c in rng.sample(fw.controls, k=min(3, len(fw.controls))))
            for fw in frameworks
        }
        policies[f"p{n}"] = PolicyInfo(
            f"p{n}", "t", "aws.s3.bucket", Severity.LOW, frameworks=mapping
        )
    statuses = [Status.PASS] * 8 + [Status.FAIL, Status.ERROR]
    ids = list(policies)
    findings = tuple(
        Finding(
            rng.choice(ids),
            ResourceRef(f"r{i}", "aws.s3.bucket", f"r{i}", "aws", "1", "eu-west-2"),
            rng.choice(statuses),
        )
        for i in range(findings_wanted)
    )
    results = Results(ScanMetadata("", "", "bench"), "", policies, findings)
    start = time.perf_counter()
    assessed = assess(results, frameworks)
    elapsed = time.perf_counter() - start
    controls = sum(len(f.controls) for f in assessed.frameworks)
    print(
        f"{len(findings):,} findings, {len(policies)} policies, {len(frameworks)} frameworks, "
        f"{controls} controls: assessed in {elapsed * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
