"""The JSON results document: valid against its published schema, stable, re-readable."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import jsonschema

from auditor.render import json as json_format
from auditor.results import Results, results_from_dict

from .samples import full_results, plain_results


def _validate(text: str) -> dict[str, object]:
    document = json.loads(text)
    schema = json_format.results_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)
    return document


def test_output_validates_against_the_published_schema(full: Results, plain: Results) -> None:
    for results in (full, plain):
        _validate(json_format.render(results))


def test_schema_rejects_a_document_it_does_not_describe(plain: Results) -> None:
    document = json.loads(json_format.render(plain))
    document["findings"][0]["status"] = "maybe"
    errors = list(
        jsonschema.Draft202012Validator(json_format.results_json_schema()).iter_errors(document)
    )
    assert errors, "a finding with an unknown status must not validate"


def test_fixed_finding_of_a_removed_policy_is_written_without_title(full: Results) -> None:
    document = _validate(json_format.render(full))
    removed = [f for f in document["fixed"] if f["policy_id"] == "aws-removed-policy"]  # type: ignore[index,union-attr]
    assert len(removed) == 1
    assert "title" not in removed[0] and "severity" not in removed[0]


def test_order_is_stable_whatever_order_findings_arrive_in(full: Results) -> None:
    shuffled = list(full.findings)
    random.Random(7).shuffle(shuffled)
    tags_reversed = [
        replace(f, resource=replace(f.resource, tags=dict(reversed(list(f.resource.tags.items())))))
        for f in shuffled
    ]
    other = replace(
        full,
        findings=tuple(tags_reversed),
        collection_errors=tuple(reversed(full.collection_errors)),
        fixed=tuple(reversed(full.fixed)),
    )
    assert json_format.render(other) == json_format.render(full)


def test_round_trip_gives_the_same_bytes(full: Results, plain: Results) -> None:
    for results in (full, plain):
        text = json_format.render(results)
        again = results_from_dict(json.loads(text))
        assert json_format.render(again) == text


def test_every_part_survives_a_round_trip(full: Results) -> None:
    again = results_from_dict(json.loads(json_format.render(full)))
    assert again.frameworks == full.frameworks
    assert again.waiver_notes == full.waiver_notes
    assert {f.key: f.waiver for f in again.findings} == {f.key: f.waiver for f in full.findings}
    assert {f.key: f.baseline for f in again.findings} == {f.key: f.baseline for f in full.findings}
    assert sorted(f.key for f in again.fixed) == sorted(f.key for f in full.fixed)


def test_plain_results_have_empty_optional_lists() -> None:
    document = _validate(json_format.render(plain_results()))
    assert (
        document["frameworks"] == [] and document["fixed"] == [] and document["waiver_notes"] == []
    )


def test_full_results_fixture_is_what_the_other_tests_think() -> None:
    results = full_results()
    assert (
        results.frameworks and results.fixed and results.waiver_notes and results.collection_errors
    )
