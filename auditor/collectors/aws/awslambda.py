"""Lambda functions: exposure (function URL, resource policy), runtime and settings.

Environment variable values often hold secrets, so only their names are recorded;
the values never reach the inventory.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from auditor.collectors.aws.base import AwsCollector, AwsScope, paginate
from auditor.collectors.aws.shape import Details, as_list, plain
from auditor.models import Resource

_DETAIL_WORKERS = 8
# Condition keys that describe how a public URL is called, not who may call it.
_NON_RESTRICTING_KEYS = {"lambda:functionurlauthtype"}


def _restricting(condition: Any) -> bool:
    if not isinstance(condition, dict):
        return False
    keys = {str(k).lower() for test in condition.values() if isinstance(test, dict) for k in test}
    return bool(keys - _NON_RESTRICTING_KEYS)


def public_statements(policy: Any) -> list[str]:
    """Sids (or positions) of Allow statements any principal may use without restriction."""
    found: list[str] = []
    if not isinstance(policy, dict):
        return found
    for n, statement in enumerate(as_list(policy.get("Statement"))):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        wildcard = principal == "*" or (
            isinstance(principal, dict) and "*" in as_list(principal.get("AWS"))
        )
        if wildcard and not _restricting(statement.get("Condition")):
            found.append(str(statement.get("Sid") or n))
    return found


def collect_functions(scope: AwsScope) -> list[Resource]:
    client = scope.client("lambda")  # thread-safe, shared by the detail workers
    functions = list(paginate(client, "list_functions", "Functions"))

    def one(function: dict[str, Any]) -> Resource:
        name = str(function["FunctionName"])
        arn = str(function["FunctionArn"])
        details = Details(absent=("ResourceNotFoundException",))
        variables = (function.get("Environment") or {}).get("Variables") or {}
        details.props.update(
            plain(
                {
                    "FunctionName": name,
                    "FunctionArn": arn,
                    "Runtime": function.get("Runtime"),
                    "PackageType": function.get("PackageType", "Zip"),
                    "Role": function.get("Role"),
                    "Handler": function.get("Handler"),
                    "LastModified": function.get("LastModified"),
                    "KMSKeyArn": function.get("KMSKeyArn"),
                    "TracingMode": (function.get("TracingConfig") or {}).get("Mode"),
                    "VpcId": (function.get("VpcConfig") or {}).get("VpcId") or None,
                    "EnvironmentVariableNames": sorted(str(k) for k in variables),
                }
            )
        )
        # The function's own (unqualified) URL; URLs on aliases are not read yet.
        url = details.read(
            "FunctionUrl",
            lambda: client.get_function_url_config(FunctionName=name),
            lambda r: {"FunctionUrl": r.get("FunctionUrl"), "AuthType": r.get("AuthType")},
        )
        if "FunctionUrl" not in details.errors:
            details.props["PublicUrl"] = bool(url) and url.get("AuthType") == "NONE"
        else:
            details.fail(["PublicUrl"], details.errors["FunctionUrl"])
        policy = details.read(
            "Policy",
            lambda: client.get_policy(FunctionName=name),
            lambda r: json.loads(r["Policy"]),
        )
        if "Policy" in details.errors:
            details.fail(["PublicStatements"], details.errors["Policy"])
        else:
            details.props["PublicStatements"] = public_statements(policy)
        tags = details.read("Tags", lambda: client.list_tags(Resource=arn), lambda r: r.get("Tags"))
        details.props.pop("Tags")  # tags belong on the resource, not among its properties
        return Resource(
            type="aws.lambda.function",
            id=arn,
            name=name,
            provider="aws",
            account=scope.account,
            region=scope.region,
            tags={str(k): str(v) for k, v in (tags or {}).items()},
            properties=details.props,
            errors=details.errors,
        )

    with ThreadPoolExecutor(max_workers=_DETAIL_WORKERS) as pool:
        return list(pool.map(one, functions))


COLLECTORS = [
    AwsCollector(
        resource_type="aws.lambda.function",
        regional=True,
        operations=(
            "lambda:ListFunctions",
            "lambda:GetFunctionUrlConfig",
            "lambda:GetPolicy",
            "lambda:ListTags",
        ),
        collect=collect_functions,
    )
]
