"""The CloudTrail collector against moto: each trail once, with status and selectors."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from tests.collectors.aws.governance import scan, scan_denied, statuses

REGIONS = ("eu-west-2", "eu-west-1", "us-east-1")


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    with mock_aws():
        yield


def _trail(name: str, region: str, multi_region: bool) -> str:
    s3 = boto3.client("s3", region_name=region)
    bucket = f"{name}-logs"
    config = (
        {}
        if region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    )
    s3.create_bucket(Bucket=bucket, **config)  # type: ignore[arg-type]
    client = boto3.client("cloudtrail", region_name=region)
    arn = client.create_trail(
        Name=name,
        S3BucketName=bucket,
        IsMultiRegionTrail=multi_region,
        EnableLogFileValidation=multi_region,
        TagsList=[{"Key": "owner", "Value": "security"}],
    )["TrailARN"]
    return str(arn)


def test_each_trail_is_described_once_in_its_home_region(aws: None) -> None:
    org = _trail("org-trail", "eu-west-2", multi_region=True)
    _trail("local-trail", "eu-west-1", multi_region=False)
    boto3.client("cloudtrail", region_name="eu-west-2").start_logging(Name="org-trail")

    inventory = scan({"aws.cloudtrail.trail"}, REGIONS)
    assert inventory.errors == ()
    trails = {r.name: r for r in inventory.resources}
    assert sorted(r.name for r in inventory.resources) == ["local-trail", "org-trail"]
    main = trails["org-trail"]
    assert (main.id, main.region) == (org, "eu-west-2")
    assert main.tags == {"owner": "security"}
    assert main.properties["Status"]["IsLogging"] is True
    assert main.properties["HasCustomEventSelectors"] is False
    assert set(main.properties["EventSelectors"]) == {"EventSelectors", "AdvancedEventSelectors"}
    assert trails["local-trail"].region == "eu-west-1"

    assert statuses("aws-cloudtrail-trail-logging", inventory) == {
        "org-trail": "pass",
        "local-trail": "fail",
    }
    assert statuses("aws-cloudtrail-log-file-validation", inventory) == {
        "org-trail": "pass",
        "local-trail": "fail",
    }


def test_a_trail_from_an_unscanned_region_is_kept_once(aws: None) -> None:
    _trail("org-trail", "eu-west-2", multi_region=True)
    inventory = scan({"aws.cloudtrail.trail"}, ("eu-west-1", "us-east-1"))
    (trail,) = inventory.resources
    assert trail.name == "org-trail"
    assert trail.region == "eu-west-2"


def test_the_account_needs_a_logging_multi_region_trail(aws: None) -> None:
    _trail("org-trail", "eu-west-2", multi_region=True)
    inventory = scan({"aws.account", "aws.cloudtrail.trail"})
    assert set(statuses("aws-account-multi-region-trail", inventory).values()) == {"fail"}
    boto3.client("cloudtrail", region_name="eu-west-2").start_logging(Name="org-trail")
    inventory = scan({"aws.account", "aws.cloudtrail.trail"})
    assert set(statuses("aws-account-multi-region-trail", inventory).values()) == {"pass"}


def test_a_denied_status_call_is_an_error_finding(aws: None) -> None:
    _trail("org-trail", "eu-west-2", multi_region=True)
    inventory = scan_denied(["cloudtrail:GetTrailStatus"], {"aws.cloudtrail.trail"})
    (trail,) = inventory.resources
    assert "AccessDenied" in trail.errors["Status"]
    assert statuses("aws-cloudtrail-trail-logging", inventory) == {"org-trail": "error"}
    assert statuses("aws-cloudtrail-log-file-validation", inventory) == {"org-trail": "pass"}


def test_s3_data_events_come_from_the_trail_selectors(aws: None) -> None:
    _trail("org-trail", "eu-west-2", multi_region=True)
    client = boto3.client("cloudtrail", region_name="eu-west-2")
    client.start_logging(Name="org-trail")
    client.put_event_selectors(
        TrailName="org-trail",
        EventSelectors=[
            {
                "ReadWriteType": "WriteOnly",
                "IncludeManagementEvents": True,
                "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
            }
        ],
    )
    inventory = scan({"aws.account", "aws.cloudtrail.trail"})
    (trail,) = (r for r in inventory.resources if r.type == "aws.cloudtrail.trail")
    (selector,) = trail.properties["EventSelectors"]["EventSelectors"]
    assert selector["DataResources"][0]["Type"] == "AWS::S3::Object"
    assert set(statuses("aws-account-s3-object-write-logging", inventory).values()) == {"pass"}
    assert set(statuses("aws-account-s3-object-read-logging", inventory).values()) == {"fail"}
    # write-only selectors no longer record every management event
    assert set(statuses("aws-account-multi-region-trail", inventory).values()) == {"fail"}
