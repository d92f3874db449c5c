"""``auditor scan azure`` in a real process against an emulated ARM endpoint over HTTPS.

The endpoint is a local HTTPS server with a certificate made here and trusted through
REQUESTS_CA_BUNDLE, as a user would point the tool at an emulator; it serves the demo
subscription's ARM replies, plus a throttled reply and a forbidden provider.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from auditor.demo.arm import ArmRoutes, arm_error
from auditor.demo.azure import DEMO_SUBSCRIPTION, demo_routes

pytestmark = pytest.mark.slow


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "arm.pem", folder / "arm.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class _Arm(ThreadingHTTPServer):
    routes: ArmRoutes
    refused: list[str]


class _Handler(BaseHTTPRequestHandler):
    server: _Arm

    def do_GET(self) -> None:
        host, port = self.server.server_address[:2]
        reply = self.server.routes.reply("GET", f"https://{host!s}:{port}{self.path}")
        body = b"" if reply.body is None else json.dumps(reply.body).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for header, value in reply.headers.items():
            self.send_header(header, value)
        self.end_headers()
        self.wfile.write(body)

    def _refuse(self) -> None:
        self.server.refused.append(f"{self.command} {self.path}")
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_PATCH = do_DELETE = _refuse

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def https_arm(tmp_path: Path) -> Iterator[tuple[_Arm, Path]]:
    cert, key = _certificate(tmp_path)
    routes = demo_routes()
    sub = f"/subscriptions/{DEMO_SUBSCRIPTION}"
    routes.add_list("/subscriptions", [{"id": sub, "subscriptionId": DEMO_SUBSCRIPTION}])
    routes.add(
        f"{sub}/providers/Microsoft.KeyVault/vaults",
        arm_error(403, "AuthorizationFailed", "no vaults"),
    )
    server = _Arm(("127.0.0.1", 0), _Handler)
    server.routes, server.refused = routes, []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, cert
    finally:
        server.shutdown()
        server.server_close()


def _env(cert: Path) -> dict[str, str]:
    drop = ("AWS_", "AZURE_", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(
        NO_COLOR="1",
        REQUESTS_CA_BUNDLE=str(cert),
        SSL_CERT_FILE=str(cert),
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def test_scan_azure_over_https_with_a_static_token(
    https_arm: tuple[_Arm, Path], tmp_path: Path
) -> None:
    server, cert = https_arm
    sub = f"/subscriptions/{DEMO_SUBSCRIPTION}"
    groups = f"{sub}/resourcegroups"
    listed = server.routes.reply("GET", f"https://x{groups}").body
    server.routes.add(
        groups, arm_error(429, "TooManyRequests", "wait", **{"Retry-After": "0"}), listed
    )
    port = server.server_address[1]
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "auditor",
            "scan",
            "azure",
            "--arm-endpoint",
            f"https://127.0.0.1:{port}",
            "--azure-token",
            "x",
            "-o",
            str(out),
            "-f",
            "json",
            "--fail-on",
            "never",
        ],
        env=_env(cert),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads((out / "auditor-results.json").read_text())
    findings = report["findings"]
    vault_findings = {f["status"] for f in findings if f["policy_id"].startswith("azure-keyvault-")}
    assert vault_findings == {"error"}  # the forbidden provider is an error, never a pass
    group_findings = [
        f for f in findings if f["policy_id"] == "azure-resource-group-allowed-location"
    ]
    assert {f["status"] for f in group_findings} == {"pass", "fail"}  # served after the 429
    storage = {
        f["resource"]["name"]
        for f in findings
        if f["policy_id"] == "azure-storage-account-secure-transfer"
    }
    assert len(storage) == 4  # all pages followed
    assert server.refused == []
    calls = [url for _, url in server.routes.calls]
    assert sum(1 for url in calls if "127.0.0.1" in url and "/resourcegroups" in url) == 2


def test_an_untrusted_certificate_is_one_clear_error(
    https_arm: tuple[_Arm, Path], tmp_path: Path
) -> None:
    server, cert = https_arm
    env = _env(cert)
    env["REQUESTS_CA_BUNDLE"] = env["SSL_CERT_FILE"] = str(tmp_path / "missing.pem")
    (tmp_path / "missing.pem").write_text("")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "auditor",
            "collect",
            "azure",
            "--arm-endpoint",
            f"https://127.0.0.1:{server.server_address[1]}",
            "--azure-token",
            "x",
            "-o",
            str(tmp_path / "e.json"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 3, result.stderr
    assert "Could not reach the Azure Resource Manager endpoint" in result.stderr
    assert "Traceback" not in result.stderr


def test_collect_azure_then_evaluate_offline(https_arm: tuple[_Arm, Path], tmp_path: Path) -> None:
    server, cert = https_arm
    estate = tmp_path / "azure.json.gz"
    collected = subprocess.run(
        [
            sys.executable,
            "-m",
            "auditor",
            "collect",
            "azure",
            "--arm-endpoint",
            f"https://127.0.0.1:{server.server_address[1]}",
            "--azure-token",
            "x",
            "-s",
            DEMO_SUBSCRIPTION,
            "-o",
            str(estate),
        ],
        env=_env(cert),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert collected.returncode == 0, collected.stderr
    assert "collection errors" in collected.stdout
    server.shutdown()  # evaluation needs no endpoint
    out = tmp_path / "out"
    evaluated = subprocess.run(
        [
            sys.executable,
            "-m",
            "auditor",
            "evaluate",
            str(estate),
            "-o",
            str(out),
            "-f",
            "json",
            "--fail-on",
            "never",
        ],
        env=_env(cert),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert evaluated.returncode == 0, evaluated.stderr
    findings = json.loads((out / "auditor-results.json").read_text())["findings"]
    azure = [f for f in findings if f["resource"]["provider"] == "azure"]
    assert {f["status"] for f in azure} >= {"pass", "fail", "error"}
    assert all(f["resource"]["account"] == DEMO_SUBSCRIPTION for f in azure)
