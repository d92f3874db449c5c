"""``auditor policies``: list, validate and export the schema of policies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from auditor.cli.common import NoBuiltin, PolicyPaths, friendly_errors

policies_app = typer.Typer(help="List, validate and describe policies.", no_args_is_help=True)


@policies_app.command("list")
@friendly_errors
def list_policies(
    resource: Annotated[
        str | None, typer.Option("--resource", help="Only policies for this resource type.")
    ] = None,
    severity: Annotated[
        str | None, typer.Option("--severity", help="Only policies of this severity.")
    ] = None,
    policies: PolicyPaths = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Show the loaded policies, most severe first."""
    from rich.table import Table
    from rich.text import Text

    from auditor.errors import ConfigError
    from auditor.models import Severity
    from auditor.pipeline import select_policies
    from auditor.render.terminal import SEVERITY_STYLE, make_console

    if severity is not None and severity not in {s.value for s in Severity}:
        raise ConfigError(
            f"--severity {severity!r} is not one of: {', '.join(s.value for s in Severity)}."
        )
    selected = [
        p
        for p in select_policies(policies or [], include_builtin=not no_builtin)
        if (resource is None or p.resource == resource)
        and (severity is None or p.severity.value == severity)
    ]
    selected.sort(key=lambda p: (-p.severity.rank, p.id))
    table = Table(title=f"{len(selected)} policies", title_justify="left")
    for column in ("Severity", "Id", "Resource", "Title", "Frameworks"):
        table.add_column(column)
    for p in selected:
        frameworks = "; ".join(f"{k} {', '.join(v)}" for k, v in p.frameworks.items())
        table.add_row(
            Text(p.severity.value, style=SEVERITY_STYLE[p.severity]),
            Text(p.id),
            Text(p.resource),
            Text(p.title),
            Text(frameworks),
        )
    make_console().print(table)


@policies_app.command("validate")
@friendly_errors
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Policy files or folders.")],
) -> None:
    """Check policy files without running anything; exit 2 with file and line on error."""
    from auditor.policy import load_policies

    own = load_policies(paths, include_builtin=False)
    load_policies(paths, include_builtin=True)  # also catches ids that clash with built-ins
    typer.echo(f"OK: {len(own)} policies in {len(paths)} path(s) are valid.")


@policies_app.command("schema")
@friendly_errors
def schema() -> None:
    """Print the JSON Schema of policy files (also: auditor schema policy)."""
    from auditor.policy.schema import policy_json_schema

    typer.echo(json.dumps(policy_json_schema(), indent=2))


@policies_app.command("types")
@friendly_errors
def types() -> None:
    """List the resource types policies can target."""
    from auditor.collectors.registry import CATALOG

    for name in sorted(CATALOG):
        typer.echo(f"{name}\t{CATALOG[name].description}")
