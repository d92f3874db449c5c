"""``auditor scan azure`` and ``auditor collect azure``, on the shared scan and collect apps."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from auditor.cli.common import NoBuiltin, PolicyPaths, friendly_errors
from auditor.cli.options import ConfigOpt, run_options
from auditor.cli.report import RichProgress, finish
from auditor.cli.scan import MaxConcurrency, ShardOpt, collect_app, scan_app

if TYPE_CHECKING:
    from auditor.collectors.azure.runner import AzureOptions
    from auditor.config import AzureConfig
    from auditor.settings import RunOptions

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

ManagementGroups = Annotated[
    list[str] | None,
    typer.Option(
        "--management-group",
        help="Audit every subscription under this management group, at any depth; repeatable.",
    ),
]


def _azure_options(
    subscription: list[str] | None,
    tenant: str | None,
    azure_token: str | None,
    arm_endpoint: str | None,
    config: AzureConfig | None = None,
    *,
    management_group: list[str] | None = None,
    shard: str | None = None,
    max_concurrency: int | None = None,
) -> AzureOptions:
    """Flags first, then the config file's ``providers.azure``, then the environment."""
    from dataclasses import replace

    from auditor.collectors.azure.runner import AzureOptions
    from auditor.config import AzureConfig
    from auditor.shards import parse_shard

    conf = config or AzureConfig()
    options = AzureOptions.from_cli(
        subscription or conf.subscriptions,
        tenant or conf.tenant,
        azure_token,
        arm_endpoint or conf.arm_endpoint,
        management_groups=management_group or conf.management_groups,
        shard=parse_shard(shard),
    )
    workers = max_concurrency or conf.max_concurrency
    return replace(options, workers=workers) if workers else options


@scan_app.command("azure")
@friendly_errors
@run_options()
def scan_azure(
    run: RunOptions,
    subscription: Subscriptions = None,
    tenant: Tenant = None,
    azure_token: AzureToken = None,
    arm_endpoint: ArmEndpoint = None,
    management_group: ManagementGroups = None,
    shard: ShardOpt = None,
    max_concurrency: MaxConcurrency = None,
) -> None:
    """Audit Azure subscriptions: collect, evaluate, write reports, exit by the gate."""
    from auditor.collectors.azure.runner import collect_azure
    from auditor.pipeline import needed_types, policies_for_run

    selected, catalogue = policies_for_run(run, provider="azure")
    options = _azure_options(
        subscription,
        tenant,
        azure_token,
        arm_endpoint,
        run.providers.azure,
        management_group=management_group,
        shard=shard,
        max_concurrency=max_concurrency,
    )
    with RichProgress("Collecting Azure") as progress:
        inventory = collect_azure(options, needed_types(selected), progress)
    finish(inventory, selected, run, catalogue=catalogue)


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
    config: ConfigOpt = None,
    management_group: ManagementGroups = None,
    shard: ShardOpt = None,
    max_concurrency: MaxConcurrency = None,
) -> None:
    """Collect what the selected policies need from Azure and save it as an inventory.

    Takes the subscription settings (``providers.azure``) from the config file; flags win.
    """
    from auditor.collectors.azure.runner import collect_azure
    from auditor.config import find_config, load_config
    from auditor.inventory import save_inventory
    from auditor.pipeline import needed_types, select_policies

    config_path = find_config(config, Path.cwd())
    azure = load_config(config_path).config.providers.azure if config_path else None
    selected = select_policies(policies or [], include_builtin=not no_builtin, provider="azure")
    options = _azure_options(
        subscription,
        tenant,
        azure_token,
        arm_endpoint,
        azure,
        management_group=management_group,
        shard=shard,
        max_concurrency=max_concurrency,
    )
    with RichProgress("Collecting Azure") as progress:
        inventory = collect_azure(options, needed_types(selected), progress)
    save_inventory(inventory, output)
    typer.echo(
        f"Saved {len(inventory.resources)} resources and {len(inventory.errors)} collection "
        f"errors to {output}"
    )
