"""``auditor evaluate INVENTORY``: judge a saved inventory offline, no cloud needed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from auditor.cli.common import (
    FailOn,
    Formats,
    FrameworkOpt,
    NoBuiltin,
    OutputDir,
    Params,
    PolicyPaths,
    Quiet,
    Verbose,
    friendly_errors,
    parse_params,
)
from auditor.cli.report import OutputOptions, finish


@friendly_errors
def evaluate_command(
    inventory: Annotated[Path, typer.Argument(help="Inventory saved by 'auditor collect'.")],
    policies: PolicyPaths = None,
    no_builtin: NoBuiltin = False,
    param: Params = None,
    output_dir: OutputDir = Path("reports"),
    format: Formats = None,
    fail_on: FailOn = None,
    framework: FrameworkOpt = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
) -> None:
    """Evaluate policies against a saved inventory, offline."""
    from auditor.inventory import load_inventory
    from auditor.pipeline import framework_catalogue, parse_fail_on, select_policies

    out = OutputOptions.of(output_dir, format, fail_on, quiet, verbose)
    parse_fail_on(fail_on)
    selected = select_policies(
        policies or [],
        include_builtin=not no_builtin,
        params=parse_params(param),
        framework=framework,
    )
    catalogue = framework_catalogue(policies or [])
    finish(load_inventory(inventory), selected, out, catalogue=catalogue, framework=framework)
