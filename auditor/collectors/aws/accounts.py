"""Which AWS accounts a scan covers, and the credentials it reads each one with.

One account by default: the one the credentials belong to. With ``--org`` every active
account of the AWS Organization (optionally narrowed by OU, tag or shard); with
``--account`` an explicit list. Member accounts are read through a role assumed in
each; an account whose role cannot be assumed is reported, never skipped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from auditor import __version__
from auditor.collectors.aws.base import (
    AWS_ERRORS,
    SessionFactory,
    error_code,
    error_message,
    paginate,
)
from auditor.errors import ConfigError, ScanError
from auditor.models import ACCOUNT_UNREACHABLE
from auditor.shards import Shard

ORG_OPERATIONS = (
    "organizations:ListAccounts",
    "organizations:ListAccountsForParent",
    "organizations:ListOrganizationalUnitsForParent",
    "organizations:ListTagsForResource",
    "sts:AssumeRole",
)
"""What organisation-wide scanning calls, on top of each collector's own operations."""

SESSION_NAME = f"auditor-{__version__}"[:64]
"""Role session name: CloudTrail in each member account shows the tool by name."""

_ACCOUNT_ID = re.compile(r"^\d{12}$")
_ROLE_ARN = re.compile(r"^arn:(?P<partition>[\w-]+):iam::(?P<account>\d{12}):role/[\w+=,.@/-]+$")
_OPEN_WORKERS = 8


@dataclass(frozen=True)
class AccountSelection:
    """What the user asked to scan; empty means the running account alone."""

    org: bool = False
    accounts: tuple[str, ...] = ()
    """Account ids (read through ``role_name``) or role ARNs to assume."""
    ous: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    role_name: str | None = None
    external_id: str | None = None
    exclude_self: bool = False
    shard: Shard | None = None

    @property
    def many(self) -> bool:
        return self.org or bool(self.accounts)


@dataclass(frozen=True)
class AccountTarget:
    account: str
    role_arn: str | None
    """``None``: read with the running credentials (it is the running account)."""
    name: str = ""


@dataclass(frozen=True)
class OpenAccount:
    account: str
    factory: SessionFactory


@dataclass(frozen=True)
class Unreachable:
    account: str
    code: str
    message: str


def parse_account_tags(values: Iterable[str]) -> tuple[tuple[str, str], ...]:
    tags = []
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ConfigError(
                f"--account-tag {item!r} is not KEY=VALUE, e.g. --account-tag env=production."
            )
        tags.append((key, value))
    return tuple(tags)


def _role_arn(partition: str, account: str, role_name: str) -> str:
    return f"arn:{partition}:iam::{account}:role/{role_name.strip('/')}"


def _explicit(selection: AccountSelection, partition: str) -> list[AccountTarget]:
    targets = []
    for item in selection.accounts:
        item = item.strip()
        match = _ROLE_ARN.match(item)
        if match:
            targets.append(AccountTarget(match["account"], item))
        elif _ACCOUNT_ID.match(item):
            if not selection.role_name:
                raise ConfigError(
                    f"--account {item} needs --role-name NAME (the read-only role to assume in "
                    "it), or give the role's full ARN instead of the account id."
                )
            targets.append(AccountTarget(item, _role_arn(partition, item, selection.role_name)))
        else:
            raise ConfigError(
                f"--account {item!r} is neither a 12-digit account id nor a role ARN "
                "(arn:aws:iam::123456789012:role/NAME)."
            )
    return targets


def _accounts_under(client: Any, parent: str) -> list[dict[str, Any]]:
    found = list(paginate(client, "list_accounts_for_parent", "Accounts", ParentId=parent))
    units = paginate(
        client, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent
    )
    for unit in units:
        found.extend(_accounts_under(client, str(unit["Id"])))
    return found


def _active(account: dict[str, Any]) -> bool:
    state = account.get("State") or account.get("Status") or "ACTIVE"
    return str(state).upper() == "ACTIVE"


