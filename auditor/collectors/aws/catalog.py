"""The AWS resource types, known to the policy loader without importing boto3.

Each entry names the module that holds its collector; the runner imports it only
when a selected policy needs that type.
"""

from __future__ import annotations

from auditor.collectors.base import CatalogEntry

AWS_MODULES: dict[str, str] = {
    "aws.ec2.image": "auditor.collectors.aws.ec2",
    "aws.ec2.instance": "auditor.collectors.aws.ec2",
    "aws.ec2.network_acl": "auditor.collectors.aws.ec2",
    "aws.ec2.security_group": "auditor.collectors.aws.ec2",
    "aws.ec2.snapshot": "auditor.collectors.aws.ec2",
    "aws.ec2.volume": "auditor.collectors.aws.ec2",
    "aws.ec2.vpc": "auditor.collectors.aws.ec2",
    "aws.efs.file_system": "auditor.collectors.aws.efs",
    "aws.elbv2.load_balancer": "auditor.collectors.aws.elbv2",
    "aws.iam.policy": "auditor.collectors.aws.iam",
    "aws.iam.role": "auditor.collectors.aws.iam",
    "aws.iam.server_certificate": "auditor.collectors.aws.iam",
    "aws.iam.user": "auditor.collectors.aws.iam",
    "aws.lambda.function": "auditor.collectors.aws.awslambda",
    "aws.rds.db_cluster": "auditor.collectors.aws.rds",
    "aws.rds.db_cluster_snapshot": "auditor.collectors.aws.rds",
    "aws.rds.db_instance": "auditor.collectors.aws.rds",
    "aws.rds.db_snapshot": "auditor.collectors.aws.rds",
    "aws.s3.bucket": "auditor.collectors.aws.s3",
}

AWS_CATALOG: dict[str, CatalogEntry] = {
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
        "Security group with normalised ingress and egress rules (protocol, ports, "
        "source, is_world)",
    ),
    "aws.ec2.snapshot": CatalogEntry(
        "aws.ec2.snapshot",
        "aws",
        "EBS snapshot owned by the account, with encryption and createVolumePermission "
        "(public or shared)",
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
    "aws.efs.file_system": CatalogEntry(
        "aws.efs.file_system",
        "aws",
        "EFS file system with encryption and backup policy",
    ),
    "aws.elbv2.load_balancer": CatalogEntry(
        "aws.elbv2.load_balancer",
        "aws",
        "Application, network or gateway load balancer with listeners, TLS policies, "
        "redirects and attributes",
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
        "IAM user with console password, MFA devices, access keys (age, last use), "
        "policies and groups",
    ),
    "aws.lambda.function": CatalogEntry(
        "aws.lambda.function",
        "aws",
        "Lambda function with runtime, function URL, resource policy and environment "
        "variable names (never values)",
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
        "RDS instance with public access, encryption, backups, deletion protection, "
        "minor upgrades and Multi-AZ",
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
}
