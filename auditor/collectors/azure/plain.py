"""SDK models to plain JSON data, in ARM's own REST (camelCase) shape.

The azure-mgmt packages use two model families: the newer TypeSpec models keep the wire
JSON and give it back from ``as_dict()``; the older AutoRest models give it from
``serialize(keep_readonly=True)`` (their ``as_dict()`` would give Python attribute names
instead). Both end up as the JSON ARM returned, which is what the REST API reference and
``az ... -o json`` show, so policy paths read like ``properties.minimumTlsVersion``.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any


def to_plain(value: Any) -> Any:
    """JSON-ready data from an SDK model, list, mapping or scalar."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return to_plain(value.value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    serialize = getattr(value, "serialize", None)
    if callable(serialize) and hasattr(value, "_attribute_map"):
        return to_plain(serialize(keep_readonly=True))
    as_dict = getattr(value, "as_dict", None)
    if callable(as_dict) and isinstance(value, Mapping):
        return to_plain(as_dict())
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_plain(v) for v in value]
    return str(value)
