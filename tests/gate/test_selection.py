"""Policy selection by id, framework, severity and tag, with exclusions."""

from __future__ import annotations

import pytest

from auditor.errors import ConfigError
from auditor.models import Severity
from auditor.pipeline import select_policies
from auditor.selection import Filter, Selection

BUILTIN = {p.id: p for p in select_policies()}


def ids(selection: Selection) -> set[str]:
    return {p.id for p in select_policies(selection=selection)}


def test_no_selection_keeps_everything() -> None:
    assert ids(Selection()) == set(BUILTIN)


def test_ids_are_globs_and_repeatable() -> None:
    chosen = ids(
        Selection(include=Filter(ids=("aws-s3-bucket-*-public*", "aws-s3-bucket-uk-region")))
    )
    assert chosen == {
        "aws-s3-bucket-policy-not-public",
        "aws-s3-bucket-acl-not-public",
        "aws-s3-bucket-uk-region",
    }


def test_min_severity_and_exclusions() -> None:
    high = ids(Selection(min_severity=Severity.HIGH))
    assert high == {k for k, p in BUILTIN.items() if p.severity.rank >= Severity.HIGH.rank}
    rest = ids(Selection(exclude=Filter(ids=("aws-s3-bucket-acl-*",), severities=(Severity.LOW,))))
    assert "aws-s3-bucket-acl-not-public" not in rest
    assert all(BUILTIN[p].severity is not Severity.LOW for p in rest)


def test_frameworks_are_globs() -> None:
    chosen = ids(Selection(include=Filter(frameworks=("uk-*",))))
    assert chosen == {k for k, p in BUILTIN.items() if p.frameworks.get("uk-data-residency")}


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        (Selection(include=Filter(ids=("aws-nope-*",))), "No loaded policy matches"),
        (Selection(include=Filter(frameworks=("nist-*",))), "Unknown framework 'nist-"),
        (
            Selection(include=Filter(ids=("aws-s3-bucket-uk-region",)), min_severity=Severity.HIGH),
            "matches none of the",
        ),
    ],
)
def test_a_selection_of_nothing_is_an_error(selection: Selection, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        select_policies(selection=selection)
