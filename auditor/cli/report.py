"""Run the shared pipeline for a command and print the result: evaluate, write, gate."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:  # the pipeline loads pydantic and yaml: not for `auditor --help`
    from auditor.models import Inventory
    from auditor.policy import Policy
    from auditor.policy.frameworks import Framework
    from auditor.settings import RunOptions


def finish(
    inventory: Inventory,
    policies: Sequence[Policy],
    run: RunOptions,
    *,
    catalogue: Mapping[str, Framework] | None = None,
) -> None:
    """Evaluate, apply waivers and the baseline, write the reports, print the summary and
    exit with the gate's code.

    ``catalogue`` is the framework definitions the policies were validated against
    (default: the shipped ones).
    """
    from auditor.engine.evaluator import evaluate
    from auditor.pipeline import (
        apply_gate,
        assess_frameworks,
        exit_code,
        gate_failures,
        scan_incomplete,
        write_outputs,
    )
    from auditor.render.terminal import make_console, render_terminal, verdict_line

    results = evaluate(policies, inventory)
    results = apply_gate(results, waivers=run.waivers, baseline=run.baseline, today=run.today)
    results = assess_frameworks(results, policies, catalogue, only=run.report_frameworks)
    written = write_outputs(results, run.output_dir, run.formats)
    console = make_console(force_plain=not sys.stdout.isatty())
    render_terminal(results, console, written=written, verbose=run.verbose, quiet=run.quiet)
    if run.baseline_missing:
        typer.echo(
            f"Note: the baseline {run.baseline_path} does not exist yet, so every failure "
            "counts as new (expected on a pipeline's first run).",
            err=True,
        )
    incomplete = scan_incomplete(inventory)
    failing = gate_failures(results, run.fail_on, new_only=run.fail_on_new_only)
    console.print(verdict_line(failing, run.fail_on, new_only=run.fail_on_new_only))
    raise typer.Exit(
        int(exit_code(results, run.fail_on, incomplete=incomplete, new_only=run.fail_on_new_only))
    )


class RichProgress:
    """A progress bar on stderr while collectors run; silent when stderr is not a terminal."""

    def __init__(self, description: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(stderr=True)
        self._progress: Any = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self._task = self._progress.add_task(description, total=0)

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def add(self, total: int) -> None:
        current = self._progress.tasks[0].total or 0
        self._progress.update(self._task, total=current + total)

    def done(self, label: str) -> None:
        self._progress.advance(self._task)
