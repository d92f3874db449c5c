"""Turning AWS replies into inventory data: plain JSON values, tags, and detail reads.

Collectors share these so every resource type records timestamps, tags and unreadable
properties the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote

from auditor.collectors.aws.base import AWS_ERRORS, error_code, error_message


def plain(value: Any) -> Any:
    """A JSON-friendly copy: timestamps become ISO 8601 strings, bytes are dropped."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        return None
    return value


def tag_dict(tags: Iterable[Mapping[str, Any]] | None) -> dict[str, str]:
    """``[{Key, Value}]`` (any capitalisation AWS uses) as a plain mapping."""
    found: dict[str, str] = {}
    for tag in tags or ():
        key = tag.get("Key", tag.get("key"))
        if key is not None:
            found[str(key)] = str(tag.get("Value", tag.get("value", "")))
    return found


def policy_document(value: Any) -> Any:
    """An IAM policy document as data, whether AWS sent it decoded, JSON or URL-encoded."""
    if not isinstance(value, str):
        return value
    text = value if value.lstrip().startswith("{") else unquote(value)
    try:
        return json.loads(text)
    except ValueError:
        return None


def as_list(value: Any) -> list[Any]:
    """IAM documents allow one item or a list wherever a list is meant."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


class Details:
    """Collects a resource's detail properties; a failed read is recorded, not raised.

    ``absent`` error codes mean the configuration does not exist, which is a fact about
    the resource (the property becomes ``default``), not a failure to read it.
    """

    def __init__(self, absent: Iterable[str] = ()) -> None:
        self.props: dict[str, Any] = {}
        self.errors: dict[str, str] = {}
        self._absent = frozenset(absent)

    def read(
        self,
        prop: str,
        call: Callable[[], Any],
        pick: Callable[[Any], Any] = lambda reply: reply,
        default: Any = None,
    ) -> Any:
        try:
            value = plain(pick(call()))
        except AWS_ERRORS as exc:
            if error_code(exc) in self._absent:
                value = default
            else:
                self.errors[prop] = f"{error_code(exc)}: {error_message(exc)}"
                value = None
        self.props[prop] = value
        return value

    def fail(self, props: Iterable[str], reason: str) -> None:
        """Mark properties derived from a failed read as unreadable too."""
        for prop in props:
            self.props[prop] = None
            self.errors[prop] = reason
