"""JUnit XML (the Ant schema) so CI systems show policies as tests.

One test suite per resource type and one test case per policy: a policy with failing
resources is a failed test whose text lists them; one that could only report errors is
an errored test; one with no resource to judge is skipped. GitLab, Jenkins and Azure
DevOps all read this shape.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import UTC, datetime

from auditor.models import Finding, Status
from auditor.render.text import plain
from auditor.render.view import failing_evidence, ordered_findings, status_counts
from auditor.results import PolicyInfo, Results


def _timestamp(value: str) -> str:
    """The schema wants a local-looking timestamp without a zone: give UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = datetime(1970, 1, 1, tzinfo=UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _line(finding: Finding) -> str:
    ref = finding.resource
    where = "/".join(p for p in (ref.account, ref.region) if p)
    text = f"- {plain(ref.name or ref.id)} ({plain(where)}) {plain(ref.id)}"
    if finding.message:
        text += f"\n    {plain(finding.message)}"
    for evidence in failing_evidence(finding):
        text += f"\n    {plain(evidence)}"
    if finding.waiver:
        waiver = finding.waiver
        text += (
            f"\n    waived by {plain(waiver.get('id', '?'))}: {plain(waiver.get('reason', ''))} "
            f"(approved by {plain(waiver.get('approved_by', '?'))}, "
            f"expires {plain(waiver.get('expires', '?'))})"
        )
    return text


def _body(policy: PolicyInfo, findings: list[Finding]) -> str:
    sections = []
    for status, label in (
        (Status.FAIL, "Failing resources"),
        (Status.ERROR, "Could not be judged"),
        (Status.WAIVED, "Waived"),
    ):
        selected = [f for f in findings if f.status is status]
        if selected:
            sections.append(f"{label}:\n" + "\n".join(_line(f) for f in selected))
    remediation = policy.remediation.get("text")
    if remediation:
        sections.append(f"Remediation: {remediation}")
    return "\n\n".join(sections)


def _testcase(suite: ET.Element, policy: PolicyInfo, findings: list[Finding]) -> str:
    case = ET.SubElement(
        suite,
        "testcase",
        name=f"[{policy.severity.value}] {policy.title} ({policy.id})",
        classname=policy.resource,
        time="0",
    )
    counts = status_counts(findings)
    total = len(findings)
    if counts[Status.FAIL]:
        element = ET.SubElement(
            case,
            "failure",
            type=policy.severity.value,
            message=f"{counts[Status.FAIL]} of {total} resources fail: {policy.title}",
        )
        element.text = _body(policy, findings)
        return "failure"
    if counts[Status.ERROR]:
        element = ET.SubElement(
            case,
            "error",
            type="not-collected",
            message=f"{counts[Status.ERROR]} of {total} resources could not be judged",
        )
        element.text = _body(policy, findings)
        return "error"
    if total == 0:
        ET.SubElement(case, "skipped", message=f"No {policy.resource} resources were found.")
        return "skipped"
    return "pass"


def render(results: Results) -> str:
    by_policy: dict[str, list[Finding]] = defaultdict(list)
    for finding in ordered_findings(results):
        by_policy[finding.policy_id].append(finding)
    by_type: dict[str, list[PolicyInfo]] = defaultdict(list)
    for policy in results.policies.values():
        by_type[policy.resource].append(policy)

    meta = results.metadata
    root = ET.Element("testsuites")
    for index, rtype in enumerate(sorted(by_type)):
        suite = ET.Element(
            "testsuite",
            name=rtype,
            package=f"auditor.{rtype.split('.', 1)[0]}",
            id=str(index),
            timestamp=_timestamp(meta.started_at),
            hostname="localhost",
            time="0",
        )
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("tool_version", meta.tool_version),
            ("accounts", ", ".join(meta.accounts)),
            ("regions", ", ".join(meta.regions)),
            ("identity", meta.identity),
            ("evaluated_at", results.evaluated_at),
        ):
            ET.SubElement(properties, "property", name=name, value=plain(value))
        tally = {"failure": 0, "error": 0, "skipped": 0, "pass": 0}
        for policy in sorted(by_type[rtype], key=lambda p: (-p.severity.rank, p.id)):
            tally[_testcase(suite, policy, by_policy.get(policy.id, []))] += 1
        suite.set("tests", str(sum(tally.values())))
        suite.set("failures", str(tally["failure"]))
        suite.set("errors", str(tally["error"]))
        suite.set("skipped", str(tally["skipped"]))
        out = (
            f"{sum(tally.values())} policies on {rtype}: {tally['pass']} pass, "
            f"{tally['failure']} fail, {tally['error']} error, {tally['skipped']} skipped"
        )
        waived = [
            f"- {policy.id}: {_line(f)[2:]}"
            for policy in by_type[rtype]
            for f in by_policy.get(policy.id, [])
            if f.status is Status.WAIVED
        ]
        if waived:  # a test case has no room for text unless it fails, so list them here
            out += "\n\nWaived failures (they do not fail the gate):\n" + "\n".join(waived)
        ET.SubElement(suite, "system-out").text = out
        errors = [e for e in results.collection_errors if e.resource_type == rtype]
        ET.SubElement(suite, "system-err").text = "\n".join(
            f"{rtype} in {plain(e.account) or '*'}/{plain(e.region) or '*'} could not be read: "
            f"{plain(e.code)}: {plain(e.message)}"
            for e in errors
        )
        root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
