"""Collect an AWS account: identity, regions, then every needed collector concurrently."""

from __future__ import annotations

import importlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, ProfileNotFound

from auditor import __version__
from auditor.collectors.aws.accounts import (
    AccountSelection,
    Unreachable,
    open_accounts,
    resolve_targets,
)
from auditor.collectors.aws.base import (
    AwsCollector,
    AwsScope,
    SessionFactory,
    error_code,
    error_message,
)
from auditor.collectors.aws.catalog import AWS_MODULES
from auditor.collectors.aws.regions import (
    NOT_ENABLED,
    enabled_regions,
    not_enabled_message,
    plan_named,
)
from auditor.collectors.base import NoProgress, Progress, Task, run_tasks
from auditor.errors import ScanError
from auditor.models import ACCOUNT_UNREACHABLE, CollectionError, Inventory, ScanMetadata

DEFAULT_REGION = "eu-west-2"


@dataclass(frozen=True)
class AwsOptions:
    profile: str | None = None
    regions: tuple[str, ...] = ()
    endpoint_url: str | None = None
    workers: int = 16
    """Collector calls in flight at once, across every account (``--max-concurrency``)."""
    selection: AccountSelection = AccountSelection()


def collectors_for(resource_types: Collection[str]) -> list[AwsCollector]:
    """Import only the collector modules the selected policies need."""
    found: list[AwsCollector] = []
    for module_name in sorted({AWS_MODULES[t] for t in resource_types if t in AWS_MODULES}):
        module = importlib.import_module(module_name)
        found.extend(c for c in module.COLLECTORS if c.resource_type in resource_types)
    return found


def _identity(factory: SessionFactory, region: str) -> tuple[str, str, str]:
    try:
        reply = factory.client("sts", region).get_caller_identity()
    except ProfileNotFound as exc:
        raise ScanError(f"{exc}. Check --profile against ~/.aws/config.") from None
    except NoCredentialsError:
        raise ScanError(
            "No AWS credentials were found. Set AWS_PROFILE or pass --profile, export "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run on a machine with a role; "
            "try 'auditor demo' to see the tool without an account."
        ) from None
    except (ClientError, BotoCoreError) as exc:
        raise ScanError(
            f"Could not confirm the AWS identity ({error_code(exc)}: {error_message(exc)}). "
            "Check that the credentials are valid and not expired."
        ) from None
    arn = str(reply["Arn"])
    partition = arn.split(":")[1] if arn.startswith("arn:") else "aws"
    return str(reply["Account"]), arn, partition


def _describe(exc: BaseException) -> tuple[str, str]:
    return error_code(exc), error_message(exc)


def _tasks(
    collectors: Sequence[AwsCollector],
    factory: SessionFactory,
    account: str,
    home: str,
    partition: str,
    regions: tuple[str, ...],
) -> list[Task]:
    tasks: list[Task] = []
    for collector in collectors:
        for region in regions if collector.regional else ("",):
            scope = AwsScope(factory, account, region or home, partition, regions)
            tasks.append(
                Task(
                    collector.resource_type,
                    "aws",
                    account,
                    region,
                    partial(collector.collect, scope),
                )
            )
    return tasks


def _unreachable_errors(
    collectors: Sequence[AwsCollector], unreachable: Sequence[Unreachable]
) -> list[CollectionError]:
    """Every needed type of an unreachable account is an error, so its policies say so."""
    return [
        CollectionError(c.resource_type, "aws", u.account, "", u.code, u.message)
        for u in unreachable
        for c in collectors
    ]


def collect_aws(
    options: AwsOptions,
    resource_types: Collection[str],
    progress: Progress | None = None,
) -> Inventory:
    """Read the account (or accounts); every failure after the identity check is recorded."""
    started = datetime.now(UTC)
    factory = SessionFactory(options.profile, options.endpoint_url)
    try:
        home = (
            options.regions[0]
            if options.regions
            else (factory.session().region_name or DEFAULT_REGION)
        )
    except ProfileNotFound as exc:
        raise ScanError(f"{exc}. Check --profile against ~/.aws/config.") from None
    own_account, arn, partition = _identity(factory, home)
    collectors = collectors_for(resource_types)
    selection = options.selection
    targets = resolve_targets(selection, factory, own_account, partition, home)
    opened, unreachable = open_accounts(targets, factory, selection.external_id, home)
    needs_regions = any(c.regional for c in collectors)

    tasks: list[Task] = []
    all_regions: set[str] = set()
    not_enabled: list[CollectionError] = []
    for account in opened:
        if options.regions and needs_regions:
            plan = plan_named(account.factory, home, options.regions)
            regions = plan.scan
            not_enabled += [
                CollectionError(
                    c.resource_type,
                    "aws",
                    account.account,
                    region,
                    NOT_ENABLED,
                    not_enabled_message(region),
                )
                for c in collectors
                if c.regional
                for region in plan.skipped
            ]
        elif options.regions:
            regions = tuple(options.regions)
        elif needs_regions:
            try:
                regions = enabled_regions(account.factory, home)
            except (ClientError, BotoCoreError) as exc:
                if not selection.many:
                    raise ScanError(
                        f"Could not list the account's enabled regions ({error_code(exc)}). "
                        "Name them with --region, or allow ec2:DescribeRegions."
                    ) from None
                unreachable.append(
                    Unreachable(
                        account.account,
                        ACCOUNT_UNREACHABLE,
                        f"Could not list the enabled regions ({error_code(exc)}: "
                        f"{error_message(exc)}); name them with --region.",
                    )
                )
                continue
        else:
            regions = ()
        all_regions.update(regions)
        tasks.extend(_tasks(collectors, account.factory, account.account, home, partition, regions))
    resources, errors = run_tasks(
        tasks, workers=options.workers, progress=progress or NoProgress(), describe_error=_describe
    )
    errors = sorted(
        [*errors, *not_enabled, *_unreachable_errors(collectors, unreachable)],
        key=lambda e: (e.resource_type, e.account, e.region),
    )
    metadata = ScanMetadata(
        started_at=started.isoformat(timespec="seconds"),
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        tool_version=__version__,
        providers=("aws",),
        identity=arn,
        accounts=tuple(sorted(t.account for t in targets)),
        regions=tuple(sorted(all_regions)),
        resource_types=tuple(sorted(resource_types)),
    )
    return Inventory(metadata, tuple(resources), tuple(errors))
