"""``auditor report RESULTS.json``: re-render saved results in any format, offline."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from auditor.cli.common import Quiet, Verbose, friendly_errors
from auditor.render import FORMATS

TERMINAL = "terminal"


@friendly_errors
def report_command(
    results_file: Annotated[
        Path,
        typer.Argument(help="Results written by 'auditor scan' or 'evaluate' (--format json)."),
    ],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=f"One of: {', '.join([*FORMATS, TERMINAL])}.",
        ),
    ] = "html",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write. Default: standard output."),
    ] = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Render saved results again: another format, a newer renderer, no cloud needed."""
    from auditor.errors import ConfigError
    from auditor.fileio import write_atomic
    from auditor.pipeline import load_results

    if format != TERMINAL and format not in FORMATS:
        choices = ", ".join([*FORMATS, TERMINAL])
        raise ConfigError(f"Unknown report format {format!r}. Choose from: {choices}.")
    results = load_results(results_file)
    if format == TERMINAL:
        from auditor.render.terminal import make_console, render_terminal

        console = make_console(force_plain=not sys.stdout.isatty())
        render_terminal(results, console, verbose=verbose, quiet=quiet)
        return
    text = FORMATS[format].renderer()(results)
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    write_atomic(output, text)
    if not quiet:
        typer.echo(f"Wrote {output}", err=True)
