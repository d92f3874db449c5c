"""Time ``auditor scan aws --org`` over an emulated AWS Organization of A accounts x R buckets.

Run on demand, not in the test suite:

    python -m benchmarks.scan_org [--estates 10x50,40x25] [--max-concurrency 16]

For each estate, moto's server (in this process, on a free local port) holds an
organisation with A member accounts, each with R S3 buckets in eu-west-2; the scan runs
as a separate process, assuming a role in every member account through the server:
``python -m auditor scan aws --org --role-name ... --endpoint-url URL --policy 'aws-s3-*'``.
Prints accounts, resources, the API calls the server received (sts:AssumeRole included),
calls per resource, wall time and the scan process's peak resident memory.

Buckets are the resource because they are the most expensive type per resource to read
(ten calls each); moto's server answers about 150 requests a second on the reference
machine, which bounds the estate sizes worth running here.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import boto3

from benchmarks.scan_aws import CREDENTIALS, CountingApp, start_server

ROLE = "AuditorReadOnly"
REGION = "eu-west-2"


def _client(endpoint: str, service: str, **credentials: str) -> Any:
    return boto3.client(  # type: ignore[call-overload]
        service,
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id=credentials.get("key", "bench"),
        aws_secret_access_key=credentials.get("secret", "bench"),
        aws_session_token=credentials.get("token"),
    )


def seed(endpoint: str, accounts: int, buckets: int, workers: int) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
    org = _client(endpoint, "organizations")
    org.create_organization(FeatureSet="ALL")
    members = [
        org.create_account(Email=f"member{i}@bench.example", AccountName=f"member-{i}")[
            "CreateAccountStatus"
        ]["AccountId"]
        for i in range(accounts)
    ]
    sts = _client(endpoint, "sts")

    def fill(account: str) -> None:
        creds = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/{ROLE}", RoleSessionName="seed"
        )["Credentials"]
        s3 = _client(
            endpoint,
            "s3",
            key=creds["AccessKeyId"],
            secret=creds["SecretAccessKey"],
            token=creds["SessionToken"],
        )
        for n in range(buckets):
            s3.create_bucket(
                Bucket=f"b{account}-{n}", CreateBucketConfiguration={"LocationConstraint": REGION}
            )

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(fill, members))


def scan(endpoint: str, counting: CountingApp, out: Path, concurrency: int) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(CREDENTIALS)
    env.update(
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        NO_COLOR="1",
    )
    command = [
        sys.executable, "-m", "auditor", "scan", "aws", "--org", "--role-name", ROLE,
        "--endpoint-url", endpoint, "--region", REGION, "--policy", "aws-s3-*",
        "--max-concurrency", str(concurrency),
        "-o", str(out), "-f", "json", "--fail-on", "never", "-q",
    ]  # fmt: skip
    counting.reset()
    started = time.monotonic()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        stderr = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"scan exited {code}: {stderr}")
    results = json.loads((out / "auditor-results.json").read_text())
    return {
        "calls": counting.count,
        "wall": wall,
        "peak_mib": usage.ru_maxrss / 1024,
        "accounts": len(results["metadata"]["accounts"]),
        "resources": len({f["resource"]["id"] for f in results["findings"]}),
        "errors": len(results.get("collection_errors", [])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--estates", default="10x50,40x25", help="ACCOUNTSxBUCKETS, comma-separated"
    )
    parser.add_argument("--max-concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=8, help="threads seeding the estate")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    os.environ.update(CREDENTIALS)
    print(
        "| accounts | resources | API calls | calls per resource | wall time | peak RSS "
        "| seeding time |"
    )
    print("|---|---|---|---|---|---|---|")
    for estate in args.estates.split(","):
        accounts, buckets = (int(n) for n in estate.lower().split("x"))
        endpoint, counting, stop = start_server()
        try:
            began = time.monotonic()
            seed(endpoint, accounts, buckets, args.workers)
            seeding = time.monotonic() - began
            with tempfile.TemporaryDirectory() as tmp:
                figures = scan(endpoint, counting, Path(tmp), args.max_concurrency)
        finally:
            stop()
        print(
            f"| {figures['accounts']:,} | {figures['resources']:,} | {figures['calls']:,} "
            f"| {figures['calls'] / max(1, figures['resources']):.2f} | {figures['wall']:.1f} s "
            f"| {figures['peak_mib']:.0f} MiB | {seeding:.0f} s |",
            flush=True,
        )
        if figures["errors"]:
            print(f"  ({figures['errors']} collection errors)", flush=True)


if __name__ == "__main__":
    main()
