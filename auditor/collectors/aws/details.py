"""Reading a resource's details call by call, so one denied call costs one property."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from typing import Any, TypeVar

from auditor.collectors.aws.base import AWS_ERRORS, error_code, error_message

T = TypeVar("T")
R = TypeVar("R")

DETAIL_WORKERS = 8


def plain(value: Any) -> Any:
    """The API reply as JSON data: timestamps become ISO 8601 strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def json_document(text: Any) -> Any:
    """A policy document as data; text that is not JSON is kept as it came."""
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def tag_dict(
    tags: Iterable[Mapping[str, Any]] | None, key: str = "Key", value: str = "Value"
) -> dict[str, str]:
    return {str(t.get(key)): str(t.get(value, "")) for t in tags or ()}


def reason(exc: BaseException) -> str:
    return f"{error_code(exc)}: {error_message(exc)}"


class Details:
    """Properties of one resource; a failed call records why in ``errors`` for that property.

    Error codes in ``absent`` mean "not configured", which is a fact to judge (the
    property is set to ``None``), not a failure to read.
    """

    def __init__(
        self, props: Mapping[str, Any] | None = None, absent: Collection[str] = ()
    ) -> None:
        self.props: dict[str, Any] = dict(props or {})
        self.errors: dict[str, str] = {}
        self._absent = frozenset(absent)
        self._read = 0
        self._last_failure: BaseException | None = None

    def read(
        self,
        prop: str,
        call: Callable[[], Any],
        pick: Callable[[Any], Any] = lambda reply: reply,
    ) -> Any:
        try:
            value = plain(pick(call()))
            self._read += 1
        except AWS_ERRORS as exc:
            value = None
            if error_code(exc) in self._absent:
                self._read += 1
            else:
                self.errors[prop] = reason(exc)
                self._last_failure = exc
        self.props[prop] = value
        return value

    def require_something(self) -> None:
        """Raise the last failure when no call succeeded at all.

        For a resource that exists by definition (the account, a region), nothing
        readable means the scope could not be read, which is a collection error rather
        than a resource made only of errors.
        """
        if self._read == 0 and self._last_failure is not None:
            raise self._last_failure

    def fail(self, props: Iterable[str], why: str) -> None:
        """Mark properties unreadable because a call they all depend on failed."""
        for prop in props:
            self.props.setdefault(prop, None)
            self.errors[prop] = why


def each(items: Iterable[T], work: Callable[[T], R], workers: int = DETAIL_WORKERS) -> list[R]:
    """``work`` over every item on a small pool: detail calls are network-bound."""
    listed = list(items)
    if len(listed) <= 1:
        return [work(item) for item in listed]
    with ThreadPoolExecutor(max_workers=min(workers, len(listed))) as pool:
        return list(pool.map(work, listed))
