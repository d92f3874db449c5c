"""EFS file systems with encryption and their AWS Backup policy."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from auditor.collectors.aws.base import AwsCollector, AwsScope, paginate
from auditor.collectors.aws.shape import Details, plain, tag_dict
from auditor.models import Resource

_DETAIL_WORKERS = 8


def collect_file_systems(scope: AwsScope) -> list[Resource]:
    client = scope.client("efs")  # thread-safe, shared by the detail workers
    systems = list(paginate(client, "describe_file_systems", "FileSystems"))

    def one(system: dict[str, Any]) -> Resource:
        ident = str(system["FileSystemId"])
        tags = tag_dict(system.get("Tags"))
        details = Details(absent=("PolicyNotFound",))
        details.props.update(
            plain(
                {
                    k: system.get(k)
                    for k in (
                        "FileSystemId",
                        "FileSystemArn",
                        "Name",
                        "LifeCycleState",
                        "Encrypted",
                        "KmsKeyId",
                        "PerformanceMode",
                        "ThroughputMode",
                        "CreationTime",
                    )
                }
            )
        )
        details.props["Encrypted"] = bool(system.get("Encrypted"))
        details.read(
            "BackupPolicyStatus",
            lambda: client.describe_backup_policy(FileSystemId=ident),
            lambda r: (r.get("BackupPolicy") or {}).get("Status"),
            default="DISABLED",
        )
        arn = system.get("FileSystemArn") or (
            f"arn:{scope.partition}:elasticfilesystem:{scope.region}:{scope.account}"
            f":file-system/{ident}"
        )
        return Resource(
            type="aws.efs.file_system",
            id=str(arn),
            name=tags.get("Name") or str(system.get("Name") or ident),
            provider="aws",
            account=scope.account,
            region=scope.region,
            tags=tags,
            properties=details.props,
            errors=details.errors,
        )

    with ThreadPoolExecutor(max_workers=_DETAIL_WORKERS) as pool:
        return list(pool.map(one, systems))


COLLECTORS = [
    AwsCollector(
        resource_type="aws.efs.file_system",
        regional=True,
        operations=(
            "elasticfilesystem:DescribeFileSystems",
            "elasticfilesystem:DescribeBackupPolicy",
        ),
        collect=collect_file_systems,
    )
]
