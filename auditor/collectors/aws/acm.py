"""ACM certificates: expiry, status, where they are used, and tags."""

from __future__ import annotations

from typing import Any

from auditor.collectors.aws.base import AwsCollector, AwsScope, paginate
from auditor.collectors.aws.details import Details, each, tag_dict
from auditor.models import Resource

# Without Includes, ListCertificates leaves out every key type but RSA-2048.
KEY_TYPES = [
    "RSA_1024",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "EC_prime256v1",
    "EC_secp384r1",
    "EC_secp521r1",
]


def collect_certificates(scope: AwsScope) -> list[Resource]:
    client = scope.client("acm")
    listed = list(
        paginate(
            client,
            "list_certificates",
            "CertificateSummaryList",
            Includes={"keyTypes": KEY_TYPES},
        )
    )

    def one(summary: dict[str, Any]) -> Resource:
        arn = str(summary["CertificateArn"])
        d = Details({"CertificateArn": arn, "DomainName": summary.get("DomainName")})
        d.read(
            "Certificate",
            lambda: client.describe_certificate(CertificateArn=arn),
            lambda r: r.get("Certificate"),
        )
        tags = d.read(
            "Tags",
            lambda: client.list_tags_for_certificate(CertificateArn=arn),
            lambda r: r.get("Tags") or [],
        )
        return Resource(
            type="aws.acm.certificate",
            id=arn,
            name=str(summary.get("DomainName") or arn),
            provider="aws",
            account=scope.account,
            region=scope.region,
            tags=tag_dict(tags),
            properties=d.props,
            errors=d.errors,
        )

    return each(listed, one)


COLLECTORS = [
    AwsCollector(
        resource_type="aws.acm.certificate",
        regional=True,
        operations=(
            "acm:ListCertificates",
            "acm:DescribeCertificate",
            "acm:ListTagsForCertificate",
        ),
        collect=collect_certificates,
    )
]
