"""Regions: opt-in regions the account has not enabled are reported, never called."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from moto import mock_aws

from auditor.collectors.aws.base import SessionFactory
from auditor.collectors.aws.regions import NOT_ENABLED, enabled_regions
from auditor.engine.evaluator import evaluate
from auditor.errors import ScanError
from auditor.models import Status
from tests.collectors.aws.helpers import BUILTIN, collect

OPT_IN = "ap-east-1"  # an opt-in region moto reports as not enabled


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    with mock_aws():
        yield


def test_enabled_regions_leave_out_opt_in_regions_not_enabled(aws: None) -> None:
    regions = enabled_regions(SessionFactory(), "eu-west-2")
    assert "eu-west-2" in regions and OPT_IN not in regions


def test_a_named_region_not_enabled_is_reported_not_scanned(aws: None) -> None:
    inventory = collect({"aws.ec2.vpc", "aws.s3.bucket"}, ("eu-west-2", OPT_IN))
    assert inventory.metadata.regions == ("eu-west-2",)
    (error,) = inventory.errors
    assert (error.resource_type, error.region, error.code) == ("aws.ec2.vpc", OPT_IN, NOT_ENABLED)
    assert "not enabled" in error.message
    assert all(r.region != OPT_IN for r in inventory.resources)
    findings = evaluate([BUILTIN["aws-ec2-vpc-flow-logs-enabled"]], inventory).findings
    assert [f.status for f in findings if f.resource.region == OPT_IN] == [Status.ERROR]


def test_an_unknown_region_is_a_clear_usage_error(aws: None) -> None:
    with pytest.raises(ScanError, match="eu-west-9: not a region"):
        collect({"aws.ec2.vpc"}, ("eu-west-2", "eu-west-9"))
