"""IAM users, roles, customer-managed policies and server certificates (global).

One ``GetAccountAuthorizationDetails`` listing gives each type its policies, groups,
trust documents and tags; only per-user credentials need calls of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from auditor.collectors.aws.base import (
    AWS_ERRORS,
    AwsCollector,
    AwsScope,
    error_code,
    error_message,
    paginate,
)
from auditor.collectors.aws.shape import Details, as_list, plain, policy_document, tag_dict
from auditor.models import Resource

_DETAIL_WORKERS = 8
_ACCOUNT_IN_ARN = re.compile(r"^arn:[^:]+:(?:iam|sts)::(\d{12}):")
_ASSUME_ACTIONS = ("sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity")


def _authorization_details(scope: AwsScope, kind: str, key: str) -> Iterator[dict[str, Any]]:
    yield from paginate(
        scope.client("iam"), "get_account_authorization_details", key, Filter=[kind]
    )


def grants_full_admin(document: Any) -> bool:
    """An Allow of every action on every resource: what CIS calls ``*:*``."""
    if not isinstance(document, dict):
        return False
    for statement in as_list(document.get("Statement")):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        actions = as_list(statement.get("Action"))
        if any(a in ("*", "*:*") for a in actions) and "*" in as_list(statement.get("Resource")):
            return True
    return False


def _principal_account(value: str) -> str:
    if re.fullmatch(r"\d{12}", value):
        return value
    match = _ACCOUNT_IN_ARN.match(value)
    return match.group(1) if match else ""


def trusted_principals(document: Any, account: str) -> list[dict[str, Any]]:
    """Who a trust policy lets assume the role, one entry per principal."""
    found: list[dict[str, Any]] = []
    if not isinstance(document, dict):
        return found
    for statement in as_list(document.get("Statement")):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        actions = [str(a).lower() for a in as_list(statement.get("Action"))]
        if actions and not any(a in _ASSUME_ACTIONS or a in ("*", "sts:*") for a in actions):
            continue
        principal = statement.get("Principal")
        entries = (
            [("AWS", "*")]
            if principal == "*"
            else [
                (str(kind), str(value))
                for kind, values in (principal or {}).items()
                for value in as_list(values)
            ]
        )
        for kind, value in entries:
            owner = _principal_account(value) if kind == "AWS" else ""
            found.append(
                {
                    "Type": kind,
                    "Principal": value,
                    "Account": owner,
                    "Wildcard": value == "*",
                    "CrossAccount": bool(owner) and owner != account,
                    "Conditioned": bool(statement.get("Condition")),
                }
            )
    return found


def _inline(policies: Any) -> list[dict[str, Any]]:
    found = []
    for item in policies or ():
        document = policy_document(item.get("PolicyDocument"))
        found.append(
            {
                "PolicyName": item.get("PolicyName"),
                "Document": document,
                "GrantsFullAdmin": grants_full_admin(document),
            }
        )
    return found


def _attached(policies: Any) -> list[dict[str, Any]]:
    return [{"PolicyName": p.get("PolicyName"), "PolicyArn": p.get("PolicyArn")} for p in policies]


# --- users -------------------------------------------------------------------------

_GRANT_PROPERTIES = ("AttachedPolicies", "InlinePolicies", "Groups")


def _credentials(client: Any, name: str, details: Details) -> None:
    details.read(
        "LoginProfile",
        lambda: client.get_login_profile(UserName=name),
        lambda r: r.get("LoginProfile"),
    )
    if "LoginProfile" in details.errors:
        details.fail(["HasConsolePassword"], details.errors["LoginProfile"])
    else:
        details.props["HasConsolePassword"] = details.props["LoginProfile"] is not None
    details.read(
        "MfaDevices",
        lambda: list(paginate(client, "list_mfa_devices", "MFADevices", UserName=name)),
        lambda devices: [
            {"SerialNumber": d.get("SerialNumber"), "EnableDate": d.get("EnableDate")}
            for d in devices
        ],
    )
    keys = details.read(
        "AccessKeys",
        lambda: list(paginate(client, "list_access_keys", "AccessKeyMetadata", UserName=name)),
        lambda items: [
            {
                "AccessKeyId": k["AccessKeyId"],
                "Status": k.get("Status"),
                "CreateDate": k.get("CreateDate"),
            }
            for k in items
        ],
    )
    for key in keys or ():
        try:
            used = client.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
        except AWS_ERRORS as exc:
            details.errors["AccessKeys"] = f"{error_code(exc)}: {error_message(exc)}"
            continue
        last = used.get("AccessKeyLastUsed") or {}
        key["LastUsedDate"] = plain(last.get("LastUsedDate"))
        service = last.get("ServiceName")
        key["LastUsedService"] = None if service in (None, "N/A") else service


def collect_users(scope: AwsScope) -> list[Resource]:
    # botocore clients are thread-safe: the workers share one rather than build their own.
    client = scope.client("iam")
    users = list(paginate(client, "list_users", "Users"))
    grants: dict[str, dict[str, Any]] = {}
    grants_error = ""
    try:
        grants = {u["UserName"]: u for u in _authorization_details(scope, "User", "UserDetailList")}
    except AWS_ERRORS as exc:
        grants_error = f"{error_code(exc)}: {error_message(exc)}"

    def one(user: dict[str, Any]) -> Resource:
        name = str(user["UserName"])
        details = Details(absent=("NoSuchEntity",))
        details.props.update(
            plain({k: user.get(k) for k in ("UserName", "UserId", "Arn", "Path", "CreateDate")})
        )
        details.props["PasswordLastUsed"] = plain(user.get("PasswordLastUsed"))
        detail = grants.get(name)
        if grants_error or detail is None:
            details.fail(
                _GRANT_PROPERTIES, grants_error or "NotListed: missing from the IAM listing"
            )
            tags: dict[str, str] = {}
        else:
            details.props["AttachedPolicies"] = _attached(
                detail.get("AttachedManagedPolicies") or ()
            )
            details.props["InlinePolicies"] = _inline(detail.get("UserPolicyList"))
            details.props["Groups"] = list(detail.get("GroupList") or ())
            tags = tag_dict(detail.get("Tags"))
        _credentials(client, name, details)
        return Resource(
            type="aws.iam.user",
            id=str(user["Arn"]),
            name=name,
            provider="aws",
            account=scope.account,
            region="",
            tags=tags,
            properties=details.props,
            errors=details.errors,
        )

    with ThreadPoolExecutor(max_workers=_DETAIL_WORKERS) as pool:
        return list(pool.map(one, users))


# --- roles -------------------------------------------------------------------------


def collect_roles(scope: AwsScope) -> list[Resource]:
    found = []
    for role in _authorization_details(scope, "Role", "RoleDetailList"):
        trust = policy_document(role.get("AssumeRolePolicyDocument"))
        principals = trusted_principals(trust, scope.account)
        last_used = role.get("RoleLastUsed") or {}
        props = plain(
            {
                "RoleName": role.get("RoleName"),
                "RoleId": role.get("RoleId"),
                "Arn": role.get("Arn"),
                "Path": role.get("Path"),
                "CreateDate": role.get("CreateDate"),
                "LastUsedDate": last_used.get("LastUsedDate"),
                "ServiceLinked": str(role.get("Path", "")).startswith("/aws-service-role/"),
                "TrustPolicy": trust,
                "TrustedPrincipals": principals,
                "CrossAccountPrincipals": sorted(
                    {p["Account"] for p in principals if p["CrossAccount"]}
                ),
                "AttachedPolicies": _attached(role.get("AttachedManagedPolicies") or ()),
                "InlinePolicies": _inline(role.get("RolePolicyList")),
                "InstanceProfiles": [
                    p.get("Arn") for p in role.get("InstanceProfileList") or () if p.get("Arn")
                ],
            }
        )
        found.append(
            Resource(
                type="aws.iam.role",
                id=str(role["Arn"]),
                name=str(role.get("RoleName", "")),
                provider="aws",
                account=scope.account,
                region="",
                tags=tag_dict(role.get("Tags")),
                properties=props,
            )
        )
    return found


# --- customer-managed policies -----------------------------------------------------


def collect_policies(scope: AwsScope) -> list[Resource]:
    found = []
    for policy in _authorization_details(scope, "LocalManagedPolicy", "Policies"):
        default: dict[str, Any] = next(
            (v for v in policy.get("PolicyVersionList") or () if v.get("IsDefaultVersion")), {}
        )
        document = policy_document(default.get("Document"))
        # The name is the ARN's last segment; some emulators leave PolicyName out.
        name = str(policy.get("PolicyName") or str(policy["Arn"]).rsplit("/", 1)[-1])
        props = plain(
            {
                "PolicyName": name,
                "Arn": policy.get("Arn"),
                "Path": policy.get("Path"),
                "DefaultVersionId": policy.get("DefaultVersionId"),
                "AttachmentCount": policy.get("AttachmentCount"),
                "IsAttachable": policy.get("IsAttachable"),
                "CreateDate": policy.get("CreateDate"),
                "UpdateDate": policy.get("UpdateDate"),
                "Document": document,
                "GrantsFullAdmin": grants_full_admin(document),
            }
        )
        found.append(
            Resource(
                type="aws.iam.policy",
                id=str(policy["Arn"]),
                name=name,
                provider="aws",
                account=scope.account,
                region="",
                properties=props,
            )
        )
    return found


# --- server certificates -----------------------------------------------------------


def collect_server_certificates(scope: AwsScope) -> list[Resource]:
    listing = paginate(
        scope.client("iam"), "list_server_certificates", "ServerCertificateMetadataList"
    )
    return [
        Resource(
            type="aws.iam.server_certificate",
            id=str(cert["Arn"]),
            name=str(cert.get("ServerCertificateName", "")),
            provider="aws",
            account=scope.account,
            region="",
            properties=plain(
                {
                    k: cert.get(k)
                    for k in ("ServerCertificateName", "ServerCertificateId", "Arn", "Path")
                }
                | {"Expiration": cert.get("Expiration"), "UploadDate": cert.get("UploadDate")}
            ),
        )
        for cert in listing
    ]


COLLECTORS = [
    AwsCollector(
        resource_type="aws.iam.user",
        regional=False,
        operations=(
            "iam:ListUsers",
            "iam:GetAccountAuthorizationDetails",
            "iam:GetLoginProfile",
            "iam:ListMFADevices",
            "iam:ListAccessKeys",
            "iam:GetAccessKeyLastUsed",
        ),
        collect=collect_users,
    ),
    AwsCollector(
        resource_type="aws.iam.role",
        regional=False,
        operations=("iam:GetAccountAuthorizationDetails",),
        collect=collect_roles,
    ),
    AwsCollector(
        resource_type="aws.iam.policy",
        regional=False,
        operations=("iam:GetAccountAuthorizationDetails",),
        collect=collect_policies,
    ),
    AwsCollector(
        resource_type="aws.iam.server_certificate",
        regional=False,
        operations=("iam:ListServerCertificates",),
        collect=collect_server_certificates,
    ),
]
