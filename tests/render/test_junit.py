"""JUnit XML: valid against the Ant schema; one test case per policy."""

from __future__ import annotations

from lxml import etree

from auditor.render import junit
from auditor.results import Results

from .samples import HOSTILE_NAME, SCHEMAS


def _parse(results: Results) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit.xsd")))
    document = etree.fromstring(junit.render(results).encode("utf-8"))
    schema.assertValid(document)
    return document


def test_valid_against_the_ant_schema(full: Results, plain: Results) -> None:
    for results in (full, plain):
        _parse(results)


def test_one_testcase_per_policy_and_failures_list_resources(full: Results) -> None:
    root = _parse(full)
    cases = root.findall(".//testcase")
    assert len(cases) == len(full.policies)
    by_id = {c.get("name").rsplit("(", 1)[1].rstrip(")"): c for c in cases}  # type: ignore[union-attr]
    public = by_id["aws-s3-public"]
    failure = public.find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith("1 of 3 resources fail")
    assert HOSTILE_NAME in (failure.text or "")  # shown as text, escaped by the XML writer
    assert "W-7" in (failure.text or "")  # the waived resource is listed with its waiver
    assert by_id["aws-s3-versioning"].find("failure") is None


def test_suite_counts_match_their_cases(full: Results) -> None:
    for suite in _parse(full).findall("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases)
        assert int(suite.get("failures", "-1")) == sum(
            1 for c in cases if c.find("failure") is not None
        )
        assert int(suite.get("errors", "-1")) == sum(
            1 for c in cases if c.find("error") is not None
        )


def test_policy_with_no_resources_is_skipped(plain: Results) -> None:
    from dataclasses import replace

    from auditor.models import Severity

    from .samples import policy

    extra = policy("aws-unused", Severity.LOW, resource="aws.ec2.instance")
    results = replace(plain, policies={**plain.policies, extra.id: extra})
    skipped = _parse(results).findall(".//testcase/skipped")
    assert len(skipped) == 1


def test_control_characters_never_reach_the_xml(full: Results) -> None:
    text = junit.render(full)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in text)
