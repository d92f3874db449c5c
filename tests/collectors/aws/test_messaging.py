"""The SNS and SQS collectors against moto: encryption and public access policies."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from tests.collectors.aws.governance import ACCOUNT, scan, scan_denied, statuses

PUBLIC = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage"}],
    }
)


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    with mock_aws():
        yield


def test_topics(aws: None) -> None:
    sns = boto3.client("sns", region_name="eu-west-2")
    sns.create_topic(
        Name="alerts",
        Attributes={"KmsMasterKeyId": "alias/aws/sns"},
        Tags=[{"Key": "team", "Value": "security"}],
    )
    public = sns.create_topic(Name="open")["TopicArn"]
    sns.set_topic_attributes(
        TopicArn=public,
        AttributeName="Policy",
        AttributeValue=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "SNS:Publish"}
                ],
            }
        ),
    )
    inventory = scan({"aws.sns.topic"})
    assert inventory.errors == ()
    topics = {r.name: r for r in inventory.resources}
    assert topics["alerts"].id == f"arn:aws:sns:eu-west-2:{ACCOUNT}:alerts"
    assert topics["alerts"].tags == {"team": "security"}
    assert isinstance(topics["alerts"].properties["Attributes"]["Policy"], dict)
    assert statuses("aws-sns-topic-encrypted", inventory) == {"alerts": "pass", "open": "fail"}
    # moto's default topic policy allows "*" with an AWS:SourceOwner condition: not public
    assert statuses("aws-sns-topic-not-public", inventory) == {"alerts": "pass", "open": "fail"}


def test_queues(aws: None) -> None:
    sqs = boto3.client("sqs", region_name="eu-west-2")
    sqs.create_queue(QueueName="intake", tags={"team": "records"})
    sqs.create_queue(
        QueueName="legacy", Attributes={"SqsManagedSseEnabled": "false", "Policy": PUBLIC}
    )
    inventory = scan({"aws.sqs.queue"})
    assert inventory.errors == ()
    queues = {r.name: r for r in inventory.resources}
    assert queues["intake"].id == f"arn:aws:sqs:eu-west-2:{ACCOUNT}:intake"
    assert queues["intake"].tags == {"team": "records"}
    assert queues["legacy"].properties["Attributes"]["Policy"]["Statement"][0]["Principal"] == "*"
    assert statuses("aws-sqs-queue-encrypted", inventory) == {"intake": "pass", "legacy": "fail"}
    assert statuses("aws-sqs-queue-not-public", inventory) == {"intake": "pass", "legacy": "fail"}


def test_denied_queue_attributes_are_an_error_finding(aws: None) -> None:
    boto3.client("sqs", region_name="eu-west-2").create_queue(QueueName="intake")
    inventory = scan_denied(["sqs:GetQueueAttributes"], {"aws.sqs.queue"})
    (queue,) = inventory.resources
    assert "AccessDenied" in queue.errors["Attributes"]
    assert queue.id == f"arn:aws:sqs:eu-west-2:{ACCOUNT}:intake"  # still known from the URL
    assert statuses("aws-sqs-queue-encrypted", inventory) == {"intake": "error"}
