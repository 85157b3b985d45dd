"""The surveys module's part of the isolation walk (tests/test_isolation.py)."""

from __future__ import annotations

from teilhabe.core.testing import SENTINEL, IsolationWorld
from teilhabe.districts.roles import Role
from teilhabe.districts.selectors import district_access_for_user
from teilhabe.surveys import services
from teilhabe.surveys.models import MeasureLink, SurveyMedia
from teilhabe.surveys.tests.factories import simple_definition

PUBLIC_VIEWS = {
    "surveys_public:index",
    "surveys_public:start",
    "surveys_public:page",
    "surveys_public:saved",
    "surveys_public:done",
    "surveys_public:media",
}
OBJECT_ARGUMENTS = {"survey_id", "wave_id", "media_id", "link_id", "token"}

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _world_survey(district, user, label: str) -> dict[str, str]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    access = district_access_for_user(user=user, slug=district.slug)
    definition = simple_definition()
    definition["title"] = {"de": f"{label} Umfrage", "ar": f"{label} استبيان"}
    survey = services.survey_create(access=access, title=f"{label} Umfrage", definition=definition)
    services.survey_publish(access=access, survey=survey)
    survey.refresh_from_db()
    wave = survey.waves.get()
    media = services.media_upload(
        access=access,
        survey=survey,
        upload=SimpleUploadedFile(f"{label.lower()}.png", PNG, content_type="image/png"),
    )
    link = MeasureLink.objects.create(
        survey=survey,
        measure_key="feels-at-home",
        measure_label=f"{label} home",
        question="kids",
        counted_choices=["yes"],
    )
    _draft, token = services.draft_start(survey=survey, language="de", entered_by=user)
    assert SurveyMedia.objects.filter(pk=media.pk).exists()
    return {
        "survey_id": str(survey.pk),
        "wave_id": str(wave.pk),
        "media_id": str(media.pk),
        "link_id": str(link.pk),
        "token": token,
        "slug": survey.slug,
        "name": "kids",
        "language": "ar",
    }


def url_values(world: IsolationWorld) -> dict[str, dict[str, str]]:
    a_values = _world_survey(world.a, world.users[Role.INTEGRATION_OFFICER], "A")
    # The interviewer page of A belongs to the officer who started it; the walk's
    # clerk gets their own draft so that "records.edit" pages answer 200 for them too.
    b_values = _world_survey(world.b, world.b_admin, SENTINEL)
    return {"a": a_values, "b": b_values}
