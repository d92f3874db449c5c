"""``auditor evaluate INVENTORY``: judge a saved inventory offline, no cloud needed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from auditor.cli.common import friendly_errors
from auditor.cli.options import run_options
from auditor.cli.report import finish

if TYPE_CHECKING:
    from auditor.settings import RunOptions


@friendly_errors
@run_options()
def evaluate_command(
    run: RunOptions,
    inventory: Annotated[Path, typer.Argument(help="Inventory saved by 'auditor collect'.")],
) -> None:
    """Evaluate policies against a saved inventory, offline."""
    from auditor.inventory import load_inventory
    from auditor.pipeline import policies_for_run

    selected, catalogue = policies_for_run(run)
    finish(load_inventory(inventory), selected, run, catalogue=catalogue)
