"""Renderers turn Results into files. They take results and nothing else.

The table maps a format name to the module that renders it, so a renderer's
dependencies (jinja2 for HTML) are imported only when that format is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

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
    "html": OutputFormat(
        "html", "auditor-report.html", "auditor.render.html", "self-contained HTML report"
    ),
    "json": OutputFormat(
        "json", "auditor-results.json", "auditor.render.json", "versioned results document"
    ),
}
DEFAULT_FORMATS = ("html", "json")
