"""The log group collector against moto: retention, metric filters and their alarms."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from tests.collectors.aws.governance import ACCOUNT, scan, scan_denied, statuses

ROOT_PATTERN = (
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
    '&& $.eventType != "AwsServiceEvent" }'
)
TYPES = {"aws.account", "aws.logs.log_group"}


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    with mock_aws():
        yield


def _trail_group(alarm_actions: list[str]) -> None:
    logs = boto3.client("logs", region_name="eu-west-2")
    logs.create_log_group(logGroupName="cloudtrail", tags={"purpose": "audit"})
    logs.put_retention_policy(logGroupName="cloudtrail", retentionInDays=400)
    logs.put_metric_filter(
        logGroupName="cloudtrail",
        filterName="root-usage",
        filterPattern=ROOT_PATTERN,
        metricTransformations=[
            {"metricName": "RootUsage", "metricNamespace": "CISBenchmark", "metricValue": "1"}
        ],
    )
    boto3.client("cloudwatch", region_name="eu-west-2").put_metric_alarm(
        AlarmName="root-usage",
        MetricName="RootUsage",
        Namespace="CISBenchmark",
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        AlarmActions=alarm_actions,
    )


def test_log_groups_carry_filters_with_their_alarms(aws: None) -> None:
    topic = boto3.client("sns", region_name="eu-west-2").create_topic(Name="alerts")["TopicArn"]
    _trail_group([topic])
    boto3.client("logs", region_name="eu-west-2").create_log_group(logGroupName="app")

    inventory = scan(TYPES)
    assert inventory.errors == ()
    groups = {r.name: r for r in inventory.resources if r.type == "aws.logs.log_group"}
    trail = groups["cloudtrail"]
    assert trail.id == f"arn:aws:logs:eu-west-2:{ACCOUNT}:log-group:cloudtrail"
    assert trail.tags == {"purpose": "audit"}
    (metric_filter,) = trail.properties["MetricFilters"]
    assert metric_filter["filterPattern"] == ROOT_PATTERN
    (alarm,) = metric_filter["Alarms"]
    assert alarm["AlarmActions"] == [topic]
    assert groups["app"].properties["MetricFilters"] == []

    assert statuses("aws-logs-group-retention", inventory) == {"cloudtrail": "pass", "app": "pass"}
    assert statuses("aws-account-monitoring-root-usage", inventory) == {ACCOUNT: "pass"}
    assert statuses("aws-account-monitoring-cloudtrail-changes", inventory) == {ACCOUNT: "fail"}


def test_an_alarm_without_a_notification_does_not_count(aws: None) -> None:
    _trail_group([])
    inventory = scan(TYPES)
    assert statuses("aws-account-monitoring-root-usage", inventory) == {ACCOUNT: "fail"}


def test_unreadable_metric_filters_are_an_error_finding(aws: None) -> None:
    _trail_group([])
    inventory = scan_denied(["logs:DescribeMetricFilters"], TYPES)
    (group,) = (r for r in inventory.resources if r.type == "aws.logs.log_group")
    assert "AccessDenied" in group.errors["MetricFilters"]
    assert group.properties["retentionInDays"] == 400
    assert statuses("aws-account-monitoring-root-usage", inventory) == {ACCOUNT: "error"}
    assert statuses("aws-logs-group-retention", inventory) == {"cloudtrail": "pass"}
