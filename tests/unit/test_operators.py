"""Each operator's meaning, including the typed comparisons policy writers rely on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.engine.operators import OPERATORS, TIME_OPERATORS, parse_timestamp

NOW = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("op", "observed", "expected", "result"),
    [
        ("eq", True, True, True),
        ("eq", 1, True, False),
        ("eq", True, 1, False),
        ("eq", "true", True, False),
        ("eq", 1, 1.0, True),
        ("eq", None, None, True),
        ("ne", "a", "b", True),
        ("ne", 0, False, True),
        ("in", "eu-west-2", ["eu-west-2", "eu-west-1"], True),
        ("in", "us-east-1", ["eu-west-2"], False),
        ("in", True, [1], False),
        ("in", "a", "abc", False),
        ("not_in", "us-east-1", ["eu-west-2"], True),
        ("not_in", None, ["eu-west-2"], True),
        ("not_in", "a", "not a list", False),
        ("contains", "hello world", "world", True),
        ("contains", ["a", "b"], "b", True),
        ("contains", {"key": 1}, "key", True),
        ("contains", 42, 4, False),
        ("not_contains", ["a"], "b", True),
        ("not_contains", None, "b", False),
        ("regex", "TLS1_2", r"^TLS1_[23]$", True),
        ("regex", "TLS1_0", r"^TLS1_[23]$", False),
        ("regex", 12, r"\d", False),
        ("gt", 5, 3, True),
        ("gt", "5", 3, False),
        ("gt", True, 0, False),
        ("ge", 3, 3, True),
        ("lt", 1.5, 2, True),
        ("le", None, 2, False),
        ("le", "a", "b", True),
        ("exists", None, True, False),
        ("exists", 0, True, True),
        ("exists", None, False, True),
        ("empty", [], True, True),
        ("empty", "", True, True),
        ("empty", None, True, True),
        ("empty", {"a": 1}, True, False),
        ("empty", [1], False, True),
        ("empty", 0, True, False),
    ],
)
def test_operator(op: str, observed: Any, expected: Any, result: bool) -> None:
    assert OPERATORS[op](observed, expected) is result


@pytest.mark.parametrize(
    ("op", "age_days", "days", "result"),
    [
        ("older_than_days", 100, 90, True),
        ("older_than_days", 10, 90, False),
        ("newer_than_days", 10, 90, True),
        ("newer_than_days", 100, 90, False),
    ],
)
def test_time_operators(op: str, age_days: int, days: int, result: bool) -> None:
    stamp = (NOW - timedelta(days=age_days)).isoformat().replace("+00:00", "Z")
    assert TIME_OPERATORS[op](stamp, days, NOW) is result


def test_time_operators_are_false_for_unreadable_timestamps() -> None:
    for op in TIME_OPERATORS.values():
        assert op("not a date", 1, NOW) is False
        assert op(None, 1, NOW) is False
        assert op("2026-01-01", "ninety", NOW) is False


def test_parse_timestamp_forms() -> None:
    assert parse_timestamp("2026-01-01T00:00:00Z") == datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_timestamp("2026-01-01T01:00:00+01:00") == datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_timestamp("2026-01-01") == datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_timestamp(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert parse_timestamp(True) is None


json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()


@given(json_scalars, json_scalars)
def test_eq_and_ne_are_complements(a: Any, b: Any) -> None:
    assert OPERATORS["eq"](a, b) is not OPERATORS["ne"](a, b)


@given(json_scalars, st.lists(json_scalars))
def test_in_and_not_in_are_complements_for_lists(a: Any, items: list[Any]) -> None:
    assert OPERATORS["in"](a, items) is not OPERATORS["not_in"](a, items)


@given(st.integers(), st.integers())
def test_ordering_operators_agree_with_python_on_numbers(a: int, b: int) -> None:
    assert OPERATORS["gt"](a, b) is (a > b)
    assert OPERATORS["ge"](a, b) is (a >= b)
    assert OPERATORS["lt"](a, b) is (a < b)
    assert OPERATORS["le"](a, b) is (a <= b)


@given(json_scalars | st.lists(json_scalars) | st.dictionaries(st.text(), json_scalars))
def test_operators_never_raise(value: Any) -> None:
    for name, op in OPERATORS.items():
        operand: Any = r"x" if name == "regex" else value
        assert op(value, operand) in (True, False)
