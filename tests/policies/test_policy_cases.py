"""Every built-in policy passes a compliant resource and fails a non-compliant one.

The cases live in YAML under ``cases/`` beside this file, one file per service.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.engine.evaluator import evaluate
from auditor.models import Inventory, Resource, ScanMetadata, Status
from auditor.policy import Policy, load_policies

CASES_DIR = Path(__file__).parent / "cases"
BUILTIN = {p.id: p for p in load_policies()}


def _cases() -> list[dict[str, Any]]:
    found = []
    for file in sorted(CASES_DIR.rglob("*.yaml")):
        for case in yaml.safe_load(file.read_text())["cases"]:
            case["file"] = file.name
            found.append(case)
    return found


CASES = _cases()


def _resource(policy: Policy, spec: dict[str, Any], n: int) -> Resource:
    provider = policy.resource.split(".", 1)[0]
    return Resource(
        type=spec.get("type", policy.resource),
        id=spec.get("id", f"{policy.resource}/case-{n}"),
        name=spec.get("name", f"case-{n}"),
        provider=provider,
        account=spec.get("account", "111122223333"),
        region=spec.get("region", "eu-west-2"),
        tags=spec.get("tags", {}),
        properties=spec.get("properties") or {},
        errors=spec.get("errors", {}),
    )


def _status(policy: Policy, spec: dict[str, Any], related: list[dict[str, Any]]) -> Status:
    primary = _resource(policy, spec, 0)
    others = [
        Resource(
            type=r["type"],
            id=r.get("id", f"{r['type']}/related-{i}"),
            name=r.get("name", f"related-{i}"),
            provider=r["type"].split(".", 1)[0],
            account=r.get("account", primary.account),
            region=r.get("region", primary.region),
            tags=r.get("tags", {}),
            properties=r.get("properties") or {},
        )
        for i, r in enumerate(spec.get("related", related))
    ]
    inventory = Inventory(ScanMetadata("", "", "test"), (primary, *others))
    findings = [f for f in evaluate([policy], inventory).findings if f.resource.id == primary.id]
    assert len(findings) == 1, f"expected one finding, got {findings}"
    return findings[0].status


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["policy"])
def test_policy_case(case: dict[str, Any]) -> None:
    policy = BUILTIN.get(case["policy"])
    assert policy is not None, f"{case['file']}: no built-in policy {case['policy']!r}"
    related = case.get("related", [])
    for expected in ("pass", "fail", "error"):
        for spec in case.get(expected, []):
            assert _status(policy, spec, related) is Status(expected), (
                f"{policy.id}: expected {expected} for {spec}"
            )


def test_every_builtin_policy_has_a_passing_and_a_failing_case() -> None:
    covered = {c["policy"] for c in CASES if c.get("pass") and c.get("fail")}
    missing = sorted(set(BUILTIN) - covered)
    assert not missing, f"policies without a pass and a fail case: {missing}"
