"""The HSDS export built from plain rows: every part of an entry in the right place and
order, only what is public, the same objects through the API and the streamed file,
a bounded number of queries, and the export job writing its file."""

from __future__ import annotations

import io
import json
import uuid
from datetime import date, time

import pytest

from teilhabe.directory import hsds
from teilhabe.directory.hsds.build import NAMESPACE
from teilhabe.directory.models import Contact, Location, Phone, Schedule, State, TaxonomyTerm
from teilhabe.directory.services.entries import save_entry, service_locations_set
from teilhabe.directory.tests import factories as f
from teilhabe.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def access():
    return f.officer_access()


@pytest.fixture
def rich(access):
    district = access.district
    org = f.organisation(
        district,
        name="Frauentreff Prenzlau",
        alternate_name="FTP",
        email="info@treff.example",
        website="https://treff.example",
        legal_status="e. V.",
        m2m={
            "target_groups": [f.term("target_group", "women")],
            "languages": [f.term("language", "uk"), f.term("language", "ar")],
        },
    )
    zeta = Contact.objects.create(organisation=org, name="Zora Zeta", email="z@treff.example")
    Contact.objects.create(organisation=org, name="Anna Intern", is_public=False)
    alpha = Contact.objects.create(organisation=org, name="Ali Alpha", title="Leitung")
    Phone.objects.create(contact=alpha, number="03984 1", languages="de, ar")
    Phone.objects.create(contact=alpha, number="0170 2", kind=Phone.Kind.MOBILE)
    Phone.objects.create(organisation=org, number="03984 9", description="Büro")
    place = f.location(
        district,
        name="Treffpunkt",
        organisation=org,
        address_1="Markt 1",
        postal_code="17291",
        city="Prenzlau",
        latitude=53.31,
        longitude=13.86,
        accessibility_description="Rampe am Seiteneingang",
        m2m={
            "accessibility": [
                f.term("accessibility", "step-free"),
                f.term("accessibility", "accessible-toilet"),
            ]
        },
    )
    Schedule.objects.create(location=place, byday="MO", opens_at=time(9), closes_at=time(12))
    Phone.objects.create(location=place, number="03984 5")
    hidden_place = f.location(district, name="Alte Schule", state=State.HIDDEN)
    online = f.location(district, name="Online", kind=Location.Kind.VIRTUAL, gemeinde=None)
    offer = f.service(
        district,
        organisation=org,
        name="Schwimmkurs für Frauen",
        description="Schwimmen lernen",
        free_of_charge=True,
        minimum_age=16,
        attending_type="hybrid",
        m2m={
            "categories": [f.term("category", "sport"), f.term("category", "counselling")],
            "target_groups": [f.term("target_group", "women")],
            "languages": [f.term("language", "ar")],
        },
    )
    service_locations_set(service=offer, locations=[place, hidden_place, online])
    Schedule.objects.create(
        service=offer, byday="1TU", freq="MONTHLY", by_appointment=True, valid_to=date(2031, 1, 1)
    )
    Contact.objects.create(service=offer, name="Kursleitung", email="kurs@treff.example")
    draft = f.service(district, organisation=org, name="Entwurf", state=State.DRAFT)
    hidden_org = f.organisation(district, name="Versteckt", state=State.HIDDEN)
    orphan = f.service(district, organisation=hidden_org, name="Ohne Träger")
    return {
        "org": org,
        "place": place,
        "online": online,
        "offer": offer,
        "contacts": (alpha, zeta),
        "unpublished": (draft, orphan, hidden_org, hidden_place),
    }


