"""``auditor diff OLD.json NEW.json``: what a change to the estate broke and fixed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from auditor.cli.common import FailOn, friendly_errors

DIFF_FORMATS = ("terminal", "json", "markdown")


@friendly_errors
def diff_command(
    old: Annotated[Path, typer.Argument(help="Earlier results JSON (the baseline).")],
    new: Annotated[Path, typer.Argument(help="Later results JSON.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(DIFF_FORMATS)}.")
    ] = "terminal",
    fail_on: FailOn = None,
) -> None:
    """Compare two results files: new failures, fixed ones, and those still failing.

    Exits 1 when NEW has a failure at or above --fail-on that OLD did not have, else 0.
    """
    from auditor.baseline import mark_baseline
    from auditor.errors import ConfigError, ExitCode
    from auditor.pipeline import gate_failures, load_results, parse_fail_on

    if format not in DIFF_FORMATS:
        raise ConfigError(
            f"Unknown diff format {format!r}. Choose from: {', '.join(DIFF_FORMATS)}."
        )
    threshold = parse_fail_on(fail_on)
    results = mark_baseline(load_results(new), load_results(old))
    if format == "terminal":
        from auditor.render.terminal import make_console, render_changes

        render_changes(results, make_console(force_plain=not sys.stdout.isatty()))
    else:
        from auditor.render.changes import render_json, render_markdown

        sys.stdout.write(render_json(results) if format == "json" else render_markdown(results))
    failing = gate_failures(results, threshold, new_only=True)
    raise typer.Exit(int(ExitCode.FAILURES if failing else ExitCode.OK))
