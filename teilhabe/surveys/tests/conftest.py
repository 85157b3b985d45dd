"""Results in tests are always current (no reuse of a recent analysis copy)."""

import pytest


@pytest.fixture(autouse=True)
def _current_results(settings):
    settings.TEILHABE_SURVEYS_CACHE_SECONDS = 0
