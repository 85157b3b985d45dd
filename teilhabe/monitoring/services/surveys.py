"""Survey questions that feed monitoring measures (the seam with issue #4).

The surveys module lets an officer link a question and the answers that count to a
measure key ("intends-to-stay": the answers "yes" and "probably" of the question
``stay``) and offers, per wave and, where asked, per Gemeinde, how many respondents chose
a counted answer out of how many answered, small groups already withheld
(``teilhabe.surveys.measures.measure_observations``). Nothing there imports this module.

:func:`surveys_take_over` reads those figures and stores them like an import through
:func:`~teilhabe.monitoring.services.imports.observations_submit`: one source per survey,
one batch per survey and measure (a new version each time, with compare and restore), then
one recomputation. The measure is the district's own measure whose code is the key with
``_`` for ``-``, broken down by the standard category ``survey_answer`` (``counted`` /
``other``, so that its total is everyone who answered); it is created on the first take-over
together with an indicator "share who chose a counted answer" (percent). A withheld
observation arrives as suppressed at the source and stays hidden.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.roles import Capability
from teilhabe.monitoring.analytics.flags import Flag
from teilhabe.monitoring.models import (
    Category,
    FieldOfAction,
    ImportBatch,
    Indicator,
    IndicatorVersion,
    Measure,
    Source,
)
from teilhabe.monitoring.services import catalogue
from teilhabe.monitoring.services.imports import SubmittedObservation, observations_submit

#: The standard category of survey measures: everyone who answered, split by whether the
#: answer counts.
ANSWER_CATEGORY = "survey_answer"
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


def surveys_installed() -> bool:
    return apps.is_installed("teilhabe.surveys")


def measure_code_for(key: str) -> str:
    """The monitoring's code for a survey measure key (``intends-to-stay`` →
    ``intends_to_stay``; keys starting with a digit get ``survey_`` in front)."""
    code = key.strip().lower().replace("-", "_")[:60]
    return code if _CODE.match(code) else f"survey_{code}"[:60]


@dataclass(frozen=True)
class SurveyFeed:
    """A link of the surveys module, as the monitoring sees it."""

    survey_id: int
    survey_title: str
    key: str
    label: str
    question: str
    per_gemeinde: bool
    measure: Measure | None  # the monitoring's measure, once it exists


def survey_feeds(*, access: DistrictAccess) -> list[SurveyFeed]:
    """Every survey question of the district that feeds a measure (cheap: no figures)."""
    if not surveys_installed():
        return []
    from teilhabe.surveys.models import MeasureLink

    links = list(
        MeasureLink.objects.filter(survey__district=access.district)
        .select_related("survey")
        .order_by("survey__title", "measure_key")
    )
    codes = {measure_code_for(link.measure_key) for link in links}
    measures = {m.code: m for m in Measure.objects.filter(district=access.district, code__in=codes)}
    return [
        SurveyFeed(
            link.survey_id,
            link.survey.title,
            link.measure_key,
            link.measure_label,
            link.question,
            link.per_gemeinde,
            measures.get(measure_code_for(link.measure_key)),
        )
        for link in links
    ]


def _survey_source(access: DistrictAccess, survey_id: int, title: str) -> Source:
    """The source of one survey's figures (found again by ``external_key``)."""
    external_key = f"surveys:{survey_id}"
    source = Source.objects.filter(district=access.district, external_key=external_key).first()
    if source is not None:
        return source
    name = (_("Survey: %(title)s") % {"title": title})[:180]
    if Source.objects.filter(district=access.district, name=name).exists():
        name = f"{name} ({survey_id})"
    return Source.objects.create(
        district=access.district,
        kind=Source.Kind.SURVEY,
        external_key=external_key,
        name=name,
        publisher=access.district.name[:300],
        attribution=(_("Survey of the district: %(title)s") % {"title": title})[:300],
    )


