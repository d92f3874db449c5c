"""Compile policy conditions into plain closures, once, before any resource is seen.

A compiled condition is ``(doc, ctx) -> bool``. It appends the values it looked at to
``ctx.evidence`` and raises :class:`MissingData` when it needs a property the
collector could not read, so an unreadable value is never judged as absent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from auditor.engine.operators import OPERATORS, TIME_OPERATORS
from auditor.models import Evidence
from auditor.policy.model import (
    AllOf,
    AnyOf,
    Leaf,
    NotOf,
    ParamRef,
    PathRef,
    Related,
)
from auditor.policy.paths import compile_path, root_field

ERRORS_KEY = "_errors"
MAX_ELEMENT_EVIDENCE = 3


class MissingData(Exception):
    """The data a condition needs was not collected."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RelatedIndex:
    """Resources of other types, findable by account (and region) for ``related``."""

    def lookup(
        self, resource_type: str, account: str, region: str | None
    ) -> Sequence[Mapping[str, Any]]:
        raise NotImplementedError

    def missing(self, resource_type: str, account: str, region: str) -> str | None:
        raise NotImplementedError


@dataclass
class Context:
    root: Mapping[str, Any]
    params: Mapping[str, Any]
    now: datetime
    related: RelatedIndex
    evidence: list[Evidence] = field(default_factory=list)


Compiled = Callable[[Any, Context], bool]
Getter = Callable[[Any], Any]


def _getter(expression: str) -> Getter:
    """A dict walk for plain dotted paths, JMESPath for anything richer."""
    parsed: Any = getattr(compile_path(expression), "parsed", None)
    fields: list[str] = []
    node = parsed
    while isinstance(node, dict):
        if node.get("type") == "field":
            fields.insert(0, str(node["value"]))
            node = None
        elif node.get("type") == "subexpression" and len(node.get("children", ())) == 2:
            left, right = node["children"]
            if right.get("type") != "field":
                break
            fields.insert(0, str(right["value"]))
            node = left
        else:
            break
    if node is None and fields:
        keys = tuple(fields)

        def walk(value: Any) -> Any:
            for key in keys:
                if not isinstance(value, dict):
                    return None
                value = value.get(key)
            return value

        return walk
    if expression == "@":
        return lambda value: value
    return compile_path(expression).search


def _operand(value: Any) -> Callable[[Context], Any]:
    if isinstance(value, ParamRef):
        name = value.param
        return lambda ctx: ctx.params.get(name)
    if isinstance(value, PathRef):
        get = _getter(value.ref)
        return lambda ctx: get(ctx.root)
    return lambda ctx: value


def _check_readable(doc: Any, field_name: str | None, path: str) -> None:
    if field_name is None or not isinstance(doc, dict):
        return
    errors = doc.get(ERRORS_KEY)
    if errors and field_name in errors:
        raise MissingData(f"{path}: {errors[field_name]}")


def _compile_leaf(leaf: Any, prefix: str) -> Compiled:
    path: str = leaf.path
    op: str = leaf.operator
    get = _getter(path)
    first = root_field(path)
    shown = f"{prefix}{path}" if path != "@" else (prefix.rstrip(".") or "@")

    if op in OPERATORS:
        compare = OPERATORS[op]
        operand = _operand(leaf.operand)

        def leaf_check(doc: Any, ctx: Context) -> bool:
            _check_readable(doc, first, path)
            observed = get(doc)
            expected = operand(ctx)
            try:
                result = compare(observed, expected)
            except TypeError:
                result = False
            ctx.evidence.append(Evidence(shown, op, expected, observed, result))
            return result

        return leaf_check

    if op in TIME_OPERATORS:
        age = TIME_OPERATORS[op]
        days = _operand(leaf.operand)

        def time_check(doc: Any, ctx: Context) -> bool:
            _check_readable(doc, first, path)
            observed = get(doc)
            expected = days(ctx)
            result = age(observed, expected, ctx.now)
            ctx.evidence.append(Evidence(shown, op, expected, observed, result))
            return result

        return time_check

    return _compile_quantifier(op, leaf.operand, get, first, path, shown)


