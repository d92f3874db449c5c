"""``auditor scan azure`` and ``auditor collect azure``, on the shared scan and collect apps."""

from __future__ import annotations

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
from auditor.cli.scan import collect_app, scan_app

if TYPE_CHECKING:
    from auditor.collectors.azure.runner import AzureOptions

Subscriptions = Annotated[
    list[str] | None,
    typer.Option(
        "--subscription",
        "-s",
        help="Subscription id to audit; repeatable. Default: every subscription the "
        "identity can see.",
    ),
]
Tenant = Annotated[
    str | None,
    typer.Option("--tenant", help="Microsoft Entra tenant id to sign in to (default: home)."),
]
AzureToken = Annotated[
    str | None,
    typer.Option(
        "--azure-token",
        help="A pre-fetched ARM access token to use instead of signing in. "
        "Default: $AZURE_ACCESS_TOKEN.",
        show_default=False,
    ),
]
ArmEndpoint = Annotated[
    str | None,
    typer.Option(
        "--arm-endpoint",
        help="Azure Resource Manager URL, for sovereign clouds or an emulator "
        "(default: $AZURE_ARM_ENDPOINT, else https://management.azure.com).",
    ),
]


def _azure_options(
    subscription: list[str] | None,
    tenant: str | None,
    azure_token: str | None,
    arm_endpoint: str | None,
) -> AzureOptions:
    from auditor.collectors.azure.runner import AzureOptions

    return AzureOptions.from_cli(subscription, tenant, azure_token, arm_endpoint)


@scan_app.command("azure")
@friendly_errors
def scan_azure(
    subscription: Subscriptions = None,
    tenant: Tenant = None,
    azure_token: AzureToken = None,
    arm_endpoint: ArmEndpoint = None,
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
    """Audit Azure subscriptions: collect, evaluate, write reports, exit by the gate."""
    from auditor.collectors.azure.runner import collect_azure
    from auditor.pipeline import framework_catalogue, needed_types, parse_fail_on, select_policies

    out = OutputOptions.of(output_dir, format, fail_on, quiet, verbose)
    parse_fail_on(fail_on)
    selected = select_policies(
        policies or [],
        include_builtin=not no_builtin,
        params=parse_params(param),
        provider="azure",
        framework=framework,
    )
    catalogue = framework_catalogue(policies or [])
    options = _azure_options(subscription, tenant, azure_token, arm_endpoint)
    with RichProgress("Collecting Azure") as progress:
        inventory = collect_azure(options, needed_types(selected), progress)
    finish(inventory, selected, out, catalogue=catalogue, framework=framework)


@collect_app.command("azure")
@friendly_errors
def collect_azure_command(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Inventory file (.json or .json.gz).")
    ] = Path("estate.json.gz"),
    subscription: Subscriptions = None,
    tenant: Tenant = None,
    azure_token: AzureToken = None,
    arm_endpoint: ArmEndpoint = None,
    policies: PolicyPaths = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Collect what the selected policies need from Azure and save it as an inventory."""
    from auditor.collectors.azure.runner import collect_azure
    from auditor.inventory import save_inventory
    from auditor.pipeline import needed_types, select_policies

    selected = select_policies(policies or [], include_builtin=not no_builtin, provider="azure")
    options = _azure_options(subscription, tenant, azure_token, arm_endpoint)
    with RichProgress("Collecting Azure") as progress:
        inventory = collect_azure(options, needed_types(selected), progress)
    save_inventory(inventory, output)
    typer.echo(
        f"Saved {len(inventory.resources)} resources and {len(inventory.errors)} collection "
        f"errors to {output}"
    )
