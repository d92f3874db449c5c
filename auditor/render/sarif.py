"""SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps, GitLab).

Rules are the policies; results are the failing findings, plus waived ones carried as
suppressed results so a dashboard can show them as accepted. A cloud resource has no
source file, so each result's location is a stable pseudo-path built from the
resource (provider/account/region/type/name) and its logical location is the
resource id; ``partialFingerprints`` hash the policy and resource so an alert keeps
its identity across runs.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from auditor.models import Finding, Severity, Status
from auditor.render.text import plain
from auditor.render.view import fingerprint, ordered_findings
from auditor.results import PolicyInfo, Results

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/auditor/"
FINGERPRINT_KEY = "auditorFinding/v1"
MAX_RESULTS = 25_000
"""GitHub code scanning rejects a run with more results than this; the worst are kept."""

LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub reads "security-severity" (0.0-10.0) to rank alerts: >= 9 critical, >= 7 high,
# >= 4 medium, otherwise low.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}


def _help(policy: PolicyInfo) -> tuple[str, str]:
    parts = [("Why", policy.rationale or policy.description)]
    for key, label in (("text", "Remediation"), ("console", "Console"), ("cli", "CLI")):
        if policy.remediation.get(key):
            parts.append((label, policy.remediation[key]))
    text = "\n\n".join(f"{label}: {value}" for label, value in parts if value)
    markdown_parts = []
    for label, value in parts:
        if not value:
            continue
        if label == "CLI":
            markdown_parts.append(f"**{label}:**\n\n```\n{value}\n```")
        else:
            markdown_parts.append(f"**{label}:** {value}")
    if policy.references:
        markdown_parts.append(
            "**References:**\n\n" + "\n".join(f"- <{ref}>" for ref in policy.references)
        )
    return text or policy.title, "\n\n".join(markdown_parts) or policy.title


def _rule(policy: PolicyInfo) -> dict[str, Any]:
    text, markdown = _help(policy)
    tags = ["security", "compliance", policy.resource]
    for framework, controls in sorted(policy.frameworks.items()):
        tags.extend(f"{framework}:{c}" for c in controls)
    rule: dict[str, Any] = {
        "id": policy.id,
        "name": policy.id,
        "shortDescription": {"text": policy.title},
        "fullDescription": {"text": policy.description or policy.title},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL[policy.severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[policy.severity],
            "severity": policy.severity.value,
            "precision": "very-high",
            "tags": tags,
        },
    }
    if policy.references:
        rule["helpUri"] = policy.references[0]
    return rule


def _uri(finding: Finding) -> str:
    ref = finding.resource
    segments = [
        ref.provider,
        ref.account or "-",
        ref.region or "global",
        ref.type,
        ref.name or ref.id,
    ]
    return "/".join(quote(plain(s), safe="") for s in segments)


def _message(finding: Finding, policy: PolicyInfo) -> str:
    ref = finding.resource
    name = plain(ref.name or ref.id)
    where = "/".join(plain(p) for p in (ref.account, ref.region) if p)
    lines = [f"{policy.title}: {ref.type} {name} ({where}) does not comply."]
    for ev in finding.evidence:
        if ev.result:
            continue
        expected = json.dumps(ev.expected, default=str)
        observed = plain(json.dumps(ev.observed, default=str))
        lines.append(f"{plain(ev.path)} {ev.op} {expected}: observed {observed}.")
    if finding.message:
        lines.append(plain(finding.message))
    return " ".join(lines)


def _result(finding: Finding, policy: PolicyInfo, index: int) -> dict[str, Any]:
    ref = finding.resource
    result: dict[str, Any] = {
        "ruleId": policy.id,
        "ruleIndex": index,
        "level": LEVEL[policy.severity],
        "kind": "fail",
        "message": {"text": _message(finding, policy)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding), "uriBaseId": "CLOUD"},
                    "region": {"startLine": 1},
                },
                "logicalLocations": [
                    {
                        "fullyQualifiedName": plain(ref.id),
                        "name": plain(ref.name),
                        "kind": "resource",
                    }
                ],
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "properties": {
            "resourceId": plain(ref.id),
            "resourceType": ref.type,
            "provider": ref.provider,
            "account": plain(ref.account),
            "region": plain(ref.region),
            "severity": policy.severity.value,
        },
    }
    if finding.baseline:
        result["baselineState"] = "new" if finding.baseline == "new" else "unchanged"
    if finding.status is Status.WAIVED:
        waiver = finding.waiver or {}
        suppression: dict[str, Any] = {"kind": "external", "state": "accepted"}
        if waiver.get("reason"):
            suppression["justification"] = plain(waiver["reason"])
        details = {
            name: plain(waiver[key])
            for key, name in (
                ("id", "waiver"),
                ("approved_by", "approvedBy"),
                ("expires", "expires"),
            )
            if waiver.get(key)
        }
        if details:
            suppression["properties"] = details
        result["suppressions"] = [suppression]
    return result


def sarif_document(results: Results) -> dict[str, Any]:
    rule_ids = sorted(results.policies)
    index = {pid: i for i, pid in enumerate(rule_ids)}
    reported = [f for f in ordered_findings(results) if f.status in (Status.FAIL, Status.WAIVED)]
    left_out = max(0, len(reported) - MAX_RESULTS)
    reported = reported[:MAX_RESULTS]
    meta = results.metadata
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "auditor",
                "version": meta.tool_version,
                "semanticVersion": meta.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(results.policies[pid]) for pid in rule_ids],
            }
        },
        "automationDetails": {"id": "auditor/" + "+".join(meta.providers or ("cloud",)) + "/"},
        "originalUriBaseIds": {
            "CLOUD": {
                "description": {
                    "text": "Not a file: provider/account/region/resource-type/resource-name."
                }
            }
        },
        "invocations": [
            {
                "executionSuccessful": not results.collection_errors,
                "startTimeUtc": meta.started_at or None,
                "endTimeUtc": meta.finished_at or None,
                "toolExecutionNotifications": [
                    {
                        "level": "warning",
                        "message": {
                            "text": f"{e.resource_type} in {plain(e.account) or '*'}/"
                            f"{plain(e.region) or '*'} could not be read: {plain(e.code)}: "
                            f"{plain(e.message)}"
                        },
                    }
                    for e in results.collection_errors
                ]
                + (
                    [
                        {
                            "level": "warning",
                            "message": {
                                "text": f"{left_out} less severe results were left out to stay "
                                f"within {MAX_RESULTS} results per run; see the JSON results."
                            },
                        }
                    ]
                    if left_out
                    else []
                ),
            }
        ],
        "results": [
            _result(f, results.policies[f.policy_id], index[f.policy_id]) for f in reported
        ],
        "properties": {"evaluatedAt": results.evaluated_at, "identity": plain(meta.identity)},
    }
    invocation = run["invocations"][0]
    for key in ("startTimeUtc", "endTimeUtc"):
        if invocation[key] is None:
            del invocation[key]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(results: Results) -> str:
    return json.dumps(sarif_document(results), ensure_ascii=False, separators=(",", ":")) + "\n"
