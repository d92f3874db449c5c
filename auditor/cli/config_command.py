"""``auditor config validate [PATH]``: check a config file and every file it names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from auditor.cli.common import friendly_errors

config_app = typer.Typer(help="Check the auditor.yaml config file.", no_args_is_help=True)


@config_app.command("validate")
@friendly_errors
def validate_config(
    path: Annotated[
        Path | None,
        typer.Argument(help="Config file (default: ./auditor.yaml)."),
    ] = None,
) -> None:
    """Check the config file, its waivers, baseline and policies; exit 2 on a problem."""
    from auditor.config import DEFAULT_CONFIG_FILE
    from auditor.errors import ConfigError
    from auditor.pipeline import policies_for_run
    from auditor.settings import RunFlags, resolve

    target = path or Path(DEFAULT_CONFIG_FILE)
    if not target.is_file():
        raise ConfigError(
            f"The config file {target} does not exist. Give its path, or run from the folder "
            f"that holds {DEFAULT_CONFIG_FILE}; docs/config.md describes every key."
        )
    run = resolve(RunFlags(config=target))
    selected, _ = policies_for_run(run)
    lines = [f"{target} is valid: {len(selected)} policies selected"]
    if run.waivers_path is not None:
        lines.append(f"waivers: {run.waivers_path} ({len(run.waivers)} waivers)")
    if run.baseline_path is not None:
        state = (
            f"{len(run.baseline.findings)} findings"
            if run.baseline is not None
            else "not found yet; every failure will count as new"
        )
        lines.append(f"baseline: {run.baseline_path} ({state})")
    gate = run.fail_on.value if run.fail_on is not None else "never"
    lines.append(
        f"gate: fail on {gate}{', new failures only' if run.fail_on_new_only else ''}; "
        f"outputs: {', '.join(run.formats)} in {run.output_dir}"
    )
    typer.echo("\n".join(lines))
