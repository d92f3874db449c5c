"""Time ``auditor scan aws`` end to end against an emulated estate of N resources.

Run on demand, not in the test suite:

    python -m benchmarks.scan_aws [--sizes 100,1000,10000] [--workers 8]

For each size, a fresh moto server (in this process, on a free local port) is seeded
with N resources spread over three regions and the governance and S3 types, then the
scan runs as a separate process, as a user would run it:
``python -m auditor scan aws --endpoint-url URL --region ... -f json``.
Prints the API calls the server received during the scan (from a counting wrapper
around moto's WSGI application), calls per resource, wall time, time from process
start to the first API call, and the scan process's peak resident memory.

moto has no IAM Access Analyzer; the wrapper answers ListAnalyzers with an empty list
(as a region without analyzers would), so the figures are not inflated by retries of
an emulator gap. Everything else is moto's own behaviour.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import boto3
from werkzeug.serving import make_server

REGIONS = ("eu-west-2", "eu-west-1", "us-east-1")
ACCOUNT = "123456789012"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}


class CountingApp:
    """Counts requests and notes when the first one after ``reset`` arrived."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self.count = 0
        self.first: float | None = None
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self.count = 0
            self.first = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        with self._lock:
            self.count += 1
            if self.first is None:
                self.first = time.monotonic()
        if "/access-analyzer/aws4_request" in environ.get("HTTP_AUTHORIZATION", ""):
            body = b'{"analyzers": []}'
            start_response(
                "200 OK",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return self.app(environ, start_response)


def start_server() -> tuple[str, CountingApp, Callable[[], None]]:
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )

    counting = CountingApp(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", 0, counting, True, request_handler=MotoRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]

    def stop() -> None:
        server.shutdown()
        thread.join()

    return f"http://{host}:{port}", counting, stop


class Seeder:
    """Creates resources on the server, one boto3 client per thread, service and region."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self._local = threading.local()

    def client(self, service: str, region: str) -> Any:
        cache: dict[tuple[str, str], Any] = self._local.__dict__.setdefault("clients", {})
        key = (service, region)
        if key not in cache:
            cache[key] = boto3.client(  # type: ignore[call-overload]
                service,
                region_name=region,
                endpoint_url=self.endpoint,
                aws_access_key_id="bench",
                aws_secret_access_key="bench",
            )
        return cache[key]

    def bucket(self, i: int, region: str) -> None:
        config = (
            {}
            if region == "us-east-1"
            else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        )
        self.client("s3", region).create_bucket(Bucket=f"bench-bucket-{i}", **config)

    def key(self, i: int, region: str) -> None:
        kms = self.client("kms", region)
        key_id = kms.create_key(Description=f"bench {i}")["KeyMetadata"]["KeyId"]
        if i % 2:
            kms.enable_key_rotation(KeyId=key_id)

    def log_group(self, i: int, region: str) -> None:
        self.client("logs", region).create_log_group(logGroupName=f"/bench/group-{i}")

    def topic(self, i: int, region: str) -> None:
        self.client("sns", region).create_topic(Name=f"bench-topic-{i}")

    def queue(self, i: int, region: str) -> None:
        self.client("sqs", region).create_queue(QueueName=f"bench-queue-{i}")

    def repository(self, i: int, region: str) -> None:
        self.client("ecr", region).create_repository(repositoryName=f"bench/repo-{i}")

    def table(self, i: int, region: str) -> None:
        self.client("dynamodb", region).create_table(
            TableName=f"bench-table-{i}",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )

    def secret(self, i: int, region: str) -> None:
        self.client("secretsmanager", region).create_secret(
            Name=f"bench/secret-{i}", SecretString="x"
        )

    def certificate(self, i: int, region: str) -> None:
        self.client("acm", region).request_certificate(DomainName=f"s{i}.bench.example.gov.uk")

    def trail(self, i: int, region: str) -> None:
        bucket = f"bench-trail-{i}"
        config = (
            {}
            if region == "us-east-1"
            else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        )
        self.client("s3", region).create_bucket(Bucket=bucket, **config)
        self.client("cloudtrail", region).create_trail(Name=f"bench-trail-{i}", S3BucketName=bucket)


def seed(endpoint: str, count: int, workers: int) -> int:
    """Create ``count`` resources, of which one trail per region.

    Returns the number created that the scan should report.
    """
    # moto's state lives in this process, shared by every server started here
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
    seeder = Seeder(endpoint)
    kinds: list[Callable[[int, str], None]] = [
        seeder.bucket,
        seeder.key,
        seeder.log_group,
        seeder.topic,
        seeder.queue,
        seeder.repository,
        seeder.table,
        seeder.secret,
    ]
    jobs: list[tuple[Callable[[int, str], None], int, str]] = [
        (seeder.trail, i, REGIONS[i % len(REGIONS)]) for i in range(len(REGIONS))
    ]
    # each trail brings its bucket; the account and one settings resource per region
    # always exist
    fixed = 2 * len(jobs) + 1 + len(REGIONS)
    # ACM makes an RSA key per certificate; estates hold few, so they are one in forty
    certificates = max(1, count // 40)
    jobs += [(seeder.certificate, i, REGIONS[i % len(REGIONS)]) for i in range(certificates)]
    rest = count - fixed - certificates
    jobs += [(kinds[i % len(kinds)], i, REGIONS[i % len(REGIONS)]) for i in range(rest)]

    def run(job: tuple[Callable[[int, str], None], int, str]) -> None:
        make, i, region = job
        make(i, region)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, jobs))
    return len(jobs) + len(REGIONS) + 1 + len(REGIONS)


def scan(endpoint: str, counting: CountingApp, out: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(CREDENTIALS)
    env.update(
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        NO_COLOR="1",
    )
    regions: Iterable[str] = (arg for r in REGIONS for arg in ("--region", r))
    command = [
        sys.executable,
        "-m",
        "auditor",
        "scan",
        "aws",
        "--endpoint-url",
        endpoint,
        *regions,
        "-o",
        str(out),
        "-f",
        "json",
        "--fail-on",
        "never",
        "-q",
    ]
    counting.reset()
    started = time.monotonic()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    stderr = child.stderr.read().decode() if child.stderr else ""
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"scan exited {child.returncode}: {stderr}")
    results = json.loads((out / "auditor-results.json").read_text())
    resources = {f["resource"]["id"] for f in results["findings"]}
    return {
        "calls": counting.count,
        "wall": wall,
        "first_call": (counting.first - started) if counting.first else float("nan"),
        "peak_mib": usage.ru_maxrss / 1024,
        "resources": len(resources),
        "collection_errors": len(results.get("collection_errors", [])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated estate sizes")
    parser.add_argument("--workers", type=int, default=8, help="threads seeding the estate")
    args = parser.parse_args()
    os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    os.environ.update(CREDENTIALS)
    print(
        "| resources seeded | resources scanned | API calls | calls per resource | wall time "
        "| time to first API call | peak RSS | seeding time |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        endpoint, counting, stop = start_server()
        try:
            began = time.monotonic()
            seeded = seed(endpoint, size, args.workers)
            seeding = time.monotonic() - began
            with tempfile.TemporaryDirectory() as tmp:
                figures = scan(endpoint, counting, Path(tmp))
        finally:
            stop()
        print(
            f"| {seeded:,} | {figures['resources']:,} | {figures['calls']:,} "
            f"| {figures['calls'] / max(1, figures['resources']):.2f} | {figures['wall']:.1f} s "
            f"| {figures['first_call']:.2f} s | {figures['peak_mib']:.0f} MiB | {seeding:.0f} s |",
            flush=True,
        )
        if figures["collection_errors"]:
            print(f"  ({figures['collection_errors']} collection errors)", flush=True)


if __name__ == "__main__":
    main()
