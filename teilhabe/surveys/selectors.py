"""Reads of the surveys module. Every permission-scoped read of a survey goes through
:func:`survey_get_for_user`; the public side reads only published surveys of active
districts through :func:`public_survey_get`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.models import District
from teilhabe.districts.roles import Capability
from teilhabe.surveys.models import (
    AccessCode,
    MeasureLink,
    QuestionnaireVersion,
    ResponseDraft,
    Survey,
    SurveyMedia,
    Wave,
)
from teilhabe.surveys.services import current_wave, today, token_digest

#: Capabilities that let a member see that a survey exists at all.
SEE_SURVEYS = (
    Capability.PLANNING_EDIT,
    Capability.AGGREGATES_VIEW,
    Capability.RECORDS_EDIT,
    Capability.MICRODATA_EXPORT,
)


def can_see_surveys(access: DistrictAccess) -> bool:
    return any(access.can(c) for c in SEE_SURVEYS)


def surveys_for_district(*, access: DistrictAccess) -> QuerySet[Survey]:
    access.require(Capability.DISTRICT_VIEW)
    if not can_see_surveys(access):
        return Survey.objects.none()
    return (
        Survey.objects.for_district(access.district.pk)
        .select_related("published_version")
        .annotate(
            response_count=Count("responses", distinct=True),
            last_day=Max("responses__day"),
            version_count=Count("versions", distinct=True),
        )
        .order_by("-created_at")
    )


def survey_get_for_user(*, access: DistrictAccess, survey_id: int, capability: str) -> Survey:
    """The gate for one survey: 404 for a survey of any other district, 403 without the
    capability."""
    access.require(capability)
    survey = (
        Survey.objects.select_related("district", "published_version")
        .filter(pk=survey_id, district=access.district)
        .first()
    )
    if survey is None:
        raise Http404
    return survey


def wave_get(*, survey: Survey, wave_id: int) -> Wave:
    wave = survey.waves.filter(pk=wave_id).first()
    if wave is None:
        raise Http404
    return wave


def media_get(*, survey: Survey, media_id: int) -> SurveyMedia:
    media = survey.media.filter(pk=media_id).first()
    if media is None:
        raise Http404
    return media


def measure_link_get(*, survey: Survey, link_id: int) -> MeasureLink:
    link = survey.measure_links.filter(pk=link_id).first()
    if link is None:
        raise Http404
    return link


def versions_of(*, survey: Survey) -> QuerySet[QuestionnaireVersion]:
    return survey.versions.annotate(response_count=Count("responses")).order_by("-number")


@dataclass(frozen=True)
class CodeCounts:
    total: int
    used: int
    batches: list[int]


def access_code_counts(*, survey: Survey) -> CodeCounts:
    counts = survey.access_codes.aggregate(total=Count("id"), used=Count("id", filter=Q(used=True)))
    batches = sorted(set(survey.access_codes.values_list("batch", flat=True)))
    return CodeCounts(counts["total"], counts["used"], batches)


def access_codes_of(*, survey: Survey, batch: int | None = None) -> QuerySet[AccessCode]:
    codes = survey.access_codes.filter(used=False)
    return codes.filter(batch=batch) if batch else codes


# --- the public side --------------------------------------------------------------------------


def public_surveys_open(*, district: District, on: date | None = None) -> list[Survey]:
    """Published surveys of a district that take answers today (open to anyone)."""
    on = on or today()
    surveys = (
        Survey.objects.filter(district=district, published_version__isnull=False)
        .filter(waves__opens_on__lte=on)
        .filter(Q(waves__closes_on__isnull=True) | Q(waves__closes_on__gte=on))
        .select_related("published_version")
        .distinct()
        .order_by("title")
    )
    return list(surveys)


def public_survey_get(*, district_slug: str, slug: str) -> Survey:
    survey = (
        Survey.objects.select_related("district")
        .filter(
            district__slug=district_slug,
            district__is_active=True,
            slug=slug,
            published_version__isnull=False,
        )
        .first()
    )
    if survey is None:
        raise Http404
    return survey


def survey_is_open(survey: Survey) -> bool:
    return survey.published_version_id is not None and current_wave(survey) is not None


def public_draft_get(*, district_slug: str, slug: str, token: str) -> ResponseDraft:
    """The gate of the public answer pages: a draft by its private token, of a
    published survey of an active district, not expired; with its survey, district and
    questionnaire version (without the definition, which
    :attr:`QuestionnaireVersion.reader` keeps parsed per process) and ``open_wave_id``
    (None while the survey takes no answers). One query, written out in
    :mod:`teilhabe.surveys.hotpath` because every page a respondent sends passes here."""
    from teilhabe.surveys.hotpath import draft_row

    on = today()
    draft = draft_row(
        token_digest=token_digest(token),
        district_slug=district_slug,
        slug=slug,
        on=on,
        oldest=on - timedelta(days=settings.TEILHABE_SURVEYS_DRAFT_DAYS),
    )
    if draft is None:
        raise Http404
    return draft


def draft_get(*, survey: Survey, token: str) -> ResponseDraft:
    """A draft by its private token; drafts not saved for ``TEILHABE_SURVEYS_DRAFT_DAYS``
    have expired (``teilhabe surveys-prune`` deletes them)."""
    oldest = today() - timedelta(days=settings.TEILHABE_SURVEYS_DRAFT_DAYS)
    draft = (
        ResponseDraft.objects.select_related("version")
        .defer("version__definition")
        .filter(survey=survey, token_digest=token_digest(token), updated_on__gte=oldest)
        .first()
    )
    if draft is None:
        raise Http404
    return draft


def public_media_get(*, survey: Survey, name: str) -> SurveyMedia:
    media = survey.media.filter(name=name).first()
    if media is None:
        raise Http404
    return media
