"""Per-control status: every combination of findings, the roll-up of sub-controls, and the
round trip through the JSON results document."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from auditor.engine.compliance import assess, worst
from auditor.engine.evaluator import evaluate
from auditor.models import CollectionError, Inventory, Resource, ScanMetadata, Status
from auditor.pipeline import assess_frameworks, frameworks_for, policies_for_framework
from auditor.policy import Policy, load_policies
from auditor.policy.frameworks import Framework, load_frameworks
from auditor.render.json import render
from auditor.results import CONTROL_STATUSES, ControlStatus, Results, results_from_dict

FRAMEWORK = """\
id: house
name: House rules
version: "1"
url: https://example.org/house
controls:
  - {id: ENC, title: Encrypted, description: Buckets encrypt data., automated: true}
  - {id: VER, title: Versioned, description: Buckets keep versions., automated: true}
  - {id: REVIEW, title: Reviewed, description: Someone reviews access., automated: false}
  - {id: IDLE, title: Unchecked, description: Nothing checks this., automated: true}
  - {id: P, title: Principle, description: A parent control., automated: true}
  - {id: P.1, parent: P, title: Part one, description: Encrypted part., automated: true}
  - {id: P.2, parent: P, title: Part two, description: A manual part., automated: false}
  - {id: Q, title: Other principle, description: Only checks., automated: true}
  - {id: Q.1, parent: Q, title: Q part, description: Versioned part., automated: true}
"""

POLICIES = """\
policies:
  - id: t-encrypted
    title: Buckets are encrypted
    resource: aws.s3.bucket
    severity: medium
    frameworks: {house: [ENC, P.1, REVIEW]}
    check: {path: Encryption, exists: true}
  - id: t-versioned
    title: Buckets are versioned
    resource: aws.s3.bucket
    severity: low
    frameworks: {house: [VER, Q.1]}
    check: {path: Versioning.Status, eq: Enabled}
  - id: t-other
    title: Another framework only
    resource: aws.s3.bucket
    severity: low
    frameworks: {cis-aws: ["3.1.4"]}
    check: {path: Encryption, exists: true}
