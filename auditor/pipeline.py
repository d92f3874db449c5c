"""The steps every command shares: pick policies, evaluate, write outputs, gate.

``scan``, ``evaluate`` and ``demo`` all go through these functions, so the demo
exercises exactly what a real scan does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError, ExitCode, InventoryError
from auditor.fileio import read_maybe_gzip, write_atomic
from auditor.models import Inventory, Severity
from auditor.policy import Policy, load_policies
from auditor.render import FORMATS
from auditor.results import Results, results_from_dict

FAIL_ON_NEVER = "never"


def select_policies(
    paths: Sequence[Path] = (),
    *,
    include_builtin: bool = True,
    params: Mapping[str, Any] | None = None,
    provider: str | None = None,
) -> list[Policy]:
    policies = load_policies(paths, include_builtin=include_builtin, params=params)
    if provider is not None:
        policies = [p for p in policies if p.resource.split(".", 1)[0] == provider]
    return policies


def needed_types(policies: Iterable[Policy]) -> set[str]:
    """Every resource type a policy reads, including the ones it reaches through related."""
    from auditor.policy.loader import related_types

    types: set[str] = set()
    for policy in policies:
        types.add(policy.resource)
        types.update(related_types(policy))
    return types


def write_outputs(results: Results, output_dir: Path, formats: Sequence[str]) -> list[Path]:
    """Render each format to its file; each file appears whole or not at all."""
    written = []
    for name in dict.fromkeys(formats):
        fmt = FORMATS.get(name)
        if fmt is None:
            choices = ", ".join(FORMATS)
            raise ConfigError(f"Unknown output format {name!r}. Choose from: {choices}.")
        path = output_dir / fmt.filename
        write_atomic(path, fmt.renderer()(results))
        written.append(path)
    return written


def parse_fail_on(value: str | None) -> Severity | None:
    """``None`` means never fail on findings; the default fails on any failure."""
    if value is None:
        return Severity.INFO
    if value.lower() == FAIL_ON_NEVER:
        return None
    try:
        return Severity(value.lower())
    except ValueError:
        choices = ", ".join([*(s.value for s in Severity), FAIL_ON_NEVER])
        raise ConfigError(f"--fail-on {value!r} is not one of: {choices}.") from None


def scan_incomplete(inventory: Inventory) -> bool:
    """Nothing could be read at all: every collector failed."""
    return bool(inventory.errors) and not inventory.resources


def exit_code(results: Results, fail_on: Severity | None, *, incomplete: bool) -> ExitCode:
    if fail_on is not None and results.failures_at_or_above(fail_on):
        return ExitCode.FAILURES
    if incomplete:
        return ExitCode.INCOMPLETE
    return ExitCode.OK


def load_results(path: Path) -> Results:
    try:
        data = json.loads(read_maybe_gzip(path))
    except FileNotFoundError:
        raise InventoryError(f"Results file {path} does not exist.") from None
    except (OSError, ValueError) as exc:
        raise InventoryError(f"Results file {path} is not readable JSON: {exc}.") from None
    return results_from_dict(data, source=f"Results file {path}")
