"""Results to render: small and plain, or carrying every optional part and hostile text."""

from __future__ import annotations

from pathlib import Path

from auditor.models import (
    CollectionError,
    Evidence,
    Finding,
    ResourceRef,
    ScanMetadata,
    Severity,
    Status,
)
from auditor.results import ControlStatus, FrameworkStatus, PolicyInfo, Results

SCHEMAS = Path(__file__).parent / "schemas"

HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">'
HOSTILE_TAG = "</script><script>window.__pwned=2</script>"
MARKUP = "[bold red]not markup[/]"
ANSI = "\x1b[31mred\x1b[0m\x1b]0;set-title\x07\x07"
FORMULA = '=HYPERLINK("https://example.invalid","click")'

META = ScanMetadata(
    started_at="2026-01-05T10:00:00+00:00",
    finished_at="2026-01-05T10:02:30+00:00",
    tool_version="0.1.0",
    providers=("aws", "azure"),
    identity="arn:aws:iam::111111111111:role/auditor-readonly",
    accounts=("111111111111", "00000000-0000-0000-0000-000000000001"),
    regions=("eu-west-2", "uksouth"),
    resource_types=("aws.s3.bucket", "azure.storage.account"),
)


def policy(
    pid: str, severity: Severity, resource: str = "aws.s3.bucket", **kw: object
) -> PolicyInfo:
    return PolicyInfo(
        id=pid,
        title=str(kw.pop("title", f"Title of {pid}")),
        resource=resource,
        severity=severity,
        description=f"What {pid} checks.",
        rationale=f"Why {pid} matters.",
        remediation={"text": f"Fix {pid}.", "cli": f"aws fix {pid}"},
        frameworks=kw.pop("frameworks", {}),  # type: ignore[arg-type]
        references=("https://docs.example.invalid/ref",),
    )


def ref(
    name: str,
    *,
    account: str = "111111111111",
    region: str = "eu-west-2",
    provider: str = "aws",
    rtype: str = "aws.s3.bucket",
    tags: dict[str, str] | None = None,
) -> ResourceRef:
    rid = (
        f"arn:aws:s3:::{name}"
        if provider == "aws"
        else f"/subscriptions/{account}/resourceGroups/rg/providers/Microsoft.Storage/"
        f"storageAccounts/{name}"
    )
    return ResourceRef(rid, rtype, name, provider, account, region, tags or {})


def ev(path: str, expected: object, observed: object, result: bool) -> Evidence:
    return Evidence(path=path, op="eq", expected=expected, observed=observed, result=result)


def plain_results() -> Results:
    """Two policies, three buckets, passes and failures only."""
    p1 = policy("aws-a", Severity.HIGH, frameworks={"ncsc-csp": ("2",)})
    p2 = policy("aws-b", Severity.LOW)
    findings = []
    for name, ok_a, ok_b in (("alpha", True, False), ("beta", False, False), ("gamma", True, True)):
        findings.append(
            Finding(
                "aws-a",
                ref(name),
                Status.PASS if ok_a else Status.FAIL,
                (ev("X", 1, 1 if ok_a else 0, ok_a),),
            )
        )
        findings.append(
            Finding(
                "aws-b",
                ref(name),
                Status.PASS if ok_b else Status.FAIL,
                (ev("Y", True, ok_b, ok_b),),
            )
        )
    return Results(
        metadata=META,
        evaluated_at="2026-01-05T10:02:31+00:00",
        policies={p.id: p for p in (p1, p2)},
        findings=tuple(sorted(findings, key=lambda f: f.key)),
    )


