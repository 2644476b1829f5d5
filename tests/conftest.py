"""Shared fixtures. Tests run on the real PostgreSQL and Redis that `make test` set up (.env)."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache (keys are prefixed per test run, never shared)."""
    cache.clear()
    yield
