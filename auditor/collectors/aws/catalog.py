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
    "aws.ec2.image": "auditor.collectors.aws.ec2",
    "aws.ec2.instance": "auditor.collectors.aws.ec2",
    "aws.ec2.network_acl": "auditor.collectors.aws.ec2",
    "aws.ec2.security_group": "auditor.collectors.aws.ec2",
    "aws.ec2.snapshot": "auditor.collectors.aws.ec2",
    "aws.ec2.volume": "auditor.collectors.aws.ec2",
    "aws.ec2.vpc": "auditor.collectors.aws.ec2",
    "aws.ecr.repository": "auditor.collectors.aws.ecr",
    "aws.efs.file_system": "auditor.collectors.aws.efs",
    "aws.elbv2.load_balancer": "auditor.collectors.aws.elbv2",
    "aws.iam.policy": "auditor.collectors.aws.iam",
    "aws.iam.role": "auditor.collectors.aws.iam",
    "aws.iam.server_certificate": "auditor.collectors.aws.iam",
    "aws.iam.user": "auditor.collectors.aws.iam",
    "aws.kms.key": "auditor.collectors.aws.kms",
    "aws.lambda.function": "auditor.collectors.aws.awslambda",
    "aws.logs.log_group": "auditor.collectors.aws.logs",
    "aws.rds.db_cluster": "auditor.collectors.aws.rds",
    "aws.rds.db_cluster_snapshot": "auditor.collectors.aws.rds",
    "aws.rds.db_instance": "auditor.collectors.aws.rds",
    "aws.rds.db_snapshot": "auditor.collectors.aws.rds",
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
        "One per account and region: EBS default encryption, GuardDuty detectors, Security Hub,"
        " IAM Access Analyzer analyzers, AWS Config recorders",
    ),
    "aws.acm.certificate": CatalogEntry(
        "aws.acm.certificate",
        "aws",
        "ACM certificate with expiry, status, renewal eligibility, where it is in use, and tags",
    ),
    "aws.cloudtrail.trail": CatalogEntry(
        "aws.cloudtrail.trail",
        "aws",
        "CloudTrail trail with logging status, event selectors, validation, KMS key, CloudWatch"
        " Logs target and tags",
    ),
    "aws.dynamodb.table": CatalogEntry(
        "aws.dynamodb.table",
        "aws",
        "DynamoDB table with encryption, point-in-time recovery and tags",
    ),
    "aws.ec2.image": CatalogEntry(
        "aws.ec2.image",
        "aws",
        "AMI owned by the account, with whether it is public",
    ),
    "aws.ec2.instance": CatalogEntry(
        "aws.ec2.instance",
        "aws",
        "EC2 instance with metadata options (IMDSv2), public IP, instance profile and volumes",
    ),
    "aws.ec2.network_acl": CatalogEntry(
        "aws.ec2.network_acl",
        "aws",
        "Network ACL with normalised ingress and egress entries",
    ),
    "aws.ec2.security_group": CatalogEntry(
        "aws.ec2.security_group",
        "aws",
        "Security group with normalised ingress and egress rules (protocol, ports, source, "
        "is_world)",
    ),
    "aws.ec2.snapshot": CatalogEntry(
        "aws.ec2.snapshot",
        "aws",
        "EBS snapshot owned by the account, with encryption and createVolumePermission (public "
        "or shared)",
    ),
    "aws.ec2.volume": CatalogEntry(
        "aws.ec2.volume",
        "aws",
        "EBS volume with encryption and attachments",
    ),
    "aws.ec2.vpc": CatalogEntry(
        "aws.ec2.vpc",
        "aws",
        "VPC with its flow logs and, for a default VPC, whether it is in use",
    ),
    "aws.ecr.repository": CatalogEntry(
        "aws.ecr.repository",
        "aws",
        "ECR repository with scan on push, tag mutability, encryption, repository policy and tags",
    ),
    "aws.efs.file_system": CatalogEntry(
        "aws.efs.file_system",
        "aws",
        "EFS file system with encryption and backup policy",
    ),
    "aws.elbv2.load_balancer": CatalogEntry(
        "aws.elbv2.load_balancer",
        "aws",
        "Application, network or gateway load balancer with listeners, TLS policies, redirects "
        "and attributes",
    ),
    "aws.iam.policy": CatalogEntry(
        "aws.iam.policy",
        "aws",
        "Customer-managed IAM policy with its default version document",
    ),
    "aws.iam.role": CatalogEntry(
        "aws.iam.role",
        "aws",
        "IAM role with its trust policy analysed (wildcard and cross-account principals)",
    ),
    "aws.iam.server_certificate": CatalogEntry(
        "aws.iam.server_certificate",
        "aws",
        "Server certificate stored in IAM, with its expiry",
    ),
    "aws.iam.user": CatalogEntry(
        "aws.iam.user",
        "aws",
        "IAM user with console password, MFA devices, access keys (age, last use), policies and"
        " groups",
    ),
    "aws.kms.key": CatalogEntry(
        "aws.kms.key",
        "aws",
        "Customer-managed KMS key with state, spec, rotation, key policy and tags",
    ),
    "aws.lambda.function": CatalogEntry(
        "aws.lambda.function",
        "aws",
        "Lambda function with runtime, function URL, resource policy and environment variable "
        "names (never values)",
    ),
    "aws.logs.log_group": CatalogEntry(
        "aws.logs.log_group",
        "aws",
        "CloudWatch Logs log group with retention, KMS key, metric filters and the alarms on "
        "their metrics",
    ),
    "aws.rds.db_cluster": CatalogEntry(
        "aws.rds.db_cluster",
        "aws",
        "RDS/Aurora cluster with encryption, backups, deletion protection and Multi-AZ",
    ),
    "aws.rds.db_cluster_snapshot": CatalogEntry(
        "aws.rds.db_cluster_snapshot",
        "aws",
        "Manual RDS cluster snapshot with encryption and restore permission",
    ),
    "aws.rds.db_instance": CatalogEntry(
        "aws.rds.db_instance",
        "aws",
        "RDS instance with public access, encryption, backups, deletion protection, minor "
        "upgrades and Multi-AZ",
    ),
    "aws.rds.db_snapshot": CatalogEntry(
        "aws.rds.db_snapshot",
        "aws",
        "Manual RDS instance snapshot with encryption and restore permission",
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
