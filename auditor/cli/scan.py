"""``auditor scan PROVIDER`` and ``auditor collect PROVIDER``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from auditor.cli.common import (
    NoBuiltin,
    PolicyPaths,
    friendly_errors,
)
from auditor.cli.options import ConfigOpt, run_options
from auditor.cli.report import RichProgress, finish

if TYPE_CHECKING:
    from auditor.collectors.aws.runner import AwsOptions
    from auditor.config import AwsConfig
    from auditor.settings import RunOptions

scan_app = typer.Typer(
    help="Collect from a cloud, evaluate policies and report.", no_args_is_help=True
)
collect_app = typer.Typer(
    help="Collect an inventory only, to evaluate later offline.", no_args_is_help=True
)

Profile = Annotated[
    str | None, typer.Option("--profile", help="AWS named profile (default: the usual chain).")
]
Regions = Annotated[
    list[str] | None,
    typer.Option("--region", "-r", help="Region to scan; repeatable. Default: all enabled."),
]
EndpointUrl = Annotated[
    str | None,
    typer.Option(
        "--endpoint-url",
        help="Send every AWS call to this endpoint (LocalStack, moto server). "
        "Default: $AWS_ENDPOINT_URL.",
    ),
]


def _aws_options(
    profile: str | None,
    regions: list[str] | None,
    endpoint_url: str | None,
    config: AwsConfig | None = None,
) -> AwsOptions:
    """Flags first, then the config file's ``providers.aws``, then the environment."""
    from auditor.collectors.aws.runner import AwsOptions
    from auditor.config import AwsConfig

    conf = config or AwsConfig()
    return AwsOptions(
        profile=profile or conf.profile,
        regions=tuple(regions or conf.regions),
        endpoint_url=endpoint_url
        or conf.endpoint_url
        or os.environ.get("AWS_ENDPOINT_URL")
        or None,
    )


@scan_app.command("aws")
@friendly_errors
@run_options()
def scan_aws(
    run: RunOptions,
    profile: Profile = None,
    region: Regions = None,
    endpoint_url: EndpointUrl = None,
) -> None:
    """Audit an AWS account: collect, evaluate, write reports, exit by the gate."""
    from auditor.collectors.aws.runner import collect_aws
    from auditor.pipeline import needed_types, policies_for_run

    selected, catalogue = policies_for_run(run, provider="aws")
    options = _aws_options(profile, region, endpoint_url, run.providers.aws)
    with RichProgress("Collecting AWS") as progress:
        inventory = collect_aws(options, needed_types(selected), progress)
    finish(inventory, selected, run, catalogue=catalogue)


@collect_app.command("aws")
@friendly_errors
def collect_aws_command(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Inventory file (.json or .json.gz).")
    ] = Path("estate.json.gz"),
    profile: Profile = None,
    region: Regions = None,
    endpoint_url: EndpointUrl = None,
    policies: PolicyPaths = None,
    no_builtin: NoBuiltin = False,
    config: ConfigOpt = None,
) -> None:
    """Collect what the selected policies need from AWS and save it as an inventory.

    Takes the account settings (``providers.aws``) from the config file; flags win.
    """
    from auditor.collectors.aws.runner import collect_aws
    from auditor.config import find_config, load_config
    from auditor.inventory import save_inventory
    from auditor.pipeline import needed_types, select_policies

    config_path = find_config(config, Path.cwd())
    aws = load_config(config_path).config.providers.aws if config_path else None
    selected = select_policies(policies or [], include_builtin=not no_builtin, provider="aws")
    options = _aws_options(profile, region, endpoint_url, aws)
    with RichProgress("Collecting AWS") as progress:
        inventory = collect_aws(options, needed_types(selected), progress)
    save_inventory(inventory, output)
    typer.echo(
        f"Saved {len(inventory.resources)} resources and {len(inventory.errors)} collection "
        f"errors to {output}"
    )
