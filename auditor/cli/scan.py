"""``auditor scan PROVIDER`` and ``auditor collect PROVIDER``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from auditor.cli.common import (
    FailOn,
    Formats,
    FrameworkOpt,
    NoBuiltin,
    OutputDir,
    Params,
    PolicyPaths,
    Quiet,
    Verbose,
    friendly_errors,
    parse_params,
)
from auditor.cli.report import OutputOptions, RichProgress, finish

if TYPE_CHECKING:
    from auditor.collectors.aws.runner import AwsOptions

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
    profile: str | None, regions: list[str] | None, endpoint_url: str | None
) -> AwsOptions:
    from auditor.collectors.aws.runner import AwsOptions

    return AwsOptions(
        profile=profile,
        regions=tuple(regions or ()),
        endpoint_url=endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None,
    )


@scan_app.command("aws")
@friendly_errors
def scan_aws(
    profile: Profile = None,
    region: Regions = None,
    endpoint_url: EndpointUrl = None,
    policies: PolicyPaths = None,
    no_builtin: NoBuiltin = False,
    param: Params = None,
    output_dir: OutputDir = Path("reports"),
    format: Formats = None,
    fail_on: FailOn = None,
    framework: FrameworkOpt = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Audit an AWS account: collect, evaluate, write reports, exit by the gate."""
    from auditor.collectors.aws.runner import collect_aws
    from auditor.pipeline import framework_catalogue, needed_types, parse_fail_on, select_policies

    out = OutputOptions.of(output_dir, format, fail_on, quiet, verbose)
    parse_fail_on(fail_on)
    selected = select_policies(
        policies or [],
        include_builtin=not no_builtin,
        params=parse_params(param),
        provider="aws",
        framework=framework,
    )
    catalogue = framework_catalogue(policies or [])
    options = _aws_options(profile, region, endpoint_url)
    with RichProgress("Collecting AWS") as progress:
        inventory = collect_aws(options, needed_types(selected), progress)
    finish(inventory, selected, out, catalogue=catalogue, framework=framework)


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
) -> None:
    """Collect what the selected policies need from AWS and save it as an inventory."""
    from auditor.collectors.aws.runner import collect_aws
    from auditor.inventory import save_inventory
    from auditor.pipeline import needed_types, select_policies

    selected = select_policies(policies or [], include_builtin=not no_builtin, provider="aws")
    options = _aws_options(profile, region, endpoint_url)
    with RichProgress("Collecting AWS") as progress:
        inventory = collect_aws(options, needed_types(selected), progress)
    save_inventory(inventory, output)
    typer.echo(
        f"Saved {len(inventory.resources)} resources and {len(inventory.errors)} collection "
        f"errors to {output}"
    )
