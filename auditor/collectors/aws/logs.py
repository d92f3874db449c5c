"""CloudWatch Logs log groups with their metric filters and the alarms on those metrics.

The CIS monitoring controls ask for a metric filter on the CloudTrail log group and
an alarm on its metric that notifies someone. Filters and alarms are each listed
once per region and joined here, so a policy reads one document per log group:
``MetricFilters[].Alarms[].AlarmActions``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from auditor.collectors.aws.base import AWS_ERRORS, AwsCollector, AwsScope, paginate
from auditor.collectors.aws.details import Details, each, plain, reason
from auditor.models import Resource

ALARM_FIELDS = (
    "AlarmName",
    "AlarmArn",
    "ActionsEnabled",
    "AlarmActions",
    "StateValue",
    "Namespace",
    "MetricName",
)


def _alarms_by_metric(scope: AwsScope) -> dict[tuple[str, str], list[dict[str, Any]]]:
    found: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    client = scope.client("cloudwatch")
    for alarm in paginate(client, "describe_alarms", "MetricAlarms", AlarmTypes=["MetricAlarm"]):
        key = (str(alarm.get("Namespace")), str(alarm.get("MetricName")))
        found[key].append({k: plain(alarm.get(k)) for k in ALARM_FIELDS})
    return found


def _filters_by_group(scope: AwsScope) -> dict[str, list[dict[str, Any]]]:
    alarms = _alarms_by_metric(scope)
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in paginate(scope.client("logs"), "describe_metric_filters", "metricFilters"):
        transforms = item.get("metricTransformations") or []
        found[str(item.get("logGroupName"))].append(
            {
                "filterName": item.get("filterName"),
                "filterPattern": item.get("filterPattern"),
                "metricTransformations": plain(transforms),
                "Alarms": [
                    alarm
                    for t in transforms
                    for alarm in alarms.get(
                        (str(t.get("metricNamespace")), str(t.get("metricName"))), []
                    )
                ],
            }
        )
    return found


def collect_log_groups(scope: AwsScope) -> list[Resource]:
    client = scope.client("logs")
    groups = list(paginate(client, "describe_log_groups", "logGroups"))
    filters: dict[str, list[dict[str, Any]]] = {}
    filters_error = None
    if groups:
        try:
            filters = _filters_by_group(scope)
        except AWS_ERRORS as exc:
            filters_error = reason(exc)

    def one(group: dict[str, Any]) -> Resource:
        name = str(group["logGroupName"])
        arn = str(group.get("logGroupArn") or str(group.get("arn", "")).removesuffix(":*"))
        d = Details(plain(group))
        if filters_error is None:
            d.props["MetricFilters"] = filters.get(name, [])
        else:
            d.fail(("MetricFilters",), filters_error)
        tags = d.read(
            "Tags",
            lambda: client.list_tags_for_resource(resourceArn=arn),
            lambda r: r.get("tags") or {},
        )
        return Resource(
            type="aws.logs.log_group",
            id=arn,
            name=name,
            provider="aws",
            account=scope.account,
            region=scope.region,
            tags={str(k): str(v) for k, v in (tags or {}).items()},
            properties=d.props,
            errors=d.errors,
        )

    return each(groups, one)


COLLECTORS = [
    AwsCollector(
        resource_type="aws.logs.log_group",
        regional=True,
        operations=(
            "logs:DescribeLogGroups",
            "logs:DescribeMetricFilters",
            "logs:ListTagsForResource",
            "cloudwatch:DescribeAlarms",
        ),
        collect=collect_log_groups,
    )
]
