"""The office side through the test client: the import with duplicate merge, a
meeting with three organisations, profile PDF, contact exports (formula-safe),
actor map, network, moderation; list views without N+1 queries."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from teilhabe.core.testing import make_member
from teilhabe.directory.mapdata import kreis_bounds
from teilhabe.directory.models import Activity, Contact, Organisation, Submission
from teilhabe.directory.services.freshness import directory_daily
from teilhabe.directory.tests import factories as f
from teilhabe.districts.roles import Role

pytestmark = pytest.mark.django_db
D = "/d/uckermark/directory/"


@pytest.fixture
def officer(client):
    district = f.uckermark()
    user = make_member(district, Role.INTEGRATION_OFFICER)
    client.force_login(user)
    return user


def test_import_maps_columns_finds_duplicates_and_merges(
    client, officer, django_capture_on_commit_callbacks
):
    district = f.uckermark()
    existing = f.organisation(district, name="Syrischer Kulturverein Uckermark e. V.", email="")
    csv_text = (
        "Verein;E-Mail;Telefon;Ansprechperson;Straße;PLZ;Ort\n"
        "Syrischer Kulturverein Uckermark;kontakt@skv.example;03332 1234;Frau Haddad;Markt 1;16303;Schwedt/Oder\n"
        "Afrikanischer Elternverein;eltern@afr.example;0170 555;Herr Diallo;;;\n"
        "Afrikanischer Elternverein e.V.;eltern@afr.example;;;;;\n"
        '=HYPERLINK("http://evil");x@example.org;;;;;\n'
    )
    upload = client.post(
        D + "import/", {"file": io.BytesIO(csv_text.encode("utf-8-sig"))}, format="multipart"
    )
    assert upload.status_code == 302
    mapping_url = upload["Location"]
    page = client.get(mapping_url).content.decode()
    assert 'name="map_name"' in page and "Ansprechperson" in page
    mapping = {
        "map_name": 0,
        "map_email": 1,
        "map_phone": 2,
        "map_contact_name": 3,
        "map_street": 4,
        "map_postal_code": 5,
        "map_city": 6,
    }
    review_url = client.post(mapping_url, mapping)["Location"]
    review = client.get(review_url).content.decode()
    assert f'value="merge:{existing.pk}" selected' in review  # similar name → merge suggested
    assert "like row 2" in review  # the in-file duplicate is marked
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            review_url,
            {"row_1": f"merge:{existing.pk}", "row_2": "new", "row_3": "skip", "row_4": "new"},
        )
    assert done.status_code == 302
    existing.refresh_from_db()
    assert existing.email == "kontakt@skv.example"
    assert Contact.objects.filter(
        organisation=existing, name="Frau Haddad", phones__number="03332 1234"
    ).exists()
    assert existing.locations.filter(
        address_1="Markt 1", gemeinde__name__startswith="Schwedt"
    ).exists()
    assert (
        Organisation.objects.filter(district=district, name="Afrikanischer Elternverein").count()
        == 1
    )
    assert (
        Organisation.objects.filter(district=district, name__startswith="=HYPERLINK").count() == 1
    )
    # The formula-like name is exported as text, never as a formula.
    body = client.get(D + "contacts.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_import_refuses_bad_files_clearly(client, officer):
    response = client.post(D + "import/", {"file": io.BytesIO(b"")}, format="multipart")
    assert response.status_code == 200
    response = client.post(D + "import/", {"file": io.BytesIO(b"Name\n")}, format="multipart")
    assert "no data rows" in response.content.decode()


def test_meeting_with_three_organisations_is_one_entry(client, officer):
    district = f.uckermark()
    orgs = [
        f.organisation(district, name=n, kind=Organisation.Kind.MIGRANT_ORGANISATION)
        for n in ("A-Verein", "B-Verein", "C-Verein")
    ]
    response = client.post(
        D + "log/new/",
        {
            "kind": "meeting",
            "happened_on": timezone.localdate().isoformat(),
            "subject": "Runder Tisch",
            "organisations": [o.pk for o in orgs],
            "follow_up_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert set(activity.organisations.all()) == set(orgs)
    for org in orgs:
        assert "Runder Tisch" in client.get(D + f"organisations/{org.pk}/").content.decode()
    # Not contacted for 6 months: the three are not listed, a fourth is.
    lonely = f.organisation(district, name="D-Verein")
    listed = client.get(D, {"not_contacted": 6}).content.decode().split('id="organisation-rows"')[1]
    assert "D-Verein" in listed and "A-Verein" not in listed
    assert lonely
    # The follow-up reminder goes out once.
    officer.email = "officer@example.org"
    officer.save()
    directory_daily(base_url="https://example.org", calendars=False)
    directory_daily(base_url="https://example.org", calendars=False)
    reminders = [m for m in mail.outbox if "follow-up" in m.subject]
    assert len(reminders) == 1 and "Runder Tisch" in reminders[0].body


def test_profile_pdf_and_exports(client, officer):
    district = f.uckermark()
    org = f.organisation(district, name="+Verein mit Formel", email="a@example.org")
    Contact.objects.create(organisation=org, name="Frau Ü", email="u@example.org")
    pdf = client.get(D + f"organisations/{org.pk}/profile.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(D + "contacts.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "'+Verein mit Formel" in cells
    vcf = client.get(D + "contacts.vcf").content.decode()
    assert "BEGIN:VCARD" in vcf and "FN:Frau Ü" in vcf


def test_list_views_have_no_n_plus_one(client, officer, django_assert_max_num_queries):
    district = f.uckermark()
    for n in range(20):
        org = f.organisation(district, name=f"Verein {n}")
        f.service(district, organisation=org)
    for path in ("", "offers/", "places/", "events/", "log/", "map/", "network/", "contacts.csv"):
        with django_assert_max_num_queries(25):
            assert client.get(D + path).status_code == 200, path


def test_actor_map_has_svg_fallback_and_filters(client, officer):
    district = f.uckermark()
    mso = f.organisation(district, name="MSO", kind=Organisation.Kind.MIGRANT_ORGANISATION)
    club = f.organisation(district, name="Club", kind=Organisation.Kind.CLUB)
    f.location(district, name="MSO-Haus", organisation=mso)
    f.location(district, name="Club-Haus", organisation=club)
    page = client.get(D + "map/", {"kind": "migrant_organisation"}).content.decode()
    assert "<svg" in page and "MSO" in page and "Club-Haus" not in page
    data = client.get(D + "map.geojson", {"kind": "club"}).json()
    assert [feat["properties"]["name"] for feat in data["features"]] == ["Club"]


def test_actor_map_groups_places_at_one_spot_and_fits_the_kreis(client, officer):
    district = f.uckermark()
    town, other = f.gemeinde(district, "Prenzlau"), f.gemeinde(district, "Templin")
    for name in ("Verein A", "Verein B", "Verein C"):  # one house, three organisations
        f.location(
            district,
            name="Haus der Vereine",
            organisation=f.organisation(district, name=name),
            gemeinde=town,
            latitude=53.3163,
            longitude=13.8631,
        )
    f.location(
        district,
        name="Bürgerhaus",
        organisation=f.organisation(district, name="Verein D"),
        gemeinde=other,
        latitude=53.1186,
        longitude=13.5019,
    )
    data = client.get(D + "map.geojson").json()
    by_count = sorted(data["features"], key=lambda feat: -feat["properties"]["count"])
    assert [feat["properties"]["count"] for feat in by_count] == [3, 1]
    shared = by_count[0]["properties"]
    assert sorted(item["name"] for item in shared["items"]) == ["Verein A", "Verein B", "Verein C"]
    assert all(item["url"].startswith(D + "organisations/") for item in shared["items"])
    assert len({item["url"] for item in shared["items"]}) == 3
    # The initial view covers the whole Kreis (its shipped boundary) and every marker.
    west, south, east, north = data["bbox"]
    kreis = kreis_bounds(district.kreis)
    assert kreis is not None, "the Kreis boundary is shipped"
    assert west <= kreis[0] and south <= kreis[1] and east >= kreis[2] and north >= kreis[3]
    for feat in data["features"]:
        lon, lat = feat["geometry"]["coordinates"]
        assert west <= lon <= east and south <= lat <= north
    # Without JavaScript: one dot with the number, and every organisation in the list.
    page = client.get(D + "map/").content.decode()
    assert ">3</text>" in page and page.count("Haus der Vereine") >= 3


def test_moderation_queue_shows_diff_and_decisions(client):
    district = f.uckermark()
    moderator = make_member(district, Role.MODERATOR)
    client.force_login(moderator)
    offer = f.service(district, name="Alter Name")
    item = Submission.objects.create(
        district=district,
        kind="correction",
        target_type="service",
        target_id=offer.pk,
        data={
            "title": "Neuer Name",
            "description": "",
            "email": "",
            "url": "",
            "message": "bitte ändern",
        },
        email="s@example.org",
        token_digest="x",
        state=Submission.State.PENDING,
    )
    page = client.get(D + f"moderation/proposals/{item.pk}/").content.decode()
    assert "Alter Name" in page and "Neuer Name" in page and 'class="changed"' in page
    client.post(D + f"moderation/proposals/{item.pk}/", {"action": "approve"})
    offer.refresh_from_db()
    assert offer.name == "Neuer Name"
    assert client.get(D + "moderation/").status_code == 200
