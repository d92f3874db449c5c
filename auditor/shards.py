"""Deterministic slices of an estate, so N machines can each scan a part.

An account (or subscription) belongs to the shard its hash picks, not to its position in
a sorted list: adding an account to the organisation moves only that account, never the
others, so a shard's baseline stays meaningful from one run to the next.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from auditor.errors import ConfigError


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``count``, counted from 1 as a user writes ``--shard 2/5``."""

    index: int
    count: int

    def holds(self, key: str) -> bool:
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(value: str | None) -> Shard | None:
    if value is None or not value.strip():
        return None
    index, sep, count = value.strip().partition("/")
    try:
        shard = Shard(int(index), int(count))
    except ValueError:
        shard = None
    if not sep or shard is None or shard.count < 1 or not 1 <= shard.index <= shard.count:
        raise ConfigError(
            f"--shard {value!r} is not I/N with 1 <= I <= N, e.g. --shard 2/5 for the second "
            "of five shards."
        )
    return shard
