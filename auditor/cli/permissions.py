"""``auditor permissions``: print the read-only access a scan needs, per provider."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from auditor.cli.common import friendly_errors
from auditor.errors import ConfigError

permissions_app = typer.Typer(
    help="Print the least-privilege policy a scan needs.",
    no_args_is_help=True,
)

ResourceTypes = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        help="Only what these resource types need (repeatable; see 'auditor policies types'). "
        "Default: every AWS type.",
    ),
]


@permissions_app.command("aws")
@friendly_errors
def aws_command(resource_type: ResourceTypes = None) -> None:
    """Print the IAM policy JSON (read-only actions) that the AWS collectors call."""
    from auditor.collectors.aws.catalog import AWS_MODULES
    from auditor.collectors.aws.permissions import policy_document

    unknown = sorted(set(resource_type or ()) - set(AWS_MODULES))
    if unknown:
        raise ConfigError(
            f"Unknown AWS resource type {', '.join(unknown)}. 'auditor policies types' lists them."
        )
    typer.echo(json.dumps(policy_document(resource_type or None), indent=2))
