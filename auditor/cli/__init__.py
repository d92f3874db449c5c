"""The command line: a thin layer that parses options and calls the library.

Heavy modules (boto3, rich tables, jinja2) are imported inside commands so that
``auditor --help`` starts fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from auditor import __version__
from auditor.cli.config_command import config_app
from auditor.cli.demo import demo_command
from auditor.cli.diff import diff_command
from auditor.cli.evaluate import evaluate_command
from auditor.cli.frameworks import frameworks_app
from auditor.cli.merge import merge_command
from auditor.cli.policies import policies_app
from auditor.cli.report_command import report_command
from auditor.cli.scan import collect_app, scan_app
from auditor.cli.schema import schema_app

app = typer.Typer(
    name="auditor",
    help="Audit AWS accounts and Azure subscriptions against YAML security policies "
    "(NCSC Cloud Security Principles, CIS, Cyber Essentials).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Audit AWS and Azure against YAML security policies."""


app.add_typer(scan_app, name="scan")
app.add_typer(collect_app, name="collect")
app.add_typer(policies_app, name="policies")
app.add_typer(frameworks_app, name="frameworks")
app.command("evaluate")(evaluate_command)
app.command("demo")(demo_command)
app.command("merge")(merge_command)
app.command("report")(report_command)
app.add_typer(schema_app, name="schema")
app.command("diff")(diff_command)
app.add_typer(config_app, name="config")


def main() -> None:
    app()
