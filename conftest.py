"""Test-suite wiring shared by every app.

* The territorial data are loaded once per test session into the test database
  (about 11,000 areas); tests run in transactions on top of it. Transactional tests
  (``django_db(transaction=True)``, live servers) empty the database when they end;
  pytest-django runs them after all other tests, and any that needs the territory
  calls ``areas_load()`` itself (a no-op when the data are there).
* Test clients ask for English (the source language of all strings) unless a test
  says otherwise; German, the default for real browsers, has tests of its own.
* Browser journeys (``tests/e2e``, marker ``e2e``) run only with ``--e2e``; without it
  they are deselected (not skipped), so ``uv run pytest`` needs no browser.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--e2e", action="store_true", help="run the browser journeys (needs chromium)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    run_e2e = config.getoption("--e2e")
    selected: list[pytest.Item] = []
    deselected: list[pytest.Item] = []
    for item in items:
        is_e2e = item.get_closest_marker("e2e") is not None
        (selected if is_e2e == run_e2e else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from teilhabe.areas.services import areas_load

    with django_db_blocker.unblock():
        areas_load()


@pytest.fixture(autouse=True)
def _english_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.test import Client

    original = Client.__init__

    def init(self: Client, *args: object, **defaults: object) -> None:
        defaults.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
        original(self, *args, **defaults)  # type: ignore[arg-type]

    monkeypatch.setattr(Client, "__init__", init)
