"""Compiled JMESPath expressions, shared by validation and evaluation.

Compiling once per distinct expression is what keeps evaluation of large estates
fast; the cache also means validation has already paid the cost.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol

import jmespath
from jmespath.exceptions import JMESPathError


class CompiledPath(Protocol):
    def search(self, value: Any) -> Any: ...


class PathSyntaxError(ValueError):
    pass


@lru_cache(maxsize=4096)
def compile_path(expression: str) -> CompiledPath:
    try:
        compiled: CompiledPath = jmespath.compile(expression)
    except JMESPathError as exc:
        reason = str(exc).splitlines()[0]
        raise PathSyntaxError(
            f"JMESPath expression {expression!r} does not compile: {reason}"
        ) from None
    return compiled


def root_field(expression: str) -> str | None:
    """The top-level property an expression starts from, if it starts from one."""
    node: Any = getattr(compile_path(expression), "parsed", None)
    while isinstance(node, dict):
        kind = node.get("type")
        if kind == "field":
            return str(node.get("value"))
        children = node.get("children") or []
        if (
            kind
            in {
                "subexpression",
                "index_expression",
                "projection",
                "flatten",
                "filter_projection",
                "value_projection",
            }
            and children
        ):
            node = children[0]
            continue
        return None
    return None
