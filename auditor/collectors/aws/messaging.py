"""SNS topics and SQS queues: encryption, access policy and tags."""

from __future__ import annotations

from typing import Any

from auditor.collectors.aws.base import AwsCollector, AwsScope, paginate
from auditor.collectors.aws.details import Details, each, json_document, tag_dict
from auditor.models import Resource

_POLICY_ATTRIBUTES = ("Policy", "EffectiveDeliveryPolicy", "DeliveryPolicy", "RedrivePolicy")


def _attributes(reply: dict[str, Any]) -> dict[str, Any]:
    attributes = dict(reply.get("Attributes") or {})
    for key in _POLICY_ATTRIBUTES:
        if key in attributes:
            attributes[key] = json_document(attributes[key])
    return attributes


def collect_topics(scope: AwsScope) -> list[Resource]:
    client = scope.client("sns")

    def one(topic: dict[str, Any]) -> Resource:
        arn = str(topic["TopicArn"])
        d = Details({"TopicArn": arn}, absent={"NotFound"})
        d.read("Attributes", lambda: client.get_topic_attributes(TopicArn=arn), _attributes)
        tags = d.read(
            "Tags",
            lambda: client.list_tags_for_resource(ResourceArn=arn),
            lambda r: r.get("Tags") or [],
        )
        return Resource(
            type="aws.sns.topic",
            id=arn,
            name=arn.rsplit(":", 1)[-1],
            provider="aws",
            account=scope.account,
            region=scope.region,
            tags=tag_dict(tags),
            properties=d.props,
            errors=d.errors,
        )

    return each(list(paginate(client, "list_topics", "Topics")), one)


def collect_queues(scope: AwsScope) -> list[Resource]:
    client = scope.client("sqs")

    def one(url: str) -> Resource:
        name = url.rstrip("/").rsplit("/", 1)[-1]
        d = Details({"QueueUrl": url})
        attributes = d.read(
            "Attributes",
            lambda: client.get_queue_attributes(QueueUrl=url, AttributeNames=["All"]),
            _attributes,
        )
        tags = d.read(
            "Tags", lambda: client.list_queue_tags(QueueUrl=url), lambda r: r.get("Tags") or {}
        )
        arn = (attributes or {}).get("QueueArn") or (
            f"arn:{scope.partition}:sqs:{scope.region}:{scope.account}:{name}"
        )
        return Resource(
            type="aws.sqs.queue",
            id=str(arn),
            name=name,
            provider="aws",
            account=scope.account,
            region=scope.region,
            tags={str(k): str(v) for k, v in (tags or {}).items()},
            properties=d.props,
            errors=d.errors,
        )

    return each([str(u) for u in paginate(client, "list_queues", "QueueUrls")], one)


COLLECTORS = [
    AwsCollector(
        resource_type="aws.sns.topic",
        regional=True,
        operations=("sns:ListTopics", "sns:GetTopicAttributes", "sns:ListTagsForResource"),
        collect=collect_topics,
    ),
    AwsCollector(
        resource_type="aws.sqs.queue",
        regional=True,
        operations=("sqs:ListQueues", "sqs:GetQueueAttributes", "sqs:ListQueueTags"),
        collect=collect_queues,
    ),
]
