"""The installed console script, run as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from auditor.collectors.aws.base import SessionFactory

pytestmark = pytest.mark.slow

FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}


def auditor(
    *args: str, cwd: Path, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["NO_COLOR"] = "1"
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_demo_in_a_real_process(tmp_path: Path) -> None:
    result = auditor("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "pass rate" in result.stdout
    assert "\x1b[" not in result.stdout  # plain text when not a terminal
    results = json.loads((tmp_path / "reports" / "auditor-results.json").read_text())
    assert results["summary"]["by_status"]["fail"] > 0
    assert results["summary"]["by_status"]["pass"] > 0
    assert (tmp_path / "reports" / "auditor-report.html").stat().st_size > 1000


def test_the_cli_imports_no_sdk_at_startup(tmp_path: Path) -> None:
    code = (
        "import sys, auditor.cli; "
        "heavy = [m for m in ('boto3', 'botocore', 'jinja2', 'moto', 'azure', 'pydantic', 'yaml', "
        "'jmespath', 'rich.table') "
        "if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert result.stdout.strip() == "", f"imported at startup: {result.stdout}"


def test_a_traceback_never_reaches_the_user(tmp_path: Path) -> None:
    (tmp_path / "estate.json").write_text("[1, 2")
    result = auditor("evaluate", "estate.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "not valid JSON" in result.stderr


@pytest.fixture
def moto_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """moto's HTTP server on a free local port, as LocalStack would be used."""
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def _seed(endpoint: str) -> None:
    """A small estate in eu-west-2: one good and one bad of most governance types."""
    kw: dict[str, Any] = {
        "region_name": "eu-west-2",
        "endpoint_url": endpoint,
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
    }
    s3 = boto3.client("s3", **kw)
    s3.create_bucket(
        Bucket="e2e-trail-logs", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    trail = boto3.client("cloudtrail", **kw)
    trail.create_trail(
        Name="e2e-trail",
        S3BucketName="e2e-trail-logs",
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
    )
    trail.start_logging(Name="e2e-trail")
    kms = boto3.client("kms", **kw)
    rotated = kms.create_key(Description="rotated")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=rotated)
    kms.create_key(Description="not rotated")
    boto3.client("sqs", **kw).create_queue(
        QueueName="e2e-plain", Attributes={"SqsManagedSseEnabled": "false"}
    )
    boto3.client("ec2", **kw).enable_ebs_encryption_by_default()
    # The tool's own client factory: S3 Control needs its endpoint host kept as given.
    s3control = SessionFactory(endpoint_url=endpoint).client("s3control", "eu-west-2")
    s3control.put_public_access_block(
        AccountId="123456789012",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )


def test_scan_aws_against_moto_server(
    tmp_path: Path, moto_server: str, aws_credentials: None
) -> None:
    _seed(moto_server)
    out = tmp_path / "out"
    result = auditor(
        "scan",
        "aws",
        "--endpoint-url",
        moto_server,
        "--region",
        "eu-west-2",
        "-o",
        str(out),
        "-f",
        "json",
        cwd=tmp_path,
        env_extra=FAKE_CREDENTIALS,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr  # failures exist; none at all would be 0
    document = json.loads((out / "auditor-results.json").read_text())
    found: dict[str, dict[str, str]] = {}
    for finding in document["findings"]:
        found.setdefault(finding["policy_id"], {})[finding["resource"]["name"]] = finding["status"]

    assert found["aws-cloudtrail-trail-logging"] == {"e2e-trail": "pass"}
    assert found["aws-cloudtrail-log-file-validation"] == {"e2e-trail": "pass"}
    assert found["aws-account-multi-region-trail"] == {"123456789012": "pass"}
    # S3 Control reached through --endpoint-url, not a host with the account id in front
    assert found["aws-account-s3-public-access-block"] == {"123456789012": "pass"}
    assert sorted(found["aws-kms-key-rotation"].values()) == ["fail", "pass"]
    assert found["aws-sqs-queue-encrypted"] == {"e2e-plain": "fail"}
    region = "123456789012 eu-west-2"
    assert found["aws-region-ebs-default-encryption"] == {region: "pass"}
    assert found["aws-region-guardduty-enabled"] == {region: "fail"}
    # moto has no Access Analyzer: the finding says so as an error, never as a pass
    assert found["aws-region-access-analyzer"] == {region: "error"}
    assert document["summary"]["by_status"]["fail"] > 0
    assert document["collection_errors"] == []  # every collector reached the server
