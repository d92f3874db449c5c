"""Collect Azure subscriptions: credential, subscriptions, then every needed collector.

Work runs concurrently per (resource type x subscription) on a bounded pool; whatever
fails after the credential and subscription checks is recorded, never raised.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from azure.core.credentials import TokenCredential
from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ServiceRequestError,
)

from auditor import __version__
from auditor.collectors.azure.base import AzureCollector, AzureScope, describe, error_code
from auditor.collectors.azure.catalog import AZURE_MODULES
from auditor.collectors.azure.clients import ClientFactory
from auditor.collectors.azure.credentials import (
    describe_identity,
    make_credential,
    normalise_endpoint,
    token_claims,
)
from auditor.collectors.base import NoProgress, Progress, Task, run_tasks
from auditor.errors import ConfigError, ScanError
from auditor.models import (
    ACCOUNT_UNREACHABLE,
    CollectionError,
    Inventory,
    Resource,
    ScanMetadata,
)
from auditor.shards import Shard

TOKEN_ENV = "AZURE_ACCESS_TOKEN"
_SUBSCRIPTION_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class AzureOptions:
    """How to reach Azure. ``transport`` replaces HTTP (the demo and tests use it)."""

    subscriptions: tuple[str, ...] = ()
    tenant: str | None = None
    token: str | None = None
    arm_endpoint: str | None = None
    workers: int = 16
    transport: Any = None
    management_groups: tuple[str, ...] = ()
    """Scan the subscriptions under these management groups (at any depth)."""
    shard: Shard | None = None

    @classmethod
    def from_cli(
        cls,
        subscriptions: Collection[str] | None,
        tenant: str | None,
        token: str | None,
        arm_endpoint: str | None,
        management_groups: Collection[str] = (),
        shard: Shard | None = None,
    ) -> AzureOptions:
        """Options from the command line, falling back to the documented environment."""
        named = tuple(dict.fromkeys(s.strip().lower() for s in subscriptions or () if s.strip()))
        bad = [s for s in named if not _SUBSCRIPTION_ID.fullmatch(s)]
        if bad:
            raise ConfigError(
                f"--subscription {bad[0]!r} is not a subscription id. Give the id (a GUID "
                "such as 00000000-0000-0000-0000-000000000000), not the display name; "
                "'az account list -o table' shows both."
            )
        return cls(
            subscriptions=named,
            tenant=tenant or None,
            token=token or os.environ.get(TOKEN_ENV) or None,
            arm_endpoint=arm_endpoint or os.environ.get("AZURE_ARM_ENDPOINT") or None,
            management_groups=tuple(g.strip() for g in management_groups if g.strip()),
            shard=shard,
        )


UNREGISTERED = "MissingSubscriptionRegistration"
"""ARM's answer for a resource provider the subscription has never registered."""


def _run(collector: AzureCollector, scope: AzureScope) -> list[Resource]:
    """A provider that is not registered cannot hold resources: none, not an error."""
    try:
        return collector.collect(scope)
    except HttpResponseError as exc:
        if error_code(exc) == UNREGISTERED:
            return []
        raise


def collectors_for(resource_types: Collection[str]) -> list[AzureCollector]:
    """Import only the collector modules the selected policies need."""
    found: list[AzureCollector] = []
    for module_name in sorted({AZURE_MODULES[t] for t in resource_types if t in AZURE_MODULES}):
        module = importlib.import_module(module_name)
        found.extend(c for c in module.COLLECTORS if c.resource_type in resource_types)
    return found


def _quiet_sdk_logging() -> None:
    """The SDKs log warnings (failed credential probes, "registering for you") that the
    scan already reports as data or as one clear error; show them only when debugging."""
    if not os.environ.get("AUDITOR_DEBUG"):
        logging.getLogger("azure").setLevel(logging.ERROR)


_NO_CREDENTIALS = (
    "No Azure credentials were found. Sign in with 'az login', set AZURE_CLIENT_ID, "
    "AZURE_TENANT_ID and AZURE_CLIENT_SECRET for a service principal, run where a managed "
    "or workload identity is available, or pass a pre-fetched ARM token with --azure-token "
    "or AZURE_ACCESS_TOKEN; try 'auditor demo' to see the tool without a subscription."
)


def _identity(credential: TokenCredential, factory: ClientFactory) -> str:
    """Get a token now, so a missing credential is one clear error before any work."""
    try:
        token = credential.get_token(factory.scope)
    except ClientAuthenticationError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise ScanError(f"{_NO_CREDENTIALS} ({first})" if first else _NO_CREDENTIALS) from None
    return describe_identity(token_claims(token.token))


def _endpoint_error(factory: ClientFactory, exc: BaseException) -> ScanError:
    return ScanError(
        f"Could not reach the Azure Resource Manager endpoint {factory.endpoint} "
        f"({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}). Check "
        "--arm-endpoint, the network and any proxy settings (HTTPS_PROXY, REQUESTS_CA_BUNDLE)."
    )


def _subscriptions(factory: ClientFactory) -> tuple[str, ...]:
    """Every subscription the identity can see, when none was named."""
    from azure.mgmt.resource.subscriptions import SubscriptionClient

    client = factory.client(SubscriptionClient)
    try:
        found = [s.subscription_id for s in client.subscriptions.list() if _live(s.state)]
    except ClientAuthenticationError as exc:
        raise ScanError(
            f"Azure rejected the credential ({error_code(exc)}). Sign in again or fetch a new "
            "token; a token passed with --azure-token must be for the ARM endpoint in use."
        ) from None
    except HttpResponseError as exc:
        raise ScanError(
            f"Could not list the subscriptions this identity can see ({error_code(exc)}). "
            "Name them with --subscription."
        ) from None
    except ServiceRequestError as exc:
        raise _endpoint_error(factory, exc) from None
    subscriptions = tuple(sorted(str(s) for s in found if s))
    if not subscriptions:
        raise ScanError(
            "This identity can see no Azure subscription. Grant it the Reader role on the "
            "subscriptions to audit (see 'auditor permissions azure'), or name them with "
            "--subscription."
        )
    return subscriptions


