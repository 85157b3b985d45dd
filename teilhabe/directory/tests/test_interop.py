"""HSDS export validates against the shipped HSDS 3 schemas and imports back; the
HSDS API; iCalendar feeds and subscriptions (re-import updates instead of
duplicating); Integreat import from recorded answers (no network)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from icalendar import Calendar

from teilhabe.directory import hsds
from teilhabe.directory.models import (
    CalendarSubscription,
    Event,
    EventOccurrence,
    Location,
    Schedule,
    Service,
    State,
)
from teilhabe.directory.services import interop
from teilhabe.directory.tests import factories as f

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


@pytest.fixture
def access():
    return f.officer_access()


@pytest.fixture
def filled(access):
    district = access.district
    org = f.organisation(
        district,
        name="Beratung Nord",
        email="info@beratung.example",
        website="https://beratung.example",
    )
    place = f.location(
        district,
        name="Haus",
        address_1="Markt 1",
        postal_code="17291",
        city="Prenzlau",
        m2m={"accessibility": [f.term("accessibility", "step-free")]},
    )
    offer = f.service(
        district,
        organisation=org,
        name="Sprechstunde",
        locations=[place],
        m2m={
            "categories": [f.term("category", "counselling")],
            "languages": [f.term("language", "ar")],
        },
    )
    Schedule.objects.create(service=offer, byday="MO,TU", opens_at="09:00", closes_at="12:00")
    return {"org": org, "place": place, "offer": offer}


def test_hsds_export_validates_against_the_schemas(access, filled):
    document = hsds.export_document(district=access.district)
    assert hsds.document_errors(document) == []
    assert {s["name"] for s in document["services"]} == {"Sprechstunde"}
    service = document["services"][0]
    place_id = service["service_at_locations"][0]["location_id"]
    place = next(loc for loc in document["locations"] if loc["id"] == place_id)
    assert place["addresses"][0]["city"] == "Prenzlau"
    assert service["languages"][0]["code"] == "ar"


def test_validation_catches_broken_documents():
    broken = {"services": [{"id": "not-a-uuid", "name": "X", "status": "open"}]}
    errors = hsds.document_errors(broken)
    assert any("status" in e for e in errors) and any("uuid" in e for e in errors)


def test_csv_package_validates_and_reads_back(access, filled):
    package = hsds.export_zip(district=access.district)
    assert hsds.zip_errors(package) == []
    tables = hsds.read_zip_tables(package)
    assert tables["service"][0]["name"] == "Sprechstunde"
    assert tables["address"][0]["postal_code"] == "17291"


def test_hsds_import_takes_over_a_partners_directory_and_reimport_updates(access, filled):
    document = hsds.export_document(district=access.district)
    other = f.officer_access(f.make_district("12069", slug="potsdam-mittelmark"))
    counts = interop.hsds_import(access=other, document=document, publish=True)
    assert counts["services"] == 1
    copied = Service.objects.get(district=other.district)
    assert copied.name == "Sprechstunde" and copied.organisation.name == "Beratung Nord"
    assert [t.code for t in copied.categories.all()] == ["counselling"]
    document["services"][0]["name"] = "Sprechstunde (neu)"
    interop.hsds_import(access=other, document=document, publish=True)
    assert list(Service.objects.filter(district=other.district).values_list("name", flat=True)) == [
        "Sprechstunde (neu)"
    ]


def test_hsds_upload_refuses_invalid_files_with_messages():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        interop.hsds_document_from_upload(
            name="x.json", data=json.dumps([{"id": "1", "name": "X", "status": "x"}]).encode()
        )
    assert "HSDS" in " ".join(info.value.messages)
    with pytest.raises(ValidationError):
        interop.hsds_document_from_upload(name="x.json", data=b"\xff\xfe not json")


def test_api_lists_and_pages_published_services(client, access, filled):
    hidden = f.service(access.district, name="Intern", state=State.DRAFT)
    page = client.get("/api/directory/uckermark/services", {"per_page": 1}).json()
    assert page["total_items"] == 1 and page["contents"][0]["name"] == "Sprechstunde"
    assert hsds.validation_errors("service", page["contents"][0]) == []
    one = client.get(f"/api/directory/uckermark/services/{filled['offer'].uuid}")
    assert one.status_code == 200
    assert client.get(f"/api/directory/uckermark/services/{hidden.uuid}").status_code == 404
    assert client.get("/api/directory/uckermark/").json()["version"] == "3.0"
    spec = client.get("/api/directory/openapi.json").json()
    assert "/api/directory/{district}/services" in spec["paths"]


def test_api_list_has_no_n_plus_one(client, access, filled, django_assert_max_num_queries):
    for n in range(15):
        f.service(
            access.district,
            organisation=filled["org"],
            name=f"Angebot {n}",
            locations=[filled["place"]],
        )
    with django_assert_max_num_queries(20):
        assert (
            len(
                client.get("/api/directory/uckermark/services", {"per_page": 50}).json()["contents"]
            )
            == 16
        )


@time_machine.travel(datetime(2027, 1, 2, 9, tzinfo=f.BERLIN), tick=False)
def test_subscription_import_and_reimport_updates(access):
    subscription = CalendarSubscription.objects.create(
        district=access.district, name="Kulturhaus", url="https://example.org/k.ics"
    )
    data = (DATA / "external.ics").read_bytes()
    first = interop.subscription_sync(subscription=subscription, data=data)
    assert first == {"created": 4, "updated": 0, "hidden": 0}
    choir = Event.objects.get(external_uid="weekly-choir@example.org")
    assert choir.rrule.startswith("FREQ=WEEKLY")
    starts = [o.start.astimezone(f.BERLIN) for o in EventOccurrence.objects.filter(event=choir)]
    assert all(s.hour == 19 for s in starts)  # local time kept across the calendar's time zone
    assert not any(s.day == 19 and s.month == 1 for s in starts)  # EXDATE
    assert not any(s.day == 26 and s.month == 1 for s in starts)  # moved occurrence left out ...
    assert Event.objects.filter(
        title="Internationaler Chor (verlegt)"
    ).exists()  # ... and kept on its own
    fest = Event.objects.get(external_uid="fest@example.org")
    assert fest.all_day and fest.start.astimezone(f.BERLIN).date().isoformat() == "2027-06-12"
    online = Event.objects.get(external_uid="online@example.org")
    assert online.attending_type == "online" and online.online_url == "https://meet.example.org/abc"
    second = interop.subscription_sync(
        subscription=subscription,
        data=data.replace(b"Fest der Vielfalt", b"Fest der Vielfalt 2027"),
    )
    assert second == {"created": 0, "updated": 4, "hidden": 0}
    assert Event.objects.filter(subscription=subscription).count() == 4
    assert Event.objects.get(external_uid="fest@example.org").title == "Fest der Vielfalt 2027"
    parts = data.split(b"BEGIN:VEVENT")
    without_fest = parts[0] + b"".join(
        b"BEGIN:VEVENT" + p for p in parts[1:] if b"UID:fest@example.org" not in p
    )
    if not without_fest.rstrip().endswith(b"END:VCALENDAR"):
        without_fest += b"END:VCALENDAR\n"
    third = interop.subscription_sync(subscription=subscription, data=without_fest)
    assert third["hidden"] == 1
    assert Event.objects.get(external_uid="fest@example.org").state == State.HIDDEN


def test_broken_calendar_changes_nothing(access):
    from django.core.exceptions import ValidationError

    subscription = CalendarSubscription.objects.create(
        district=access.district, name="Kaputt", url="https://example.org/x.ics"
    )
    with pytest.raises(ValidationError):
        interop.subscription_sync(subscription=subscription, data=b"<html>not a calendar</html>")
    subscription.refresh_from_db()
    assert subscription.last_result and not Event.objects.exists()


@time_machine.travel(datetime(2027, 1, 2, 9, tzinfo=f.BERLIN), tick=False)
def test_our_feed_round_trips_recurrence_and_time_zone(client, access):
    district = access.district
    f.event(
        district,
        title="Kurs",
        start=datetime(2027, 3, 2, 18, tzinfo=f.BERLIN),
        end=datetime(2027, 3, 2, 19, 30, tzinfo=f.BERLIN),
        rrule="FREQ=WEEKLY;COUNT=10",
        exdates=["2027-03-09"],
    )
    feed = client.get("/public/en/uckermark/directory/calendar.ics").content
    cal = Calendar.from_ical(feed)
    assert cal.walk("VTIMEZONE")
    event = cal.walk("VEVENT")[0]
    assert event.get("dtstart").dt.tzinfo is not None and event.get("dtstart").dt.hour == 18
    assert "FREQ" in event.get("rrule") and event.get("uid").endswith("@teilhabe")
    assert event.get("exdate") is not None
    subscription = CalendarSubscription.objects.create(
        district=district, name="Selbst", url="https://example.org/self.ics"
    )
    interop.subscription_sync(subscription=subscription, data=feed)
    interop.subscription_sync(subscription=subscription, data=feed)
    assert Event.objects.filter(subscription=subscription).count() == 1


def test_integreat_import_from_recorded_answers(access, monkeypatch):
    answers = {
        "https://cms.example.org/api/v3/testregion/de/locations/": (
            DATA / "integreat_locations.json"
        ).read_bytes(),
        "https://cms.example.org/api/v3/testregion/de/events/": (
            DATA / "integreat_events.json"
        ).read_bytes(),
    }
    monkeypatch.setattr(interop, "fetch", lambda url: answers[url])
    locations_url, events_url = interop.integreat_urls(
        base="https://cms.example.org", region="testregion", language="de"
    )
    counts = interop.integreat_import(
        access=access,
        locations_json=interop.fetch(locations_url),
        events_json=interop.fetch(events_url),
        region="testregion",
    )
    assert counts == {"locations": 2, "events": 2}
    centre = Location.objects.get(name="Beratungsstelle Mitte")
    assert centre.gemeinde is not None and centre.gemeinde.name.startswith("Prenzlau")
    assert "Hilfe bei Anträgen" in centre.description and "<" not in centre.description
    assert [t.code for t in centre.accessibility.all()] == ["step-free"]
    assert centre.schedules.filter(by_appointment=True, byday="TH").exists()
    assert centre.schedules.filter(byday="MO,TU,FR", opens_at="09:00").exists()
    cafe = Event.objects.get(title="Sprachcafé")
    assert cafe.rrule.startswith("FREQ=WEEKLY") and cafe.location == centre
    assert Event.objects.get(title="Sommerfest").all_day
    interop.integreat_import(
        access=access,
        locations_json=answers[locations_url],
        events_json=answers[events_url],
        region="testregion",
    )
    assert Location.objects.filter(name="Beratungsstelle Mitte").count() == 1
    assert Event.objects.count() == 2


def test_integreat_refuses_bad_addresses_and_answers(access):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        interop.integreat_urls(base="ftp://x", region="a", language="de")
    with pytest.raises(ValidationError):
        interop.integreat_urls(base="https://x", region="../etc", language="de")
    with pytest.raises(ValidationError):
        interop.integreat_import(access=access, locations_json=b"{}", events_json=b"[]", region="r")


def test_geojson_of_places(client, access, filled):
    client.force_login(access.user)
    data = client.get("/d/uckermark/directory/exchange/places.geojson").json()
    assert data["type"] == "FeatureCollection"
    assert {feat["properties"]["name"] for feat in data["features"]} == {"Haus"}


def test_addresses_without_postcode_still_validate(access):
    district = access.district
    org = f.organisation(district, name="Ohne PLZ")
    f.location(district, name="Haus", address_1="Dorfstraße 1", city="Gerswalde", organisation=org)
    document = hsds.export_document(district=district)
    address = document["locations"][0]["addresses"][0]
    assert address["postal_code"] == "" and hsds.document_errors(document) == []
