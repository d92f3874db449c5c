"""Run the shared pipeline for a command and print the result: evaluate, write, gate."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from auditor.models import Inventory
from auditor.pipeline import (
    assess_frameworks,
    exit_code,
    parse_fail_on,
    scan_incomplete,
    write_outputs,
)
from auditor.policy import Policy
from auditor.policy.frameworks import Framework
from auditor.render import DEFAULT_FORMATS


@dataclass(frozen=True)
class OutputOptions:
    output_dir: Path
    formats: tuple[str, ...]
    fail_on: str | None
    quiet: bool = False
    verbose: bool = False

    @classmethod
    def of(
        cls,
        output_dir: Path,
        formats: Sequence[str] | None,
        fail_on: str | None,
        quiet: bool = False,
        verbose: bool = False,
    ) -> OutputOptions:
        return cls(output_dir, tuple(formats or DEFAULT_FORMATS), fail_on, quiet, verbose)


def finish(
    inventory: Inventory,
    policies: Sequence[Policy],
    out: OutputOptions,
    *,
    catalogue: Mapping[str, Framework] | None = None,
    framework: str | None = None,
) -> None:
    """Evaluate, write the reports, print the summary and exit with the gate's code.

    ``catalogue`` is the framework definitions the policies were validated against
    (default: the shipped ones); ``framework`` limits the report to that framework.
    """
    from auditor.engine.evaluator import evaluate
    from auditor.render.terminal import make_console, render_terminal

    threshold = parse_fail_on(out.fail_on)  # validate before any work is written
    results = evaluate(policies, inventory)
    results = assess_frameworks(results, policies, catalogue, only=framework)
    written = write_outputs(results, out.output_dir, out.formats)
    console = make_console(force_plain=not sys.stdout.isatty())
    render_terminal(results, console, written=written, verbose=out.verbose, quiet=out.quiet)
    code = exit_code(results, threshold, incomplete=scan_incomplete(inventory))
    raise typer.Exit(int(code))


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
