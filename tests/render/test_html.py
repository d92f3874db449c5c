"""The HTML report as a file: self-contained, locked down by its CSP, cloud text escaped."""

from __future__ import annotations

import base64
import hashlib
import json
import re

from lxml import html as lxml_html

from auditor.render import html
from auditor.render import json as json_format
from auditor.results import Results

from .samples import HOSTILE_NAME, HOSTILE_TAG


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_csp_allows_exactly_the_inline_script_and_style(full: Results) -> None:
    page = html.render(full)
    doc = lxml_html.fromstring(page)
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert "default-src 'none'" in csp and "unsafe" not in csp
    scripts = [s for s in doc.xpath("//script") if s.get("type") != "application/json"]
    assert len(scripts) == 1
    script_text = re.search(r"<script>(.*?)</script>", page, re.S).group(1)  # type: ignore[union-attr]
    style_text = re.search(r"<style>(.*?)</style>", page, re.S).group(1)  # type: ignore[union-attr]
    assert f"script-src {_hash(script_text)}" in csp
    assert f"style-src {_hash(style_text)}" in csp


def test_nothing_is_loaded_from_anywhere(full: Results) -> None:
    doc = lxml_html.fromstring(html.render(full))
    assert doc.xpath("//*[@src]") == []
    assert doc.xpath("//link") == []
    assert doc.xpath("//*[@style]") == []
    assert doc.xpath("//iframe|//object|//embed|//img") == []


def test_hostile_cloud_text_never_appears_as_markup(full: Results) -> None:
    page = html.render(full)
    assert "<img" not in page
    assert HOSTILE_TAG not in page
    assert page.count("<script") == 2  # the data block and the report's own script


def test_hostile_text_survives_as_data(full: Results) -> None:
    doc = lxml_html.fromstring(html.render(full))
    block = doc.xpath('//script[@id="report-data"]')[0].text
    data = json.loads(block)
    assert any(r[1] == HOSTILE_NAME for r in data["resources"])
    assert any(HOSTILE_TAG in r[6].values() for r in data["resources"])
    visible = doc.text_content()
    assert HOSTILE_NAME in visible  # escaped by jinja2 in the summary, shown as text


def test_states_the_sha256_of_the_results_document(full: Results) -> None:
    digest = hashlib.sha256(json_format.render(full).encode()).hexdigest()
    doc = lxml_html.fromstring(html.render(full))
    assert doc.xpath('//code[@id="results-sha256"]')[0].text == digest
    assert doc.xpath('//meta[@name="results-sha256"]/@content') == [digest]


def test_summary_shows_scope_changes_and_frameworks(full: Results) -> None:
    doc = lxml_html.fromstring(html.render(full))
    summary = doc.xpath('//section[@id="summary"]')[0].text_content()
    for expected in (
        "arn:aws:iam::111111111111:role/auditor-readonly",
        "00000000-0000-0000-0000-000000000001",
        "New failures (2)",
        "Fixed since the baseline (2)",
        "policy no longer present",
        "W-3",
        "Coverage is incomplete",
        "NCSC Cloud Security Principles",
    ):
        assert expected in summary, expected
    controls = doc.xpath('//section[@id="fw-ncsc-csp"]//tr[@data-control]')
    assert [c.get("data-control") for c in controls] == [
        "ncsc-csp:1",
        "ncsc-csp:2",
        "ncsc-csp:3",
        "ncsc-csp:4",
        "ncsc-csp:11",
    ]
    statuses = [c.xpath("string(td[last()])").strip() for c in controls]
    assert statuses == ["Fail", "Fail", "Not covered", "Manual", "Fail"]


def test_derived_framework_view_without_definitions(plain: Results) -> None:
    doc = lxml_html.fromstring(html.render(plain))
    section = doc.xpath('//section[@id="fw-ncsc-csp"]')[0].text_content()
    assert "carry no definition of this framework" in section
