"""Every test gets its own folder for the analysis copies and an empty cache (the
start limit of open surveys counts there)."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _own_analysis_cache(settings, tmp_path):
    settings.TEILHABE_SURVEYS_CACHE_DIR = tmp_path / "surveys-cache"
    cache.clear()
