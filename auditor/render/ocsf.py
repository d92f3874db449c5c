"""OCSF Compliance Finding events (class 2003), one per finding, as a JSON array.

OCSF is the schema AWS Security Hub and Prowler exchange findings in. A finding's
pass/fail goes in ``compliance.status_id``; a waived finding is a failure whose
finding status is "Suppressed"; an unjudged one has compliance status "Unknown".
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from auditor.models import Finding, Severity, Status
from auditor.render.view import fingerprint, ordered_findings
from auditor.results import PolicyInfo, Results

OCSF_VERSION = "1.1.0"
CLASS_UID = 2003
CATEGORY_UID = 2
ACTIVITY_CREATE = 1

SEVERITY_ID = {
    Severity.INFO: (1, "Informational"),
    Severity.LOW: (2, "Low"),
    Severity.MEDIUM: (3, "Medium"),
    Severity.HIGH: (4, "High"),
    Severity.CRITICAL: (5, "Critical"),
}
COMPLIANCE_STATUS = {
    Status.PASS: (1, "Pass"),
    Status.FAIL: (3, "Fail"),
    Status.WAIVED: (3, "Fail"),
    Status.ERROR: (0, "Unknown"),
}
FINDING_STATUS = {
    Status.PASS: (4, "Resolved"),
    Status.FAIL: (1, "New"),
    Status.WAIVED: (3, "Suppressed"),
    Status.ERROR: (1, "New"),
}
CLOUD_PROVIDER = {"aws": "AWS", "azure": "Azure"}


def _millis(value: str) -> int:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return 0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def _event(finding: Finding, policy: PolicyInfo, results: Results, time: int) -> dict[str, Any]:
    ref = finding.resource
    severity_id, severity = SEVERITY_ID[policy.severity]
    compliance_id, compliance = COMPLIANCE_STATUS[finding.status]
    status_id, status = FINDING_STATUS[finding.status]
    requirements = [f"{fw} {c}" for fw, ids in sorted(policy.frameworks.items()) for c in ids]
    detail = finding.message or "; ".join(
        f"{e.path} {e.op} {json.dumps(e.expected, default=str)}: "
        f"observed {json.dumps(e.observed, default=str)}"
        for e in finding.evidence
        if not e.result
    )
    event: dict[str, Any] = {
        "class_uid": CLASS_UID,
        "class_name": "Compliance Finding",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "activity_id": ACTIVITY_CREATE,
        "activity_name": "Create",
        "type_uid": CLASS_UID * 100 + ACTIVITY_CREATE,
        "type_name": "Compliance Finding: Create",
        "time": time,
        "severity_id": severity_id,
        "severity": severity,
        "status_id": status_id,
        "status": status,
        "message": f"{policy.title}: {finding.status.value}",
        "metadata": {
            "version": OCSF_VERSION,
            "product": {
                "name": "auditor",
                "vendor_name": "auditor",
                "version": results.metadata.tool_version,
            },
            "event_code": policy.id,
        },
        "finding_info": {
            "uid": fingerprint(finding),
            "title": policy.title,
            "desc": policy.description or policy.title,
            "types": [policy.resource],
        },
        "compliance": {
            "control": policy.id,
            "standards": sorted(policy.frameworks) or ["auditor"],
            "requirements": requirements,
            "status_id": compliance_id,
            "status": compliance,
            "status_detail": detail,
        },
        "cloud": {
            "provider": CLOUD_PROVIDER.get(ref.provider, ref.provider),
            "account": {"uid": ref.account},
            "region": ref.region,
        },
        "resources": [
            {
                "uid": ref.id,
                "name": ref.name,
                "type": ref.type,
                "region": ref.region,
                "cloud_partition": ref.provider,
                "labels": [f"{k}={v}" for k, v in sorted(ref.tags.items())],
                "data": {"tags": dict(sorted(ref.tags.items()))},
            }
        ],
        "remediation": {
            "desc": policy.remediation.get("text", ""),
            "references": list(policy.references),
        },
        "unmapped": {
            "evidence": [e.to_dict() for e in finding.evidence],
            "rationale": policy.rationale,
        },
    }
    if finding.waiver:
        event["unmapped"]["waiver"] = dict(finding.waiver)
    if finding.baseline:
        event["unmapped"]["baseline"] = finding.baseline
    return event


def render(results: Results) -> str:
    time = _millis(results.evaluated_at)
    events = [
        _event(f, results.policies[f.policy_id], results, time) for f in ordered_findings(results)
    ]
    if not events:
        return "[]\n"
    lines = (json.dumps(e, ensure_ascii=False, default=str, separators=(",", ":")) for e in events)
    return "[\n" + ",\n".join(lines) + "\n]\n"  # one event per line: greppable, fast
