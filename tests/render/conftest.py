"""Fixtures for renderer tests; the Results themselves are built in samples.py."""

from __future__ import annotations

import pytest

from auditor.results import Results

from .samples import full_results, plain_results


@pytest.fixture
def plain() -> Results:
    return plain_results()


@pytest.fixture
def full() -> Results:
    return full_results()
