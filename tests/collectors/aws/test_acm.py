"""The ACM collector against moto."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from tests.collectors.aws.governance import scan, scan_denied, statuses


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    with mock_aws():
        yield


def test_certificates(aws: None) -> None:
    acm = boto3.client("acm", region_name="eu-west-2")
    arn = acm.request_certificate(
        DomainName="records.dfdr.example.gov.uk",
        Tags=[{"Key": "service", "Value": "records"}],
    )["CertificateArn"]
    inventory = scan({"aws.acm.certificate"})
    assert inventory.errors == ()
    (cert,) = inventory.resources
    assert (cert.id, cert.name) == (arn, "records.dfdr.example.gov.uk")
    assert cert.tags == {"service": "records"}
    assert cert.properties["Certificate"]["DomainName"] == "records.dfdr.example.gov.uk"
    assert statuses("aws-acm-certificate-in-use", inventory) == {cert.name: "fail"}


def test_a_denied_description_is_an_error_finding(aws: None) -> None:
    boto3.client("acm", region_name="eu-west-2").request_certificate(DomainName="a.example.gov.uk")
    inventory = scan_denied(["acm:DescribeCertificate"], {"aws.acm.certificate"})
    (cert,) = inventory.resources
    assert "AccessDenied" in cert.errors["Certificate"]
    assert statuses("aws-acm-certificate-in-use", inventory) == {cert.name: "error"}
    assert statuses("aws-acm-certificate-not-expiring", inventory) == {cert.name: "error"}
