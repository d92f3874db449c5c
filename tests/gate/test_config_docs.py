"""The examples in docs/config.md are valid, and the config example names every key."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from auditor.config import Config, load_config
from auditor.waivers import load_waivers

DOC = Path(__file__).resolve().parents[2] / "docs" / "config.md"


def blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOC.read_text(), flags=re.S)


def keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    found = set()
    for name, info in model.model_fields.items():
        found.add(prefix + name)
        kind: Any = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            found |= keys(kind, f"{prefix}{name}.")
    return found


def test_the_config_example_is_valid_and_complete(tmp_path: Path) -> None:
    [example] = [b for b in blocks() if b.startswith("version: 1")]
    path = tmp_path / "auditor.yaml"
    path.write_text(example)
    loaded = load_config(path).config
    assert loaded.gate.fail_on == "high" and loaded.providers.aws.regions
    documented = DOC.read_text()
    for key in keys(Config):
        parent = key.rsplit(".", 1)[0]
        assert (
            f"| `{key}` |" in documented
            or f"| `{parent}.*` |" in documented
            or f"| `{key}.*` |" in documented
            or f"| `{key}." in documented  # a section: its keys have rows
        ), key


def test_the_waiver_example_is_valid(tmp_path: Path) -> None:
    [example] = [b for b in blocks() if b.startswith("waivers:")]
    path = tmp_path / "waivers.yaml"
    path.write_text(example)
    [waiver] = load_waivers(path, today=date(2026, 1, 1))
    assert waiver.id == "W-2026-007" and waiver.tags == {"purpose": "public-website"}
