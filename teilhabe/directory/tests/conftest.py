"""The directory's tests start with an empty page cache, and on PostgreSQL its public
token changes with each statement (in production at commit; tests never commit)."""

from __future__ import annotations

import pytest

from teilhabe.directory import pagecache


@pytest.fixture(autouse=True)
def _fresh_public_pages(request: pytest.FixtureRequest) -> None:
    pagecache.clear()
    from django.db import connection

    if connection.vendor == "postgresql" and request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS directory_public_touch IMMEDIATE")
