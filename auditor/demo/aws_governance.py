"""Seed the demo account's governance estate: trail, keys, logs, messaging and the rest.

Like the buckets, some of the department's resources are well configured and some are
not, so every governance policy has something to pass and something to fail.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from auditor.demo.aws import PREFIX

HOME = "eu-west-2"
ACCOUNT = "123456789012"  # moto's account
CIS_FILTERS = {
    # CIS monitoring patterns the department has alarms for; the others are missing.
    "root-usage": (
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
        '&& $.eventType != "AwsServiceEvent" }'
    ),
    "cloudtrail-changes": (
        "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || "
        "($.eventName = DeleteTrail) || ($.eventName = StartLogging) || "
        "($.eventName = StopLogging) }"
    ),
    "console-signin-without-mfa": (
        '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'
    ),
}


def _client(service: str, region: str = HOME) -> Any:
    return boto3.client(service, region_name=region)  # type: ignore[call-overload]


def _account() -> None:
    iam = _client("iam")
    iam.create_account_alias(AccountAlias=f"{PREFIX}-production")
    iam.update_account_password_policy(MinimumPasswordLength=12, PasswordReusePrevention=24)
    iam.create_user(UserName=f"{PREFIX}-caseworker")
    iam.create_login_profile(UserName=f"{PREFIX}-caseworker", Password="Demo-only-password-1")
    iam.create_user(UserName=f"{PREFIX}-deploy")
    iam.create_access_key(UserName=f"{PREFIX}-deploy")
    _client("account").put_alternate_contact(
        AlternateContactType="SECURITY",
        EmailAddress="security@dfdr.example.gov.uk",
        Name="DfDR security team",
        PhoneNumber="+442079460000",
        Title="Security operations",
    )
    _client("ec2").enable_ebs_encryption_by_default()
    _client("guardduty").create_detector(Enable=True)
    _client("securityhub").enable_security_hub()


def _trail_and_monitoring() -> None:
    bucket = f"{PREFIX}-cloudtrail-logs"
    _client("s3").create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": HOME}
    )
    logs = _client("logs")
    group = f"/{PREFIX}/cloudtrail"
    logs.create_log_group(logGroupName=group, tags={"department": "digital-records"})
    logs.put_retention_policy(logGroupName=group, retentionInDays=400)
    group_arn = f"arn:aws:logs:{HOME}:{ACCOUNT}:log-group:{group}:*"
    trail = _client("cloudtrail")
    trail.create_trail(
        Name=f"{PREFIX}-organisation-trail",
        S3BucketName=bucket,
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
        CloudWatchLogsLogGroupArn=group_arn,
        CloudWatchLogsRoleArn=f"arn:aws:iam::{ACCOUNT}:role/{PREFIX}-trail-to-logs",
        TagsList=[{"Key": "department", "Value": "digital-records"}],
    )
    trail.start_logging(Name=f"{PREFIX}-organisation-trail")

    topic = _client("sns").create_topic(
        Name=f"{PREFIX}-security-alerts", Attributes={"KmsMasterKeyId": "alias/aws/sns"}
    )["TopicArn"]
    alarms = _client("cloudwatch")
    for name, pattern in CIS_FILTERS.items():
        logs.put_metric_filter(
            logGroupName=group,
            filterName=name,
            filterPattern=pattern,
            metricTransformations=[
                {"metricName": name, "metricNamespace": "CISBenchmark", "metricValue": "1"}
            ],
        )
        alarms.put_metric_alarm(
            AlarmName=f"{PREFIX}-{name}",
            MetricName=name,
            Namespace="CISBenchmark",
            Statistic="Sum",
            Period=300,
            EvaluationPeriods=1,
            Threshold=1,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            # the console sign-in alarm was set up without anyone to tell
            AlarmActions=[] if name == "console-signin-without-mfa" else [topic],
        )
    logs.create_log_group(logGroupName=f"/{PREFIX}/app/case-portal")
    logs.put_retention_policy(logGroupName=f"/{PREFIX}/app/case-portal", retentionInDays=14)
    _client("logs", "eu-west-1").create_log_group(logGroupName=f"/{PREFIX}/analytics/exports")


def _keys() -> None:
    kms = _client("kms")
    records = kms.create_key(
        Description="Citizen records",
        Tags=[{"TagKey": "department", "TagValue": "digital-records"}],
    )["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=records)
    kms.create_key(
        Description="Legacy export key <script>alert(1)</script>",
        Tags=[{"TagKey": "owner", "TagValue": "[bold red]legacy team[/]"}],
    )
    shared = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"},
        ],
    }
    _client("kms", "eu-west-1").create_key(
        Description="Analytics sharing key", Policy=json.dumps(shared)
    )


def _messaging() -> None:
    sns = _client("sns")
    open_topic = sns.create_topic(Name=f"{PREFIX}-public-notices")["TopicArn"]
    sns.set_topic_attributes(
        TopicArn=open_topic,
        AttributeName="Policy",
        AttributeValue=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": "*"},
                        "Action": ["SNS:Subscribe", "SNS:Publish"],
                        "Resource": open_topic,
                    }
                ],
            }
        ),
    )
    sqs = _client("sqs")
    sqs.create_queue(QueueName=f"{PREFIX}-case-intake", tags={"department": "digital-records"})
    sqs.create_queue(
        QueueName=f"{PREFIX}-legacy-batch",
        Attributes={
            "SqsManagedSseEnabled": "false",
            "Policy": json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage"}
                    ],
                }
            ),
        },
    )


def _data_services() -> None:
    ecr = _client("ecr")
    ecr.create_repository(
        repositoryName=f"{PREFIX}/case-portal",
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
    )
    ecr.create_repository(repositoryName=f"{PREFIX}/batch-jobs")

    ddb = _client("dynamodb")
    key: Any = {
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    ddb.create_table(
        TableName=f"{PREFIX}-cases", SSESpecification={"Enabled": True, "SSEType": "KMS"}, **key
    )
    ddb.update_continuous_backups(
        TableName=f"{PREFIX}-cases",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )
    ddb.create_table(TableName=f"{PREFIX}-session-cache", **key)

    _client("secretsmanager").create_secret(
        Name=f"{PREFIX}/case-portal/database", SecretString="demo-only"
    )
    _client("acm").request_certificate(
        DomainName="records.dfdr.example.gov.uk",
        ValidationMethod="DNS",
        Tags=[{"Key": "service", "Value": "case-portal"}],
    )


def seed_governance() -> None:
    """Create the department's account settings, audit trail and supporting services."""
    from moto.moto_api._internal import mock_random

    # moto draws key ids, certificate and secret ARNs at random; a fixed seed keeps them
    # the same from run to run, so a baseline of one demo run matches the next
    mock_random.seed(PREFIX)
    _account()
    _trail_and_monitoring()
    _keys()
    _messaging()
    _data_services()
