"""The load balancer collector against moto: listeners, TLS, attributes, tags, denials."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from auditor.models import Status
from tests.collectors.aws.helpers import REGION, by_name, collect, collect_denied, statuses

LB = "aws.elbv2.load_balancer"


@pytest.fixture
def elb(aws_credentials: None) -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("elbv2", region_name=REGION)


def balancer(elb: Any, name: str) -> str:
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=f"{REGION}{z}")[
            "Subnet"
        ]["SubnetId"]
        for n, z in ((1, "a"), (2, "b"))
    ]
    return str(
        elb.create_load_balancer(
            Name=name, Subnets=subnets, Tags=[{"Key": "service", "Value": name}]
        )["LoadBalancers"][0]["LoadBalancerArn"]
    )


FIXED = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}]


def test_listeners_and_attributes(elb: Any) -> None:
    certificate = boto3.client("acm", region_name=REGION).request_certificate(
        DomainName="portal.example"
    )["CertificateArn"]
    portal = balancer(elb, "portal")
    elb.create_listener(
        LoadBalancerArn=portal,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[
            {
                "Type": "redirect",
                "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"},
            }
        ],
    )
    elb.create_listener(
        LoadBalancerArn=portal,
        Protocol="HTTPS",
        Port=443,
        SslPolicy="ELBSecurityPolicy-2016-08",
        Certificates=[{"CertificateArn": certificate}],
        DefaultActions=FIXED,
    )
    elb.modify_load_balancer_attributes(
        LoadBalancerArn=portal,
        Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}],
    )
    inventory = collect({LB})
    (lb,) = inventory.resources
    assert lb.id == portal and lb.name == "portal" and lb.tags == {"service": "portal"}
    props = lb.properties
    assert props["Type"] == "application"
    listeners = {item["Port"]: item for item in props["Listeners"]}
    assert listeners[80]["RedirectsToHttps"] is True
    assert listeners[443]["SslPolicy"] == "ELBSecurityPolicy-2016-08"
    assert props["HttpListenersWithoutRedirect"] == []
    assert props["DeletionProtection"] is True and props["AccessLogsEnabled"] is False
    assert statuses("aws-elbv2-http-redirects-to-https", inventory) == {"portal": Status.PASS}
    assert statuses("aws-elbv2-modern-tls-policy", inventory) == {"portal": Status.FAIL}
    assert statuses("aws-elbv2-deletion-protection", inventory) == {"portal": Status.PASS}
    assert statuses("aws-elbv2-access-logs", inventory) == {"portal": Status.FAIL}


def test_plain_http_listener_fails_the_redirect_policy(elb: Any) -> None:
    intranet = balancer(elb, "intranet")
    elb.create_listener(LoadBalancerArn=intranet, Protocol="HTTP", Port=8080, DefaultActions=FIXED)
    inventory = collect({LB})
    assert by_name(inventory, LB)["intranet"].properties["HttpListenersWithoutRedirect"] == [8080]
    assert statuses("aws-elbv2-http-redirects-to-https", inventory) == {"intranet": Status.FAIL}


def test_denied_attributes_give_error(elb: Any) -> None:
    balancer(elb, "portal")
    inventory = collect_denied({LB}, ["elasticloadbalancing:DescribeLoadBalancerAttributes"])
    (lb,) = inventory.resources
    assert set(lb.errors) == {
        "Attributes",
        "DeletionProtection",
        "AccessLogsEnabled",
        "DropInvalidHeaderFields",
    }
    assert statuses("aws-elbv2-deletion-protection", inventory) == {"portal": Status.ERROR}
    assert statuses("aws-elbv2-http-redirects-to-https", inventory) == {"portal": Status.PASS}
