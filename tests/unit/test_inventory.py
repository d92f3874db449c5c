"""Inventories and results survive a save and load unchanged, and bad files are refused."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from auditor.engine.evaluator import evaluate
from auditor.errors import InventoryError
from auditor.fileio import write_atomic
from auditor.inventory import load_inventory, save_inventory
from auditor.models import CollectionError
from auditor.pipeline import load_results
from auditor.render.json import render
from tests.conftest import make_inventory, make_policy, make_resource


def sample() -> object:
    return make_inventory(
        make_resource({"a": [1, {"b": None}]}, tags={"k": "<v>"}, errors={"x": "Denied"}),
        errors=(CollectionError("aws.s3.bucket", "aws", "1", "eu-west-1", "Throttling", "slow"),),
    )


@pytest.mark.parametrize("name", ["estate.json", "estate.json.gz"])
def test_round_trip(tmp_path: Path, name: str) -> None:
    inventory = sample()
    path = tmp_path / name
    save_inventory(inventory, path)  # type: ignore[arg-type]
    if name.endswith(".gz"):
        assert path.read_bytes()[:2] == b"\x1f\x8b"
    assert load_inventory(path) == inventory


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="does not exist"):
        load_inventory(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InventoryError, match="not valid JSON"):
        load_inventory(bad)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": 1}))
    with pytest.raises(InventoryError, match="not an auditor inventory"):
        load_inventory(other)
    future = tmp_path / "future.json"
    future.write_text(json.dumps({"format": "auditor-inventory", "version": 99}))
    with pytest.raises(InventoryError, match="version 99"):
        load_inventory(future)
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(gzip.compress(b"{}")[:10])
    with pytest.raises(InventoryError):
        load_inventory(broken)


def test_results_round_trip_through_json(tmp_path: Path) -> None:
    policy = make_policy({"path": "a", "exists": True}, frameworks={"ncsc-csp": ["2.3"]})
    results = evaluate([policy], sample())  # type: ignore[arg-type]
    path = tmp_path / "results.json"
    path.write_text(render(results))
    loaded = load_results(path)
    assert loaded.findings == results.findings
    assert loaded.policies == results.policies
    assert loaded.collection_errors == results.collection_errors
    assert render(loaded) == render(results)


def test_atomic_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "report.html"
    write_atomic(target, "complete")
    assert target.read_text() == "complete"

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("auditor.fileio.os.replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, "half")
    assert target.read_text() == "complete"
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]