def full_results() -> Results:
    """Every optional part set: frameworks, waivers, baseline, fixed (one of a removed
    policy), collection errors, waiver notes, two providers, and hostile cloud text."""
    policies = {
        p.id: p
        for p in (
            policy(
                "aws-s3-public",
                Severity.CRITICAL,
                title="S3 buckets block public access",
                frameworks={"ncsc-csp": ("2", "11"), "cis-aws": ("3.1.4",)},
            ),
            policy(
                "aws-s3-encrypted",
                Severity.MEDIUM,
                title="S3 buckets encrypt by default",
                frameworks={"ncsc-csp": ("2",)},
            ),
            policy(
                "azure-storage-https",
                Severity.HIGH,
                resource="azure.storage.account",
                title="Storage accounts accept HTTPS only",
                frameworks={"ncsc-csp": ("1",)},
            ),
            policy("aws-s3-versioning", Severity.LOW, title="S3 buckets keep versions"),
        )
    }
    hostile = ref(
        HOSTILE_NAME,
        tags={"owner": HOSTILE_TAG, "team": MARKUP, "note": ANSI, "cost": FORMULA},
    )
    good = ref("records", tags={"data-classification": "OFFICIAL-SENSITIVE"})
    legacy = ref("legacy", region="us-east-1")
    azure = ref(
        "stdata01",
        provider="azure",
        account="00000000-0000-0000-0000-000000000001",
        region="uksouth",
        rtype="azure.storage.account",
    )
    waiver = {
        "id": "W-7",
        "reason": "Public website assets, approved by the SIRO",
        "approved_by": "jane.smith@example.gov.uk",
        "expires": "2026-06-30",
    }
    findings = (
        Finding(
            "aws-s3-public",
            hostile,
            Status.FAIL,
            (ev("PublicAccessBlock.BlockPublicAcls", True, False, False),),
            baseline="new",
        ),
        Finding(
            "aws-s3-public",
            good,
            Status.PASS,
            (ev("PublicAccessBlock.BlockPublicAcls", True, True, True),),
        ),
        Finding(
            "aws-s3-public",
            legacy,
            Status.WAIVED,
            (ev("PublicAccessBlock.BlockPublicAcls", True, None, False),),
            waiver=waiver,
            baseline="existing",
        ),
        Finding(
            "aws-s3-encrypted",
            hostile,
            Status.FAIL,
            (ev("Encryption.Rules[0].Algorithm", "aws:kms", None, False),),
            baseline="existing",
        ),
        Finding(
            "aws-s3-encrypted",
            good,
            Status.PASS,
            (ev("Encryption.Rules[0].Algorithm", "aws:kms", "aws:kms", True),),
        ),
        Finding(
            "aws-s3-encrypted",
            legacy,
            Status.ERROR,
            (),
            message="AccessDenied: s3:GetEncryptionConfiguration " + ANSI,
        ),
        Finding(
            "azure-storage-https",
            azure,
            Status.FAIL,
            (ev("properties.supportsHttpsTrafficOnly", True, False, False),),
            baseline="new",
        ),
        Finding(
            "aws-s3-versioning",
            good,
            Status.PASS,
            (ev("Versioning.Status", "Enabled", "Enabled", True),),
        ),
    )
    fixed = (
        Finding("aws-s3-versioning", legacy, Status.FAIL, (), baseline="existing"),
        Finding("aws-removed-policy", good, Status.FAIL, (), baseline="existing"),
    )
    frameworks = (
        FrameworkStatus(
            id="ncsc-csp",
            name="NCSC Cloud Security Principles",
            version="2024",
            url="https://www.ncsc.gov.uk/collection/cloud/the-cloud-security-principles",
            controls=(
                ControlStatus("1", "Data in transit protection", "fail", ("azure-storage-https",)),
                ControlStatus(
                    "2",
                    "Asset protection and resilience",
                    "fail",
                    ("aws-s3-encrypted", "aws-s3-public"),
                ),
                ControlStatus("3", "Separation between customers", "not_covered"),
                ControlStatus("4", "Governance framework", "manual"),
                ControlStatus("11", "External interface protection", "fail", ("aws-s3-public",)),
            ),
        ),
        FrameworkStatus(
            id="cis-aws",
            name="CIS AWS Foundations Benchmark",
            version="3.0.0",
            controls=(
                ControlStatus("3.1.4", "S3 Block Public Access", "fail", ("aws-s3-public",)),
            ),
        ),
    )
    errors = (
        CollectionError(
            "aws.s3.bucket",
            "aws",
            "111111111111",
            "eu-west-1",
            "AccessDenied",
            "ListBuckets denied " + ANSI,
        ),
    )
    notes = ({"waiver": "W-3", "kind": "expired", "message": "Waiver W-3 expired on 2025-12-31."},)
    return Results(
        metadata=META,
        evaluated_at="2026-01-05T10:02:31+00:00",
        policies=policies,
        findings=tuple(sorted(findings, key=lambda f: f.key)),
        collection_errors=errors,
        frameworks=frameworks,
        fixed=fixed,
        waiver_notes=notes,
    )
