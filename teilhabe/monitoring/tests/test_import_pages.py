"""The import pages as an officer uses them (test client): next year's upload in one step
with the saved template, the mapping step when the file does not fit it, the comparison
of two versions and the restore; groups of Gemeinden on the indicator page and in the
download."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from teilhabe.areas.models import Area
from teilhabe.jobs.models import Job
from teilhabe.monitoring.models import ImportBatch, ImportTemplate, ObservationSlice
from teilhabe.monitoring.services import imports
from teilhabe.monitoring.services import settings as settings_services

from .conftest import run_import
from .test_imports import OFFICE_MAPPING, office_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_staged_files_left():
    """Uploads left pending at the mapping step stay staged; other tests check that the
    staging folder is empty after their imports."""
    yield
    for path in imports.staging_dir().iterdir():
        path.unlink()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def first_year(access, uckermark, office_source, official, django_capture_on_commit_callbacks):
    """Last year's import, its mapping saved as the template “Sozialamt AsylbLG”."""
    batch = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        office_csv(uckermark, year="2022"),
        OFFICE_MAPPING,
        template="Sozialamt AsylbLG",
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.DONE, batch.problems
    return batch


def upload(client: Client, district, source, content: bytes, *, with_template: bool = True):
    data = {
        "source": source.pk,
        "kind": ImportBatch.Kind.OFFICE,
        "file": SimpleUploadedFile("asylblg-2023.csv", content),
    }
    if with_template:
        data["with_template"] = "on"
    return client.post(reverse("monitoring:imports", kwargs={"district": district.slug}), data)


def test_next_years_upload_is_one_step_with_the_saved_template(
    officer, uckermark, office_source, first_year, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    page = client.get(reverse("monitoring:imports", kwargs={"district": uckermark.slug}))
    assert "Sozialamt AsylbLG" in page.content.decode()
    assert 'name="with_template"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, uckermark, office_source, office_csv(uckermark, year="2023"))
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == ImportBatch.Status.DONE, batch.problems
    assert batch.template == ImportTemplate.objects.get(name="Sozialamt AsylbLG")
    assert batch.summary["periods"] == ["2023-12-31"] or "2023" in str(batch.summary["periods"])
    assert Job.objects.get(pk=str(batch.job_id)).status == Job.Status.SUCCEEDED


def test_a_file_that_does_not_fit_the_template_goes_to_the_mapping_step(
    officer, uckermark, office_source, first_year
):
    content = office_csv(uckermark, year="2023").decode().replace(";weiblich;", ";divers;", 1)
    client = client_for(officer)
    response = upload(client, uckermark, office_source, content.encode())
    batch = ImportBatch.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "monitoring:import_map", kwargs={"district": uckermark.slug, "batch_id": batch.pk}
    )
    assert batch.status == ImportBatch.Status.PENDING
    page = client.get(response["Location"])
    assert "does not quite fit" in page.content.decode()
    assert "divers" in page.content.decode()


def test_without_the_box_the_mapping_step_comes_first(
    officer, uckermark, office_source, first_year
):
    response = upload(
        client_for(officer),
        uckermark,
        office_source,
        office_csv(uckermark, year="2023"),
        with_template=False,
    )
    assert "/map/" in response["Location"]
    assert ImportBatch.objects.latest("pk").status == ImportBatch.Status.PENDING


