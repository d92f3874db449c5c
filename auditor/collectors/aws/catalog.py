"""The AWS resource types, known to the policy loader without importing boto3.

Each entry names the module that holds its collector; the runner imports it only
when a selected policy needs that type.
"""

from __future__ import annotations

from auditor.collectors.base import CatalogEntry

AWS_MODULES: dict[str, str] = {
    "aws.account": "auditor.collectors.aws.account",
    "aws.account.region": "auditor.collectors.aws.account",
    "aws.acm.certificate": "auditor.collectors.aws.acm",
    "aws.cloudtrail.trail": "auditor.collectors.aws.cloudtrail",
    "aws.dynamodb.table": "auditor.collectors.aws.dynamodb",
    "aws.ecr.repository": "auditor.collectors.aws.ecr",
    "aws.kms.key": "auditor.collectors.aws.kms",
    "aws.logs.log_group": "auditor.collectors.aws.logs",
    "aws.s3.bucket": "auditor.collectors.aws.s3",
    "aws.secretsmanager.secret": "auditor.collectors.aws.secrets",
    "aws.sns.topic": "auditor.collectors.aws.messaging",
    "aws.sqs.queue": "auditor.collectors.aws.messaging",
}

AWS_CATALOG: dict[str, CatalogEntry] = {
    "aws.account": CatalogEntry(
        "aws.account",
        "aws",
        "The account: root MFA and keys (account summary), password policy, IAM credential "
        "report, alternate contacts, S3 account public access block, regions",
    ),
    "aws.account.region": CatalogEntry(
        "aws.account.region",
        "aws",
        "One per account and region: EBS default encryption, GuardDuty detectors, Security "
        "Hub, IAM Access Analyzer analyzers, AWS Config recorders",
    ),
    "aws.acm.certificate": CatalogEntry(
        "aws.acm.certificate",
        "aws",
        "ACM certificate with expiry, status, renewal eligibility, where it is in use, and tags",
    ),
    "aws.cloudtrail.trail": CatalogEntry(
        "aws.cloudtrail.trail",
        "aws",
        "CloudTrail trail with logging status, event selectors, validation, KMS key, "
        "CloudWatch Logs target and tags",
    ),
    "aws.dynamodb.table": CatalogEntry(
        "aws.dynamodb.table",
        "aws",
        "DynamoDB table with encryption, point-in-time recovery and tags",
    ),
    "aws.ecr.repository": CatalogEntry(
        "aws.ecr.repository",
        "aws",
        "ECR repository with scan on push, tag mutability, encryption, repository policy and tags",
    ),
    "aws.kms.key": CatalogEntry(
        "aws.kms.key",
        "aws",
        "Customer-managed KMS key with state, spec, rotation, key policy and tags",
    ),
    "aws.logs.log_group": CatalogEntry(
        "aws.logs.log_group",
        "aws",
        "CloudWatch Logs log group with retention, KMS key, metric filters and the alarms on "
        "their metrics",
    ),
    "aws.s3.bucket": CatalogEntry(
        "aws.s3.bucket",
        "aws",
        "S3 bucket with public access block, policy status, ACL, encryption, versioning, "
        "logging and tags",
    ),
    "aws.secretsmanager.secret": CatalogEntry(
        "aws.secretsmanager.secret",
        "aws",
        "Secrets Manager secret with rotation, last rotation, KMS key and tags",
    ),
    "aws.sns.topic": CatalogEntry(
        "aws.sns.topic",
        "aws",
        "SNS topic with attributes (access policy, KMS key) and tags",
    ),
    "aws.sqs.queue": CatalogEntry(
        "aws.sqs.queue",
        "aws",
        "SQS queue with attributes (access policy, encryption) and tags",
    ),
}
