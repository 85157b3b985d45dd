"""Services: versions that freeze once answered, edit conflicts, XLSForm import,
idempotent submission (also concurrent, on PostgreSQL), the monitoring seam."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.utils import translation

from teilhabe.areas.services import areas_load
from teilhabe.audit.models import AuditEntry
from teilhabe.core.testing import make_district
from teilhabe.surveys import services
from teilhabe.surveys.engine import edit
from teilhabe.surveys.engine.tests.factories import workbook
from teilhabe.surveys.measures import measure_observations
from teilhabe.surveys.models import MeasureLink, QuestionnaireVersion, Response, ResponseDraft
from teilhabe.surveys.synthetic import synthetic_answers
from teilhabe.surveys.tests.factories import make_survey, officer_access, simple_definition


@pytest.mark.django_db
def test_a_version_with_answers_changes_only_as_a_new_version():
    survey = make_survey(definition=simple_definition(), title="Versionen")
    access = officer_access(survey.district)
    draft, _token = services.draft_start(survey=survey, language="de")
    services.draft_save(draft=draft, answers={"kids": "no", "age": 30}, page=2)
    response = services.response_submit(draft=draft)
    first = QuestionnaireVersion.objects.get(survey=survey, number=1)
    assert first.frozen
    token = services.revision_token(first)
    version = services.questionnaire_change(
        access=access,
        survey=survey,
        revision=token,
        change=lambda f: edit.update_element(f, "age", {"label": "Wie alt?"}, language="de"),
    )
    assert version.number == 2 and not version.frozen
    first.refresh_from_db()
    assert first.form.element("age")["label"]["de"] == "Alter"  # the answered version is untouched
    assert Response.objects.get(pk=response.pk).version_id == first.pk
    survey.refresh_from_db()
    assert survey.published_version_id == first.pk  # respondents keep version 1 until publishing
    assert services.survey_publish(access=access, survey=survey) == []
    survey.refresh_from_db()
    assert survey.published_version_id == version.pk
    assert AuditEntry.objects.filter(action="surveys.questionnaire_change").exists()


@pytest.mark.django_db
def test_a_change_based_on_an_old_state_is_refused():
    survey = make_survey(definition=simple_definition(), publish=False)
    access = officer_access(survey.district)
    seen = services.revision_token(services.latest_version(survey))
    services.questionnaire_change(
        access=access,
        survey=survey,
        revision=seen,
        change=lambda f: edit.move_element(f, "p2", step=1),
    )
    with pytest.raises(services.EditConflictError):
        services.questionnaire_change(
            access=access,
            survey=survey,
            revision=seen,
            change=lambda f: edit.delete_element(f, "p3"),
        )
    assert services.latest_version(survey).form.has("p3")


@pytest.mark.django_db
def test_import_creates_a_survey_and_keeps_nothing_on_errors():
    district = make_district("12073", slug="uckermark")
    access = officer_access(district)
    outcome = services.questionnaire_import(access=access, data=workbook())
    assert outcome.survey is not None and outcome.result.ok
    assert outcome.survey.title == "Newcomer survey"
    assert services.latest_version(outcome.survey).form.languages == ["en", "ar", "prs"]
    bad = services.questionnaire_import(access=access, data=b"nonsense", survey=outcome.survey)
    assert bad.survey is None and not bad.result.ok
    assert outcome.survey.versions.count() == 1


@pytest.mark.django_db
def test_submitting_the_same_draft_again_returns_the_same_response():
    survey = make_survey(definition=simple_definition())
    draft, _token = services.draft_start(survey=survey, language="ar")
    services.draft_save(draft=draft, answers={"kids": "no", "age": 30}, page=2)
    first = services.response_submit(draft=draft)
    second = services.response_submit(draft=ResponseDraft.objects.get(pk=draft.pk))
    assert first.pk == second.pk and Response.objects.count() == 1
    assert ResponseDraft.objects.get(pk=draft.pk).answers == {}  # answers live only in the response


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_one_draft_store_exactly_one_response():
    areas_load()
    survey = make_survey(definition=simple_definition())
    draft, _token = services.draft_start(survey=survey, language="de")
    services.draft_save(draft=draft, answers={"kids": "no", "age": 30}, page=2)
    barrier = threading.Barrier(4)
    results: list[int] = []
    errors: list[Exception] = []

    def submit() -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results.append(
                services.response_submit(draft=ResponseDraft.objects.get(pk=draft.pk)).pk
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1 and len(results) == 4
    assert Response.objects.filter(survey=survey).count() == 1


@pytest.mark.django_db
def test_measure_observations_are_small_group_protected():
    survey = make_survey(title="Messgrößen")
    access = officer_access(survey.district)
    link = services.measure_link_create(
        access=access,
        survey=survey,
        measure_key="intends-to-stay",
        measure_label="Bleibeabsicht",
        question="stay",
        counted_choices=["yes", "probably"],
    )
    assert isinstance(link, MeasureLink)
    version = services.latest_version(survey)
    wave = survey.waves.get()
    answers = list(synthetic_answers(version.form, count=40, seed=3))
    import uuid

    Response.objects.bulk_create(
        Response(
            survey=survey,
            version=version,
            wave=wave,
            submission_key=uuid.uuid4(),
            language="de",
            answers=a,
            day=services.today(),
        )
        for a in answers
    )
    (observation,) = measure_observations(district=survey.district, measure="intends-to-stay")
    expected = sum(1 for a in answers if a.get("stay") in {"yes", "probably"})
    assert observation.numerator == expected and observation.denominator == 40
    assert observation.period == wave.name and not observation.suppressed
    Response.objects.filter(survey=survey).exclude(
        pk__in=list(Response.objects.filter(survey=survey).values_list("pk", flat=True)[:3])
    ).delete()
    (small,) = measure_observations(district=survey.district)
    assert small.suppressed and small.numerator is None and small.share is None
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="single- or multiple-choice"),
    ):
        services.measure_link_create(
            access=access,
            survey=survey,
            measure_key="x",
            measure_label="x",
            question="wish",
            counted_choices=["a"],
        )


@pytest.mark.django_db
def test_old_drafts_expire_and_are_pruned(settings):
    from datetime import timedelta

    from django.core.management import call_command

    survey = make_survey(definition=simple_definition())
    draft, token = services.draft_start(survey=survey, language="de")
    from teilhabe.surveys.selectors import draft_get

    assert draft_get(survey=survey, token=token).pk == draft.pk
    ResponseDraft.objects.filter(pk=draft.pk).update(
        updated_on=services.today() - timedelta(days=settings.TEILHABE_SURVEYS_DRAFT_DAYS + 1)
    )
    with pytest.raises(Http404):
        draft_get(survey=survey, token=token)
    call_command("surveys_prune")
    assert not ResponseDraft.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_a_questionnaire_is_parsed_once_per_process_and_edits_are_seen_at_once(
    django_assert_num_queries,
):
    survey = make_survey(definition=simple_definition(), publish=False)
    access = officer_access(survey.district)
    version = QuestionnaireVersion.objects.defer("definition").get(survey=survey)
    first = version.reader
    again = QuestionnaireVersion.objects.defer("definition").get(pk=version.pk)
    with django_assert_num_queries(0):  # the definition is not read again
        assert again.reader is first
    services.questionnaire_change(
        access=access,
        survey=survey,
        revision=services.revision_token(version),
        change=lambda f: edit.update_element(
            f, "age", {"label": "Wie alt sind Sie?"}, language="de"
        ),
    )
    fresh = QuestionnaireVersion.objects.get(pk=version.pk)
    assert fresh.reader is not first
    assert fresh.reader.element("age")["label"]["de"] == "Wie alt sind Sie?"
