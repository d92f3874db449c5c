"""Application, network and gateway load balancers with listeners and attributes."""

from __future__ import annotations

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
from auditor.collectors.aws.shape import Details, plain, tag_dict
from auditor.models import Resource

_DETAIL_WORKERS = 8
_TAG_BATCH = 20  # DescribeTags accepts at most 20 ARNs per call


def _redirects_to_https(actions: list[dict[str, Any]]) -> bool:
    return any(
        a.get("Type") == "redirect" and (a.get("RedirectConfig") or {}).get("Protocol") == "HTTPS"
        for a in actions
    )


def _listener(item: dict[str, Any]) -> dict[str, Any]:
    actions = [
        {"Type": a.get("Type"), "RedirectConfig": a.get("RedirectConfig")}
        for a in item.get("DefaultActions") or ()
    ]
    listener: dict[str, Any] = plain(
        {
            "ListenerArn": item.get("ListenerArn"),
            "Port": item.get("Port"),
            "Protocol": item.get("Protocol"),
            "SslPolicy": item.get("SslPolicy"),
            "Certificates": [c.get("CertificateArn") for c in item.get("Certificates") or ()],
            "DefaultActions": actions,
            "RedirectsToHttps": _redirects_to_https(actions),
        }
    )
    return listener


def _attribute(attributes: dict[str, str], key: str) -> bool:
    return attributes.get(key, "").lower() == "true"


def _tags(scope: AwsScope, arns: list[str]) -> tuple[dict[str, dict[str, str]], str]:
    found: dict[str, dict[str, str]] = {}
    client = scope.client("elbv2")
    try:
        for start in range(0, len(arns), _TAG_BATCH):
            reply = client.describe_tags(ResourceArns=arns[start : start + _TAG_BATCH])
            for item in reply.get("TagDescriptions") or ():
                found[str(item["ResourceArn"])] = tag_dict(item.get("Tags"))
    except AWS_ERRORS as exc:
        return {}, f"{error_code(exc)}: {error_message(exc)}"
    return found, ""


def collect_load_balancers(scope: AwsScope) -> list[Resource]:
    client = scope.client("elbv2")  # thread-safe, shared by the detail workers
    balancers = list(paginate(client, "describe_load_balancers", "LoadBalancers"))
    tags, tags_error = _tags(scope, [str(b["LoadBalancerArn"]) for b in balancers])

    def one(balancer: dict[str, Any]) -> Resource:
        arn = str(balancer["LoadBalancerArn"])
        details = Details()
        details.props.update(
            plain(
                {
                    "LoadBalancerName": balancer.get("LoadBalancerName"),
                    "LoadBalancerArn": arn,
                    "Type": balancer.get("Type"),
                    "Scheme": balancer.get("Scheme"),
                    "DNSName": balancer.get("DNSName"),
                    "VpcId": balancer.get("VpcId"),
                    "SecurityGroups": balancer.get("SecurityGroups") or [],
                    "CreatedTime": balancer.get("CreatedTime"),
                }
            )
        )
        listeners = details.read(
            "Listeners",
            lambda: list(paginate(client, "describe_listeners", "Listeners", LoadBalancerArn=arn)),
            lambda items: [_listener(i) for i in items],
        )
        if listeners is not None:
            details.props["HttpListenersWithoutRedirect"] = [
                item["Port"]
                for item in listeners
                if item["Protocol"] == "HTTP" and not item["RedirectsToHttps"]
            ]
        else:
            details.fail(["HttpListenersWithoutRedirect"], details.errors["Listeners"])
        attributes = details.read(
            "Attributes",
            lambda: client.describe_load_balancer_attributes(LoadBalancerArn=arn),
            lambda r: {str(a["Key"]): str(a.get("Value", "")) for a in r.get("Attributes") or ()},
        )
        derived = {
            "DeletionProtection": "deletion_protection.enabled",
            "AccessLogsEnabled": "access_logs.s3.enabled",
            "DropInvalidHeaderFields": "routing.http.drop_invalid_header_fields.enabled",
        }
        if attributes is None:
            details.fail(derived, details.errors["Attributes"])
        else:
            for prop, key in derived.items():
                details.props[prop] = _attribute(attributes, key)
        if tags_error:
            details.errors["Tags"] = tags_error
        return Resource(
            type="aws.elbv2.load_balancer",
            id=arn,
            name=str(balancer.get("LoadBalancerName", "")),
            provider="aws",
            account=scope.account,
            region=scope.region,
            tags=tags.get(arn, {}),
            properties=details.props,
            errors=details.errors,
        )

    with ThreadPoolExecutor(max_workers=_DETAIL_WORKERS) as pool:
        return list(pool.map(one, balancers))


COLLECTORS = [
    AwsCollector(
        resource_type="aws.elbv2.load_balancer",
        regional=True,
        operations=(
            "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeLoadBalancerAttributes",
            "elasticloadbalancing:DescribeTags",
        ),
        collect=collect_load_balancers,
    )
]
