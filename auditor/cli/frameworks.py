"""``auditor frameworks``: list the compliance frameworks, show one, generate coverage docs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from auditor.cli.common import NoBuiltin, PolicyPaths, friendly_errors

if TYPE_CHECKING:
    from auditor.policy.coverage import FrameworkCoverage

frameworks_app = typer.Typer(
    help="Compliance frameworks: their controls and what the policies cover.",
    no_args_is_help=True,
)


def _coverage(paths: list[Path], no_builtin: bool) -> list[FrameworkCoverage]:
    from auditor.pipeline import framework_catalogue, select_policies
    from auditor.policy.coverage import coverage

    catalogue = framework_catalogue(paths)
    policies = select_policies(paths, include_builtin=not no_builtin)
    return coverage(catalogue.values(), policies)


@frameworks_app.command("list")
@friendly_errors
def list_frameworks(policies: PolicyPaths = None, no_builtin: NoBuiltin = False) -> None:
    """Show each framework with its coverage: controls automated, covered, manual."""
    from rich.table import Table
    from rich.text import Text

    from auditor.render.terminal import make_console

    table = Table(title="Compliance frameworks", title_justify="left")
    table.add_column("Id")
    table.add_column("Framework")
    table.add_column("Version")
    for column in ("Controls", "Automated", "Covered", "Manual", "Not covered"):
        table.add_column(column, justify="right")
    for cov in _coverage(policies or [], no_builtin):
        fw = cov.framework
        table.add_row(
            Text(fw.id),
            Text(fw.name),
            Text(fw.version),
            str(cov.total),
            str(cov.automated),
            str(cov.covered),
            str(cov.manual),
            Text(str(cov.not_covered), style="yellow" if cov.not_covered else ""),
        )
    console = make_console(force_plain=not sys.stdout.isatty())
    console.print(table)
    console.print(
        Text(
            "Covered: automated controls with at least one loaded policy mapped to them. "
            "'auditor frameworks show ID' lists the controls.",
            style="dim",
        )
    )


@frameworks_app.command("show")
@friendly_errors
def show(
    framework_id: Annotated[str, typer.Argument(metavar="ID", help="Framework id, e.g. cis-aws.")],
    policies: PolicyPaths = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Show a framework's controls and the policies mapped to each."""
    from rich.table import Table
    from rich.text import Text

    from auditor.errors import ConfigError
    from auditor.render.terminal import make_console

    coverages = {c.framework.id: c for c in _coverage(policies or [], no_builtin)}
    cov = coverages.get(framework_id)
    if cov is None:
        raise ConfigError(
            f"Unknown framework {framework_id!r}. Choose from: {', '.join(coverages)}."
        )
    fw = cov.framework
    console = make_console(force_plain=not sys.stdout.isatty())
    console.print(Text(f"{fw.name} ({fw.id}), version {fw.version}", style="bold"))
    console.print(Text(fw.url, style="dim"))
    table = Table(title_justify="left", show_lines=False)
    for column in ("Control", "Title", "Evidence", "Policies"):
        table.add_column(column)
    for item in cov.controls:
        control = item.control
        evidence = Text("automated") if control.automated else Text("manual", style="cyan")
        mapped = (
            Text("\n".join(item.policies))
            if item.policies
            else Text("not covered" if control.automated else "-", style="yellow dim")
        )
        indent = "  " if control.parent else ""
        table.add_row(Text(indent + control.id), Text(control.title), evidence, mapped)
    console.print(table)
    console.print(
        Text(
            f"{cov.total} controls: {cov.automated} automated ({cov.covered} covered), "
            f"{cov.manual} manual.",
            style="bold",
        )
    )


@frameworks_app.command("coverage")
@friendly_errors
def coverage_command(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the page here instead of printing it."),
    ] = None,
    policies: PolicyPaths = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Print the Markdown coverage page (docs/frameworks.md) for the loaded policies."""
    from auditor.fileio import write_atomic
    from auditor.policy.coverage import coverage_markdown

    page = coverage_markdown(_coverage(policies or [], no_builtin))
    if output is None:
        typer.echo(page, nl=False)
    else:
        write_atomic(output, page)
        typer.echo(f"Wrote {output}")
