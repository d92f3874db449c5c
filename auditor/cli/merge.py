"""``auditor merge``: join shard outputs (results or inventories) into one."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from auditor.cli.common import (
    FailOn,
    Formats,
    OutputDir,
    Quiet,
    Verbose,
    friendly_errors,
)


@friendly_errors
def merge_command(
    inputs: Annotated[
        list[Path], typer.Argument(help="Results files, or inventory files, from each shard.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", help="For inventories: the merged inventory file."),
    ] = None,
    output_dir: OutputDir = Path("reports"),
    format: Formats = None,
    fail_on: FailOn = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Merge shard results into one results file and report, or inventories into one."""
    from auditor.errors import ConfigError, InventoryError
    from auditor.fileio import read_maybe_gzip
    from auditor.inventory import INVENTORY_FORMAT, inventory_from_dict, save_inventory
    from auditor.merge import merge_inventories, merge_results
    from auditor.pipeline import exit_code, parse_fail_on, reassess_frameworks, write_outputs
    from auditor.render import DEFAULT_FORMATS
    from auditor.render.terminal import make_console, render_terminal
    from auditor.render.text import clean
    from auditor.results import RESULTS_FORMAT, results_from_dict

    threshold = parse_fail_on(fail_on)
    documents = []
    for path in inputs:
        try:
            documents.append((path, json.loads(read_maybe_gzip(path))))
        except FileNotFoundError:
            raise InventoryError(f"{path} does not exist.") from None
        except (OSError, ValueError) as exc:
            raise InventoryError(f"{path} is not readable JSON: {exc}.") from None
    kinds = {doc.get("format") if isinstance(doc, dict) else None for _, doc in documents}
    if kinds == {INVENTORY_FORMAT}:
        if output is None:
            raise ConfigError("Merging inventories needs --output FILE for the merged inventory.")
        inventory = merge_inventories(
            [inventory_from_dict(doc, source=str(path)) for path, doc in documents]
        )
        save_inventory(inventory, output)
        typer.echo(
            f"Merged {len(inputs)} inventories: {len(inventory.resources)} resources in "
            f"{len(inventory.metadata.accounts)} accounts, saved to {output}"
        )
        return
    if kinds != {RESULTS_FORMAT}:
        raise ConfigError(
            "auditor merge takes either results files (from --format json) or inventory files "
            "(from 'auditor collect'), not a mix or anything else."
        )
    parts = [results_from_dict(doc, source=str(path)) for path, doc in documents]
    results, missing = reassess_frameworks(
        merge_results(parts), [f.id for part in parts for f in part.frameworks]
    )
    if missing:
        typer.echo(
            f"Note: framework status for {clean(', '.join(missing), 200)} was dropped: the "
            "definition is not shipped, so the merged findings cannot be assessed against it.",
            err=True,
        )
    written = write_outputs(results, output_dir, tuple(format or DEFAULT_FORMATS))
    console = make_console(force_plain=not sys.stdout.isatty())
    render_terminal(results, console, written=written, verbose=verbose, quiet=quiet)
    raise typer.Exit(int(exit_code(results, threshold, incomplete=False)))
