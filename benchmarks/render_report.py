"""Render 50,000 findings in every format and time the HTML report in headless Chromium.

Run on demand, not in the test suite:

    python benchmarks/render_report.py [--findings 50000] [--keep DIR]

Prints, for each format, the render time and file size; then how long Chromium takes
to load the HTML report (navigation start to the load event, i.e. after the report's
script has built its first page of rows) and to filter, search, sort and page it.
Needs the Debian ``chromium`` package and the test extra (playwright).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from auditor.models import (
    CollectionError,
    Evidence,
    Finding,
    ResourceRef,
    ScanMetadata,
    Severity,
    Status,
)
from auditor.render import FORMATS
from auditor.results import ControlStatus, FrameworkStatus, PolicyInfo, Results, sort_findings

ACCOUNTS = ("111111111111", "222222222222", "333333333333")
REGIONS = ("eu-west-2", "eu-west-1", "us-east-1", "eu-central-1")
SEVERITIES = tuple(Severity)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


# Each step runs synchronously in the page (change and submit handlers filter at once),
# so performance.now() around it measures the filtering and the re-rendering.
INTERACTIONS = """() => {
  const t = {};
  const time = (label, action) => {
    const s = performance.now();
    action();
    t[label] = (performance.now() - s) / 1000;
  };
  const byId = (id) => document.getElementById(id);
  const status = byId('f-status'), text = byId('f-text'), form = byId('filters');
  const search = (value) => { text.value = value; form.requestSubmit(); };
  time('filter status=fail', () => {
    status.value = 'fail';
    status.dispatchEvent(new Event('change'));
  });
  time('search, first (builds index)', () => search('dept-bucket-04999'));
  time('search, again', () => search('team-7'));
  time('clear filters', () => { status.value = ''; search(''); });
  time('sort by resource', () => document.querySelector('button.sort[data-sort=resource]').click());
  time('next page', () => byId('next').click());
  time('open a finding', () => document.querySelector('button.details').click());
  t.shown = byId('shown').textContent;
  return t;
}"""


def synthetic_results(total: int, per_resource: int = 10) -> Results:
    """``total`` findings: ``per_resource`` policies over ``total / per_resource`` buckets."""
    policies = {
        f"aws-s3-policy-{i:02d}": PolicyInfo(
            id=f"aws-s3-policy-{i:02d}",
            title=f"S3 buckets meet requirement {i}",
            resource="aws.s3.bucket",
            severity=SEVERITIES[i % len(SEVERITIES)],
            description=f"Requirement {i} holds for the bucket.",
            rationale="Because a realistic report carries a paragraph of rationale " * 2,
            remediation={"text": f"Apply setting {i}.", "cli": f"aws s3api put-thing --n {i}"},
            frameworks={"ncsc-csp": (str(1 + i % 14),), "cis-aws": (f"3.1.{i}",)},
        )
        for i in range(per_resource)
    }
    findings = []
    for n in range(total // per_resource):
        name = f"dept-bucket-{n:05d}"
        ref = ResourceRef(
            id=f"arn:aws:s3:::{name}",
            type="aws.s3.bucket",
            name=name,
            provider="aws",
            account=ACCOUNTS[n % len(ACCOUNTS)],
            region=REGIONS[n % len(REGIONS)],
            tags={"team": f"team-{n % 40}", "cost-centre": f"CC-{n % 97}", "env": "prod"},
        )
        for i, pid in enumerate(policies):
            roll = (n * 7 + i * 13) % 20
            status = (
                Status.FAIL
                if roll < 6
                else Status.ERROR
                if roll == 6
                else Status.WAIVED
                if roll == 7
                else Status.PASS
            )
            evidence = tuple(
                Evidence(
                    f"Setting{i}.Part{k}", "eq", True, status is Status.PASS, status is Status.PASS
                )
                for k in range(3)
            )
            findings.append(
                Finding(
                    pid,
                    ref,
                    status,
                    evidence if status is not Status.ERROR else (),
                    message="AccessDenied: not authorised" if status is Status.ERROR else "",
                    waiver={
                        "id": "W-1",
                        "reason": "accepted",
                        "approved_by": "ciso",
                        "expires": "2027-01-01",
                    }
                    if status is Status.WAIVED
                    else None,
                    baseline=("new" if n % 11 == 0 else "existing")
                    if status is Status.FAIL
                    else "",
                )
            )
    ncsc = FrameworkStatus(
        id="ncsc-csp",
        name="NCSC Cloud Security Principles",
        controls=tuple(
            ControlStatus(
                str(c),
                f"Principle {c}",
                "fail" if c <= per_resource else "not_covered",
                tuple(pid for pid, p in policies.items() if str(c) in p.frameworks["ncsc-csp"]),
            )
            for c in range(1, 15)
        ),
    )
    return Results(
        metadata=ScanMetadata(
            "2026-01-01T00:00:00+00:00",
            "2026-01-01T00:20:00+00:00",
            "0.1.0",
            ("aws",),
            "arn:aws:iam::111111111111:role/audit",
            ACCOUNTS,
            REGIONS,
            ("aws.s3.bucket",),
        ),
        evaluated_at="2026-01-01T00:20:05+00:00",
        policies=policies,
        findings=sort_findings(findings),
        collection_errors=(
            CollectionError(
                "aws.s3.bucket", "aws", ACCOUNTS[0], "ap-south-1", "AccessDenied", "denied"
            ),
        ),
        frameworks=(ncsc,),
    )


def time_renderers(results: Results, out: Path) -> dict[str, Path]:
    print(f"{'format':<10}{'render s':>10}{'size MB':>10}")
    written = {}
    for name, fmt in FORMATS.items():
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            text = fmt.renderer()(results)
            runs.append(time.perf_counter() - start)
        path = out / fmt.filename
        path.write_text(text, encoding="utf-8")
        written[name] = path
        print(f"{name:<10}{statistics.median(runs):>10.2f}{path.stat().st_size / 1e6:>10.2f}")
    return written


def time_browser(report: Path, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        raise SystemExit("Chromium is not installed (Debian package 'chromium').")
    measures: dict[str, list[float]] = {}

    def record(label: str, value: float) -> None:
        measures.setdefault(label, []).append(value)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page: Any = browser.new_page(viewport={"width": 1280, "height": 900})
            start = time.perf_counter()
            page.goto(report.resolve().as_uri(), wait_until="load", timeout=120_000)
            record("load (wall, goto to load event)", time.perf_counter() - start)
            nav = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
            record("load (navigation to load event)", nav["loadEventEnd"] / 1000)
            timed = page.evaluate(INTERACTIONS)
            for label, value in timed.items():
                if label != "shown":
                    record(label, value)
            page.close()
        browser.close()
    print(f"\nChromium ({runs} runs, median)")
    for label, values in measures.items():
        print(f"  {label:<34}{statistics.median(values) * 1000:>9.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=50_000)
    parser.add_argument("--browser-runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the files here instead of a temp dir")
    args = parser.parse_args()
    start = time.perf_counter()
    results = synthetic_results(args.findings)
    print(
        f"{len(results.findings)} findings over {len({f.resource.id for f in results.findings})} "
        f"resources built in {time.perf_counter() - start:.1f} s\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        written = time_renderers(results, out)
        time_browser(written["html"], args.browser_runs)


if __name__ == "__main__":
    main()
