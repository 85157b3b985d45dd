"""The report's maps compare with what neighbouring districts published (and, once the
report is published, keep those figures frozen); never with their unpublished data."""

from __future__ import annotations

import re

import pytest

from teilhabe.core.testing import make_district, make_member
from teilhabe.districts.roles import Role
from teilhabe.districts.selectors import district_access_for_user
from teilhabe.monitoring import reporting
from teilhabe.monitoring.models import ImportBatch, Report, Source
from teilhabe.monitoring.services import reports
from teilhabe.monitoring.services.imports import SubmittedObservation, observations_submit

from .conftest import run_import
from .test_imports import OFFICE_MAPPING, office_csv

pytestmark = pytest.mark.django_db


def barnim_value(report: Report) -> str | None:
    """The text of Barnim's area on the map of the report's asylum section (None: the
    section has no map, fewer than three Kreise have a value to show)."""
    content = reporting.report_content(report, language="en")
    section = next(s for s in content.sections if s.key == "asylum")
    found = re.search(r"Barnim: ([^<]*)<", str(section.map_svg))
    return found.group(1) if found else None


def submit(district, value: int) -> None:
    source, _ = Source.objects.get_or_create(
        district=district, name="Sozialamt", defaults={"kind": "office"}
    )
    observations_submit(
        district=district,
        source=source,
        measure_code="asylblg_recipients",
        observations=[SubmittedObservation(area=district.kreis.code, period="2022", value=value)],
        recompute=False,
    )
    from teilhabe.monitoring.services.recompute import recompute

    recompute(district_ids=[district.pk], reason="test")


def publish(district, title: str, django_capture_on_commit_callbacks) -> None:
    admin = make_member(district, Role.DISTRICT_ADMIN, username=f"{district.slug}-{title}")
    access = district_access_for_user(user=admin, slug=district.slug)
    report = reports.report_create(access=access, title=title, first_year=2021, last_year=2022)
    with django_capture_on_commit_callbacks(execute=False):
        reports.report_publish(access=access, report=report)


def test_report_maps_show_published_neighbours_and_freeze_them(
    access, people, uckermark, office_source, official, django_capture_on_commit_callbacks
):
    batch = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        office_csv(uckermark, year="2022"),
        OFFICE_MAPPING,
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.DONE
    barnim = make_district("12060", slug="barnim")
    oberhavel = make_district("12065", slug="oberhavel")
    submit(barnim, 900)
    submit(oberhavel, 700)
    report = reports.report_create(
        access=access, title="Bericht 2021/2022", first_year=2021, last_year=2022
    )
    # The neighbours have values but have not published them: no map to compare with.
    assert barnim_value(report) is None

    publish(barnim, "b1", django_capture_on_commit_callbacks)
    publish(oberhavel, "o1", django_capture_on_commit_callbacks)
    published = barnim_value(report)
    assert published is not None and re.search(r"\d", published), published

    # Uckermark publishes: its report keeps Barnim's figure even when Barnim changes later.
    uckermark_admin = district_access_for_user(
        user=people[Role.DISTRICT_ADMIN], slug=uckermark.slug
    )
    with django_capture_on_commit_callbacks(execute=False):
        reports.report_publish(access=uckermark_admin, report=report)
    report.refresh_from_db()
    assert barnim_value(report) == published
    submit(barnim, 1800)
    publish(barnim, "b2", django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert barnim_value(report) == published
    # A new draft compares with the new figure.
    draft = reports.report_create(
        access=access, title="Entwurf 2021/2022", first_year=2021, last_year=2022
    )
    assert barnim_value(draft) not in (None, published)


def test_the_report_is_german_unless_english_is_offered_and_asked_for(
    access, officer, uckermark, official
):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(officer)
    german = reports.report_create(
        access=access, title="Bericht 2021/2022", first_year=2021, last_year=2022
    )
    url = reverse(
        "monitoring:report",
        kwargs={"district": uckermark.slug, "monitoring_report_id": german.pk},
    )
    # The test client's interface is English; a report without the option stays German.
    page = client.get(url + "?lang=en").content.decode()
    assert '<div lang="de">' in page and "Methodik" in page and ">Methods<" not in page
    both = reports.report_create(
        access=access,
        title="Bericht 2023/2024",
        first_year=2023,
        last_year=2024,
        include_english=True,
    )
    url = reverse(
        "monitoring:report", kwargs={"district": uckermark.slug, "monitoring_report_id": both.pk}
    )
    english = client.get(url).content.decode()
    assert '<div lang="en">' in english and ">Methods<" in english
    assert "Methodik" in client.get(url + "?lang=de").content.decode()
