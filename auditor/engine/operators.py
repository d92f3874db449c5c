"""The comparison operators a policy leaf can use.

This table is the single source of truth: the policy schema offers exactly these
names, so the engine and the published JSON Schema cannot drift apart. Comparisons
are typed (no ``str()`` coercion); a comparison between incompatible types is false.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

Operator = Callable[[Any, Any], bool]


def _eq(observed: Any, expected: Any) -> bool:
    # True == 1 in Python; a policy that expects true must not pass on the number 1.
    if isinstance(observed, bool) or isinstance(expected, bool):
        return type(observed) is type(expected) and observed == expected
    return bool(observed == expected)


def _ne(observed: Any, expected: Any) -> bool:
    return not _eq(observed, expected)


def _in(observed: Any, expected: Any) -> bool:
    if not isinstance(expected, list | tuple | set | frozenset):
        return False
    if observed is None or isinstance(observed, str):
        return observed in expected  # neither can equal a bool or a number
    return any(_eq(observed, item) for item in expected)


def _not_in(observed: Any, expected: Any) -> bool:
    return isinstance(expected, list | tuple | set | frozenset) and not _in(observed, expected)


def _contains(observed: Any, expected: Any) -> bool:
    if isinstance(observed, str):
        return isinstance(expected, str) and expected in observed
    if isinstance(observed, list | tuple):
        return any(_eq(item, expected) for item in observed)
    if isinstance(observed, dict):
        return isinstance(expected, str) and expected in observed
    return False


def _not_contains(observed: Any, expected: Any) -> bool:
    return isinstance(observed, str | list | tuple | dict) and not _contains(observed, expected)


@lru_cache(maxsize=1024)
def compile_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _regex(observed: Any, expected: Any) -> bool:
    return isinstance(observed, str) and compile_regex(expected).search(observed) is not None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _ordered(cmp: Callable[[Any, Any], bool]) -> Operator:
    def compare(observed: Any, expected: Any) -> bool:
        if _number(observed) and _number(expected):
            return cmp(observed, expected)
        if isinstance(observed, str) and isinstance(expected, str):
            return cmp(observed, expected)
        return False

    return compare


def _exists(observed: Any, expected: Any) -> bool:
    return (observed is not None) is bool(expected)


def _empty(observed: Any, expected: Any) -> bool:
    is_empty = observed is None or (
        isinstance(observed, str | list | tuple | dict) and len(observed) == 0
    )
    return is_empty is bool(expected)


def parse_timestamp(value: Any) -> datetime | None:
    """Read the timestamps clouds return (ISO 8601, with ``Z`` or an offset, or epoch)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if _number(value):
        return datetime.fromtimestamp(float(value), tz=UTC)
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _age_compare(older: bool) -> Callable[[Any, Any, datetime], bool]:
    def compare(observed: Any, days: Any, now: datetime) -> bool:
        moment = parse_timestamp(observed)
        if moment is None or not _number(days):
            return False
        cutoff = now - timedelta(days=float(days))
        return moment < cutoff if older else moment > cutoff

    return compare


OPERATORS: dict[str, Operator] = {
    "eq": _eq,
    "ne": _ne,
    "in": _in,
    "not_in": _not_in,
    "contains": _contains,
    "not_contains": _not_contains,
    "regex": _regex,
    "gt": _ordered(lambda a, b: a > b),
    "ge": _ordered(lambda a, b: a >= b),
    "lt": _ordered(lambda a, b: a < b),
    "le": _ordered(lambda a, b: a <= b),
    "exists": _exists,
    "empty": _empty,
}
"""Operators that compare the value at ``path`` with the operand."""

TIME_OPERATORS: dict[str, Callable[[Any, Any, datetime], bool]] = {
    "older_than_days": _age_compare(older=True),
    "newer_than_days": _age_compare(older=False),
}
"""Operators that compare a timestamp at ``path`` with a number of days before now."""

QUANTIFIERS: tuple[str, ...] = ("every", "some", "none")
"""Operators whose operand is a condition applied to each element of the list at ``path``."""

ALL_LEAF_OPERATORS: tuple[str, ...] = (*OPERATORS, *TIME_OPERATORS, *QUANTIFIERS)
