"""RDS database instances, clusters and their manual snapshots, per region."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from auditor.collectors.aws.base import AwsCollector, AwsScope, paginate
from auditor.collectors.aws.shape import Details, plain, tag_dict
from auditor.models import Resource

_DETAIL_WORKERS = 8
_INSTANCE_FIELDS = (
    "DBInstanceIdentifier",
    "DBInstanceArn",
    "DBInstanceClass",
    "Engine",
    "EngineVersion",
    "DBInstanceStatus",
    "PubliclyAccessible",
    "StorageEncrypted",
    "KmsKeyId",
    "BackupRetentionPeriod",
    "DeletionProtection",
    "AutoMinorVersionUpgrade",
    "MultiAZ",
    "DBClusterIdentifier",
    "IAMDatabaseAuthenticationEnabled",
    "CACertificateIdentifier",
    "EnabledCloudwatchLogsExports",
    "InstanceCreateTime",
)
_CLUSTER_FIELDS = (
    "DBClusterIdentifier",
    "DBClusterArn",
    "Engine",
    "EngineVersion",
    "EngineMode",
    "Status",
    "StorageEncrypted",
    "KmsKeyId",
    "BackupRetentionPeriod",
    "DeletionProtection",
    "AutoMinorVersionUpgrade",
    "MultiAZ",
    "PubliclyAccessible",
    "IAMDatabaseAuthenticationEnabled",
    "EnabledCloudwatchLogsExports",
    "ClusterCreateTime",
)
_SNAPSHOT_FIELDS = (
    "SnapshotType",
    "Engine",
    "Status",
    "Encrypted",
    "StorageEncrypted",
    "KmsKeyId",
    "SnapshotCreateTime",
)


def _resource(
    scope: AwsScope,
    rtype: str,
    arn: str,
    name: str,
    tags: dict[str, str],
    props: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> Resource:
    return Resource(
        type=rtype,
        id=arn,
        name=name,
        provider="aws",
        account=scope.account,
        region=scope.region,
        tags=tags,
        properties=props,
        errors=errors or {},
    )


def collect_instances(scope: AwsScope) -> list[Resource]:
    found = []
    for db in paginate(scope.client("rds"), "describe_db_instances", "DBInstances"):
        props = plain({k: db.get(k) for k in _INSTANCE_FIELDS})
        props["InCluster"] = bool(db.get("DBClusterIdentifier"))
        found.append(
            _resource(
                scope,
                "aws.rds.db_instance",
                str(db["DBInstanceArn"]),
                str(db["DBInstanceIdentifier"]),
                tag_dict(db.get("TagList")),
                props,
            )
        )
    return found


def collect_clusters(scope: AwsScope) -> list[Resource]:
    return [
        _resource(
            scope,
            "aws.rds.db_cluster",
            str(cluster["DBClusterArn"]),
            str(cluster["DBClusterIdentifier"]),
            tag_dict(cluster.get("TagList")),
            plain({k: cluster.get(k) for k in _CLUSTER_FIELDS}),
        )
        for cluster in paginate(scope.client("rds"), "describe_db_clusters", "DBClusters")
    ]


def _snapshots(
    scope: AwsScope,
    rtype: str,
    list_call: str,
    list_key: str,
    ident_key: str,
    arn_key: str,
    attributes_call: str,
    attributes_key: str,
) -> list[Resource]:
    client = scope.client("rds")  # thread-safe, shared by the detail workers
    snapshots = list(paginate(client, list_call, list_key, SnapshotType="manual"))

    def one(snapshot: dict[str, Any]) -> Resource:
        ident = str(snapshot[ident_key])
        details = Details()
        details.props.update(plain({k: snapshot[k] for k in _SNAPSHOT_FIELDS if k in snapshot}))
        details.props[ident_key] = ident
        source = (
            "DBClusterIdentifier" if "DBClusterIdentifier" in snapshot else "DBInstanceIdentifier"
        )
        details.props[source] = snapshot.get(source)
        details.props["Encrypted"] = bool(
            snapshot.get("Encrypted", snapshot.get("StorageEncrypted"))
        )
        attributes = details.read(
            "RestoreAttribute",
            lambda: getattr(client, attributes_call)(**{ident_key: ident}),
            lambda r: [
                a.get("AttributeValues") or []
                for a in (r.get(f"{attributes_key}Result") or {}).get(attributes_key) or ()
                if a.get("AttributeName") == "restore"
            ],
        )
        if "RestoreAttribute" in details.errors:
            details.fail(["Public", "SharedWithAccounts"], details.errors["RestoreAttribute"])
        else:
            values = sorted({str(v) for group in attributes or () for v in group})
            details.props["RestoreAttribute"] = values
            details.props["Public"] = "all" in values
            details.props["SharedWithAccounts"] = [v for v in values if v != "all"]
        return _resource(
            scope,
            rtype,
            str(snapshot[arn_key]),
            ident,
            tag_dict(snapshot.get("TagList")),
            details.props,
            details.errors,
        )

    with ThreadPoolExecutor(max_workers=_DETAIL_WORKERS) as pool:
        return list(pool.map(one, snapshots))


def collect_db_snapshots(scope: AwsScope) -> list[Resource]:
    return _snapshots(
        scope,
        "aws.rds.db_snapshot",
        "describe_db_snapshots",
        "DBSnapshots",
        "DBSnapshotIdentifier",
        "DBSnapshotArn",
        "describe_db_snapshot_attributes",
        "DBSnapshotAttributes",
    )


def collect_cluster_snapshots(scope: AwsScope) -> list[Resource]:
    return _snapshots(
        scope,
        "aws.rds.db_cluster_snapshot",
        "describe_db_cluster_snapshots",
        "DBClusterSnapshots",
        "DBClusterSnapshotIdentifier",
        "DBClusterSnapshotArn",
        "describe_db_cluster_snapshot_attributes",
        "DBClusterSnapshotAttributes",
    )


COLLECTORS = [
    AwsCollector("aws.rds.db_cluster", True, ("rds:DescribeDBClusters",), collect_clusters),
    AwsCollector(
        "aws.rds.db_cluster_snapshot",
        True,
        ("rds:DescribeDBClusterSnapshots", "rds:DescribeDBClusterSnapshotAttributes"),
        collect_cluster_snapshots,
    ),
    AwsCollector("aws.rds.db_instance", True, ("rds:DescribeDBInstances",), collect_instances),
    AwsCollector(
        "aws.rds.db_snapshot",
        True,
        ("rds:DescribeDBSnapshots", "rds:DescribeDBSnapshotAttributes"),
        collect_db_snapshots,
    ),
]
