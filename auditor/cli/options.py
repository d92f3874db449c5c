"""The options every scan-like command shares, added to a command by one decorator.

``@run_options()`` appends the shared options (config, policy selection, outputs, gate)
to the command's own, builds one :class:`auditor.settings.RunOptions` from them and
passes it as the command's ``run`` argument. A new scan command gets the whole gate by
adding the decorator, and every command agrees on names, help and precedence.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from auditor.cli.common import (
    FailOn,
    Formats,
    NoBuiltin,
    Params,
    PolicyPaths,
    Quiet,
    Verbose,
    parse_params,
)

R = TypeVar("R")

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Config file (default: ./auditor.yaml if present). Flags override it; "
        "see docs/config.md.",
    ),
]
PolicyIds = Annotated[
    list[str] | None,
    typer.Option("--policy", help="Run only this policy id (globs allowed); repeatable."),
]
Frameworks = Annotated[
    list[str] | None,
    typer.Option(
        "--framework",
        help="Run only the policies mapped to this framework and report against it; "
        "repeatable, globs allowed (e.g. ncsc-csp, cis-*; see 'auditor frameworks list').",
    ),
]
MinSeverity = Annotated[
    str | None,
    typer.Option(
        "--min-severity", help="Run only policies at or above: critical, high, medium, low, info."
    ),
]
OutputDirOpt = Annotated[
    Path | None,
    typer.Option("--output-dir", "-o", help="Folder for report files (default: reports)."),
]
NewOnly = Annotated[
    bool | None,
    typer.Option(
        "--fail-on-new-only/--fail-on-all",
        help="Gate only on failures that are not in the --baseline (default: all failures).",
    ),
]
BaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="Previous results JSON: mark failures new or existing and list what was fixed. "
        "A missing file counts every failure as new (a first run).",
    ),
]
WaiversOpt = Annotated[
    Path | None,
    typer.Option("--waivers", help="Waiver file (default: ./waivers.yaml if present)."),
]

_SHARED: tuple[tuple[str, Any, Any], ...] = (
    ("config", ConfigOpt, None),
    ("policies", PolicyPaths, None),
    ("no_builtin", NoBuiltin, False),
    ("param", Params, None),
    ("policy", PolicyIds, None),
    ("framework", Frameworks, None),
    ("min_severity", MinSeverity, None),
    ("output_dir", OutputDirOpt, None),
    ("format", Formats, None),
    ("fail_on", FailOn, None),
    ("fail_on_new_only", NewOnly, None),
    ("baseline", BaselineOpt, None),
    ("waivers", WaiversOpt, None),
    ("quiet", Quiet, False),
    ("verbose", Verbose, False),
)


def _evaluate(annotation: Any, func: Callable[..., Any]) -> Any:
    """A postponed annotation as the object Typer needs (``run`` itself is never evaluated)."""
    if isinstance(annotation, str):
        return eval(annotation, func.__globals__)  # noqa: S307 - our own source, not input
    return annotation


def run_options(
    *, default_fail_on: str | None = None
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Give a command the shared options; it receives them resolved as ``run``.

    ``default_fail_on`` is the threshold when neither flag nor config sets one (the demo
    never gates unless asked).
    """

    def decorate(func: Callable[..., R]) -> Callable[..., R]:
        signature = inspect.signature(func)
        own = [
            p.replace(annotation=_evaluate(p.annotation, func))
            for name, p in signature.parameters.items()
            if name != "run"
        ]
        shared = [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
            )
            for name, annotation, default in _SHARED
        ]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> R:
            from auditor.settings import RunFlags, resolve

            values = {name: kwargs.pop(name) for name, _, _ in _SHARED}
            flags = RunFlags(
                config=values["config"],
                policy_paths=tuple(values["policies"] or ()),
                no_builtin=values["no_builtin"],
                params=parse_params(values["param"]),
                policy_ids=tuple(values["policy"] or ()),
                frameworks=tuple(values["framework"] or ()),
                min_severity=values["min_severity"],
                output_dir=values["output_dir"],
                formats=tuple(values["format"] or ()),
                fail_on=values["fail_on"],
                fail_on_new_only=values["fail_on_new_only"],
                baseline=values["baseline"],
                waivers=values["waivers"],
                quiet=values["quiet"],
                verbose=values["verbose"],
            )
            kwargs["run"] = resolve(flags, default_fail_on=default_fail_on)
            return func(*args, **kwargs)

        hints = {p.name: p.annotation for p in own}
        hints.update({name: annotation for name, annotation, _ in _SHARED})
        wrapper.__annotations__ = {**hints, "return": None}
        wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*own, *shared], return_annotation=None
        )
        return wrapper

    return decorate