def organization_accounts(
    client: Any, ous: Sequence[str] = (), tags: Sequence[tuple[str, str]] = ()
) -> list[tuple[str, str]]:
    """Active accounts as ``(id, name)``, from the whole organisation or the given OUs."""
    if ous:
        listed = [a for ou in ous for a in _accounts_under(client, ou)]
    else:
        listed = list(paginate(client, "list_accounts", "Accounts"))
    accounts = {str(a["Id"]): str(a.get("Name") or "") for a in listed if _active(a)}
    if tags:
        wanted = set(tags)
        accounts = {
            account: name
            for account, name in accounts.items()
            if wanted
            <= {
                (str(t["Key"]), str(t["Value"]))
                for t in paginate(client, "list_tags_for_resource", "Tags", ResourceId=account)
            }
        }
    return sorted(accounts.items())


def resolve_targets(
    selection: AccountSelection,
    factory: SessionFactory,
    own_account: str,
    partition: str,
    home: str,
) -> list[AccountTarget]:
    """The accounts to scan, in a stable order, after the shard has taken its slice.

    A shard may be empty (more shards than accounts): that is a scan of nothing, not an
    error, so a fixed CI matrix keeps working as accounts come and go.
    """
    if not selection.many:
        targets = [AccountTarget(own_account, None)]
    else:
        targets = _explicit(selection, partition)
        if selection.org:
            if not selection.role_name:
                raise ConfigError(
                    "--org needs --role-name NAME: the read-only role auditor assumes in each "
                    "member account (for example a role granting SecurityAudit)."
                )
            try:
                client = factory.client("organizations", home)
                listed = organization_accounts(client, selection.ous, selection.tags)
            except AWS_ERRORS as exc:
                raise ScanError(
                    "Could not list the organisation's accounts "
                    f"({error_code(exc)}: {error_message(exc)}). Run from the management "
                    "account or a delegated administrator with organizations:ListAccounts, "
                    "or name the accounts with --account."
                ) from None
            for account, name in listed:
                role = _role_arn(partition, account, selection.role_name)
                targets.append(AccountTarget(account, role, name))
    unique: dict[str, AccountTarget] = {}
    for target in targets:
        if target.account == own_account:
            target = AccountTarget(own_account, None, target.name)
        unique.setdefault(target.account, target)
    if selection.exclude_self:
        unique.pop(own_account, None)
    if not unique:
        raise ScanError(
            "No AWS account is left to scan: the organisation filters (--ou, --account-tag) "
            "or --exclude-self selected none."
        )
    chosen = [
        t for t in unique.values() if selection.shard is None or selection.shard.holds(t.account)
    ]
    return sorted(chosen, key=lambda t: t.account)


def _assume(
    factory: SessionFactory, target: AccountTarget, external_id: str | None, home: str
) -> SessionFactory:
    args: dict[str, Any] = {"RoleArn": target.role_arn, "RoleSessionName": SESSION_NAME}
    if external_id:
        args["ExternalId"] = external_id
    reply = factory.client("sts", home).assume_role(**args)
    creds = reply["Credentials"]
    return factory.with_credentials(
        {
            "aws_access_key_id": str(creds["AccessKeyId"]),
            "aws_secret_access_key": str(creds["SecretAccessKey"]),
            "aws_session_token": str(creds["SessionToken"]),
        }
    )


def open_accounts(
    targets: Sequence[AccountTarget],
    factory: SessionFactory,
    external_id: str | None,
    home: str,
) -> tuple[list[OpenAccount], list[Unreachable]]:
    """Credentials for every target; those whose role cannot be assumed are returned apart."""

    def one(target: AccountTarget) -> OpenAccount | Unreachable:
        if target.role_arn is None:
            return OpenAccount(target.account, factory)
        try:
            return OpenAccount(target.account, _assume(factory, target, external_id, home))
        except AWS_ERRORS as exc:
            return Unreachable(
                target.account,
                ACCOUNT_UNREACHABLE,
                f"Could not assume {target.role_arn} ({error_code(exc)}: {error_message(exc)}). "
                "Check that the role exists in the account and trusts the scanning identity.",
            )

    with ThreadPoolExecutor(max_workers=_OPEN_WORKERS) as pool:
        outcomes = list(pool.map(one, targets))
    opened = [o for o in outcomes if isinstance(o, OpenAccount)]
    unreachable = [o for o in outcomes if isinstance(o, Unreachable)]
    return opened, unreachable
