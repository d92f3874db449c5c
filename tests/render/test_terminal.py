"""The terminal view: readable tables, and cloud text that can neither style nor control it."""

from __future__ import annotations

import io

import pytest

from auditor.render.terminal import make_console, render_terminal
from auditor.results import Results

from .samples import MARKUP


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")


def _render(results: Results, **kw: bool) -> str:
    buffer = io.StringIO()
    render_terminal(results, make_console(buffer), **kw)
    return buffer.getvalue()


def _render_coloured(results: Results, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    return _render(results)


def test_plain_text_when_not_a_terminal(full: Results) -> None:
    text = _render(full)
    assert "\x1b" not in text
    assert "Failures and errors by policy" in text


def test_colour_on_a_terminal_but_not_with_no_color(
    full: Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = _render_coloured(full, monkeypatch)
    assert "\x1b[31m" in coloured or "\x1b[1;31m" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    plain = _render_coloured(full, monkeypatch)
    assert "\x1b[31m" not in plain and "\x1b[1;31m" not in plain


def test_cloud_text_is_neither_markup_nor_control_sequences(
    full: Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in (_render(full, verbose=True), _render_coloured(full, monkeypatch)):
        assert "]0;set-title" not in text  # the OSC title sequence was stripped
        assert "\x07" not in text


def test_markup_in_a_resource_name_is_printed_literally(full: Results) -> None:
    from dataclasses import replace

    finding = next(f for f in full.findings if f.status.value == "fail")
    renamed = replace(finding, resource=replace(finding.resource, name=MARKUP))
    results = replace(full, findings=tuple(renamed if f is finding else f for f in full.findings))
    assert MARKUP in _render(results)


def test_quiet_prints_only_the_summary_line(full: Results) -> None:
    lines = [line for line in _render(full, quiet=True).splitlines() if line.strip()]
    assert len(lines) == 1
    assert "3 fail" in lines[0] and "pass rate 50%" in lines[0]


def test_verbose_adds_evidence(full: Results) -> None:
    assert "PublicAccessBlock.BlockPublicAcls" not in _render(full)
    assert "PublicAccessBlock.BlockPublicAcls" in _render(full, verbose=True)


def test_frameworks_baseline_and_waiver_notes_are_shown(full: Results) -> None:
    text = _render(full)
    assert "NCSC Cloud Security Principles" in text
    assert "New failures since the baseline: 2" in text
    assert "aws-removed-policy (policy removed)" in text
    assert "W-3" in text and "expired" in text


def test_no_baseline_sections_without_a_baseline(plain: Results) -> None:
    assert "baseline" not in _render(plain)
