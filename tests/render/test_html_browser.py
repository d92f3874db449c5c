"""The HTML report in headless Chromium: what a person sees and can do with it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from auditor.models import Finding, Status
from auditor.render import html
from auditor.results import Results

from .browser import Visit, browser, open_report
from .samples import HOSTILE_NAME, HOSTILE_TAG, ref

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the session fixture, imported so pytest sees it here


@pytest.fixture
def full_page(browser: Any, full: Results, tmp_path: Path) -> Visit:
    path = tmp_path / "report.html"
    path.write_text(html.render(full), encoding="utf-8")
    visit = open_report(browser, path)
    yield visit
    visit.page.context.close()


def _shown(visit: Visit) -> int:
    return int(visit.page.get_attribute("#shown", "data-total") or "-1")


def _wait_total(page: Any, total: int) -> None:
    # An arrow function, not an expression: the report's CSP forbids eval of strings.
    page.wait_for_function(
        "n => document.querySelector('#shown').dataset.total === String(n)", arg=total
    )


def _rows(visit: Visit) -> int:
    return visit.page.locator("#findings-table tbody tr[data-index]").count()


def _select(visit: Visit, selector: str, value: str) -> None:
    visit.page.select_option(selector, value)  # the change handler filters synchronously


def test_renders_without_errors_or_requests(full_page: Visit) -> None:
    page = full_page.page
    assert page.title().startswith("Cloud security audit report")
    assert page.is_visible("text=Executive summary")
    assert _shown(full_page) == 8 and _rows(full_page) == 8
    assert full_page.console == [] and full_page.errors == []
    assert full_page.foreign_requests() == []


def test_filters(full_page: Visit) -> None:
    page = full_page.page
    _select(full_page, "#f-status", "fail")
    assert _shown(full_page) == 3
    _select(full_page, "#f-severity", "critical")
    assert _shown(full_page) == 1
    page.click("#f-reset")
    _wait_total(page, 8)
    _select(full_page, "#f-provider", "azure")
    assert _shown(full_page) == 1
    page.click("#f-reset")
    _select(full_page, "#f-region", "us-east-1")
    assert _shown(full_page) == 2
    page.click("#f-reset")
    _select(full_page, "#f-type", "azure.storage.account")
    assert _shown(full_page) == 1
    page.click("#f-reset")
    _select(full_page, "#f-framework", "ncsc-csp:1")
    assert _shown(full_page) == 1
    page.click("#f-reset")
    _select(full_page, "#f-baseline", "new")
    assert _shown(full_page) == 2
    page.click("#f-reset")
    page.fill("#f-text", "OFFICIAL-SENSITIVE")  # a tag value
    _wait_total(page, 3)
    page.fill("#f-text", "no such thing anywhere")
    _wait_total(page, 0)
    assert page.is_visible("text=No finding matches these filters.")
    assert full_page.errors == []


def test_framework_drill_down_to_findings(full_page: Visit) -> None:
    page = full_page.page
    control = page.locator('#fw-ncsc-csp tr[data-control="ncsc-csp:11"]')
    control.locator("summary").click()
    assert control.locator("text=S3 buckets block public access").is_visible()
    control.locator("button", has_text="Show all findings for ncsc-csp 11").click()
    _wait_total(page, 3)
    assert page.input_value("#f-framework") == "ncsc-csp:11"
    titles = page.locator("#findings-table tbody tr[data-index] td:nth-child(4)").all_inner_texts()
    assert all("S3 buckets block public access" in t for t in titles)


def test_policy_drill_down_from_the_worst_failures(full_page: Visit) -> None:
    page = full_page.page
    page.locator("#summary button[data-policy='azure-storage-https']").click()
    _wait_total(page, 1)
    assert page.input_value("#f-policy") == "azure-storage-https"
    assert page.input_value("#f-status") == "fail"


def test_account_drill_down_from_the_accounts_table(full_page: Visit) -> None:
    page = full_page.page
    subscription = "00000000-0000-0000-0000-000000000001"
    page.locator(f"#summary button[data-account='{subscription}']").click()
    _wait_total(page, 1)
    assert page.input_value("#f-account") == subscription
    accounts = page.locator("#findings-table tbody tr[data-index]").all_inner_texts()
    assert all(subscription in row for row in accounts)


def test_finding_detail_shows_evidence_waiver_and_escaped_tags(full_page: Visit) -> None:
    page = full_page.page
    _select(full_page, "#f-status", "waived")
    page.click("#findings-table button.details")
    detail = page.locator("#findings-table tr.detail")
    text = detail.inner_text()
    for expected in (
        "Public website assets, approved by the SIRO",
        "jane.smith@example.gov.uk",
        "2026-06-30",
        "PublicAccessBlock.BlockPublicAcls",
        "Fix aws-s3-public.",
    ):
        assert expected in text, expected
    page.click("#f-reset")
    _select(full_page, "#f-baseline", "new")
    _select(full_page, "#f-provider", "aws")
    button = page.locator("#findings-table button.details").first
    button.focus()
    page.keyboard.press("Enter")  # keyboard works as well as the mouse
    assert page.get_attribute("#findings-table button.details", "aria-expanded") == "true"
    tag_values = page.locator("#findings-table tr.detail td.tag-value").all_inner_texts()
    assert HOSTILE_TAG in tag_values
    assert (
        HOSTILE_NAME
        in page.locator("#findings-table tr[data-index] .resource-name").first.inner_text()
    )
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0
    assert full_page.dialogs == [] and full_page.foreign_requests() == []


def test_sorting(full_page: Visit) -> None:
    page = full_page.page
    page.click("button.sort[data-sort='severity']")
    first = page.locator("#findings-table tbody tr[data-index] td:nth-child(3)").first.inner_text()
    assert first.lower() == "critical"
    assert (
        page.get_attribute("th:has(button.sort[data-sort='severity'])", "aria-sort") == "ascending"
    )
    page.click("button.sort[data-sort='severity']")
    first = page.locator("#findings-table tbody tr[data-index] td:nth-child(3)").first.inner_text()
    assert first.lower() == "low"


def test_pages_through_many_findings(browser: Any, plain: Results, tmp_path: Path) -> None:
    policy = next(iter(plain.policies))
    findings = tuple(
        Finding(policy, ref(f"bucket-{i:04d}"), Status.FAIL if i % 3 else Status.PASS)
        for i in range(130)
    )
    path = tmp_path / "many.html"
    path.write_text(html.render(replace(plain, findings=findings)), encoding="utf-8")
    visit = open_report(browser, path)
    page = visit.page
    assert _rows(visit) == 50
    assert "Showing 1–50 of 130" in page.inner_text("#shown")
    page.click("#next")
    assert "Showing 51–100 of 130" in page.inner_text("#shown")
    page.click("#next")
    assert "Showing 101–130 of 130" in page.inner_text("#shown")
    assert page.is_disabled("#next")
    page.select_option("#page-size", "250")
    assert _rows(visit) == 130
    assert visit.errors == [] and visit.console == []
    page.context.close()


def test_print_shows_everything_and_hides_controls(full_page: Visit) -> None:
    page = full_page.page
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("Array.from(document.querySelectorAll('details')).every(d => d.open)")
    assert not page.is_visible("#filters")
    assert page.is_visible("#print-note")
    assert page.pdf()[:4] == b"%PDF"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.is_visible("#filters")


def test_waived_failures_are_listed_with_reason_and_approver(full_page: Visit) -> None:
    page = full_page.page
    assert page.is_visible("#waived-h")
    table = page.locator("table[aria-describedby='waived-h']")
    text = table.inner_text()
    assert "W-7" in text and "Public website assets, approved by the SIRO" in text
    assert "jane.smith@example.gov.uk" in text and "2026-06-30" in text