_LIVE_STATES = frozenset({"enabled", "warned", "pastdue"})
"""Subscription states whose resources can still be read; disabled and deleted ones are
not part of the estate any more and are left out of discovery."""


def _live(state: Any) -> bool:
    return state is None or str(getattr(state, "value", state)).lower() in _LIVE_STATES


def _management_group_subscriptions(
    factory: ClientFactory, groups: Collection[str]
) -> tuple[str, ...]:
    """Every subscription under the groups, however deep (one descendants listing each)."""
    from azure.mgmt.managementgroups import ManagementGroupsMgmtClient

    client = factory.client(ManagementGroupsMgmtClient)
    found: set[str] = set()
    for group in groups:
        try:
            for item in client.management_groups.get_descendants(group):
                if str(item.type or "").lower().endswith("/subscriptions") and item.name:
                    found.add(str(item.name).lower())
        except HttpResponseError as exc:
            raise ScanError(
                f"Could not list the subscriptions under management group {group!r} "
                f"({error_code(exc)}). The identity needs Reader on the management group, "
                "or name the subscriptions with --subscription."
            ) from None
        except ServiceRequestError as exc:
            raise _endpoint_error(factory, exc) from None
    if not found:
        raise ScanError(f"No subscription was found under management group(s) {', '.join(groups)}.")
    return tuple(sorted(found))


def _subscription_problem(factory: ClientFactory, subscription: str) -> str | None:
    """Why the subscription itself cannot be read, or ``None`` when it can."""
    from azure.mgmt.resource.subscriptions import SubscriptionClient

    try:
        found = factory.client(SubscriptionClient).subscriptions.get(subscription)
    except (HttpResponseError, ServiceRequestError) as exc:
        return f"{error_code(exc)}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    if not _live(found.state):
        return f"the subscription is {getattr(found.state, 'value', found.state)}"
    return None


def _unreachable(
    factory: ClientFactory, tasks: Sequence[Task], errors: Sequence[CollectionError]
) -> list[CollectionError]:
    """A subscription none of whose reads succeeded is asked about once more: if the
    subscription itself cannot be read (no role on it, disabled, gone) it is reported as
    unreachable, so the summary names it and the scan counts as incomplete. A 403 on
    some resource providers of a readable subscription stays an ordinary error."""
    failed: dict[str, int] = {}
    for error in errors:
        failed[error.account] = failed.get(error.account, 0) + 1
    tried: dict[str, int] = {}
    for task in tasks:
        tried[task.account] = tried.get(task.account, 0) + 1
    problems = {
        subscription: _subscription_problem(factory, subscription)
        for subscription, count in failed.items()
        if count == tried.get(subscription)
    }
    marked = []
    for error in errors:
        problem = problems.get(error.account)
        if problem is not None:
            error = replace(
                error,
                code=ACCOUNT_UNREACHABLE,
                message=f"The subscription cannot be read ({problem}); this collector "
                f"failed with {error.code}: {error.message}",
            )
        marked.append(error)
    return marked


def collect_azure(
    options: AzureOptions,
    resource_types: Collection[str],
    progress: Progress | None = None,
) -> Inventory:
    """Read the subscriptions; every failure after the credential check is recorded."""
    started = datetime.now(UTC)
    endpoint = normalise_endpoint(options.arm_endpoint)
    if urlsplit(endpoint).scheme != "https" or not urlsplit(endpoint).netloc:
        raise ConfigError(
            f"--arm-endpoint {endpoint!r} is not an https:// URL. Azure credentials are only "
            "ever sent over TLS; for a local emulator serve HTTPS with a certificate trusted "
            "through REQUESTS_CA_BUNDLE."
        )
    _quiet_sdk_logging()
    credential = make_credential(options.token, options.tenant)
    factory = ClientFactory(credential, endpoint, options.transport)
    identity = _identity(credential, factory)
    subscriptions = options.subscriptions
    if options.management_groups:
        under = _management_group_subscriptions(factory, options.management_groups)
        subscriptions = tuple(sorted({*subscriptions, *under}))
    subscriptions = subscriptions or _subscriptions(factory)
    if options.shard is not None:
        subscriptions = tuple(s for s in subscriptions if options.shard.holds(s))
    collectors = collectors_for(resource_types)
    tasks = [
        Task(
            collector.resource_type,
            "azure",
            subscription,
            "",
            partial(_run, collector, AzureScope(factory, subscription)),
        )
        for collector in collectors
        for subscription in subscriptions
    ]
    resources, errors = run_tasks(
        tasks, workers=options.workers, progress=progress or NoProgress(), describe_error=describe
    )
    errors = _unreachable(factory, tasks, errors)
    regions = tuple(sorted({r.region for r in resources if r.region}))
    metadata = ScanMetadata(
        started_at=started.isoformat(timespec="seconds"),
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        tool_version=__version__,
        providers=("azure",),
        identity=identity,
        accounts=subscriptions,
        regions=regions,
        resource_types=tuple(sorted(resource_types)),
    )
    return Inventory(metadata, tuple(resources), tuple(errors))
