"""Safe YAML with line numbers and duplicate-key rejection.

Policy, waiver and config files all go through here, so every validation error can
name the file and line where the problem is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

Loc = tuple[str | int, ...]


class YamlError(ValueError):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class LineIndex:
    """Maps a location in the loaded data (keys and list indexes) to a source line."""

    def __init__(self) -> None:
        self._lines: dict[Loc, int] = {}

    def add(self, loc: Loc, line: int) -> None:
        self._lines[loc] = line

    def resolve(self, loc: Loc, data: Any) -> tuple[Loc, int | None]:
        """Follow ``loc`` through ``data``, skipping parts that are not keys (union tags)."""
        found: list[str | int] = []
        node = data
        for part in loc:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                continue
            found.append(part)
        key = tuple(found)
        while key:
            if key in self._lines:
                return tuple(found), self._lines[key]
            key = key[:-1]
        return tuple(found), self._lines.get((), None)


def format_loc(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _index(node: yaml.Node, loc: Loc, index: LineIndex) -> None:
    index.add(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise YamlError(
                    f"duplicate key {key!r} (first defined on line {seen[key]})", line=line
                )
            seen[key] = line
            _index(value_node, (*loc, key), index)
            index.add((*loc, key), line)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*loc, i), index)


def load_yaml(path: Path) -> tuple[Any, LineIndex]:
    """Load one YAML document; raises :class:`YamlError` with a line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError(f"cannot be read: {exc}") from None
    return loads_yaml(text)


def loads_yaml(text: str) -> tuple[Any, LineIndex]:
    index = LineIndex()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, index
        _index(node, (), index)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlError(f"is not valid YAML: {exc.problem or exc.context}", line=line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"is not valid YAML: {exc}") from None
    except YamlError:
        raise
    except (ValueError, TypeError) as exc:  # e.g. a date such as 2026-02-30
        raise YamlError(f"has a value that cannot be read: {exc}") from None
    finally:
        loader.dispose()
    return data, index
