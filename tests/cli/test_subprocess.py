"""The installed console script, run as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def auditor(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["NO_COLOR"] = "1"
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
