"""How long the gate's own steps take on a big estate: run on demand, prints figures.

    python benchmarks/gate.py [FINDINGS] [WAIVERS]

Builds results with FINDINGS findings (default 200,000; one in four failing) over 300
policies, a baseline from a slightly different earlier run, and a waiver file of
WAIVERS waivers (default 500; globs on policy and resource, some by tag), then times
reading the waiver file, applying the waivers, and marking the baseline.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from auditor.baseline import mark_baseline
from auditor.models import Finding, ResourceRef, ScanMetadata, Severity, Status
from auditor.results import PolicyInfo, Results
from auditor.waivers import apply_waivers, load_waivers

T = TypeVar("T")


def results(count: int, rng: random.Random) -> Results:
    policies = {
        f"aws-p{n}": PolicyInfo(f"aws-p{n}", "t", "aws.s3.bucket", Severity.LOW) for n in range(300)
    }
    ids = list(policies)
    statuses = [Status.PASS] * 3 + [Status.FAIL]
    findings = tuple(
        Finding(
            ids[i % len(ids)],
            ResourceRef(
                f"arn:aws:s3:::bucket-{i // len(ids)}",
                "aws.s3.bucket",
                f"bucket-{i // len(ids)}",
                "aws",
                "111111111111",
                "eu-west-2",
                {"team": f"team-{i % 40}"},
            ),
            rng.choice(statuses),
        )
        for i in range(count)
    )
    meta = ScanMetadata("2026-01-01T00:00:00+00:00", "", "0", ("aws",), "", ("111111111111",))
    return Results(meta, "2026-01-01T00:00:01+00:00", policies, findings)


def waiver_file(path: Path, count: int, rng: random.Random) -> None:
    expires = (date.today() + timedelta(days=200)).isoformat()
    lines = ["waivers:"]
    for n in range(count):
        lines += [
            f"  - id: W-{n}",
            f"    policy: aws-p{rng.randrange(300)}*",
            f'    resources: ["arn:aws:s3:::bucket-{rng.randrange(700)}*"]'
            if n % 3
            else f"    tags: {{team: team-{rng.randrange(40)}}}",
            "    reason: Accepted for the benchmark",
            "    approved_by: someone@example.gov.uk",
            f"    expires: {expires}",
        ]
    path.write_text("\n".join(lines) + "\n")


def timed(label: str, action: Callable[[], T]) -> T:
    start = time.perf_counter()
    value = action()
    print(f"{label}: {time.perf_counter() - start:.3f} s")
    return value


def main(count: int, waiver_count: int) -> None:
    rng = random.Random(11)
    current = results(count, rng)
    earlier = replace(
        current,
        findings=tuple(
            replace(f, status=Status.FAIL if f.status is Status.PASS else Status.PASS)
            if rng.random() < 0.05
            else f
            for f in current.findings
        ),
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "waivers.yaml"
        waiver_file(path, waiver_count, rng)
        print(f"{count:,} findings, {waiver_count} waivers")
        waivers = timed("read and check the waiver file", lambda: load_waivers(path))
    waived = timed("apply waivers", lambda: apply_waivers(current, waivers))
    marked = timed("mark against the baseline", lambda: mark_baseline(waived, earlier))
    print(
        f"waived {sum(f.status is Status.WAIVED for f in marked.findings):,}, "
        f"new {sum(f.baseline == 'new' for f in marked.findings):,}, fixed {len(marked.fixed):,}"
    )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 200_000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 500,
    )
