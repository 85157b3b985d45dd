"""Pages, downloads, the API, the seam for other modules, reports: through the test client
and the services, with values computed from a small office import."""

from __future__ import annotations

import json
import re
import zlib

import pytest
from django.test import Client
from django.urls import reverse

from teilhabe.core.testing import make_member, make_user
from teilhabe.districts.roles import Role
from teilhabe.districts.services import programme_create, programme_member_grant
from teilhabe.monitoring.analytics.flags import Status
from teilhabe.monitoring.models import ImportBatch, PublishedValues, Report
from teilhabe.monitoring.services import imports, reports
from teilhabe.monitoring.services.imports import SubmittedObservation, observations_submit

from .conftest import run_import
from .test_imports import OFFICE_MAPPING, office_csv

pytestmark = pytest.mark.django_db


def inflated(pdf: bytes) -> bytes:
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(chunks)


@pytest.fixture
def with_values(access, uckermark, office_source, official, django_capture_on_commit_callbacks):
    """Asylum-seekers' benefits per Gemeinde (2022), with some small counts."""
    batch = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        office_csv(uckermark, year="2022"),
        OFFICE_MAPPING,
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.DONE
    return batch


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_dashboard_shows_values_by_field_with_few_queries(
    officer, uckermark, with_values, django_assert_max_num_queries
):
    client = client_for(officer)
    url = reverse("monitoring:dashboard", kwargs={"district": uckermark.slug})
    client.get(url)  # warm the cache of decoded values
    with django_assert_max_num_queries(40):
        response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert (
        "Asylum and refuge" in text and "Recipients of asylum seekers" in text
    ) or "AsylbLG" in text
    assert "Share of foreign nationals" in text  # official statistics fill the rest


def _frame_and_body(text: str) -> tuple[str, str]:
    """A page's frame (header, messages) and its body (the ``main`` after the messages)."""
    head, rest = text.split('<main id="main"', 1)
    return head, rest.split("<h1>", 1)[1]


def test_the_page_body_comes_from_the_cache_with_few_queries(
    officer, uckermark, with_values, django_assert_max_num_queries
):
    """Warm, a page costs the fixed part only: session, user, the two-factor check (one
    query), the user's memberships (the district gate and the switcher share one query),
    the stamp of values (and, on an indicator page, the indicator)."""
    client = client_for(officer)
    dashboard = reverse("monitoring:dashboard", kwargs={"district": uckermark.slug})
    indicator = reverse(
        "monitoring:indicator",
        kwargs={"district": uckermark.slug, "indicator_code": "asylblg_rate"},
    )
    first = client.get(dashboard).content.decode()
    with django_assert_max_num_queries(5):
        again = client.get(dashboard).content.decode()
    assert _frame_and_body(again)[1] == _frame_and_body(first)[1]
    client.get(indicator + "?year=2022")
    with django_assert_max_num_queries(6):
        response = client.get(indicator + "?year=2022")
    text = response.content.decode()
    assert response.status_code == 200 and "Barnim" in text and "data-choropleth" in text


def test_the_cached_page_changes_with_the_values(access, officer, uckermark, with_values):
    from teilhabe.monitoring.models import Indicator
    from teilhabe.monitoring.services.catalogue import indicator_visibility_set

    client = client_for(officer)
    url = reverse("monitoring:dashboard", kwargs={"district": uckermark.slug})
    assert "Share of foreign nationals" in client.get(url).content.decode()
    indicator = Indicator.objects.get(code="foreign_share", district__isnull=True)
    indicator_visibility_set(access=access, indicator=indicator, hidden=True)
    assert "Share of foreign nationals" not in client.get(url).content.decode()
    indicator_visibility_set(access=access, indicator=indicator, hidden=False)
    assert "Share of foreign nationals" in client.get(url).content.decode()


