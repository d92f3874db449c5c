"""Load a YAML file into a pydantic model, reporting every problem by file and line.

Waiver and configuration files share this, so an unknown key or a bad value in either
is named the same way: ``FILE, line N: where: what``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from auditor.errors import ConfigError
from auditor.yamlio import LineIndex, YamlError, format_loc, load_yaml

M = TypeVar("M", bound=BaseModel)
MAX_REPORTED = 5


def describe(error: Any) -> str:
    """One pydantic error as a person would say it."""
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
        return f"unknown key {loc[-1]!r}"
    if kind == "missing":
        return f"missing required key {loc[-1]!r}"
    return str(error["msg"]).removeprefix("Value error, ")


def problems(path: Path, exc: ValidationError, data: Any, index: LineIndex) -> list[str]:
    found: dict[str, None] = {}
    for error in exc.errors():
        loc, line = index.resolve(tuple(error["loc"]), data)
        place = f"{path}, line {line}" if line else str(path)
        where = format_loc(loc)
        found[f"{place}: {where + ': ' if where else ''}{describe(error)}"] = None
    return list(found)


def load_model(path: Path, model: type[M], what: str, hint: str) -> tuple[M, Any, LineIndex]:
    """Read ``path`` as ``model``; raises :class:`ConfigError` naming the file and line.

    ``what`` names the kind of file ("waiver file"); ``hint`` ends the message with what
    to do. Also returns the raw data and its line index, for checks after the schema.
    """
    if not path.is_file():
        raise ConfigError(f"The {what} {path} does not exist. {hint}")
    try:
        data, index = load_yaml(path)
    except YamlError as exc:
        place = f"{path}, line {exc.line}" if exc.line else str(path)
        raise ConfigError(f"Invalid {what}: {place}: {exc}. {hint}") from None
    try:
        return model.model_validate({} if data is None else data), data, index
    except ValidationError as exc:
        raise invalid(what, problems(path, exc, data, index), hint) from None


def invalid(what: str, messages: list[str], hint: str) -> ConfigError:
    shown = "; ".join(messages[:MAX_REPORTED])
    more = len(messages) - MAX_REPORTED
    return ConfigError(f"Invalid {what}: {shown}{f'; and {more} more' if more > 0 else ''}. {hint}")
