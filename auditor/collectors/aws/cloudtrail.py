"""CloudTrail trails, each described once, in the region it lives in.

``DescribeTrails`` with shadow trails shows a multi-region trail in every region. A
trail is kept by the scan of its home region, or, when its home region is not being
scanned, by the first scanned region, so each trail appears once and its status,
event selectors and tags are read once.
"""

from __future__ import annotations

from typing import Any

from auditor.collectors.aws.base import AwsCollector, AwsScope
from auditor.collectors.aws.details import Details, each, plain, tag_dict
from auditor.models import Resource


def _owned_here(trail: dict[str, Any], scope: AwsScope) -> bool:
    home = trail.get("HomeRegion") or scope.region
    if home == scope.region:
        return True
    scanned = scope.regions or (scope.region,)
    return home not in scanned and scope.region == min(scanned)


def _first_tag_list(reply: dict[str, Any]) -> list[Any]:
    for entry in reply.get("ResourceTagList") or ():
        return list(entry.get("TagsList") or ())
    return []


def collect_trails(scope: AwsScope) -> list[Resource]:
    client = scope.client("cloudtrail")
    trails = [
        t
        for t in client.describe_trails(includeShadowTrails=True).get("trailList", [])
        if _owned_here(t, scope)
    ]

    def one(trail: dict[str, Any]) -> Resource:
        arn = str(trail["TrailARN"])
        d = Details(plain(trail))
        d.read(
            "Status",
            lambda: client.get_trail_status(Name=arn),
        )
        d.read(
            "EventSelectors",
            lambda: client.get_event_selectors(TrailName=arn),
            lambda r: {
                "EventSelectors": r.get("EventSelectors") or [],
                "AdvancedEventSelectors": r.get("AdvancedEventSelectors") or [],
            },
        )
        tags = d.read(
            "TagsList",
            lambda: client.list_tags(ResourceIdList=[arn]),
            _first_tag_list,
        )
        return Resource(
            type="aws.cloudtrail.trail",
            id=arn,
            name=str(trail.get("Name", arn)),
            provider="aws",
            account=scope.account,
            region=str(trail.get("HomeRegion") or scope.region),
            tags=tag_dict(tags),
            properties=d.props,
            errors=d.errors,
        )

    return each(trails, one)


COLLECTORS = [
    AwsCollector(
        resource_type="aws.cloudtrail.trail",
        regional=True,
        operations=(
            "cloudtrail:DescribeTrails",
            "cloudtrail:GetTrailStatus",
            "cloudtrail:GetEventSelectors",
            "cloudtrail:ListTags",
        ),
        collect=collect_trails,
    )
]
