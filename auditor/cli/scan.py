"""``auditor scan PROVIDER`` and ``auditor collect PROVIDER``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
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

Org = Annotated[
    bool,
    typer.Option("--org", help="Scan every active account of the AWS Organization."),
]
OrgUnits = Annotated[
    list[str] | None,
    typer.Option("--ou", help="With --org: only accounts under this OU (ou-...); repeatable."),
]
AccountTags = Annotated[
    list[str] | None,
    typer.Option("--account-tag", help="With --org: only accounts tagged KEY=VALUE; repeatable."),
]
Accounts = Annotated[
    list[str] | None,
    typer.Option(
        "--account", help="Scan this account id (with --role-name) or role ARN; repeatable."
    ),
]
RoleName = Annotated[
    str | None,
    typer.Option("--role-name", help="Read-only role to assume in each member account."),
]
ExternalId = Annotated[
    str | None, typer.Option("--external-id", help="External id the member roles require.")
]
ExcludeSelf = Annotated[
    bool | None,
    typer.Option("--exclude-self", help="Leave out the account the credentials belong to."),
]
ShardOpt = Annotated[
    str | None,
    typer.Option(
        "--shard", help="Scan only slice I of N of the accounts (e.g. 2/5); merge with 'merge'."
    ),
]
MaxConcurrency = Annotated[
    int | None,
    typer.Option(
        "--max-concurrency", min=1, max=256, help="Collector calls in flight at once (default 16)."
    ),
]


@dataclass(frozen=True)
class AccountFlags:
    """The account-selection flags as given; ``None`` and empty mean 'not given'."""

    org: bool = False
    ous: Sequence[str] = ()
    tags: Sequence[str] = ()
    accounts: Sequence[str] = ()
    role_name: str | None = None
    external_id: str | None = None
    exclude_self: bool | None = None
    shard: str | None = None
    max_concurrency: int | None = None


def _aws_options(
    profile: str | None,
    regions: list[str] | None,
    endpoint_url: str | None,
    config: AwsConfig | None = None,
    flags: AccountFlags | None = None,
) -> AwsOptions:
    """Flags first, then the config file's ``providers.aws``, then the environment."""
    from auditor.collectors.aws.accounts import AccountSelection, parse_account_tags
    from auditor.collectors.aws.runner import AwsOptions
    from auditor.config import AwsConfig
    from auditor.shards import parse_shard

    conf = config or AwsConfig()
    given = flags or AccountFlags()
    tags = parse_account_tags(given.tags) if given.tags else tuple(conf.account_tags.items())
    selection = AccountSelection(
        org=given.org or conf.org,
        accounts=tuple(given.accounts or conf.accounts),
        ous=tuple(given.ous or conf.organizational_units),
        tags=tags,
        role_name=given.role_name or conf.role_name,
        external_id=given.external_id or conf.external_id,
        exclude_self=conf.exclude_self if given.exclude_self is None else given.exclude_self,
        shard=parse_shard(given.shard),
    )
    return AwsOptions(
        profile=profile or conf.profile,
        regions=tuple(regions or conf.regions),
        endpoint_url=endpoint_url
        or conf.endpoint_url
        or os.environ.get("AWS_ENDPOINT_URL")
        or None,
        workers=given.max_concurrency or conf.max_concurrency or AwsOptions.workers,
        selection=selection,
    )


@scan_app.command("aws")
@friendly_errors
@run_options()
def scan_aws(
    run: RunOptions,
    profile: Profile = None,
    region: Regions = None,
    endpoint_url: EndpointUrl = None,
    org: Org = False,
    ou: OrgUnits = None,
    account_tag: AccountTags = None,
    account: Accounts = None,
    role_name: RoleName = None,
    external_id: ExternalId = None,
    exclude_self: ExcludeSelf = None,
    shard: ShardOpt = None,
    max_concurrency: MaxConcurrency = None,
) -> None:
    """Audit an AWS account, or every account of an organisation: collect, evaluate,
    write reports, exit by the gate."""
    from auditor.collectors.aws.runner import collect_aws
    from auditor.pipeline import needed_types, policies_for_run

    selected, catalogue = policies_for_run(run, provider="aws")
    flags = AccountFlags(
        org, ou or (), account_tag or (), account or (), role_name, external_id,
        exclude_self, shard, max_concurrency,
    )  # fmt: skip
    options = _aws_options(profile, region, endpoint_url, run.providers.aws, flags)
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
    org: Org = False,
    ou: OrgUnits = None,
    account_tag: AccountTags = None,
    account: Accounts = None,
    role_name: RoleName = None,
    external_id: ExternalId = None,
    exclude_self: ExcludeSelf = None,
    shard: ShardOpt = None,
    max_concurrency: MaxConcurrency = None,
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
    flags = AccountFlags(
        org, ou or (), account_tag or (), account or (), role_name, external_id,
        exclude_self, shard, max_concurrency,
    )  # fmt: skip
    options = _aws_options(profile, region, endpoint_url, aws, flags)
    with RichProgress("Collecting AWS") as progress:
        inventory = collect_aws(options, needed_types(selected), progress)
    save_inventory(inventory, output)
    typer.echo(
        f"Saved {len(inventory.resources)} resources and {len(inventory.errors)} collection "
        f"errors to {output}"
    )
