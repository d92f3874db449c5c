"""``auditor permissions PROVIDER``: what the scanning identity must be allowed to do."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from auditor.cli.common import friendly_errors

permissions_app = typer.Typer(
    help="Show the roles and permissions a scan needs.", no_args_is_help=True
)


@permissions_app.command("azure")
@friendly_errors
def permissions_azure(
    role_definition: Annotated[
        bool,
        typer.Option(
            "--role-definition",
            help="Print a custom role definition (JSON) with exactly the actions needed, "
            "for 'az role definition create --role-definition @FILE'.",
        ),
    ] = False,
) -> None:
    """The Azure roles (built-in Reader) and ARM read actions each collector uses."""
    from auditor.collectors.azure.permissions import custom_role, requirements

    found = requirements()
    if role_definition:
        typer.echo(json.dumps(custom_role(found), indent=2))
        return
    roles = sorted({role for r in found for role in r.roles})
    typer.echo(
        f"Assign {' and '.join(roles)} on each subscription to scan (or on a management "
        "group above them). Every call is an ARM read; no data-plane access is used."
    )
    typer.echo("")
    for requirement in found:
        typer.echo(f"{requirement.resource_type}  ({', '.join(requirement.roles)})")
        for action in requirement.actions:
            typer.echo(f"  {action}")


AwsResourceTypes = Annotated[
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
def permissions_aws(
    resource_type: AwsResourceTypes = None,
    org: Annotated[
        bool,
        typer.Option(
            "--org",
            help="Also what the identity running an organisation-wide scan calls "
            "(Organizations listings and sts:AssumeRole into member accounts).",
        ),
    ] = False,
) -> None:
    """Print the IAM policy JSON (read-only actions) that the AWS collectors call."""
    from auditor.collectors.aws.catalog import AWS_MODULES
    from auditor.collectors.aws.permissions import policy_document
    from auditor.errors import ConfigError

    unknown = sorted(set(resource_type or ()) - set(AWS_MODULES))
    if unknown:
        raise ConfigError(
            f"Unknown AWS resource type {', '.join(unknown)}. 'auditor policies types' lists them."
        )
    typer.echo(json.dumps(policy_document(resource_type or None, organisation=org), indent=2))