def _survey_measure(access: DistrictAccess, key: str, label: str) -> tuple[Measure, bool]:
    """The district's measure for a survey key; created with its indicator if missing
    (True: created; the new indicator recomputes the district after commit)."""
    code = measure_code_for(key)
    measure = Measure.objects.filter(district=access.district, code=code).first()
    if measure is None and Measure.objects.filter(district__isnull=True, code=code).exists():
        raise ValidationError(
            _(
                "The survey's measure key “%(key)s” is the name of a standard measure; give the "
                "link in the survey another key."
            )
            % {"key": key}
        )
    if measure is not None:
        if not measure.slots.filter(category__code=ANSWER_CATEGORY).exists():
            raise ValidationError(
                _(
                    "The measure “%(code)s” exists already but is not broken down by survey "
                    "answers; give the link in the survey another key."
                )
                % {"code": code}
            )
        return measure, False
    measure = catalogue.measure_create(
        access=access,
        code=code,
        name_de=label,
        name_en=label,
        description_de=_("Respondents of the district's surveys who answered the question."),
        unit_de="Befragte",
        unit_en="respondents",
        source_note=_("Survey of the district"),
        categories=[Category.objects.get(district__isnull=True, code=ANSWER_CATEGORY)],
    )
    if not Indicator.objects.filter(district=access.district, code=code).exists():
        catalogue.indicator_create(
            access=access,
            code=code,
            field=FieldOfAction.PARTICIPATION,
            definition=catalogue.Definition(
                numerator=f"#{{{code} | {ANSWER_CATEGORY}=counted}}",
                denominator=f"#{{{code}}}",
                kind=IndicatorVersion.Kind.PERCENT,
                direction=IndicatorVersion.Direction.NEUTRAL,
                breakdowns=(),
                title_de=label,
                title_en=label,
                short_de=_("Share of respondents who chose a counted answer"),
                short_en="Share of respondents who chose a counted answer",
                sources_de=_("Survey of the district"),
                sources_en="Survey of the district",
                definition=_(
                    "Respondents who chose one of the counted answers per 100 respondents who "
                    "answered the question (surveys module)."
                ),
            ),
        )
        return measure, True
    return measure, False


def _submitted(observations: Sequence[Any], kreis_code: str) -> list[SubmittedObservation]:
    rows: list[SubmittedObservation] = []
    for o in observations:
        area = o.gemeinde or kreis_code
        period = o.period_start.isoformat()
        if o.suppressed or o.numerator is None or o.denominator is None:
            for option in ("counted", "other"):
                rows.append(
                    SubmittedObservation(
                        area, period, None, {ANSWER_CATEGORY: option}, int(Flag.SOURCE_SUPPRESSED)
                    )
                )
            continue
        rows.append(SubmittedObservation(area, period, o.numerator, {ANSWER_CATEGORY: "counted"}))
        rows.append(
            SubmittedObservation(
                area, period, o.denominator - o.numerator, {ANSWER_CATEGORY: "other"}
            )
        )
    return rows


def surveys_take_over(*, access: DistrictAccess, key: str = "") -> list[ImportBatch]:
    """Read the figures every linked survey question offers (one key, or all) and store
    them as new versions; the district's values are recomputed once afterwards.

    Raises ``ValidationError`` (a key that names a standard measure or a measure of another
    shape) and :class:`~teilhabe.monitoring.imports.problems.ImportRefused` (an area or period
    the monitoring does not know); nothing is stored then."""
    access.require(Capability.PLANNING_EDIT)
    if not surveys_installed():
        return []
    from teilhabe.monitoring.services.recompute import recompute_enqueue
    from teilhabe.surveys.measures import measure_observations

    found = measure_observations(district=access.district, measure=key)
    grouped: dict[tuple[int, str], list[Any]] = defaultdict(list)
    for observation in found:
        grouped[(observation.survey_id, observation.measure)].append(observation)
    if not grouped:
        return []
    titles = dict(
        apps.get_model("surveys", "Survey")
        .objects.filter(pk__in={s for s, _k in grouped})
        .values_list("pk", "title")
    )
    kreis_code = access.district.kreis.code
    batches: list[ImportBatch] = []
    recomputing = False
    with transaction.atomic():
        for (survey_id, measure_key), observations in sorted(grouped.items()):
            measure, created = _survey_measure(access, measure_key, observations[0].label)
            recomputing = recomputing or created
            title = titles.get(survey_id, str(survey_id))
            source = _survey_source(access, survey_id, title)
            batches.append(
                observations_submit(
                    district=access.district,
                    source=source,
                    measure_code=measure.code,
                    observations=_submitted(observations, kreis_code),
                    user=access.user,
                    note=_("Survey: %(title)s") % {"title": title},
                    recompute=False,
                )
            )
        if not recomputing:
            recompute_enqueue(district=access.district, user=access.user, reason="survey figures")
    return batches
