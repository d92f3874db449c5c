"""ECR repositories: scanning, tag mutability, encryption, repository policy and tags."""

from __future__ import annotations

from typing import Any

from auditor.collectors.aws.base import AwsCollector, AwsScope, paginate
from auditor.collectors.aws.details import Details, each, json_document, plain, tag_dict
from auditor.models import Resource


def collect_repositories(scope: AwsScope) -> list[Resource]:
    client = scope.client("ecr")

    def one(repo: dict[str, Any]) -> Resource:
        arn = str(repo["repositoryArn"])
        name = str(repo["repositoryName"])
        d = Details(plain(repo), absent={"RepositoryPolicyNotFoundException"})
        d.read(
            "Policy",
            lambda: client.get_repository_policy(repositoryName=name),
            lambda r: json_document(r.get("policyText")),
        )
        tags = d.read(
            "Tags",
            lambda: client.list_tags_for_resource(resourceArn=arn),
            lambda r: r.get("tags") or [],
        )
        return Resource(
            type="aws.ecr.repository",
            id=arn,
            name=name,
            provider="aws",
            account=scope.account,
            region=scope.region,
            tags=tag_dict(tags),
            properties=d.props,
            errors=d.errors,
        )

    return each(list(paginate(client, "describe_repositories", "repositories")), one)


COLLECTORS = [
    AwsCollector(
        resource_type="aws.ecr.repository",
        regional=True,
        operations=(
            "ecr:DescribeRepositories",
            "ecr:GetRepositoryPolicy",
            "ecr:ListTagsForResource",
        ),
        collect=collect_repositories,
    )
]
