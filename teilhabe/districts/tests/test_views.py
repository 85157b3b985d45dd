import json

import pytest
from django.test import Client

from teilhabe.audit.models import AuditEntry
from teilhabe.core.testing import make_district, make_member
from teilhabe.districts.models import Office
from teilhabe.districts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def uckermark():
    return make_district("12073", slug="uckermark")


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_start_page_shows_key_figures_map_and_sources(uckermark):
    officer = make_member(uckermark, Role.INTEGRATION_OFFICER)
    response = client_for(officer).get("/d/uckermark/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Landkreis Uckermark" in html
    assert "117,909" in html  # Zensus 2022, summed over the Gemeinden
    assert "Landkreis Barnim" in html and "Landkreis Vorpommern-Greifswald" in html
    assert 'class="map-svg"' in html and "data-map-geojson" in html
    assert 'class="chart chart-line"' in html
    assert "© GeoBasis-DE / BKG 2021 (Daten verändert)" in html
    assert "Statistische Ämter des Bundes und der Länder, Regionalatlas Deutschland" in html
    assert "Demo district" not in html  # not a demo district
    assert response["Cache-Control"] == "no-store, private"


def test_demo_districts_say_so(uckermark):
    uckermark.is_demo = True
    uckermark.save()
    officer = make_member(uckermark, Role.ANALYST)
    assert "Demo district" in client_for(officer).get("/d/uckermark/").content.decode()


def test_map_data_is_geojson_of_kreis_and_neighbours(uckermark):
    officer = make_member(uckermark, Role.ANALYST)
    data = json.loads(client_for(officer).get("/d/uckermark/map.geojson").content)
    roles = {f["properties"]["code"]: f["properties"]["role"] for f in data["features"]}
    assert roles == {
        "12073": "self",
        "12060": "neighbour",
        "12065": "neighbour",
        "13071": "neighbour",
        "13075": "neighbour",
    }


def test_gemeinden_list_searches_sorts_and_serves_htmx_fragment(
    uckermark, django_assert_max_num_queries
):
    officer = make_member(uckermark, Role.OFFICE_CLERK)
    client = client_for(officer)
    with django_assert_max_num_queries(15):
        page = client.get("/d/uckermark/gemeinden/")
    assert page.status_code == 200
    assert page.content.decode().count('<th scope="row">') == 30
    fragment = client.get("/d/uckermark/gemeinden/", {"q": "Prenzlau"}, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert "<html" not in html and "Prenzlau, Stadt" in html and "Templin" not in html
    by_name = client.get("/d/uckermark/gemeinden/").content.decode()
    assert by_name.index("Göritz") < by_name.index("Grünow")  # DIN 5007: ö sorts as o
    ordered = client.get("/d/uckermark/gemeinden/", {"order": "-population"}).content.decode()
    assert (
        ordered.index("Schwedt/Oder")
        < ordered.index("Prenzlau")
        < ordered.index("Templin")
        < ordered.index("Zichow")
    )


def test_lists_do_not_grow_queries_with_rows(uckermark, django_assert_max_num_queries):
    admin = make_member(uckermark, Role.DISTRICT_ADMIN)
    client = client_for(admin)
    for n in range(30):
        make_member(uckermark, Role.ANALYST)
        Office.objects.create(district=uckermark, name=f"Beratungsstelle {n}", kind="partner")
    for path in (
        "/d/uckermark/members/",
        "/d/uckermark/offices/",
        "/d/uckermark/audit/",
        "/d/uckermark/",
    ):
        with django_assert_max_num_queries(20):
            assert client.get(path).status_code == 200


def test_office_form_creates_and_edits(uckermark):
    admin = make_member(uckermark, Role.DISTRICT_ADMIN)
    client = client_for(admin)
    response = client.post(
        "/d/uckermark/offices/new/",
        {"name": "Kreissportbund", "kind": "partner", "is_active": "on"},
    )
    assert response.status_code == 302
    office = Office.objects.get(district=uckermark, name="Kreissportbund")
    response = client.post(
        f"/d/uckermark/offices/{office.pk}/",
        {"name": "Kreissportbund Uckermark", "kind": "partner"},
    )
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.name == "Kreissportbund Uckermark" and not office.is_active
    duplicate = client.post("/d/uckermark/offices/new/", {"name": "Jobcenter", "kind": "jobcenter"})
    assert (
        duplicate.status_code == 200
        and "has an office of this name already" in duplicate.content.decode()
    )


def test_member_invite_and_revoke_through_the_pages(
    uckermark, mailoutbox, django_capture_on_commit_callbacks
):
    admin = make_member(uckermark, Role.DISTRICT_ADMIN)
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/d/uckermark/members/new/",
            {"username": "lea", "email": "lea@example.org", "role": Role.ANALYST},
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    membership = uckermark.memberships.get(user__username="lea")
    response = client.post(f"/d/uckermark/members/{membership.pk}/revoke/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert AuditEntry.objects.filter(action="membership.revoke").exists()


def test_audit_page_filters_and_exports_in_background(
    uckermark, django_capture_on_commit_callbacks
):
    admin = make_member(uckermark, Role.DISTRICT_ADMIN)
    client = client_for(admin)
    client.post("/d/uckermark/settings/", {"name": "Landkreis Uckermark", "require_two_factor": ""})
    listing = client.get("/d/uckermark/audit/", {"action": "membership"}).content.decode()
    assert "membership.grant" in listing and "district.update" not in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/d/uckermark/audit/export/")
    assert response.status_code == 302
    progress = client.get(response["Location"])
    assert "Finished" in progress.content.decode()
    download = client.get(response["Location"] + "download/")
    body = download.getvalue().decode("utf-8-sig")
    assert body.splitlines()[0].startswith("time;user;action")
    assert "district.update" in body
