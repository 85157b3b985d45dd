"""Every test gets its own folder for the analysis copies."""

import pytest


@pytest.fixture(autouse=True)
def _own_analysis_cache(settings, tmp_path):
    settings.TEILHABE_SURVEYS_CACHE_DIR = tmp_path / "surveys-cache"