def test_export_holds_every_part_of_the_entries_in_order(access, rich):
    document = hsds.export_document(district=access.district)
    assert hsds.document_errors(document) == []
    assert [o["name"] for o in document["organizations"]] == ["Frauentreff Prenzlau"]
    assert [s["name"] for s in document["services"]] == ["Schwimmkurs für Frauen"]
    assert {loc["name"] for loc in document["locations"]} == {"Treffpunkt", "Online"}

    org = document["organizations"][0]
    assert org["alternate_name"] == "FTP" and org["website"] == "https://treff.example"
    # Public contacts only, by name; their phones in the order they were added.
    assert [c["name"] for c in org["contacts"]] == ["Ali Alpha", "Zora Zeta"]
    phones = org["contacts"][0]["phones"]
    assert [p["number"] for p in phones] == ["03984 1", "0170 2"]
    assert [lang["code"] for lang in phones[0]["languages"]] == ["de", "ar"]
    assert org["phones"][0]["description"] == "Büro"
    assert org["locations"] == []  # listed once at the top level
    languages = TaxonomyTerm.objects.filter(vocabulary="language", code__in=["ar", "uk"])
    in_order = list(languages.order_by("position", "name").values_list("code", flat=True))
    assert [a["taxonomy_term"]["code"] for a in org["attributes"]] == ["women", *in_order]

    service = document["services"][0]
    assert service["organization_id"] == org["id"]
    assert service["organization"] == {
        k: org[k]
        for k in ("id", "name", "alternate_name", "description", "email", "website", "legal_status")
    }
    assert service["fees_description"] == "kostenlos" and service["minimum_age"] == 16
    assert "maximum_age" not in service and "url" not in service
    sals = service["service_at_locations"]
    assert {s["location_id"] for s in sals} == {str(rich["place"].uuid), str(rich["online"].uuid)}
    assert all("location" not in s for s in sals)
    assert service["schedules"][0] | {} == {
        "id": service["schedules"][0]["id"],
        "service_id": service["id"],
        "freq": "MONTHLY",
        "byday": "1TU",
        "valid_to": "2031-01-01",
        "description": "by appointment",
        "notes": "by appointment only",
    }
    assert [c["name"] for c in service["contacts"]] == ["Kursleitung"]
    assert [lang["code"] for lang in service["languages"]] == ["ar"]
    codes = [a["taxonomy_term"]["code"] for a in service["attributes"]]
    assert codes[-1] == "hybrid" and sorted(codes[:2]) == ["counselling", "sport"]
    assert codes[2] == "women" and service["metadata"] == []

    place = next(loc for loc in document["locations"] if loc["name"] == "Treffpunkt")
    assert place["organization_id"] == org["id"]
    assert place["external_identifier"] == rich["place"].gemeinde.code
    address = place["addresses"][0]
    assert address["address_1"] == "Markt 1" and address["state_province"] == "Brandenburg"
    assert address["region"] == rich["place"].gemeinde.name and "address_2" not in address
    assert place["accessibility"][0]["details"] == "Rampe am Seiteneingang"
    assert [a["taxonomy_term"]["code"] for a in place["attributes"]] == [
        "step-free",
        "accessible-toilet",
    ]
    assert place["schedules"][0]["opens_at"] == "09:00"
    assert place["schedules"][0]["location_id"] == place["id"]
    assert place["phones"][0]["number"] == "03984 5"
    online = next(loc for loc in document["locations"] if loc["name"] == "Online")
    assert online["addresses"] == [] and "external_identifier" not in online


def test_api_returns_the_same_objects_with_places_nested(client, access, rich):
    document = hsds.export_document(district=access.district)
    places = {loc["id"]: loc for loc in document["locations"]}
    exported = document["services"][0]
    api = client.get(f"/api/directory/uckermark/services/{rich['offer'].uuid}").json()
    for sal in api["service_at_locations"]:
        assert sal.pop("location") == places[sal["location_id"]]
    assert api == exported
    org = client.get(f"/api/directory/uckermark/organizations/{rich['org'].uuid}").json()
    assert [loc["name"] for loc in org["locations"]] == ["Treffpunkt"]  # published, its own
    assert {**org, "locations": []} == document["organizations"][0]
    place = client.get(f"/api/directory/uckermark/locations/{rich['place'].uuid}").json()
    assert place == places[str(rich["place"].uuid)]
    for item in rich["unpublished"]:
        kind = {"Service": "services", "Organisation": "organizations", "Location": "locations"}
        url = f"/api/directory/uckermark/{kind[type(item).__name__]}/{item.uuid}"
        assert client.get(url).status_code == 404


def test_streamed_file_is_the_same_document(access, rich):
    out = io.BytesIO()
    count = hsds.write_json(district=access.district, out=out)
    written = json.loads(out.getvalue().decode())
    document = hsds.export_document(district=access.district)
    assert count == 4
    assert {k: v for k, v in written.items() if k != "generated"} == {
        k: v for k, v in document.items() if k != "generated"
    }


def test_export_reads_in_a_fixed_number_of_queries(access, rich, django_assert_max_num_queries):
    for n in range(30):
        offer = f.service(access.district, organisation=rich["org"], name=f"Kurs {n}")
        service_locations_set(service=offer, locations=[rich["place"]])
    with django_assert_max_num_queries(40):
        document = hsds.export_document(district=access.district)
    assert len(document["services"]) == 31


def test_derived_ids_are_uuid5():
    assert hsds.derived_id("address", "x", 3) == str(uuid.uuid5(NAMESPACE, "address:x:3"))


@pytest.mark.parametrize("fmt", ["json", "zip"])
def test_export_job_writes_its_file(client, access, rich, fmt, django_capture_on_commit_callbacks):
    client.force_login(access.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/d/uckermark/directory/exchange/hsds/", {"format": fmt})
    job = Job.objects.get(kind="directory.hsds_export")
    assert response.status_code == 302 and job.status == Job.Status.SUCCEEDED
    content = job.result_file.read()
    if fmt == "zip":
        assert hsds.zip_errors(content) == []
        assert hsds.read_zip_tables(content)["service"][0]["name"] == "Schwimmkurs für Frauen"
    else:
        assert hsds.document_errors(json.loads(content)) == []


def test_edits_change_the_export(access, rich):
    save_entry(obj=rich["offer"], data={"name": "Schwimmen für Frauen"}, actor=access.user)
    document = hsds.export_document(district=access.district)
    assert document["services"][0]["name"] == "Schwimmen für Frauen"
