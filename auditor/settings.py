"""One run's settings, from the command line over the config file over the defaults.

Every scan-like command (``scan``, ``evaluate``, ``demo``) builds a :class:`RunOptions`
here and hands it to the shared pipeline, so precedence is decided in one place. The
waiver and baseline files are read while building it: a bad file stops the run before
any cloud call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from auditor.config import EMPTY, LoadedConfig, Providers, find_config, load_config
from auditor.errors import ConfigError
from auditor.models import Severity
from auditor.render import DEFAULT_FORMATS
from auditor.results import Results
from auditor.selection import Filter, Selection
from auditor.waivers import Waiver, find_waivers, load_waivers

DEFAULT_OUTPUT_DIR = Path("reports")


@dataclass(frozen=True)
class RunFlags:
    """What the command line said; ``None`` (or empty) means "not given"."""

    config: Path | None = None
    policy_paths: Sequence[Path] = ()
    no_builtin: bool = False
    params: Mapping[str, Any] = field(default_factory=dict)
    policy_ids: Sequence[str] = ()
    frameworks: Sequence[str] = ()
    min_severity: str | None = None
    output_dir: Path | None = None
    formats: Sequence[str] = ()
    fail_on: str | None = None
    fail_on_new_only: bool | None = None
    baseline: Path | None = None
    waivers: Path | None = None
    quiet: bool = False
    verbose: bool = False


@dataclass(frozen=True)
class RunOptions:
    """Everything a run needs after precedence is settled and the side files are read."""

    config: LoadedConfig = EMPTY
    policy_paths: tuple[Path, ...] = ()
    include_builtin: bool = True
    params: Mapping[str, Any] = field(default_factory=dict)
    selection: Selection = Selection()
    output_dir: Path = DEFAULT_OUTPUT_DIR
    formats: tuple[str, ...] = DEFAULT_FORMATS
    fail_on: Severity | None = Severity.INFO
    fail_on_new_only: bool = False
    baseline_path: Path | None = None
    baseline: Results | None = None
    """``None`` with a ``baseline_path``: the file does not exist yet (a first run)."""
    waivers_path: Path | None = None
    waivers: tuple[Waiver, ...] = ()
    quiet: bool = False
    verbose: bool = False
    today: date = field(default_factory=date.today)

    @property
    def providers(self) -> Providers:
        """The config file's provider settings (``providers.aws``, ``providers.azure``);
        a scan command lets its own flags win over them."""
        return self.config.config.providers

    @property
    def report_frameworks(self) -> tuple[str, ...] | None:
        """Report only the frameworks the selection names, or (``None``) all mapped ones."""
        return self.selection.frameworks or None

    @property
    def baseline_missing(self) -> bool:
        return self.baseline_path is not None and self.baseline is None


def _severity(value: str | None, option: str) -> Severity | None:
    if value is None:
        return None
    try:
        return Severity(value.lower())
    except ValueError:
        choices = ", ".join(s.value for s in Severity)
        raise ConfigError(f"{option} {value!r} is not one of: {choices}.") from None


def _pack_paths(loaded: LoadedConfig) -> list[Path]:
    from auditor.policy.loader import builtin_policy_dir

    root = builtin_policy_dir()
    packs = []
    for name in loaded.config.policies.packs or ():
        path = root / name
        if not path.is_dir() or name == "frameworks":
            known = sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != "frameworks")
            raise ConfigError(
                f"{loaded.path}: policies.packs names {name!r}, which is not a built-in "
                f"pack. Built-in packs: {', '.join(known)}."
            )
        packs.append(path)
    return packs


def _selection(loaded: LoadedConfig, flags: RunFlags) -> Selection:
    policies = loaded.config.policies
    include, exclude = policies.include, policies.exclude
    return Selection(
        include=Filter(
            ids=tuple(flags.policy_ids or include.ids),
            frameworks=tuple(flags.frameworks or include.frameworks),
            tags=tuple(include.tags),
            severities=tuple(include.severities),
        ),
        exclude=Filter(
            ids=tuple(exclude.ids),
            frameworks=tuple(exclude.frameworks),
            tags=tuple(exclude.tags),
            severities=tuple(exclude.severities),
        ),
        min_severity=_severity(flags.min_severity, "--min-severity") or policies.min_severity,
    )


def _check_formats(formats: Sequence[str]) -> None:
    from auditor.render import FORMATS

    for name in formats:
        if name not in FORMATS:
            choices = ", ".join(FORMATS)
            raise ConfigError(f"Unknown output format {name!r}. Choose from: {choices}.")


def read_baseline(path: Path | None) -> Results | None:
    """The previous results, or ``None`` when the file does not exist yet."""
    if path is None or not path.exists():
        return None
    from auditor.pipeline import load_results

    return load_results(path)


def resolve(
    flags: RunFlags,
    *,
    cwd: Path | None = None,
    default_fail_on: str | None = None,
    today: date | None = None,
) -> RunOptions:
    """Flags over the config file over defaults; reads the config, waivers and baseline."""
    from auditor.pipeline import parse_fail_on

    cwd = cwd or Path.cwd()
    config_path = find_config(flags.config, cwd)
    loaded = load_config(config_path) if config_path is not None else EMPTY
    conf = loaded.config
    today = today or date.today()

    packs = _pack_paths(loaded)
    configured_paths = [p for p in (loaded.resolve(v) for v in conf.policies.paths) if p]
    extra = list(flags.policy_paths) if flags.policy_paths else configured_paths
    include_builtin = conf.policies.builtin and not flags.no_builtin and not packs
    params = {**conf.policies.params, **flags.params}

    fail_on_text = flags.fail_on or conf.gate.fail_on or default_fail_on
    new_only = (
        flags.fail_on_new_only if flags.fail_on_new_only is not None else conf.gate.fail_on_new_only
    )
    baseline_path = flags.baseline or loaded.resolve(conf.gate.baseline)
    if new_only and baseline_path is None:
        raise ConfigError(
            "--fail-on-new-only needs a baseline to tell new failures from known ones: give "
            "--baseline PREVIOUS_RESULTS.json (or 'gate.baseline' in the config file)."
        )
    formats = tuple(flags.formats or conf.outputs.formats or DEFAULT_FORMATS)
    _check_formats(formats)
    waivers_path = find_waivers(flags.waivers, loaded.resolve(conf.gate.waivers), cwd)

    return RunOptions(
        config=loaded,
        policy_paths=(*packs, *extra),
        include_builtin=include_builtin,
        params=params,
        selection=_selection(loaded, flags),
        output_dir=flags.output_dir or loaded.resolve(conf.outputs.dir) or DEFAULT_OUTPUT_DIR,
        formats=formats,
        fail_on=parse_fail_on(fail_on_text),
        fail_on_new_only=bool(new_only),
        baseline_path=baseline_path,
        baseline=read_baseline(baseline_path),
        waivers_path=waivers_path,
        waivers=load_waivers(waivers_path, today=today) if waivers_path else (),
        quiet=flags.quiet,
        verbose=flags.verbose,
        today=today,
    )