def test_versions_are_compared_and_restored_on_the_pages(
    access,
    officer,
    uckermark,
    office_source,
    first_year,
    django_capture_on_commit_callbacks,
):
    second = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        office_csv(uckermark, year="2022", factor=2),
        OFFICE_MAPPING,
        capture=django_capture_on_commit_callbacks,
    )
    client = client_for(officer)
    kwargs = {"district": uckermark.slug, "batch_id": second.pk}
    detail = client.get(reverse("monitoring:import_detail", kwargs=kwargs)).content.decode()
    assert reverse("monitoring:import_compare", kwargs=kwargs) in detail
    compared = client.get(reverse("monitoring:import_compare", kwargs=kwargs))
    assert compared.status_code == 200
    assert "asylblg_recipients" in compared.content.decode() or "AsylbLG" in (
        compared.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        restored = client.post(
            reverse(
                "monitoring:import_restore",
                kwargs={"district": uckermark.slug, "batch_id": first_year.pk},
            )
        )
    assert restored.status_code == 302
    active = ObservationSlice.objects.get(source=office_source, is_active=True)
    assert active.batch_id == first_year.pk


def test_a_group_of_gemeinden_has_its_values_on_the_page_and_in_the_download(
    access, officer, uckermark, first_year, django_capture_on_commit_callbacks
):
    members = list(
        Area.objects.gemeinden()
        .current()
        .filter(parent=uckermark.kreis, population__gt=0)
        .order_by("-latitude")[:6]
    )
    with django_capture_on_commit_callbacks(execute=True):
        settings_services.group_create(
            access=access, name="Region Nord", level="gemeinde", members=members
        )
    client = client_for(officer)
    kwargs = {"district": uckermark.slug, "indicator_code": "asylblg_rate"}
    page = client.get(reverse("monitoring:indicator", kwargs=kwargs) + "?year=2022")
    text = page.content.decode()
    assert "Groups of Gemeinden" in text and "Region Nord" in text
    download = client.get(reverse("monitoring:indicator_download", kwargs={**kwargs, "fmt": "csv"}))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    group_rows = [r for r in rows if len(r) > 2 and r[1] == "Region Nord" and r[2] == "2022"]
    assert group_rows, rows[:3]
    # Σ numerator over the members, never an average of their rates.
    total = next(r for r in group_rows if r[3] == "total")
    member_rows = [
        r
        for r in rows
        if len(r) > 2 and r[0] in {m.code for m in members} and r[2] == "2022" and r[3] == "total"
    ]
    assert float(total[6]) == sum(float(r[6]) for r in member_rows)


def test_a_refused_import_names_its_first_problems_and_links_to_all_of_them(
    officer, uckermark, office_source, first_year, django_capture_on_commit_callbacks
):
    content = office_csv(uckermark, year="2023").decode().splitlines()
    content[3] = content[3].rsplit(";", 1)[0] + ";viele"
    content[1] = content[1].replace(";2023;", ";2031;", 1)  # outside the range
    client = client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, uckermark, office_source, "\n".join(content).encode())
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == ImportBatch.Status.FAILED
    job = Job.objects.get(pk=str(batch.job_id))
    assert job.status == Job.Status.FAILED
    assert "2 problems" in job.error and "Nothing was changed" in job.error
    # In the order of the file: row 2 (the period) before row 4 (not a number).
    assert job.error.index("row 2") < job.error.index("row 4")
    page = client.get(response["Location"]).content.decode()
    detail = reverse(
        "monitoring:import_detail", kwargs={"district": uckermark.slug, "batch_id": batch.pk}
    )
    assert detail in page and "See every problem" in page
    assert ObservationSlice.objects.filter(batch=batch).count() == 0


