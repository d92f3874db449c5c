"""The self-contained HTML report: one file, inline CSS and JS, no request to any host.

The summary, framework and policy views are rendered here with jinja2 autoescaping,
so they read (and print) without JavaScript. The findings, which may number tens of
thousands, travel as a JSON data block that the inline script filters, sorts and
pages through, building rows with ``textContent`` only. The Content-Security-Policy
allows exactly the inline style and script by their SHA-256 and nothing else, so
markup that slipped into the page could neither run nor fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from auditor.models import Finding, Severity, Status, unreachable_accounts
from auditor.render import json as json_format
from auditor.render.text import plain
from auditor.render.view import (
    CONTROL_LABELS,
    STATUS_ORDER,
    by_account,
    by_severity,
    findings_by_policy,
    fixed_findings,
    format_rate,
    framework_views,
    has_baseline,
    new_failures,
    ordered_findings,
    pass_rate,
    status_counts,
)
from auditor.results import CONTROL_STATUSES, Results

MAX_TOP_FAILURES = 10
MAX_CHANGES = 100
MAX_WAIVED = 100
"""Waived failures listed in the summary; all of them are in the findings table."""
MAX_RESOURCES_PER_POLICY = 3


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("auditor", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["rate"] = format_rate
    env.filters["plain"] = plain
    return env


def _asset(env: Environment, name: str) -> str:
    """A static file from the templates folder, verbatim (not a template)."""
    assert env.loader is not None
    source: str = env.loader.get_source(env, name)[0]
    return source


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def results_sha256(results: Results) -> str:
    """The SHA-256 of the JSON results document these results render to.

    The JSON renderer's output is what ``--format json`` writes, so ``sha256sum`` of
    that file gives the same value; re-reading and re-rendering it does too.
    """
    return hashlib.sha256(json_format.render(results).encode("utf-8")).hexdigest()


def _script_json(value: Any) -> str:
    """JSON that cannot end the <script> element it sits in, nor open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _data_block(results: Results, ordered: list[Finding], frameworks: list[Any]) -> dict[str, Any]:
    """The findings in a compact shape: shared tables for policies, resources and strings."""
    policy_ids = sorted(results.policies)
    policy_index = {pid: i for i, pid in enumerate(policy_ids)}
    resources: dict[tuple[str, str], int] = {}
    resource_rows: list[list[Any]] = []
    strings: dict[str, int] = {}

    def intern(value: str) -> int:
        if value not in strings:
            strings[value] = len(strings)
        return strings[value]

    rows = []
    for finding in ordered:
        ref = finding.resource
        key = (ref.id, ref.type)
        if key not in resources:
            resources[key] = len(resource_rows)
            resource_rows.append(
                [
                    plain(ref.id),
                    plain(ref.name),
                    ref.type,
                    ref.provider,
                    plain(ref.account),
                    plain(ref.region),
                    {plain(k): plain(v) for k, v in ref.tags.items()},
                ]
            )
        evidence = [
            [intern(e.path), intern(e.op), e.expected, e.observed, 1 if e.result else 0]
            for e in finding.evidence
        ]
        rows.append(
            [
                policy_index[finding.policy_id],
                resources[key],
                finding.status.value,
                evidence,
                plain(finding.message),
                {k: plain(v) for k, v in finding.waiver.items()} if finding.waiver else None,
                finding.baseline,
            ]
        )
    policies = []
    for pid in policy_ids:
        info = results.policies[pid]
        policies.append(
            {
                "id": info.id,
                "title": info.title,
                "severity": info.severity.value,
                "resource": info.resource,
                "description": info.description,
                "rationale": info.rationale,
                "remediation": dict(info.remediation),
                "references": list(info.references),
            }
        )
    return {
        "policies": policies,
        "resources": resource_rows,
        "strings": list(strings),
        "findings": rows,
        "frameworks": [
            {
                "id": view.framework.id,
                "name": view.framework.name or view.framework.id,
                "controls": [
                    {
                        "id": c.id,
                        "title": c.title,
                        "policies": [policy_index[p] for p in c.policies if p in policy_index],
                    }
                    for c in view.framework.controls
                ],
            }
            for view in frameworks
        ],
    }


def _framework_context(results: Results) -> list[dict[str, Any]]:
    out = []
    for view in framework_views(results):
        fw = view.framework
        controls = []
        for control in fw.controls:
            policies = []
            for pid in control.policies:
                info = results.policies.get(pid)
                policies.append(
                    {
                        "id": pid,
                        "info": info,
                        "counts": view.findings_by_policy.get(pid, dict.fromkeys(Status, 0)),
                    }
                )
            controls.append({"control": control, "policies": policies})
        out.append(
            {
                "view": view,
                "id": fw.id,
                "name": fw.name or fw.id,
                "version": fw.version,
                "url": fw.url if fw.url.startswith("https://") else "",
                "controls": controls,
            }
        )
    return out


def render(results: Results) -> str:
    env = _environment()
    script = _asset(env, "report.js")
    style = _asset(env, "report.css")
    summary = results.summary()
    ordered = ordered_findings(results)
    frameworks = _framework_context(results)
    data = _data_block(results, ordered, [f["view"] for f in frameworks])
    by_policy_counts: dict[str, dict[Status, int]] = {}
    grouped: dict[str, list[Finding]] = {}
    for finding in results.findings:
        grouped.setdefault(finding.policy_id, []).append(finding)
    for pid in results.policies:
        by_policy_counts[pid] = status_counts(grouped.get(pid, ()))
    policies = sorted(
        results.policies.values(),
        key=lambda p: (
            by_policy_counts[p.id][Status.FAIL] == 0,
            -p.severity.rank,
            -by_policy_counts[p.id][Status.FAIL],
            p.id,
        ),
    )
    new = new_failures(results)
    fixed = fixed_findings(results)
    waived = [f for f in ordered if f.status is Status.WAIVED]
    return env.get_template("report.html.j2").render(
        results=results,
        meta=results.metadata,
        summary=summary,
        statuses=list(STATUS_ORDER),
        severities=list(Severity),
        severity_rows=[(s, c, pass_rate(c)) for s, c in by_severity(results) if any(c.values())],
        account_rows=[(p, a, c, pass_rate(c)) for p, a, c in by_account(results)],
        unreachable=set(unreachable_accounts(results.collection_errors)),
        frameworks=frameworks,
        control_statuses=CONTROL_STATUSES,
        control_labels=CONTROL_LABELS,
        top_failures=findings_by_policy(results, (Status.FAIL,))[:MAX_TOP_FAILURES],
        max_resources=MAX_RESOURCES_PER_POLICY,
        policies=policies,
        policy_counts=by_policy_counts,
        baseline=has_baseline(results),
        new_failures=new[:MAX_CHANGES],
        new_total=len(new),
        fixed=fixed[:MAX_CHANGES],
        fixed_total=len(fixed),
        waived=waived[:MAX_WAIVED],
        waived_total=len(waived),
        data_json=_script_json(data),
        script=script,
        style=style,
        csp_script=_csp_hash(script),
        csp_style=_csp_hash(style),
        results_sha256=results_sha256(results),
    )
