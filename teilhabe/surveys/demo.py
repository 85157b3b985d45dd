"""The demo step: a sample survey with synthetic responses in a demo district.

"Leben in unserem Landkreis" in the demo Landkreis Uckermark, published, with two
waves (last year's, closed, and this year's, open) and synthetic answers marked as
demo data. Idempotent: runs again on every ``teilhabe demo`` without duplicating.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction

from teilhabe.districts.models import District
from teilhabe.districts.roles import Capability, Role, capabilities_of
from teilhabe.surveys.models import QuestionnaireVersion, Response, Survey, Wave
from teilhabe.surveys.synthetic import synthetic_answers
from teilhabe.surveys.templates_data import template_definition

if TYPE_CHECKING:
    from teilhabe.core.demo import DemoContext

DEMO_DISTRICT = "uckermark"
DEMO_SLUG = "leben-im-landkreis"
RESPONSES_PER_WAVE = (180, 240)


@transaction.atomic
def surveys_demo_create(
    *, district: District, responses: tuple[int, int] = RESPONSES_PER_WAVE
) -> Survey:
    from teilhabe.districts.access import DistrictAccess
    from teilhabe.surveys import services

    existing = Survey.objects.filter(district=district, slug=DEMO_SLUG).first()
    if existing is not None:
        return existing
    access = DistrictAccess(
        district=district,
        user=None,  # type: ignore[arg-type]
        roles=frozenset({Role.INTEGRATION_OFFICER}),
        office_ids=frozenset(),
        capabilities=capabilities_of({Role.INTEGRATION_OFFICER}) | {Capability.PLANNING_EDIT},
    )
    survey = services.survey_create(
        access=access,
        title="Leben in unserem Landkreis (Demo)",
        definition=template_definition("living"),
        is_demo=True,
    )
    Survey.objects.filter(pk=survey.pk).update(slug=DEMO_SLUG)
    survey.refresh_from_db()
    version = QuestionnaireVersion.objects.get(survey=survey, number=1)
    today = services.today()
    last_year = Wave.objects.create(
        survey=survey,
        name="Welle 1",
        opens_on=today - timedelta(days=400),
        closes_on=today - timedelta(days=330),
    )
    services.survey_publish(access=access, survey=survey)
    current = survey.waves.exclude(pk=last_year.pk).first() or Wave.objects.create(
        survey=survey, name="Welle 2", opens_on=today - timedelta(days=30), closes_on=None
    )
    Wave.objects.filter(pk=current.pk).update(name="Welle 2", opens_on=today - timedelta(days=30))
    current.refresh_from_db()
    form = version.form
    rows = []
    for wave, count, seed in ((last_year, responses[0], 11), (current, responses[1], 12)):
        span = ((wave.closes_on or today) - wave.opens_on).days
        for n, answers in enumerate(synthetic_answers(form, count=count, seed=seed)):
            rows.append(
                Response(
                    survey=survey,
                    version=version,
                    wave=wave,
                    submission_key=uuid.uuid4(),
                    language=["de", "ar", "uk", "ru", "prs", "fa", "tr", "en"][n % 8],
                    answers=answers,
                    day=wave.opens_on + timedelta(days=(n * 7919) % (span + 1)),
                    is_demo=True,
                )
            )
    Response.objects.bulk_create(rows, batch_size=500)
    QuestionnaireVersion.objects.filter(pk=version.pk).update(frozen=True)
    return survey


def surveys_demo(context: DemoContext) -> str:
    district = District.objects.filter(slug=DEMO_DISTRICT).first()
    if district is None:
        return "Surveys: no demo district Uckermark, nothing added."
    survey = surveys_demo_create(district=district)
    return f"Surveys: '{survey.title}' with {survey.responses.count()} synthetic responses (demo data)."
