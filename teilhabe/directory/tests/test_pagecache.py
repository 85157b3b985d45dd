"""Cached public pages: served again without work, and never after a change to what
they show, however the change is made."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from teilhabe.directory import pagecache
from teilhabe.directory.models import PublicVersion, State, TaxonomyTerm, Translation
from teilhabe.directory.services.entries import entry_state_change, save_entry
from teilhabe.directory.tests import factories as f

pytestmark = pytest.mark.django_db
SEARCH = "/public/de/uckermark/directory/"


@pytest.fixture
def district():
    return f.uckermark()


@pytest.fixture
def offer(district):
    place = f.location(district, name="Bad", gemeinde=f.gemeinde(district, "Schwedt/Oder"))
    return f.service(district, name="Schwimmkurs für Frauen", locations=[place])


def page(client, path=SEARCH, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def test_repeated_page_is_served_from_the_cache(client, offer, django_assert_max_num_queries):
    first = page(client, q="Schwimmkurs")
    assert "Schwimmkurs für Frauen" in first
    # The district and the public token, in one query: nothing else is read.
    with django_assert_max_num_queries(1):
        assert page(client, q="Schwimmkurs") == first


def test_pages_of_unknown_or_inactive_districts_are_not_found(client, district, offer):
    assert client.get("/public/de/nowhere/directory/").status_code == 404
    page(client, q="Schwimmkurs")  # cached now
    district.is_active = False
    district.save(update_fields=["is_active"])
    assert client.get(SEARCH, {"q": "Schwimmkurs"}).status_code == 404


def test_published_and_hidden_entries_show_at_once(client, district, offer):
    assert "Sprachcafé am Markt" not in page(client, q="Sprachcafé")
    cafe = f.service(district, name="Sprachcafé am Markt", organisation=offer.organisation)
    assert "Sprachcafé am Markt" in page(client, q="Sprachcafé")
    entry_state_change(entry=cafe, state=State.HIDDEN, reason="Spam", actor=None)
    assert "Sprachcafé am Markt" not in page(client, q="Sprachcafé")
    detail = f"/public/de/uckermark/directory/offers/{cafe.pk}/"
    assert client.get(detail).status_code == 404


def test_every_kind_of_change_reaches_cached_pages(client, district, offer):
    organisation = offer.organisation
    listing = page(client, q="Schwimmkurs")
    detail_path = f"/public/en/uckermark/directory/offers/{offer.pk}/"
    detail = page(client, detail_path)
    # A change through the services ...
    save_entry(obj=organisation, data={"name": "Schwimmverein Schwedt"}, actor=None)
    assert "Schwimmverein Schwedt" in page(client, q="Schwimmkurs") != listing
    # ... a translation written directly ...
    Translation.objects.create(
        district=district,
        entity_type="service",
        entity_id=offer.pk,
        language="en",
        field="name",
        text="Swimming course for women",
    )
    assert "Swimming course for women" in page(client, detail_path) != detail
    # ... and a bulk update that bypasses every service.
    TaxonomyTerm.objects.filter(vocabulary="category", code="sport").update(position=1)
    token = pagecache.public_token()
    TaxonomyTerm.objects.filter(vocabulary="category", code="sport").update(position=2)
    assert pagecache.public_token() != token


def test_map_data_and_feeds_follow_changes(client, district, offer):
    path = "/public/de/uckermark/directory/map.geojson"
    before = client.get(path, {"q": "Bad"}).json()
    assert len(before["features"]) == 0  # "Bad" is the place's name, not the offer's text
    assert len(client.get(path, {"q": "Schwimmkurs"}).json()["features"]) == 1
    entry_state_change(entry=offer, state=State.HIDDEN, reason="alt", actor=None)
    assert client.get(path, {"q": "Schwimmkurs"}).json()["features"] == []
    feed = "/public/de/uckermark/directory/calendar.ics"
    assert b"Chorprobe" not in client.get(feed).content
    f.event(district, title="Chorprobe")
    assert b"Chorprobe" in client.get(feed).content


def test_the_cache_can_be_turned_off(client, settings, offer):
    from django.test.utils import CaptureQueriesContext

    settings.TEILHABE_DIRECTORY_PUBLIC_CACHE_SECONDS = 0
    page(client, q="Schwimmkurs")
    with CaptureQueriesContext(connection) as queries:
        page(client, q="Schwimmkurs")
    assert len(queries) > 5  # the page was made again


def test_pages_differ_by_address_host_and_language(client, settings, offer):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    german = page(client, q="Schwimmkurs")
    english = page(client, "/public/en/uckermark/directory/", q="Schwimmkurs")
    assert 'lang="de"' in german and 'lang="en"' in english
    detail = f"/public/de/uckermark/directory/offers/{offer.pk}/"
    here = client.get(detail).content.decode()
    there = client.get(detail, HTTP_HOST="other.example").content.decode()
    # The JSON-LD names the page's absolute address, so each host has its own page.
    assert "http://testserver/" in here and "http://other.example/" in there


def test_every_public_table_has_its_trigger():
    """A migration that rebuilds a table (SQLite does so for many changes) must keep the
    triggers; this test fails if one is lost."""
    from importlib import import_module

    tables = import_module("teilhabe.directory.migrations.0004_public_version").PUBLIC_TABLES
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'directory_public_touch'"
            )
            found = {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
            names = cursor.fetchall()
            found = {
                table
                for table in tables
                if all(
                    (table, f"{table}_public_{op}") in names
                    for op in ("insert", "update", "delete")
                )
            }
    assert set(tables) <= found
    # Every table of an entry, its parts and its terms is covered.
    from django.apps import apps

    for model in apps.get_app_config("directory").get_models(include_auto_created=True):
        table = model._meta.db_table
        if table.startswith(("directory_organisation", "directory_service", "directory_event")):
            assert table in tables or table == "directory_eventoccurrence", table


@pytest.mark.django_db(transaction=True)
def test_token_changes_when_a_transaction_commits():
    from teilhabe.areas.services import areas_load

    areas_load()
    district = f.uckermark()
    before = pagecache.public_token()
    with transaction.atomic():
        f.organisation(district, name="Neu")
        f.organisation(district, name="Noch neuer")
    after = pagecache.public_token()
    assert after != before
    assert PublicVersion.objects.get().changed_at is not None
    with transaction.atomic():
        PublicVersion.objects.filter(pk=1).update(token=after)  # nothing public changed
    assert pagecache.public_token() == after


@pytest.mark.parametrize("kind", ["service", "event", "organisation"])
def test_result_pages_read_a_fixed_number_of_queries(
    client, settings, district, offer, kind, django_assert_max_num_queries
):
    settings.TEILHABE_DIRECTORY_PUBLIC_CACHE_SECONDS = 0  # every request makes the page
    place = offer.locations.get()
    for n in range(25):
        if kind == "event":
            f.event(
                district,
                title=f"Kurs {n}",
                location=place,
                organisation=offer.organisation,
                start=timezone.now() + timedelta(days=n + 1),
            )
        elif kind == "organisation":
            club = f.organisation(district, name=f"Kurs-Verein {n}", description="Kurse")
            f.location(district, name=f"Halle {n}", organisation=club, gemeinde=place.gemeinde)
        else:
            f.service(
                district,
                name=f"Kurs {n}",
                organisation=offer.organisation,
                locations=[place],
                m2m={"categories": [f.term("category", "sport")]},
            )
    with django_assert_max_num_queries(16):
        html = page(client, kind=kind, q="Kurs", near=place.gemeinde.code, radius=10)
    assert html.count('class="result"') == 20  # one page of 25 results
    if kind == "service":
        assert "Sport" in html and "km" in html and offer.organisation.name in html
