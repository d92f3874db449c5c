"""The Markdown summary: what changed first, cloud text inert, and always short."""

from __future__ import annotations

from dataclasses import replace

from auditor.models import Finding, ResourceRef, Status
from auditor.render import markdown
from auditor.results import Results

from .samples import HOSTILE_NAME


def test_new_and_fixed_come_before_failing_policies(full: Results) -> None:
    text = markdown.render(full)
    assert text.index("New failures since the baseline (2)") < text.index("Failing policies")
    assert text.index("Fixed since the baseline (2)") < text.index("Failing policies")
    assert "`aws-removed-policy` (removed)" in text


def test_no_baseline_section_without_a_baseline(plain: Results) -> None:
    assert "baseline" not in markdown.render(plain)


def test_cloud_text_sits_in_code_spans(full: Results) -> None:
    text = markdown.render(full)
    assert f"`{HOSTILE_NAME}`" in text
    assert "\x1b" not in text


def test_code_span_handles_backticks_and_pipes() -> None:
    assert markdown.code("a|b") == "`a\\|b`"
    assert markdown.code("x `y` z") == "``x `y` z``"
    assert markdown.code("`edge`") == "`` `edge` ``"


def test_stays_under_a_comment_limit_for_a_big_estate(plain: Results) -> None:
    policy = next(iter(plain.policies.values()))
    findings = tuple(
        Finding(
            policy.id,
            ResourceRef(
                f"id-{i}-" + "x" * 200, policy.resource, "n" * 300, "aws", "1", "eu-west-2"
            ),
            Status.FAIL,
            baseline="new",
        )
        for i in range(5000)
    )
    text = markdown.render(replace(plain, findings=findings))
    assert len(text) < 65_536
    assert "more new failures" in text