def test_near_miss_area_names_are_chosen_in_the_mapping_step_and_kept_in_the_template(
    officer, uckermark, office_source, official, django_capture_on_commit_callbacks
):
    gemeinden = list(
        Area.objects.gemeinden()
        .current()
        .filter(parent=uckermark.kreis, population__gt=0)
        .order_by("name")
    )
    angermuende = next(g for g in gemeinden if g.name.startswith("Angermünde"))
    content = office_csv(uckermark, year="2022").decode().replace(angermuende.name, "Angermunde")
    client = client_for(officer)
    response = upload(client, uckermark, office_source, content.encode(), with_template=False)
    batch = ImportBatch.objects.latest("pk")
    url = response["Location"]
    form = {
        "role__0": "area",
        "role__1": "period",
        "role__2": "category",
        "category__2": "sex",
        "label__2__0": "m",
        "label__2__1": "f",
        "role__3": "value",
        "measure__3": "asylblg_recipients",
        "dash": "missing",
    }
    page = client.post(url, {**form, "action": "update"}).content.decode()
    # The unknown name is listed with the near miss suggested; the others are recognised.
    assert "1 name is not an area of the district" in page
    assert 'name="areatext__0" value="Angermunde"' in page
    suggested = page.split('label="Did you mean"')[1].split("</optgroup>")[0]
    assert f'value="{angermuende.code}"' in suggested
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            url,
            {
                **form,
                "areatext__0": "Angermunde",
                "areaname__0": angermuende.code,
                "template_name": "Sozialamt AsylbLG",
                "action": "start",
            },
        )
    assert "/jobs/" in started["Location"]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.problems
    template = ImportTemplate.objects.get(name="Sozialamt AsylbLG")
    assert template.mapping["area"]["names"] == {"Angermunde": angermuende.code}
    # Next year the same spelling needs no question: one step.
    content = office_csv(uckermark, year="2023").decode().replace(angermuende.name, "Angermunde")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, uckermark, office_source, content.encode())
    assert "/jobs/" in response["Location"]
    assert ImportBatch.objects.latest("pk").status == ImportBatch.Status.DONE


def test_a_name_chosen_for_an_area_outside_the_district_is_refused(access, uckermark):
    from teilhabe.monitoring.services.imports import validate_mapping

    mapping = {
        "area": {"column": "Gemeinde", "names": {"Bernau": "12060020"}},
        "period": {"column": "Jahr"},
        "values": [{"column": "Anzahl", "measure": "asylblg_recipients"}],
    }
    problems = validate_mapping(district=uckermark, kind=ImportBatch.Kind.OFFICE, mapping=mapping)
    assert any("Bernau" in p and "not an area of the district" in p for p in problems)


def test_own_figures_are_drawn_beside_the_official_ones_of_the_kreis(officer, uckermark, official):
    from teilhabe.monitoring.models import Source
    from teilhabe.monitoring.services.imports import SubmittedObservation, observations_submit

    source = Source.objects.create(district=uckermark, name="Meldeamt", kind="office")
    observations_submit(
        district=uckermark,
        source=source,
        measure_code="population",
        observations=[
            SubmittedObservation(area="12073", period="2022", value=value, options=options)
            for value, options in [
                (110_000, {"nationality": "german"}),
                (3_000, {"nationality": "eu"}),
                (5_000, {"nationality": "third_country"}),
            ]
        ],
        recompute=False,
    )
    from teilhabe.monitoring.services.recompute import recompute

    recompute(district_ids=[uckermark.pk], official=True, reason="test")
    page = client_for(officer).get(
        reverse(
            "monitoring:indicator",
            kwargs={"district": uckermark.slug, "indicator_code": "foreign_share"},
        )
    )
    text = page.content.decode()
    names = page.context["page"].series_names
    assert page.context["page"].has_own, names
    assert "Kreis (official statistics)" in names, names
    assert "Kreis (official statistics)" in text


def test_a_hidden_value_on_a_map_is_a_dot_with_its_reason(db):
    from teilhabe.monitoring import pages
    from teilhabe.monitoring.analytics.flags import Status
    from teilhabe.monitoring.models import Indicator
    from teilhabe.monitoring.values import Value, status_text

    version = Indicator.objects.get(code="asylblg_rate", district__isnull=True).definition
    hidden = Value(2022, None, int(Status.PRIMARY), 0, None, None, version.pk, "own")
    assert pages.map_text(hidden, version) == f". ({status_text(int(Status.PRIMARY))})"
    shown = Value(2022, 4.25, int(Status.SHOWN), 0, 10.0, 2353.0, version.pk, "own")
    assert pages.map_text(shown, version).startswith("4")
