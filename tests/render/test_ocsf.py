"""OCSF Compliance Finding events: one per finding with the class's required attributes."""

from __future__ import annotations

import json

from auditor.render import ocsf
from auditor.results import Results

REQUIRED = {
    "activity_id",
    "category_uid",
    "class_uid",
    "type_uid",
    "time",
    "severity_id",
    "metadata",
    "finding_info",
    "compliance",
}


def test_one_event_per_finding_with_required_attributes(full: Results) -> None:
    events = json.loads(ocsf.render(full))
    assert len(events) == len(full.findings)
    for event in events:
        assert REQUIRED <= set(event)
        assert event["class_uid"] == 2003 and event["type_uid"] == 200301
        assert event["metadata"]["product"]["name"] == "auditor"
        assert event["finding_info"]["uid"] and event["finding_info"]["title"]


def test_status_mapping(full: Results) -> None:
    events = json.loads(ocsf.render(full))
    waived = [e for e in events if e["status"] == "Suppressed"]
    assert len(waived) == 1 and waived[0]["compliance"]["status"] == "Fail"
    assert waived[0]["unmapped"]["waiver"]["id"] == "W-7"
    assert {e["compliance"]["status"] for e in events} == {"Pass", "Fail", "Unknown"}
