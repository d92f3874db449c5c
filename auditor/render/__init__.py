"""Renderers turn Results into files. They take results and nothing else.

The table maps a format name to the module that renders it, so a renderer's
dependencies (jinja2 for HTML) are imported only when that format is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.results import Results


@dataclass(frozen=True)
class OutputFormat:
    name: str
    filename: str
    module: str
    description: str

    def renderer(self) -> Callable[[Results], str]:
        render: Callable[[Results], str] = importlib.import_module(self.module).render
        return render


FORMATS: dict[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat(
            "html", "auditor-report.html", "auditor.render.html", "self-contained HTML report"
        ),
        OutputFormat(
            "json", "auditor-results.json", "auditor.render.json", "versioned results document"
        ),
        OutputFormat(
            "sarif",
            "auditor-results.sarif",
            "auditor.render.sarif",
            "SARIF 2.1.0 for code scanning",
        ),
        OutputFormat(
            "junit", "auditor-junit.xml", "auditor.render.junit", "JUnit XML test results for CI"
        ),
        OutputFormat("csv", "auditor-findings.csv", "auditor.render.csv", "one row per finding"),
        OutputFormat(
            "markdown",
            "auditor-summary.md",
            "auditor.render.markdown",
            "summary for a pull request or $GITHUB_STEP_SUMMARY",
        ),
        OutputFormat(
            "ocsf", "auditor-ocsf.json", "auditor.render.ocsf", "OCSF Compliance Finding events"
        ),
    )
}
DEFAULT_FORMATS = ("html", "json")
