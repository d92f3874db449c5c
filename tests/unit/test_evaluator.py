"""The evaluator: pass, fail and error, evidence, quantifiers, related resources."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from auditor.engine.evaluator import evaluate
from auditor.models import CollectionError, Finding, Status
from tests.conftest import make_inventory, make_policy, make_resource

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def judge(check: Any, properties: dict[str, Any], **kwargs: Any) -> Finding:
    policy = make_policy(check, **kwargs.pop("policy", {}))
    results = evaluate([policy], make_inventory(make_resource(properties, **kwargs)), now=NOW)
    (finding,) = results.findings
    return finding


def test_pass_and_fail_with_evidence() -> None:
    check = {"path": "Versioning.Status", "eq": "Enabled"}
    passed = judge(check, {"Versioning": {"Status": "Enabled"}})
    failed = judge(check, {"Versioning": {}})
    assert passed.status is Status.PASS
    assert failed.status is Status.FAIL
    (ev,) = failed.evidence
    assert (ev.path, ev.op, ev.expected, ev.observed, ev.result) == (
        "Versioning.Status",
        "eq",
        "Enabled",
        None,
        False,
    )


def test_all_any_not() -> None:
    check = {
        "all": [
            {"path": "a", "eq": 1},
            {"any": [{"path": "b", "eq": 2}, {"path": "c", "eq": 3}]},
            {"not": {"path": "d", "exists": True}},
        ]
    }
    assert judge(check, {"a": 1, "c": 3}).status is Status.PASS
    assert judge(check, {"a": 1, "b": 0, "c": 0}).status is Status.FAIL
    assert judge(check, {"a": 1, "b": 2, "d": "x"}).status is Status.FAIL


def test_all_stops_at_the_first_failure_and_shows_it() -> None:
    check = {"all": [{"path": "a", "eq": 1}, {"path": "b", "eq": 2}]}
    finding = judge(check, {"a": 0, "b": 2})
    assert [e.path for e in finding.evidence] == ["a"]


def test_quantifiers_over_lists() -> None:
    rules = {"Rules": [{"port": 22, "cidr": "10.0.0.0/8"}, {"port": 443, "cidr": "0.0.0.0/0"}]}
    world_ssh = {"all": [{"path": "port", "eq": 22}, {"path": "cidr", "eq": "0.0.0.0/0"}]}
    assert judge({"path": "Rules", "none": world_ssh}, rules).status is Status.PASS
    assert (
        judge({"path": "Rules", "some": {"path": "port", "eq": 443}}, rules).status is Status.PASS
    )
    every = judge({"path": "Rules", "every": {"path": "port", "eq": 443}}, rules)
    assert every.status is Status.FAIL
    assert every.evidence[0].path == "Rules[0].port"
    assert every.evidence[-1].observed == "1 of 2 elements matched"


def test_quantifiers_on_empty_missing_and_scalar_values() -> None:
    some = {"path": "L", "some": {"path": "@", "eq": 1}}
    every = {"path": "L", "every": {"path": "@", "eq": 1}}
    none = {"path": "L", "none": {"path": "@", "eq": 1}}
    assert judge(some, {"L": []}).status is Status.FAIL
    assert judge(every, {"L": []}).status is Status.PASS
    assert judge(none, {}).status is Status.PASS
    assert judge(some, {"L": 1}).status is Status.PASS  # a lone value is a one-element list


def test_nested_quantifiers() -> None:
    check = {
        "path": "Statement",
        "none": {"path": "Principal.AWS", "some": {"path": "@", "eq": "*"}},
    }
    assert judge(check, {"Statement": [{"Principal": {"AWS": ["arn:x"]}}]}).status is Status.PASS
    assert judge(check, {"Statement": [{"Principal": {"AWS": ["*"]}}]}).status is Status.FAIL


def test_params_and_refs() -> None:
    by_param = {"path": "_region", "in": {"param": "allowed"}}
    policy = {"params": {"allowed": ["eu-west-2"]}}
    assert judge(by_param, {}, policy=policy, region="eu-west-2").status is Status.PASS
    assert judge(by_param, {}, policy=policy, region="us-east-1").status is Status.FAIL
    by_ref = {"path": "Owner", "eq": {"ref": "Creator"}}
    assert judge(by_ref, {"Owner": "a", "Creator": "a"}).status is Status.PASS


def test_resource_fields_and_tags_are_reachable() -> None:
    check = {"all": [{"path": "_tags.env", "eq": "prod"}, {"path": "_name", "regex": "^rec"}]}
    assert judge(check, {}, tags={"env": "prod"}, name="records").status is Status.PASS


def test_when_limits_which_resources_are_judged() -> None:
    policy = make_policy(
        {"path": "Encrypted", "eq": True}, when={"path": "_tags.env", "eq": "prod"}
    )
    inventory = make_inventory(
        make_resource({"Encrypted": False}, id="a", tags={"env": "prod"}),
        make_resource({"Encrypted": False}, id="b", tags={"env": "dev"}),
    )
    results = evaluate([policy], inventory)
    assert [(f.resource.id, f.status) for f in results.findings] == [("a", Status.FAIL)]


def test_unreadable_property_is_an_error_not_a_fail() -> None:
    check = {"path": "PublicAccessBlock.BlockPublicAcls", "eq": True}
    finding = judge(
        check, {"PublicAccessBlock": None}, errors={"PublicAccessBlock": "AccessDenied: no"}
    )
    assert finding.status is Status.ERROR
    assert "AccessDenied" in finding.message


def test_unreadable_property_not_read_by_the_check_is_ignored() -> None:
    finding = judge({"path": "a", "eq": 1}, {"a": 1, "b": None}, errors={"b": "AccessDenied"})
    assert finding.status is Status.PASS


def test_collection_error_gives_an_error_finding_per_scope() -> None:
    policy = make_policy({"path": "a", "eq": 1})
    error = CollectionError("aws.s3.bucket", "aws", "111122223333", "", "AccessDenied", "denied")
    results = evaluate([policy], make_inventory(errors=(error,)))
    (finding,) = results.findings
    assert finding.status is Status.ERROR
    assert finding.message == "AccessDenied: denied"
    assert finding.resource.account == "111122223333"


def test_collection_error_of_another_type_does_not_touch_this_policy() -> None:
    policy = make_policy({"path": "a", "eq": 1})
    error = CollectionError("aws.other", "aws", "1", "", "AccessDenied", "denied")
    results = evaluate([policy], make_inventory(make_resource({"a": 1}), errors=(error,)))
    assert [f.status for f in results.findings] == [Status.PASS]


ACCOUNT = "111122223333"


def _trail(id: str, multi: bool, account: str = ACCOUNT, region: str = "eu-west-2") -> Any:
    return make_resource(
        {"IsMultiRegionTrail": multi},
        type="aws.s3.bucket",
        id=id,
        account=account,
        region=region,
    )


def test_related_resources_in_the_same_account() -> None:
    # aws.s3.bucket stands in for both sides: the evaluator does not care about the type.
    policy = make_policy(
        {
            "related": {
                "resource": "aws.s3.bucket",
                "where": {"path": "_id", "ne": {"ref": "_id"}},
                "some": {"path": "IsMultiRegionTrail", "eq": True},
            }
        },
        when={"path": "Kind", "eq": "account"},
    )
    account = make_resource({"Kind": "account"}, id="account", region="")
    good = evaluate([policy], make_inventory(account, _trail("t1", False), _trail("t2", True)))
    bad = evaluate([policy], make_inventory(account, _trail("t1", False)))
    other = evaluate([policy], make_inventory(account, _trail("t9", True, account="999")))
    assert [f.status for f in good.findings] == [Status.PASS]
    assert [f.status for f in bad.findings] == [Status.FAIL]
    assert [f.status for f in other.findings] == [Status.FAIL]
    evidence = good.findings[0].evidence[-1]
    assert evidence.observed["matching"] == 1
    assert evidence.observed["examples"] == ["bucket"]


def test_related_in_region_scope_and_missing_related_data() -> None:
    vpc_check = {
        "related": {
            "resource": "aws.s3.bucket",
            "scope": "region",
            "where": {"path": "ResourceId", "eq": {"ref": "VpcId"}},
            "some": {"path": "Status", "eq": "ACTIVE"},
        }
    }
    policy = make_policy(vpc_check, when={"path": "VpcId", "exists": True})
    vpc = make_resource({"VpcId": "vpc-1"}, id="vpc-1")
    log_here = make_resource({"ResourceId": "vpc-1", "Status": "ACTIVE"}, id="fl-1")
    log_elsewhere = make_resource(
        {"ResourceId": "vpc-1", "Status": "ACTIVE"}, id="fl-2", region="eu-west-1"
    )
    assert [f.status for f in evaluate([policy], make_inventory(vpc, log_here)).findings] == [
        Status.PASS
    ]
    assert [f.status for f in evaluate([policy], make_inventory(vpc, log_elsewhere)).findings] == [
        Status.FAIL
    ]
    denied = CollectionError("aws.s3.bucket", "aws", ACCOUNT, "eu-west-2", "AccessDenied", "no")
    results = evaluate([policy], make_inventory(vpc, errors=(denied,)))
    statuses = {f.resource.id: f.status for f in results.findings}
    assert statuses["vpc-1"] is Status.ERROR


def test_results_are_sorted_and_summarised() -> None:
    policy = make_policy({"path": "ok", "eq": True})
    inventory = make_inventory(
        make_resource({"ok": True}, id="b"),
        make_resource({"ok": False}, id="a"),
    )
    results = evaluate([policy], inventory)
    assert [f.resource.id for f in results.findings] == ["a", "b"]
    summary = results.summary()
    assert summary.by_status == {Status.FAIL: 1, Status.PASS: 1}
    assert summary.pass_rate == 0.5
    assert results.policies["test-policy"].title == "Test policy"


def test_a_policy_runs_only_over_its_own_type() -> None:
    policy = make_policy({"path": "a", "eq": 1}, resource="aws.s3.bucket")
    inventory = make_inventory(make_resource({"a": 2}, type="aws.other", id="x"))
    assert evaluate([policy], inventory).findings == ()


def test_older_than_days_uses_the_evaluation_time() -> None:
    check = {"path": "Created", "older_than_days": 90}
    assert judge(check, {"Created": "2026-01-01T00:00:00Z"}).status is Status.PASS
    assert judge(check, {"Created": "2026-05-30T00:00:00Z"}).status is Status.FAIL
