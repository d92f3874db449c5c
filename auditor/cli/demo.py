"""``auditor demo``: the real pipeline against an emulated estate, no account needed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from auditor.cli.common import (
    FailOn,
    Formats,
    FrameworkOpt,
    OutputDir,
    Quiet,
    Verbose,
    friendly_errors,
)
from auditor.cli.report import OutputOptions, RichProgress, finish
from auditor.errors import ConfigError

# Anything that could point the demo at a real account or endpoint is set aside.
_ISOLATE = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
)


@contextmanager
def _isolated_environment() -> Iterator[None]:
    saved = {k: os.environ.pop(k) for k in _ISOLATE if k in os.environ}
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    try:
        yield
    finally:
        for key in _ISOLATE:
            os.environ.pop(key, None)
        os.environ.update(saved)


@friendly_errors
def demo_command(
    output_dir: OutputDir = Path("reports"),
    format: Formats = None,
    fail_on: FailOn = "never",
    framework: FrameworkOpt = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Audit a built-in emulated estate (a fictional department) and write the reports."""
    try:
        from moto import mock_aws
    except ImportError:
        raise ConfigError(
            "The demo needs the emulator package moto. Install it with: pip install 'auditor[demo]'"
        ) from None
    from auditor.collectors.aws.runner import AwsOptions, collect_aws
    from auditor.demo.aws import DEMO_REGIONS, seed_s3
    from auditor.demo.aws_governance import seed_governance
    from auditor.pipeline import needed_types, parse_fail_on, select_policies

    out = OutputOptions.of(output_dir, format, fail_on, quiet, verbose)
    parse_fail_on(fail_on)
    selected = select_policies(provider="aws", framework=framework)
    with _isolated_environment(), mock_aws():
        seed_s3()
        seed_governance()
        with RichProgress("Collecting the demo estate") as progress:
            inventory = collect_aws(
                AwsOptions(regions=DEMO_REGIONS), needed_types(selected), progress
            )
    finish(inventory, selected, out, framework=framework)
