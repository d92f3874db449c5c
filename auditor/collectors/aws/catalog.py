"""The AWS resource types, known to the policy loader without importing boto3.

Each entry names the module that holds its collector; the runner imports it only
when a selected policy needs that type.
"""

from __future__ import annotations

from auditor.collectors.base import CatalogEntry

AWS_MODULES: dict[str, str] = {
    "aws.s3.bucket": "auditor.collectors.aws.s3",
}

AWS_CATALOG: dict[str, CatalogEntry] = {
    "aws.s3.bucket": CatalogEntry(
        "aws.s3.bucket",
        "aws",
        "S3 bucket with public access block, policy status, ACL, encryption, versioning, "
        "logging and tags",
    ),
}
