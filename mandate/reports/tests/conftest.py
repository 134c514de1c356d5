from __future__ import annotations

from collections.abc import Iterator

import pytest

from mandate.reports.tests.sample import SampleBuilder, sample_kind


@pytest.fixture
def sample() -> Iterator[SampleBuilder]:
    """The sample report kind, registered for the test."""
    with sample_kind() as builder:
        yield builder
