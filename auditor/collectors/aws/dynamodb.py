"""DynamoDB tables: encryption, point-in-time recovery and tags."""

from __future__ import annotations

from auditor.collectors.aws.base import AWS_ERRORS, AwsCollector, AwsScope, paginate
from auditor.collectors.aws.details import Details, each, plain, reason, tag_dict
from auditor.models import Resource


def collect_tables(scope: AwsScope) -> list[Resource]:
    client = scope.client("dynamodb")

    def one(name: str) -> Resource:
        d = Details({"TableName": name})
        arn = f"arn:{scope.partition}:dynamodb:{scope.region}:{scope.account}:table/{name}"
        try:
            table = plain(client.describe_table(TableName=name)["Table"])
        except AWS_ERRORS as exc:
            d.fail(("Table", "ContinuousBackups", "Tags"), reason(exc))
        else:
            d.props.update(table)
            arn = str(table.get("TableArn") or arn)
            d.read(
                "ContinuousBackups",
                lambda: client.describe_continuous_backups(TableName=name),
                lambda r: r.get("ContinuousBackupsDescription"),
            )
            d.read(
                "Tags",
                lambda: list(paginate(client, "list_tags_of_resource", "Tags", ResourceArn=arn)),
            )
        return Resource(
            type="aws.dynamodb.table",
            id=arn,
            name=name,
            provider="aws",
            account=scope.account,
            region=scope.region,
            tags=tag_dict(d.props.get("Tags")),
            properties=d.props,
            errors=d.errors,
        )

    return each([str(n) for n in paginate(client, "list_tables", "TableNames")], one)


COLLECTORS = [
    AwsCollector(
        resource_type="aws.dynamodb.table",
        regional=True,
        operations=(
            "dynamodb:ListTables",
            "dynamodb:DescribeTable",
            "dynamodb:DescribeContinuousBackups",
            "dynamodb:ListTagsOfResource",
        ),
        collect=collect_tables,
    )
]
