"""The JSON results document: versioned, stably ordered, re-renderable."""

from __future__ import annotations

import json
from typing import Any

from auditor.results import (
    RESULTS_FORMAT,
    RESULTS_VERSION,
    Results,
    finding_to_dict,
)


def results_to_dict(results: Results) -> dict[str, Any]:
    return {
        "format": RESULTS_FORMAT,
        "version": RESULTS_VERSION,
        "metadata": {**results.metadata.to_dict(), "evaluated_at": results.evaluated_at},
        "summary": results.summary().to_dict(),
        "policies": [results.policies[k].to_dict() for k in sorted(results.policies)],
        "findings": [finding_to_dict(f, results.policies[f.policy_id]) for f in results.findings],
        "collection_errors": [e.to_dict() for e in results.collection_errors],
        "frameworks": [f.to_dict() for f in results.frameworks],
        "fixed": [finding_to_dict(f, results.policies[f.policy_id]) for f in results.fixed],
        "waiver_notes": [dict(n) for n in results.waiver_notes],
    }


def render(results: Results) -> str:
    return json.dumps(results_to_dict(results), indent=2, sort_keys=False, default=str) + "\n"
