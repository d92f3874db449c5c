"""``auditor schema results|policy``: the JSON Schemas of the files auditor reads and writes."""

from __future__ import annotations

import json

import typer

from auditor.cli.common import friendly_errors

schema_app = typer.Typer(
    help="Print a JSON Schema: of results documents or of policy files.", no_args_is_help=True
)


@schema_app.command("results")
@friendly_errors
def results_schema() -> None:
    """The results document written by --format json (and read by 'auditor report')."""
    from auditor.render.json import results_json_schema

    typer.echo(json.dumps(results_json_schema(), indent=2))


@schema_app.command("policy")
@friendly_errors
def policy_schema() -> None:
    """Policy files (for yaml-language-server in editors); same as 'auditor policies schema'."""
    from auditor.policy.schema import policy_json_schema

    typer.echo(json.dumps(policy_json_schema(), indent=2))
