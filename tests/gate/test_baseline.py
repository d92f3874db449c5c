"""Baseline comparison: new, existing and fixed, matched on policy id and resource id."""

from __future__ import annotations

from dataclasses import replace

from auditor.baseline import compare, mark_baseline
from auditor.models import CollectionError, Status
from auditor.results import Results
from tests.render.samples import META, plain_results


def with_status(results: Results, name: str, policy: str, status: Status) -> Results:
    return replace(
        results,
        findings=tuple(
            replace(f, status=status) if f.resource.name == name and f.policy_id == policy else f
            for f in results.findings
        ),
    )


def drop(results: Results, name: str) -> Results:
    return replace(results, findings=tuple(f for f in results.findings if f.resource.name != name))


def test_nothing_changed_means_every_failure_exists() -> None:
    old = plain_results()
    marked = mark_baseline(plain_results(), old)
    problems = [f for f in marked.findings if f.status is Status.FAIL]
    assert problems and all(f.baseline == "existing" for f in problems)
    assert all(f.baseline == "" for f in marked.findings if f.status is Status.PASS)
    assert marked.fixed == ()


def test_new_existing_and_fixed() -> None:
    old = plain_results()  # fails: aws-a beta, aws-b alpha, aws-b beta
    new = with_status(
        with_status(old, "gamma", "aws-b", Status.FAIL), "alpha", "aws-b", Status.PASS
    )
    change = compare(new, old)
    assert [(f.policy_id, f.resource.name) for f in change.new] == [("aws-b", "gamma")]
    assert {(f.policy_id, f.resource.name) for f in change.existing} == {
        ("aws-a", "beta"),
        ("aws-b", "beta"),
    }
    assert [(f.policy_id, f.resource.name, f.baseline) for f in change.fixed] == [
        ("aws-b", "alpha", "fixed")
    ]


def test_a_deleted_resource_in_a_scanned_scope_is_fixed() -> None:
    old = plain_results()
    change = compare(drop(old, "beta"), old)
    assert {(f.policy_id, f.resource.name) for f in change.fixed} == {
        ("aws-a", "beta"),
        ("aws-b", "beta"),
    }


def test_what_this_run_could_not_see_is_not_fixed() -> None:
    old = plain_results()
    unreadable = CollectionError("aws.s3.bucket", "aws", "111111111111", "eu-west-2", "X", "denied")
    assert compare(replace(drop(old, "beta"), collection_errors=(unreadable,)), old).fixed == ()
    elsewhere = replace(META, regions=("eu-west-1",))
    assert compare(replace(drop(old, "beta"), metadata=elsewhere), old).fixed == ()
    now_error = with_status(old, "beta", "aws-a", Status.ERROR)
    assert [f.policy_id for f in compare(now_error, old).fixed] == []
    policy_not_run = replace(drop(old, "beta"), policies={"aws-a": old.policies["aws-a"]})
    assert [f.policy_id for f in compare(policy_not_run, old).fixed] == ["aws-a"]


def test_a_waived_failure_stays_existing() -> None:
    old = plain_results()
    new = with_status(old, "beta", "aws-a", Status.WAIVED)
    marked = mark_baseline(new, old)
    waived = [f for f in marked.findings if f.status is Status.WAIVED]
    assert [f.baseline for f in waived] == ["existing"] and marked.fixed == ()
