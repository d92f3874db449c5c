"""``auditor demo``: the real pipeline against an emulated estate, no account needed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from auditor.cli.common import friendly_errors
from auditor.cli.options import run_options
from auditor.cli.report import RichProgress, finish
from auditor.errors import ConfigError

if TYPE_CHECKING:
    from auditor.settings import RunOptions

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
    "MOTO_EC2_LOAD_DEFAULT_AMIS",
)


@contextmanager
def _isolated_environment() -> Iterator[None]:
    saved = {k: os.environ.pop(k) for k in _ISOLATE if k in os.environ}
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    # The emulator's stock images would add ~1,300 snapshots the demo account does not own.
    os.environ["MOTO_EC2_LOAD_DEFAULT_AMIS"] = "false"
    try:
        yield
    finally:
        for key in _ISOLATE:
            os.environ.pop(key, None)
        os.environ.update(saved)


@friendly_errors
@run_options(default_fail_on="never")
def demo_command(run: RunOptions) -> None:
    """Audit a built-in emulated estate (a fictional department) and write the reports."""
    try:
        from moto import mock_aws
    except ImportError:
        raise ConfigError(
            "The demo needs the emulator package moto. Install it with: pip install 'auditor[demo]'"
        ) from None
    from auditor.collectors.aws.runner import AwsOptions, collect_aws
    from auditor.collectors.azure.runner import AzureOptions, collect_azure
    from auditor.demo.aws import DEMO_REGIONS, seed_s3
    from auditor.demo.aws_compute import seed_compute
    from auditor.demo.aws_governance import seed_governance
    from auditor.demo.azure import DEMO_SUBSCRIPTION, demo_token, demo_transport
    from auditor.merge import merge_inventories
    from auditor.pipeline import needed_types, policies_for_run

    selected, catalogue = policies_for_run(run)
    types = needed_types(selected)
    aws_types = {t for t in types if t.startswith("aws.")}
    azure_types = {t for t in types if t.startswith("azure.")}
    with _isolated_environment(), mock_aws():
        seed_s3()
        seed_governance()
        seed_compute(DEMO_REGIONS)
        with RichProgress("Collecting the demo estate") as progress:
            aws = collect_aws(AwsOptions(regions=DEMO_REGIONS), aws_types, progress)
            azure = collect_azure(
                AzureOptions(
                    subscriptions=(DEMO_SUBSCRIPTION,),
                    token=demo_token(),
                    transport=demo_transport(),
                ),
                azure_types,
                progress,
            )
    finish(merge_inventories([aws, azure]), selected, run, catalogue=catalogue)