def _compile_quantifier(
    op: str, condition: Any, get: Getter, first: str | None, path: str, shown: str
) -> Compiled:
    inner = compile_condition(condition, prefix="")

    def quantify(doc: Any, ctx: Context) -> bool:
        _check_readable(doc, first, path)
        items = get(doc)
        if items is None:
            items = []
        if not isinstance(items, list):
            items = [items]
        matched = 0
        deciding: list[Evidence] = []
        shown_elements = 0
        for i, item in enumerate(items):
            outer = ctx.evidence
            ctx.evidence = []
            try:
                ok = inner(item, ctx)
            finally:
                element_evidence, ctx.evidence = ctx.evidence, outer
            matched += ok
            decisive = (op == "every" and not ok) or (op in ("some", "none") and ok)
            if decisive and shown_elements < MAX_ELEMENT_EVIDENCE:
                shown_elements += 1
                deciding.extend(
                    Evidence(f"{shown}[{i}].{e.path}", e.op, e.expected, e.observed, e.result)
                    for e in element_evidence
                )
            if decisive and op == "some":
                break
        if op == "every":
            result = matched == len(items)
        elif op == "some":
            result = matched > 0
        else:
            result = matched == 0
        ctx.evidence.extend(deciding)
        ctx.evidence.append(
            Evidence(shown, op, "condition", f"{matched} of {len(items)} elements matched", result)
        )
        return result

    return quantify


def _compile_related(node: Related) -> Compiled:
    spec = node.related
    where = compile_condition(spec.where) if spec.where is not None else None
    op, condition = next(
        (q, getattr(spec, q)) for q in ("every", "some", "none") if getattr(spec, q) is not None
    )
    inner = compile_condition(condition)
    resource_type = spec.resource
    same_region = spec.scope == "region"

    def related(doc: Any, ctx: Context) -> bool:
        account = str(ctx.root.get("_account", ""))
        region = str(ctx.root.get("_region", ""))
        reason = ctx.related.missing(resource_type, account, region if same_region else "")
        if reason is not None:
            raise MissingData(f"related {resource_type}: {reason}")
        candidates = ctx.related.lookup(resource_type, account, region if same_region else None)
        outer = ctx.evidence
        ctx.evidence = []
        try:
            if where is not None:
                candidates = [c for c in candidates if where(c, ctx)]
            matching = [c for c in candidates if inner(c, ctx)]
        finally:
            ctx.evidence = outer
        if op == "every":
            result = len(matching) == len(candidates)
            deciding = [c for c in candidates if c not in matching]
        elif op == "some":
            result = bool(matching)
            deciding = matching
        else:
            result = not matching
            deciding = matching
        names = [str(c.get("_name") or c.get("_id")) for c in deciding[:5]]
        ctx.evidence.append(
            Evidence(
                f"related {resource_type} ({spec.scope})",
                op,
                "condition",
                {
                    "candidates": len(candidates),
                    "matching": len(matching),
                    "examples": names,
                },
                result,
            )
        )
        return result

    return related


def compile_condition(node: Any, prefix: str = "") -> Compiled:
    if isinstance(node, AllOf):
        parts = [compile_condition(c, prefix) for c in node.all]
        return lambda doc, ctx: all(part(doc, ctx) for part in parts)
    if isinstance(node, AnyOf):
        parts = [compile_condition(c, prefix) for c in node.any]
        return lambda doc, ctx: any(part(doc, ctx) for part in parts)
    if isinstance(node, NotOf):
        inner = compile_condition(node.not_, prefix)
        return lambda doc, ctx: not inner(doc, ctx)
    if isinstance(node, Related):
        return _compile_related(node)
    if isinstance(node, Leaf):
        return _compile_leaf(node, prefix)
    raise TypeError(f"not a condition: {node!r}")
