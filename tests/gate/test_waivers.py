"""Waiver files: validation by file and line, matching, expiry and stale waivers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.models import Status
from auditor.waivers import apply_waivers, find_waivers, load_waivers
from tests.render.samples import plain_results

TODAY = date(2026, 3, 1)

GOOD = """\
waivers:
  - id: W-1
    policy: aws-a
    resources: ["arn:aws:s3:::beta"]
    reason: Static website, accepted by the SIRO
    approved_by: jane.smith@example.gov.uk
    expires: 2026-06-30
  - id: W-2
    policy: aws-*
    tags: {team: web*}
    reason: Web team buckets are public by design
    approved_by: cto@example.gov.uk
    expires: 2026-12-31
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(text)
    return path


def test_a_valid_file_loads(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, GOOD), today=TODAY)
    assert [w.id for w in waivers] == ["W-1", "W-2"]
    assert waivers[0].expires == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            GOOD.replace("    reason: Static", "    colour: red\n    reason: Static"),
            5,
            "unknown key",
        ),
        (GOOD.replace("    expires: 2026-06-30\n", ""), 2, "missing required key 'expires'"),
        (GOOD.replace("2026-06-30", "2028-01-01"), 7, "more than 366 days ahead"),
        (GOOD.replace("2026-06-30", "2026-02-30"), None, "cannot be read"),
        (GOOD.replace("W-2", "W-1"), 8, "duplicate waiver id 'W-1' (first on line 2)"),
        (GOOD.replace('    resources: ["arn:aws:s3:::beta"]\n', ""), 2, "must name resources"),
        ("waivers:\n  - id: W-1\n    id: W-2\n", 3, "duplicate key 'id'"),
        (GOOD.replace("Static website, accepted by the SIRO", '"  "'), 5, "at least 1 character"),
    ],
)
def test_invalid_files_name_file_and_line(
    tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_waivers(path, today=TODAY)
    text = str(caught.value)
    assert str(path) in text and message in text
    if line is not None:
        assert f"line {line}" in text


def test_an_active_waiver_waives_only_matching_failures(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, GOOD), today=TODAY)
    results = apply_waivers(plain_results(), waivers[:1], today=TODAY)
    waived = [f for f in results.findings if f.status is Status.WAIVED]
    assert [(f.policy_id, f.resource.name) for f in waived] == [("aws-a", "beta")]
    assert waived[0].waiver == {
        "id": "W-1",
        "reason": "Static website, accepted by the SIRO",
        "approved_by": "jane.smith@example.gov.uk",
        "expires": "2026-06-30",
    }
    still = {(f.policy_id, f.resource.name) for f in results.findings if f.status is Status.FAIL}
    assert still == {("aws-b", "alpha"), ("aws-b", "beta")}
    assert results.waiver_notes == ()


def test_tags_and_name_globs_match(tmp_path: Path) -> None:
    base = plain_results()
    tagged = tuple(
        replace(f, resource=replace(f.resource, tags={"team": "website"}))
        if f.resource.name == "alpha"
        else f
        for f in base.findings
    )
    waivers = load_waivers(write(tmp_path, GOOD), today=TODAY)[1:]
    results = apply_waivers(replace(base, findings=tagged), waivers, today=TODAY)
    waived = {(f.policy_id, f.resource.name) for f in results.findings if f.waiver}
    assert waived == {("aws-b", "alpha")}  # alpha passes aws-a: only failures are waived


def test_an_expired_waiver_stops_applying_and_is_reported(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, GOOD), today=TODAY)[:1]
    results = apply_waivers(plain_results(), waivers, today=date(2026, 7, 1))
    assert not any(f.status is Status.WAIVED for f in results.findings)
    [note] = results.waiver_notes
    assert note["waiver"] == "W-1" and note["kind"] == "expired"
    assert "2026-06-30" in note["message"] and "1 failure" in note["message"]


def test_a_waiver_matching_nothing_is_stale(tmp_path: Path) -> None:
    text = GOOD.replace('["arn:aws:s3:::beta"]', '["arn:aws:s3:::gone-*"]')
    waivers = load_waivers(write(tmp_path, text), today=TODAY)[:1]
    results = apply_waivers(plain_results(), waivers, today=TODAY)
    assert [(n["waiver"], n["kind"]) for n in results.waiver_notes] == [("W-1", "stale")]
    typo = load_waivers(
        write(tmp_path, GOOD.replace("policy: aws-a", "policy: aws-q")), today=TODAY
    )
    notes = apply_waivers(plain_results(), typo[:1], today=TODAY).waiver_notes
    assert "matches no policy in this run" in notes[0]["message"]


def test_a_waiver_about_to_expire_is_flagged(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, GOOD), today=TODAY)[:1]
    results = apply_waivers(plain_results(), waivers, today=date(2026, 6, 25))
    assert [n["kind"] for n in results.waiver_notes] == ["expiring"]
    assert any(f.status is Status.WAIVED for f in results.findings)


def test_an_error_is_never_waived(tmp_path: Path) -> None:
    base = plain_results()
    errored = tuple(
        replace(f, status=Status.ERROR, message="AccessDenied") if f.status is Status.FAIL else f
        for f in base.findings
    )
    waivers = load_waivers(write(tmp_path, GOOD.replace("aws-a", "aws-*")), today=TODAY)[:1]
    results = apply_waivers(replace(base, findings=errored), waivers, today=TODAY)
    assert not any(f.status is Status.WAIVED for f in results.findings)
    assert [n["kind"] for n in results.waiver_notes] == ["stale"]


def test_the_waiver_file_is_found_or_named(tmp_path: Path) -> None:
    assert find_waivers(None, None, tmp_path) is None
    path = write(tmp_path, GOOD)
    assert find_waivers(None, None, tmp_path) == path
    with pytest.raises(ConfigError, match="does not exist"):
        find_waivers(tmp_path / "missing.yaml", None, tmp_path)


def test_an_overlapping_waiver_is_not_stale(tmp_path: Path) -> None:
    text = GOOD.replace(
        "policy: aws-*\n    tags: {team: web*}", 'policy: aws-a\n    resources: ["*"]'
    )
    waivers = load_waivers(write(tmp_path, text), today=TODAY)
    results = apply_waivers(plain_results(), waivers, today=TODAY)
    [waived] = [f for f in results.findings if f.status is Status.WAIVED]
    assert waived.waiver is not None and waived.waiver["id"] == "W-1"  # the first in the file
    assert results.waiver_notes == ()
