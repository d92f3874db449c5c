"""Make untrusted text safe for a terminal: no escape sequences, no control characters."""

from __future__ import annotations

import re
from typing import Any

# CSI/OSC and other ESC sequences first, then any remaining C0/C1 control character.
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: Any, limit: int = 200) -> str:
    """One line of printable text, shortened to ``limit`` characters."""
    text = value if isinstance(value, str) else _compact(value)
    text = _CONTROLS.sub("", _ESCAPES.sub("", text)).replace("\n", " ").replace("\t", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _compact(value: Any) -> str:
    import json

    try:
        return json.dumps(value, default=str, separators=(",", ":"))
    except (TypeError, ValueError):
        return repr(value)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def plain(value: Any) -> str:
    """Untrusted text with escape sequences and control characters removed, line breaks kept.

    What is left is also valid in XML 1.0, which forbids most control characters even
    when escaped.
    """
    text = value if isinstance(value, str) else _compact(value)
    return _NOT_XML.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))
