"""The self-contained HTML report: one file, inline CSS and JS, no request to any host.

jinja2 autoescaping is on for every value; the inline script is allowed by its
SHA-256 in the Content-Security-Policy, so an injected script cannot run even if
something escaped the escaping.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import defaultdict
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from auditor.models import Severity, Status
from auditor.render.json import results_to_dict
from auditor.results import Results


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("auditor", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _by_policy(results: Results) -> list[dict[str, Any]]:
    counts: dict[str, dict[Status, int]] = defaultdict(lambda: dict.fromkeys(Status, 0))
    for finding in results.findings:
        counts[finding.policy_id][finding.status] += 1
    infos = sorted(
        results.policies.values(),
        key=lambda p: (counts[p.id][Status.FAIL] == 0, -p.severity.rank, p.id),
    )
    return [{"info": info, "counts": counts[info.id]} for info in infos]


def render(results: Results) -> str:
    env = _environment()
    script = env.get_template("report.js").render()
    document = results_to_dict(results)
    raw = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str).encode()
    summary = results.summary()
    return env.get_template("report.html.j2").render(
        results=results,
        summary=summary,
        statuses=list(Status),
        severities=list(Severity),
        by_policy=_by_policy(results),
        findings=[f for f in results.findings if f.status is not Status.PASS]
        + [f for f in results.findings if f.status is Status.PASS],
        script=script,
        csp_script=_csp_hash(script),
        results_sha256=hashlib.sha256(raw).hexdigest(),
    )
