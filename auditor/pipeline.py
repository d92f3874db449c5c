"""The steps every command shares: pick policies, evaluate, write outputs, gate.

``scan``, ``evaluate`` and ``demo`` all go through these functions, so the demo
exercises exactly what a real scan does.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.baseline import mark_baseline
from auditor.errors import ConfigError, ExitCode, InventoryError
from auditor.fileio import read_maybe_gzip, write_atomic
from auditor.models import Finding, Inventory, Severity, unreachable_accounts
from auditor.policy import Policy, load_policies
from auditor.policy.frameworks import Framework, framework_dirs, load_frameworks
from auditor.render import FORMATS
from auditor.results import Results, results_from_dict
from auditor.selection import Selection, select
from auditor.waivers import Waiver, apply_waivers

if TYPE_CHECKING:
    from auditor.settings import RunOptions

FAIL_ON_NEVER = "never"


def select_policies(
    paths: Sequence[Path] = (),
    *,
    include_builtin: bool = True,
    params: Mapping[str, Any] | None = None,
    provider: str | None = None,
    framework: str | Sequence[str] | None = None,
    selection: Selection | None = None,
) -> list[Policy]:
    """The policies a command runs: loaded, validated, then narrowed by provider,
    framework (ids or globs) and the rest of ``selection``."""
    catalogue = framework_catalogue(paths)
    policies = load_policies(
        paths, include_builtin=include_builtin, params=params, frameworks=catalogue
    )
    if provider is not None:
        policies = [p for p in policies if p.resource.split(".", 1)[0] == provider]
    if framework:
        patterns = [framework] if isinstance(framework, str) else list(framework)
        policies = policies_for_framework(policies, patterns, catalogue)
    if selection is not None:
        check_frameworks(selection.exclude.frameworks, catalogue)
        if selection.include.frameworks:  # first, for the more specific message
            policies = policies_for_framework(policies, selection.include.frameworks, catalogue)
        policies = select(policies, selection)
    return policies


def check_frameworks(patterns: Iterable[str], catalogue: Mapping[str, Framework]) -> None:
    """Every framework id or glob names at least one known framework."""
    for pattern in patterns:
        if not any(fnmatch.fnmatchcase(fw, pattern) for fw in catalogue):
            raise ConfigError(
                f"Unknown framework {pattern!r}. Choose from: {', '.join(catalogue)} "
                "(see 'auditor frameworks list')."
            )


def policies_for_run(
    run: RunOptions, provider: str | None = None
) -> tuple[list[Policy], dict[str, Framework]]:
    """The policies a run's settings select, and the frameworks they were checked against."""
    selected = select_policies(
        run.policy_paths,
        include_builtin=run.include_builtin,
        params=run.params,
        provider=provider,
        selection=run.selection,
    )
    return selected, framework_catalogue(run.policy_paths)


def framework_catalogue(paths: Sequence[Path] = ()) -> dict[str, Framework]:
    """Shipped frameworks plus those in a ``frameworks/`` folder of the given policy folders."""
    return load_frameworks(framework_dirs(paths))


def policies_for_framework(
    policies: Sequence[Policy], framework: str | Sequence[str], catalogue: Mapping[str, Framework]
) -> list[Policy]:
    """Only the policies that map to a control of ``framework`` (``--framework ID``, globs)."""
    patterns = [framework] if isinstance(framework, str) else list(framework)
    check_frameworks(patterns, catalogue)
    chosen = [
        p
        for p in policies
        if any(
            controls and fnmatch.fnmatchcase(fw, pattern)
            for fw, controls in p.frameworks.items()
            for pattern in patterns
        )
    ]
    if not chosen:
        named = ", ".join(patterns)
        raise ConfigError(
            f"No selected policy maps to framework {named!r}, so there is nothing to run. "
            f"'auditor frameworks show {patterns[0]}' lists its controls and the policies mapped."
        )
    return chosen


def frameworks_for(
    policies: Iterable[Policy],
    catalogue: Mapping[str, Framework] | None = None,
    only: str | Sequence[str] | None = None,
) -> list[Framework]:
    """The frameworks a run reports on: every one a policy maps to, or, when ``only``
    names framework ids (globs allowed, as ``--framework`` takes them), just those."""
    catalogue = framework_catalogue() if catalogue is None else catalogue
    if only is not None:
        patterns = [only] if isinstance(only, str) else list(only)
        return [
            fw
            for fw_id, fw in catalogue.items()
            if any(fnmatch.fnmatchcase(fw_id, pattern) for pattern in patterns)
        ]
    used = {fw for p in policies for fw, controls in p.frameworks.items() if controls}
    return [fw for fw_id, fw in catalogue.items() if fw_id in used]


def assess_frameworks(
    results: Results,
    policies: Sequence[Policy],
    catalogue: Mapping[str, Framework] | None = None,
    only: str | Sequence[str] | None = None,
) -> Results:
    """Fill in per-framework control status; run after waivers, as the last step before output."""
    from auditor.engine.compliance import assess

    return assess(results, frameworks_for(policies, catalogue, only))


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
    """Every collector failed, or a whole account could not be reached."""
    if inventory.errors and not inventory.resources:
        return True
    return bool(unreachable_accounts(inventory.errors))


def gate_failures(
    results: Results, fail_on: Severity | None, *, new_only: bool = False
) -> list[Finding]:
    """The failures that fail the gate: at or above ``fail_on``, and only new ones when
    ``new_only``. A waived failure has status ``waived`` and never counts."""
    if fail_on is None:
        return []
    failures = results.failures_at_or_above(fail_on)
    if new_only:
        failures = [f for f in failures if f.baseline != "existing"]
    return failures


def exit_code(
    results: Results, fail_on: Severity | None, *, incomplete: bool, new_only: bool = False
) -> ExitCode:
    if gate_failures(results, fail_on, new_only=new_only):
        return ExitCode.FAILURES
    if incomplete:
        return ExitCode.INCOMPLETE
    return ExitCode.OK


def apply_gate(
    results: Results,
    *,
    waivers: Sequence[Waiver] = (),
    baseline: Results | None = None,
    today: date | None = None,
) -> Results:
    """Waivers first (a waived failure is still compared), then the baseline comparison."""
    results = apply_waivers(results, waivers, today=today)
    if baseline is not None:
        results = mark_baseline(results, baseline)
    return results


def reassess_frameworks(
    results: Results,
    framework_ids: Iterable[str],
    catalogue: Mapping[str, Framework] | None = None,
) -> tuple[Results, list[str]]:
    """Recompute control status from the findings in ``results`` (e.g. merged shards).

    Uses the framework mappings recorded with each policy in the results. Returns the
    new results and the ids of frameworks whose definitions are not available here.
    """
    from auditor.engine.compliance import assess

    catalogue = framework_catalogue() if catalogue is None else catalogue
    wanted = list(dict.fromkeys(framework_ids))
    missing = [fw for fw in wanted if fw not in catalogue]
    return assess(results, [catalogue[fw] for fw in wanted if fw in catalogue]), missing


def load_results(path: Path) -> Results:
    try:
        data = json.loads(read_maybe_gzip(path))
    except FileNotFoundError:
        raise InventoryError(f"Results file {path} does not exist.") from None
    except (OSError, ValueError) as exc:
        raise InventoryError(f"Results file {path} is not readable JSON: {exc}.") from None
    return results_from_dict(data, source=f"Results file {path}")