def test_the_cached_page_differs_with_the_rights_and_keeps_the_frame_per_user(
    people, officer, uckermark, with_values
):
    """An analyst may not import: the officer's cached page (with its import link) is not
    theirs. Two officers share the body but not the frame: name, CSRF token, messages."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    url = reverse("monitoring:dashboard", kwargs={"district": uckermark.slug})
    imports_url = reverse("monitoring:imports", kwargs={"district": uckermark.slug})
    officer.first_name, officer.last_name = "Olga", "Officer"
    officer.save()
    first = client_for(officer)
    first_text = first.get(url).content.decode()
    assert f'href="{imports_url}"' in _frame_and_body(first_text)[1]
    analyst_text = client_for(people[Role.ANALYST]).get(url).content.decode()
    assert f'href="{imports_url}"' not in analyst_text
    assert "Olga Officer" not in analyst_text

    second_officer = make_member(uckermark, Role.INTEGRATION_OFFICER, username="o-two")
    second = client_for(second_officer)
    # A message waiting for the second officer only (in the cookie storage of messages).
    storage = CookieStorage(HttpRequest())
    storage.add(constants.INFO, "Only for the second officer")
    carrier = HttpResponse()
    storage.update(carrier)
    second.cookies.update(carrier.cookies)
    second_text = second.get(url).content.decode()
    frame, body = _frame_and_body(second_text)
    assert body == _frame_and_body(first_text)[1]  # the cached body
    assert "o-two" in frame and "Olga Officer" not in second_text
    assert "Only for the second officer" in second_text
    assert "Only for the second officer" not in first.get(url).content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(second_text) and token.search(first_text)
    assert token.search(second_text).group(1) != token.search(first_text).group(1)


def test_indicator_page_shows_a_dot_with_its_reason_for_hidden_values(
    access, officer, uckermark, office_source, with_values, django_capture_on_commit_callbacks
):
    lines = office_csv(uckermark, year="2022").decode().splitlines()
    lines[1], lines[2] = lines[1].rsplit(";", 1)[0] + ";1", lines[2].rsplit(";", 1)[0] + ";0"
    run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        "\n".join(lines).encode(),
        OFFICE_MAPPING,
        capture=django_capture_on_commit_callbacks,
    )
    response = client_for(officer).get(
        reverse(
            "monitoring:indicator",
            kwargs={"district": uckermark.slug, "indicator_code": "asylblg_rate"},
        )
        + "?year=2022"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert 'class="suppressed"' in text
    assert "hidden" in text and "Barnim" in text  # neighbours are compared
    assert "<svg" in text and "data-choropleth" in text


def test_map_data_has_every_kreis_of_the_land(officer, uckermark, with_values):
    response = client_for(officer).get(
        reverse(
            "monitoring:indicator_map",
            kwargs={"district": uckermark.slug, "indicator_code": "foreign_share"},
        )
    )
    data = json.loads(response.content)
    codes = {f["properties"]["code"] for f in data["features"]}
    assert "12073" in codes and "12060" in codes and len(codes) >= 18
    assert all(f["properties"]["fill"].startswith("#") for f in data["features"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloads_carry_status_flags_and_sources(officer, uckermark, with_values, fmt):
    response = client_for(officer).get(
        reverse(
            "monitoring:indicator_download",
            kwargs={"district": uckermark.slug, "indicator_code": "asylblg_rate", "fmt": fmt},
        )
    )
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert "Ausländerbehörde – Auszug" in text and "hidden" in text
        assert "Zensus 2022" in text
    else:
        from io import BytesIO

        from openpyxl import load_workbook

        book = load_workbook(BytesIO(response.content))
        assert book.sheetnames == ["Values", "Notes"]


def test_formula_preview_computes_the_value_for_the_kreis(officer, uckermark, with_values):
    response = client_for(officer).post(
        reverse("monitoring:formula_check", kwargs={"district": uckermark.slug}),
        {
            "numerator": "#{asylblg_recipients}",
            "denominator": "#{population}",
            "kind": "per_1000",
            "direction": "neutral",
        },
    )
    text = response.content.decode()
    assert "The formulas are valid" in text and "2022" in text
    bad = client_for(officer).post(
        reverse("monitoring:formula_check", kwargs={"district": uckermark.slug}),
        {"numerator": "#{asylblg_recipients | sex=x}", "kind": "count", "direction": "neutral"},
    )
    assert "has no option “x”" in bad.content.decode()


def test_report_narrative_versions_publish_and_freeze(
    access, people, uckermark, with_values, django_capture_on_commit_callbacks
):
    report = reports.report_create(
        access=access, title="Bericht 2021/2022", first_year=2021, last_year=2022
    )
    reports.narrative_save(access=access, report=report, section="asylum", text="Erster Entwurf")
    reports.narrative_save(access=access, report=report, section="asylum", text="Zweiter Entwurf")
    reports.narrative_save(
        access=access, report=report, section="summary", text="ملخص باللغة العربية"
    )
    assert list(report.narratives.filter(section="asylum").values_list("version", flat=True)) == [
        2,
        1,
    ]
    page = client_for(people[Role.ANALYST]).get(
        reverse(
            "monitoring:report",
            kwargs={"district": uckermark.slug, "monitoring_report_id": report.pk},
        )
    )
    assert "Zweiter Entwurf" in page.content.decode()
    admin = client_for(people[Role.DISTRICT_ADMIN])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse(
                "monitoring:report_publish",
                kwargs={"district": uckermark.slug, "monitoring_report_id": report.pk},
            )
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_published and report.frozen_values and report.pdf_de.name.endswith(".pdf")
    assert PublishedValues.objects.filter(report=report).exists()
    pdf = report.pdf_de.open("rb").read()
    objects = inflated(pdf)
    assert pdf.startswith(b"%PDF") and b"/StructTreeRoot" in objects  # tagged for screen readers
    fonts = set(re.findall(rb"/BaseFont\s*/\w+\+([\w-]+)", objects))
    assert b"Teilhabe-Arabic" in fonts  # the Arabic summary is set in the shipped Arabic font
    with pytest.raises(Exception, match="published report"):
        reports.narrative_save(access=access, report=report, section="asylum", text="Zu spät")


def test_api_serves_published_and_official_values_only(access, people, uckermark, with_values):
    client = client_for(people[Role.ANALYST])
    response = client.get("/api/monitoring/values", {"indicator": "asylblg_rate"})
    assert response.status_code == 200
    assert response.json()["count"] == 0  # the district has not published yet
    report = reports.report_create(access=access, title="Bericht", first_year=2021, last_year=2022)
    admin_access = __import__(
        "teilhabe.districts.selectors", fromlist=["x"]
    ).district_access_for_user(user=people[Role.DISTRICT_ADMIN], slug=uckermark.slug)
    reports.report_publish(access=admin_access, report=report)
    data = client.get(
        "/api/monitoring/values", {"indicator": "asylblg_rate", "area": "12073"}
    ).json()
    assert data["count"] >= 1
    item = data["items"][0]
    assert item["origin"] == "published:uckermark" and item["area_key"] == "12073"
    hidden = client.get("/api/monitoring/values", {"indicator": "asylblg_rate"}).json()["items"]
    assert all(i["value"] is None for i in hidden if i["status"] != "shown")
    assert any(i["status"] in {"primary", "secondary"} for i in hidden)
    schema = client.get("/api/monitoring/openapi.json").json()
    assert "/api/monitoring/values" in schema["paths"]
    csv = client.get("/api/monitoring/values.csv", {"indicator": "asylblg_rate"})
    assert csv.status_code == 200 and "origin" in csv.content.decode("utf-8-sig")


def test_programme_office_sees_published_reports_only(access, people, uckermark, with_values):
    programme = programme_create(actor=None, slug="lzz", name="LZZ", districts=[uckermark])
    person = make_user("programme")
    programme_member_grant(actor=None, programme=programme, user=person)
    draft = reports.report_create(access=access, title="Entwurf", first_year=2021, last_year=2022)
    client = client_for(person)
    overview = client.get("/programme/lzz/monitoring/?indicator=asylblg_rate")
    assert overview.status_code == 200 and "Landkreis Uckermark" in overview.content.decode()
    assert client.get(f"/programme/lzz/monitoring/reports/{draft.pk}/").status_code == 404
    Report.objects.filter(pk=draft.pk).update(status=Report.Status.PUBLISHED)
    assert client.get(f"/programme/lzz/monitoring/reports/{draft.pk}/").status_code == 200


def test_surveys_hand_over_aggregated_observations(uckermark, officer, official):
    source = imports.Source.objects.create(district=uckermark, name="Befragung 2022", kind="survey")
    batch = observations_submit(
        district=uckermark,
        source=source,
        measure_code="advisory_council_voters",
        observations=[
            SubmittedObservation(area="12073", period="2022", value=312, options={"sex": "f"}),
            SubmittedObservation(area="12073", period="2022", value=298, options={"sex": "m"}),
        ],
        user=officer,
        note="Frage 7",
    )
    assert batch.kind == ImportBatch.Kind.SUBMITTED and batch.observations == 2
    with pytest.raises(imports.ImportRefused) as refused:
        observations_submit(
            district=uckermark,
            source=source,
            measure_code="advisory_council_voters",
            observations=[SubmittedObservation(area="Nirgendwo", period="2022", value=3)],
        )
    assert refused.value.problems[0].code == "unknown_area"


def test_thresholds_of_the_district_apply_after_a_change(
    access, people, uckermark, with_values, django_capture_on_commit_callbacks
):
    from teilhabe.districts.selectors import district_access_for_user
    from teilhabe.monitoring import store
    from teilhabe.monitoring.services.settings import settings_update

    before = sum(
        1
        for s in store.value_blocks(district_id=uckermark.pk).column("status").to_pylist()
        if s == Status.PRIMARY
    )
    admin = district_access_for_user(user=people[Role.DISTRICT_ADMIN], slug=uckermark.slug)
    with django_capture_on_commit_callbacks(execute=True):
        settings_update(access=admin, min_count=8, min_denominator=20, comparison="programme")
    after = sum(
        1
        for s in store.value_blocks(district_id=uckermark.pk).column("status").to_pylist()
        if s == Status.PRIMARY
    )
    assert after > before
