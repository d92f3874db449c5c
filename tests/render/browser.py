"""Open a report in the system's headless Chromium and record what it does.

In CI (the CI variable is set) browser tests always run and fail when Chromium is
missing. Elsewhere they are skipped, with the reason, on a machine without Chromium, so
the README's quick start works with only Python and pip; AUDITOR_SKIP_BROWSER=1 skips
them locally even where Chromium exists.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    for candidate in (os.environ.get("AUDITOR_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    message = "Chromium is not installed (Debian package 'chromium'; .ci/run installs it)."
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message + " Browser tests skipped outside CI.")


def skip_unless_browser_wanted() -> None:
    if os.environ.get("AUDITOR_SKIP_BROWSER") == "1" and not os.environ.get("CI"):
        pytest.skip("AUDITOR_SKIP_BROWSER=1")


@dataclass
class Visit:
    """A page plus everything it logged or tried to fetch."""

    page: Any
    url: str
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        return [r for r in self.requests if r != self.url and not r.startswith("data:")]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    skip_unless_browser_wanted()
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def open_report(browser: Any, path: Path, width: int = 1280) -> Visit:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    visit = Visit(page, path.resolve().as_uri())

    def on_route(route: Any) -> None:
        if route.request.url == visit.url:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", on_route)  # nothing may leave the machine, even if a test fails
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on(
        "console",
        lambda m: (
            visit.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda e: visit.errors.append(str(e)))
    page.on("dialog", lambda d: (visit.dialogs.append(d.message), d.dismiss()))
    page.goto(visit.url)
    page.wait_for_selector("html[data-ready=true]", timeout=60_000)
    return visit
