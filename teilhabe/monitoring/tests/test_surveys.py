"""The surveys module feeds measures: its figures are taken over like an import."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from teilhabe.monitoring import store
from teilhabe.monitoring.analytics.flags import Flag, Status
from teilhabe.monitoring.models import ImportBatch, Indicator, ObservationSlice, Source
from teilhabe.monitoring.services.surveys import measure_code_for, surveys_take_over

surveys = pytest.importorskip("teilhabe.surveys.services")


@pytest.fixture(autouse=True)
def _fresh_survey_copies(settings, tmp_path):
    """The surveys module reuses its analysis copy of a survey for a minute; tests roll
    back and reuse survey ids, so every test gets its own copies."""
    settings.TEILHABE_SURVEYS_CACHE_SECONDS = 0
    settings.TEILHABE_SURVEYS_CACHE_DIR = str(tmp_path / "surveys")


def _survey_with_answers(district, access, count: int, key: str = "intends-to-stay"):
    from teilhabe.surveys.models import Response
    from teilhabe.surveys.synthetic import synthetic_answers
    from teilhabe.surveys.tests.factories import make_survey

    survey = make_survey(district, title="Leben im Landkreis")
    surveys.measure_link_create(
        access=access,
        survey=survey,
        measure_key=key,
        measure_label="Bleibeabsicht",
        question="stay",
        counted_choices=["yes", "probably"],
    )
    version = surveys.latest_version(survey)
    wave = survey.waves.get()
    answers = list(synthetic_answers(version.form, count=count, seed=5))
    Response.objects.bulk_create(
        Response(
            survey=survey,
            version=version,
            wave=wave,
            submission_key=uuid.uuid4(),
            language="de",
            answers=a,
            day=surveys.today(),
        )
        for a in answers
    )
    counted = sum(1 for a in answers if a.get("stay") in {"yes", "probably"})
    answered = sum(1 for a in answers if a.get("stay"))
    return survey, wave, counted, answered


def test_measure_codes_follow_the_monitoring_rules():
    assert measure_code_for("intends-to-stay") == "intends_to_stay"
    assert measure_code_for("2024-wish") == "survey_2024_wish"


def test_survey_figures_become_a_measure_an_indicator_and_values(
    access, uckermark, django_capture_on_commit_callbacks
):
    survey, wave, counted, answered = _survey_with_answers(uckermark, access, 60)
    with django_capture_on_commit_callbacks(execute=True):
        (batch,) = surveys_take_over(access=access)
    assert batch.kind == ImportBatch.Kind.SUBMITTED and batch.observations == 2
    source = Source.objects.get(external_key=f"surveys:{survey.pk}")
    assert source.kind == Source.Kind.SURVEY and source.district == uckermark
    indicator = Indicator.objects.get(district=uckermark, code="intends_to_stay")
    assert indicator.definition.numerator == "#{intends_to_stay | survey_answer=counted}"
    values = store.value_blocks(district_id=uckermark.pk).to_pylist()
    kreis = uckermark.kreis_id
    (value,) = [
        v
        for v in values
        if v["indicator_id"] == indicator.pk and v["area_id"] == kreis and v["bcat"] == 0
    ]
    assert value["year"] == wave.opens_on.year and value["status"] == Status.SHOWN
    assert value["num"] == counted and value["den"] == answered
    assert value["value"] == pytest.approx(100 * counted / answered)
    # Taken over again: a new version of the same figures, the old one kept for restore.
    with django_capture_on_commit_callbacks(execute=True):
        (again,) = surveys_take_over(access=access)
    active = ObservationSlice.objects.filter(source=source, is_active=True)
    assert list(active.values_list("batch_id", flat=True)) == [again.pk]
    assert ObservationSlice.objects.filter(source=source, batch=batch, is_active=False).exists()


def test_withheld_survey_figures_stay_hidden(access, uckermark, django_capture_on_commit_callbacks):
    _survey_with_answers(uckermark, access, 3)  # below the survey's smallest group
    with django_capture_on_commit_callbacks(execute=True):
        (batch,) = surveys_take_over(access=access)
    assert batch.observations == 2
    indicator = Indicator.objects.get(district=uckermark, code="intends_to_stay")
    shown = [
        v
        for v in store.value_blocks(district_id=uckermark.pk).to_pylist()
        if v["indicator_id"] == indicator.pk and v["area_id"] == uckermark.kreis_id
    ]
    assert shown and all(v["status"] == Status.SOURCE and v["value"] is None for v in shown)
    assert all(v["flags"] & Flag.SOURCE_SUPPRESSED for v in shown)


def test_a_key_naming_a_standard_measure_is_refused(access, uckermark):
    from django.core.exceptions import ValidationError

    _survey_with_answers(uckermark, access, 30, key="population")
    with pytest.raises(ValidationError, match="standard measure"):
        surveys_take_over(access=access)
    assert not ImportBatch.objects.exists()


def test_imports_page_offers_the_take_over_and_the_command_runs(
    officer, access, uckermark, django_capture_on_commit_callbacks, capsys
):
    _survey_with_answers(uckermark, access, 30)
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("monitoring:imports", kwargs={"district": uckermark.slug}))
    assert "Bleibeabsicht" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("monitoring:survey_take_over", kwargs={"district": uckermark.slug})
        )
    assert done.status_code == 302
    assert ImportBatch.objects.filter(kind=ImportBatch.Kind.SUBMITTED).count() == 1
    call_command("monitoring_import", "--surveys", "--district", uckermark.slug)
    assert "Survey figures: 2 values in 1 imports." in capsys.readouterr().out