"""


@pytest.fixture()
def pack(tmp_path: Path) -> Path:
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "house.yaml").write_text(FRAMEWORK)
    (tmp_path / "p.yaml").write_text(POLICIES)
    return tmp_path


@pytest.fixture()
def policies(pack: Path) -> list[Policy]:
    return load_policies([pack], include_builtin=False)


@pytest.fixture()
def house(pack: Path) -> Framework:
    return load_frameworks([pack / "frameworks"])["house"]


def bucket(name: str, *, encrypted: bool = True, versioned: bool = True, **extra: Any) -> Resource:
    properties: dict[str, Any] = {
        "Encryption": {"Rules": []} if encrypted else None,
        "Versioning": {"Status": "Enabled" if versioned else "Suspended"},
    }
    return Resource(
        type="aws.s3.bucket",
        id=f"arn:aws:s3:::{name}",
        name=name,
        provider="aws",
        account="111122223333",
        region="eu-west-2",
        properties=properties,
        **extra,
    )


def run(
    policies: Sequence[Policy],
    framework: Framework,
    resources: Sequence[Resource],
    errors: Sequence[CollectionError] = (),
) -> dict[str, ControlStatus]:
    inventory = Inventory(ScanMetadata("", "", "test"), tuple(resources), tuple(errors))
    results = assess(evaluate(policies, inventory), [framework])
    (status,) = results.frameworks
    return {c.id: c for c in status.controls}


def statuses(controls: dict[str, ControlStatus]) -> dict[str, str]:
    return {k: v.status for k, v in controls.items()}


def test_all_checks_passing(policies: list[Policy], house: Framework) -> None:
    got = statuses(run(policies, house, [bucket("a"), bucket("b")]))
    assert got == {
        "ENC": "pass",
        "VER": "pass",
        "REVIEW": "manual",  # passing checks never pass a manual control
        "IDLE": "not_covered",  # no policy maps to it: never shown as passing
        "P": "manual",  # P.2 needs manual evidence, so the principle cannot pass
        "P.1": "pass",
        "P.2": "manual",
        "Q": "pass",  # every part passed
        "Q.1": "pass",
    }


def test_one_failure_fails_the_control_its_manual_siblings_and_its_parent(
    policies: list[Policy], house: Framework
) -> None:
    got = statuses(run(policies, house, [bucket("a"), bucket("b", encrypted=False)]))
    assert got["ENC"] == "fail"
    assert got["REVIEW"] == "fail"  # a failing check fails a manual control
    assert got["P.1"] == "fail" and got["P"] == "fail"
    assert got["VER"] == "pass" and got["Q"] == "pass"


def test_unreadable_data_gives_error_never_pass(policies: list[Policy], house: Framework) -> None:
    unreadable = bucket("a", errors={"Encryption": "AccessDenied: no"})
    got = statuses(run(policies, house, [unreadable, bucket("b")]))
    assert got["ENC"] == "error"
    assert got["REVIEW"] == "error"
    assert got["P"] == "error"
    assert got["VER"] == "pass"


def test_a_failure_wins_over_an_error(policies: list[Policy], house: Framework) -> None:
    got = statuses(
        run(
            policies,
            house,
            [bucket("a", errors={"Encryption": "AccessDenied"}), bucket("b", encrypted=False)],
        )
    )
    assert got["ENC"] == "fail"


def test_a_collection_error_for_the_whole_type_gives_error(
    policies: list[Policy], house: Framework
) -> None:
    error = CollectionError("aws.s3.bucket", "aws", "111122223333", "", "AccessDenied", "no")
    got = statuses(run(policies, house, [], [error]))
    assert got["ENC"] == "error" and got["VER"] == "error" and got["Q"] == "error"


def test_no_resources_in_scope_is_not_applicable_not_pass(
    policies: list[Policy], house: Framework
) -> None:
    got = statuses(run(policies, house, []))
    assert got["ENC"] == "not_applicable"
    assert got["Q.1"] == "not_applicable" and got["Q"] == "not_applicable"
    assert got["REVIEW"] == "manual"
    assert got["IDLE"] == "not_covered"
    assert got["P"] == "manual"  # not_applicable parts do not decide a parent


def test_waived_findings_do_not_fail_the_control(policies: list[Policy], house: Framework) -> None:
    inventory = Inventory(ScanMetadata("", "", "test"), (bucket("a"), bucket("b", encrypted=False)))
    results = evaluate(policies, inventory)
    waived = tuple(
        dataclasses.replace(f, status=Status.WAIVED, waiver={"id": "W1", "reason": "legacy"})
        if f.status is Status.FAIL
        else f
        for f in results.findings
    )
    results = assess(dataclasses.replace(results, findings=waived), [house])
    controls = {c.id: c for c in results.frameworks[0].controls}
    assert controls["ENC"].status == "pass"
    assert controls["ENC"].counts == {"pass": 1, "waived": 1}

    only_waived = tuple(f for f in waived if f.resource.name == "b")
    results = assess(dataclasses.replace(results, findings=only_waived), [house])
    controls = {c.id: c for c in results.frameworks[0].controls}
    assert controls["ENC"].status == "pass"  # judged and accepted, with the waiver visible
    assert controls["ENC"].counts == {"waived": 1}


def test_controls_list_their_policies_and_finding_counts(
    policies: list[Policy], house: Framework
) -> None:
    controls = run(policies, house, [bucket("a"), bucket("b", versioned=False)])
    assert controls["VER"].policies == ("t-versioned",)
    assert controls["VER"].counts == {"pass": 1, "fail": 1}
    assert controls["P"].policies == ("t-encrypted",)  # inherited from its sub-control
    assert controls["P.1"].section == "P Principle"
    assert controls["IDLE"].policies == () and controls["IDLE"].counts == {}


def test_policies_not_run_do_not_count(policies: list[Policy], house: Framework) -> None:
    only_versioning = [p for p in policies if p.id == "t-versioned"]
    got = statuses(run(only_versioning, house, [bucket("a")]))
    assert got["ENC"] == "not_covered"
    assert got["REVIEW"] == "manual"
    assert got["VER"] == "pass"


def test_worst_orders_statuses_and_ignores_not_applicable_parts() -> None:
    assert worst(["pass", "fail", "error"]) == "fail"
    assert worst(["pass", "error"]) == "error"
    assert worst(["pass", "not_covered", "manual"]) == "not_covered"
    assert worst(["pass", "manual"]) == "manual"
    assert worst(["pass", "not_applicable"]) == "pass"
    assert worst(["not_applicable", "not_applicable"]) == "not_applicable"
    assert list(CONTROL_STATUSES) == [
        "fail",
        "error",
        "not_covered",
        "manual",
        "pass",
        "not_applicable",
    ]


def test_runs_report_every_framework_their_policies_map_to(
    pack: Path, policies: list[Policy]
) -> None:
    catalogue = load_frameworks([pack / "frameworks"])
    assert [f.id for f in frameworks_for(policies, catalogue)] == ["cis-aws", "house"]
    assert [f.id for f in frameworks_for(policies, catalogue, only="house")] == ["house"]
    assert [f.id for f in frameworks_for(policies, catalogue, only=["cis-*"])] == [
        "cis-aws",
        "cis-azure",
        "cis-azure-3.0",
    ]
    chosen = policies_for_framework(policies, "cis-aws", catalogue)
    assert [p.id for p in chosen] == ["t-other"]


def test_results_carry_control_status_through_json(pack: Path, policies: list[Policy]) -> None:
    catalogue = load_frameworks([pack / "frameworks"])
    inventory = Inventory(ScanMetadata("", "", "test"), (bucket("a", encrypted=False),))
    results = assess_frameworks(evaluate(policies, inventory), policies, catalogue)
    document = json.loads(render(results))
    house = next(f for f in document["frameworks"] if f["id"] == "house")
    enc = next(c for c in house["controls"] if c["id"] == "ENC")
    assert enc == {
        "id": "ENC",
        "title": "Encrypted",
        "status": "fail",
        "policies": ["t-encrypted"],
        "description": "Buckets encrypt data.",
        "section": "",
        "counts": {"fail": 1},
    }
    again: Results = results_from_dict(document)
    assert again.frameworks == results.frameworks
    assert again.frameworks[1].status_counts() == {
        "fail": 4,
        "error": 0,
        "not_covered": 1,
        "manual": 1,
        "pass": 3,
        "not_applicable": 0,
    }
