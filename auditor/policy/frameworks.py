"""Compliance frameworks as data: the model, the loader, and checks on policy mappings.

A framework file lists controls; policies point at control ids through their
``frameworks:`` map. The definitions are shipped in ``policies/frameworks/`` and a
user's policy folder may carry its own in a ``frameworks/`` sub-folder.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from auditor.errors import PolicyError
from auditor.yamlio import YamlError, format_loc, load_yaml

FRAMEWORKS_DIR = "frameworks"

# Shipped frameworks in the order reports list them; others follow by id.
PREFERRED_ORDER = (
    "ncsc-csp",
    "cis-aws",
    "cis-azure",
    "cis-azure-3.0",
    "cyber-essentials",
    "uk-data-residency",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Control(_Strict):
    """One control: a requirement an auditor asks about."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", description="Exact id in the source.")
    title: str = Field(min_length=1, description="One line, in our own words.")
    description: str = Field(min_length=1, description="One line: what is required and why.")
    automated: bool = Field(
        description="True when cloud APIs can evidence the control; false when it needs "
        "evidence no API gives (documents, processes, people)."
    )
    section: str = Field(default="", description="Section of the source document.")
    parent: str | None = Field(
        default=None, description="Id of the control this one refines (a sub-principle)."
    )
    level: int | None = Field(default=None, ge=1, le=2, description="CIS profile level.")


class Framework(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    url: str = Field(pattern=r"^https://")
    description: str = ""
    source: str = Field(default="", description="Where the ids and titles were taken from.")
    controls: tuple[Control, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        seen: set[str] = set()
        for control in self.controls:
            if control.id in seen:
                raise ValueError(f"control id {control.id!r} appears twice")
            if control.parent is not None and control.parent not in seen:
                raise ValueError(
                    f"control {control.id!r} names parent {control.parent!r}, which must be "
                    "defined earlier in the file"
                )
            seen.add(control.id)
        return self

    def control(self, control_id: str) -> Control | None:
        return self.by_id().get(control_id)

    def by_id(self) -> dict[str, Control]:
        return {c.id: c for c in self.controls}

    def children(self, control_id: str) -> list[Control]:
        return [c for c in self.controls if c.parent == control_id]

    def descendants(self, control_id: str) -> list[Control]:
        found = []
        for child in self.children(control_id):
            found.append(child)
            found.extend(self.descendants(child.id))
        return found


def framework_dirs(paths: Iterable[Path]) -> list[Path]:
    """The ``frameworks/`` folders inside the given policy folders."""
    return [p / FRAMEWORKS_DIR for p in paths if p.is_dir() and (p / FRAMEWORKS_DIR).is_dir()]


def _framework_error(file: Path, line: int | None, where: str, message: str) -> PolicyError:
    place = f"{file}, line {line}" if line else str(file)
    return PolicyError(
        f"Invalid framework definition: {place}: {where + ': ' if where else ''}{message}. "
        "Fix the file; 'auditor frameworks list' loads every definition."
    )


def _load_file(file: Path) -> Framework:
    try:
        data, index = load_yaml(file)
    except YamlError as exc:
        raise _framework_error(file, exc.line, "", str(exc)) from None
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc, line = index.resolve(tuple(first["loc"]), data)
        raise _framework_error(file, line, format_loc(loc), _message(first)) from None


def _message(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return f"unknown key {error['loc'][-1]!r}"
    if error["type"] == "missing":
        return f"missing required key {error['loc'][-1]!r}"
    return str(error["msg"]).removeprefix("Value error, ")


def _ordered(frameworks: Iterable[Framework]) -> dict[str, Framework]:
    def key(fw: Framework) -> tuple[int, str]:
        rank = PREFERRED_ORDER.index(fw.id) if fw.id in PREFERRED_ORDER else len(PREFERRED_ORDER)
        return (rank, fw.id)

    return {fw.id: fw for fw in sorted(frameworks, key=key)}


@lru_cache(maxsize=16)
def _load_dirs(dirs: tuple[Path, ...]) -> dict[str, Framework]:
    found: dict[str, tuple[Framework, Path]] = {}
    for folder in dirs:
        for file in sorted(folder.glob("*.y*ml")):
            framework = _load_file(file)
            if framework.id in found:
                raise _framework_error(
                    file,
                    None,
                    "",
                    f"framework id {framework.id!r} is also defined in {found[framework.id][1]}",
                )
            found[framework.id] = (framework, file)
    return _ordered(fw for fw, _ in found.values())


def builtin_framework_dir() -> Path:
    from auditor.policy.loader import builtin_policy_dir

    return builtin_policy_dir() / FRAMEWORKS_DIR


def load_frameworks(extra_dirs: Sequence[Path] = ()) -> dict[str, Framework]:
    """The shipped frameworks plus any in ``extra_dirs``, by id, in report order.

    Raises :class:`PolicyError` naming file and line for a malformed definition.
    """
    dirs = (builtin_framework_dir().resolve(), *(d.resolve() for d in extra_dirs))
    return dict(_load_dirs(tuple(dict.fromkeys(dirs))))


def mapping_problems(
    mapping: Mapping[str, Sequence[str]], frameworks: Mapping[str, Framework]
) -> list[tuple[tuple[str | int, ...], str]]:
    """Problems with one policy's ``frameworks:`` map, each with its location in the map."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for framework_id, control_ids in mapping.items():
        framework = frameworks.get(framework_id)
        if framework is None:
            problems.append(
                (
                    (framework_id,),
                    f"unknown framework {framework_id!r}{_hint(framework_id, frameworks)}; "
                    f"known: {', '.join(frameworks)}",
                )
            )
            continue
        if not control_ids:
            problems.append(((framework_id,), f"maps no controls of {framework_id!r}"))
        known = framework.by_id()
        for i, control_id in enumerate(control_ids):
            if control_id not in known:
                problems.append(
                    (
                        (framework_id, i),
                        f"framework {framework_id!r} has no control {control_id!r}"
                        f"{_hint(control_id, known)}; 'auditor frameworks show {framework_id}' "
                        "lists its controls",
                    )
                )
    return problems


def _hint(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""
