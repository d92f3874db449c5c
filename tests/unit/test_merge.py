"""Merging shard outputs: the merged whole equals one run over everything."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.engine.evaluator import evaluate
from auditor.errors import ConfigError
from auditor.merge import merge_inventories, merge_results, parse_shard, shard
from auditor.models import Inventory, ScanMetadata
from tests.conftest import make_policy, make_resource

ACCOUNTS = [f"{n:012d}" for n in range(1, 8)]


def estate() -> Inventory:
    resources = tuple(
        make_resource({"ok": i % 2 == 0}, id=f"arn:{account}:{i}", account=account)
        for account in ACCOUNTS
        for i in range(3)
    )
    return Inventory(
        ScanMetadata(
            "2026-01-01T00:00:00", "2026-01-01T00:05:00", "1", ("aws",), "me", tuple(ACCOUNTS)
        ),
        resources,
    )


def part(inventory: Inventory, accounts: list[str], started: str) -> Inventory:
    return Inventory(
        ScanMetadata(started, started, "1", ("aws",), "me", tuple(accounts)),
        tuple(r for r in inventory.resources if r.account in accounts),
    )


def test_shards_cover_every_account_once() -> None:
    slices = [shard(ACCOUNTS, i, 3) for i in (1, 2, 3)]
    assert sorted(a for s in slices for a in s) == sorted(ACCOUNTS)
    assert max(map(len, slices)) - min(map(len, slices)) <= 1
    assert shard(list(reversed(ACCOUNTS)), 2, 3) == slices[1]


@pytest.mark.parametrize("text", ["0/3", "4/3", "x/2", "3", "1/0"])
def test_bad_shard_specs(text: str) -> None:
    with pytest.raises(ConfigError, match="I/N"):
        parse_shard(text)


def test_shard_then_merge_equals_a_full_run() -> None:
    policy = make_policy({"path": "ok", "eq": True})
    whole = estate()
    parts = [part(whole, shard(ACCOUNTS, i, 3), f"2026-01-01T00:0{i}:00") for i in (1, 2, 3)]
    merged_inventory = merge_inventories(parts)
    assert {r.id for r in merged_inventory.resources} == {r.id for r in whole.resources}
    assert merged_inventory.metadata.accounts == tuple(ACCOUNTS)
    assert merged_inventory.metadata.started_at == "2026-01-01T00:01:00"
    full = evaluate([policy], whole)
    merged = merge_results([evaluate([policy], p) for p in parts])
    assert merged.findings == full.findings
    assert merged.summary() == full.summary()


def test_duplicates_are_kept_once() -> None:
    policy = make_policy({"path": "ok", "eq": True})
    results = evaluate([policy], estate())
    assert merge_results([results, results]).findings == results.findings
    assert merge_inventories([estate(), estate()]).resources == estate().resources


def test_conflicting_policies_refuse_to_merge() -> None:
    a = evaluate([make_policy({"path": "ok", "eq": True}, severity="low")], estate())
    b = evaluate([make_policy({"path": "ok", "eq": True}, severity="high")], estate())
    with pytest.raises(ConfigError, match="differs"):
        merge_results([a, b])


def test_merge_command_for_results_and_inventories(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from auditor.cli import app
    from auditor.inventory import load_inventory, save_inventory
    from auditor.render.json import render

    whole = estate()
    policy = make_policy({"path": "ok", "eq": True})
    files = []
    for i in (1, 2):
        p = part(whole, shard(ACCOUNTS, i, 2), "2026-01-01T00:00:00")
        inv_path = tmp_path / f"inv{i}.json.gz"
        save_inventory(p, inv_path)
        res_path = tmp_path / f"res{i}.json"
        res_path.write_text(render(evaluate([policy], p)))
        files.append((inv_path, res_path))
    runner = CliRunner()
    merged_inv = tmp_path / "all.json.gz"
    result = runner.invoke(
        app, ["merge", str(files[0][0]), str(files[1][0]), "--output", str(merged_inv)]
    )
    assert result.exit_code == 0, result.output
    assert len(load_inventory(merged_inv).resources) == len(whole.resources)
    out = tmp_path / "merged"
    result = runner.invoke(
        app, ["merge", str(files[0][1]), str(files[1][1]), "-o", str(out), "-f", "json"]
    )
    assert result.exit_code == 1  # failures present, default gate
    assert (out / "auditor-results.json").exists()
    mixed = runner.invoke(app, ["merge", str(files[0][0]), str(files[0][1])])
    assert mixed.exit_code == 2 and "not a mix" in mixed.stderr
