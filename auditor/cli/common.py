"""What every command shares: option types, error handling, output and the gate."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from auditor.errors import AuditorError, ConfigError, ExitCode
from auditor.render import FORMATS

P = ParamSpec("P")
R = TypeVar("R")

OutputDir = Annotated[
    Path,
    typer.Option("--output-dir", "-o", help="Folder for report files.", show_default=True),
]
Formats = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        "-f",
        help=f"Output format; repeat for several ({', '.join(FORMATS)}). Default: html and json.",
    ),
]
PolicyPaths = Annotated[
    list[Path] | None,
    typer.Option("--policies", "-p", help="Extra policy file or folder; repeatable."),
]
NoBuiltin = Annotated[
    bool,
    typer.Option("--no-builtin", help="Use only the --policies given, not the built-in packs."),
]
Params = Annotated[
    list[str] | None,
    typer.Option(
        "--param",
        help="Override a policy parameter: NAME=VALUE or POLICY_ID.NAME=VALUE; VALUE is YAML "
        "(e.g. allowed_regions=[eu-west-2,eu-west-1]).",
    ),
]
FailOn = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        help="Exit 1 when a failure at or above this severity exists: critical, high, medium, "
        "low, info or never. Default: any failure.",
    ),
]
FrameworkOpt = Annotated[
    str | None,
    typer.Option(
        "--framework",
        help="Run only the policies mapped to this framework and report against it "
        "(e.g. ncsc-csp, cis-aws, cyber-essentials; see 'auditor frameworks list').",
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Show evidence for each failure.")]


def parse_params(values: Sequence[str] | None) -> dict[str, Any]:
    import yaml

    params: dict[str, Any] = {}
    for item in values or ():
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise ConfigError(
                f"--param {item!r} is not NAME=VALUE. Example: --param allowed_regions=[eu-west-2]."
            )
        try:
            params[name.strip()] = yaml.safe_load(raw)
        except yaml.YAMLError:
            raise ConfigError(f"--param {item!r}: the value is not valid YAML.") from None
    return params


def error_console_print(message: str) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
    console.print(Text("Error: ", style="bold red") + Text(message))


def friendly_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn every error into one readable paragraph and a documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except AuditorError as exc:
            error_console_print(str(exc))
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            error_console_print("Interrupted; no report was written.")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug: say so plainly, show the traceback only on request
            if os.environ.get("AUDITOR_DEBUG"):
                traceback.print_exc(file=sys.stderr)
            error_console_print(
                f"Unexpected internal error ({type(exc).__name__}: {exc}). This is a bug in "
                "auditor; please report it with the command you ran. Set AUDITOR_DEBUG=1 to "
                "see the traceback."
            )
            raise typer.Exit(int(ExitCode.INCOMPLETE)) from None

    return wrapper
