"""Every Azure collector test gets a fresh in-process ARM."""

from __future__ import annotations

import pytest

from tests.collectors.azure.harness import FakeArm


@pytest.fixture
def arm(monkeypatch: pytest.MonkeyPatch) -> FakeArm:
    for key in ("AZURE_ACCESS_TOKEN", "AZURE_ARM_ENDPOINT"):
        monkeypatch.delenv(key, raising=False)
    return FakeArm()
