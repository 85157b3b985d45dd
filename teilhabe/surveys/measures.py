"""The seam to the monitoring module: survey questions that feed monitoring measures.

An officer links a question and the answers that count to a measure
(:class:`~teilhabe.surveys.models.MeasureLink`, e.g. "intends to stay" = the answers
"yes" and "probably" of the question ``stay``). :func:`measure_observations` yields,
for every link of a district, the aggregated counts per period (the survey's waves)
and, where the survey asks for it, per Gemeinde: how many chose a counted answer out
of how many answered. Small groups are protected like everywhere in the surveys
module: an observation whose base is below the survey's k is withheld (``value`` and
both counts None, ``suppressed`` True), and so is a second one where a single withheld
Gemeinde could be recovered from the district's total.

The monitoring module (issue #3) reads these observations through
:func:`measure_observations`; nothing here imports it, so either module works alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.apps import apps

from teilhabe.districts.models import District
from teilhabe.surveys.dataset import analysis_form, dataset_for
from teilhabe.surveys.engine import disclosure
from teilhabe.surveys.models import MeasureLink


@dataclass(frozen=True)
class Observation:
    """One aggregated value of a measure."""

    measure: str  # the measure's key, e.g. "intends-to-stay"
    label: str
    survey_id: int
    period: str  # the wave's name
    period_start: date
    period_end: date | None
    gemeinde: str  # Gemeinde key (ARS), "" for the whole district
    numerator: int | None  # respondents who chose a counted answer (None: withheld)
    denominator: int | None  # respondents who answered the question (None: withheld)
    suppressed: bool

    @property
    def share(self) -> float | None:
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator / self.denominator


def monitoring_available() -> bool:
    return apps.is_installed("teilhabe.monitoring") and bool(
        list(apps.get_app_config("monitoring").get_models())
    )


def _protect(pairs: list[tuple[int, int]], k: int) -> list[bool]:
    """Withhold observations whose base is below k (and one more where needed)."""
    bases = [n for _h, n in pairs]
    protected = disclosure.protect_frequencies([""] * len(bases), bases, sum(bases), k)
    return [hidden or 0 < n < k for hidden, n in zip(protected.hidden, bases, strict=True)]


def link_observations(link: MeasureLink) -> Iterator[Observation]:
    survey = link.survey
    k = survey.min_group_size
    waves = {str(w.pk): w for w in survey.waves.all()}
    form = analysis_form(survey)
    if not form.has(link.question):
        return
    with dataset_for(survey, form) as dataset:
        if link.question not in dataset.columns:
            return
        per_wave = dataset.share_by(link.question, list(link.counted_choices), "wave")
        for wave_id, hits, base in per_wave:
            wave = waves.get(wave_id)
            if wave is None:
                continue
            hidden = 0 < base < k
            yield Observation(
                link.measure_key,
                link.measure_label,
                survey.pk,
                wave.name,
                wave.opens_on,
                wave.closes_on,
                "",
                None if hidden else hits,
                None if hidden else base,
                hidden,
            )
            if link.per_gemeinde and survey.gemeinde_question in dataset.columns:
                rows = dataset.share_by(
                    link.question,
                    list(link.counted_choices),
                    survey.gemeinde_question,
                    waves=[int(wave_id)],
                )
                withheld = _protect([(h, n) for _g, h, n in rows], k)
                for (gemeinde, g_hits, g_base), secret in zip(rows, withheld, strict=True):
                    yield Observation(
                        link.measure_key,
                        link.measure_label,
                        survey.pk,
                        wave.name,
                        wave.opens_on,
                        wave.closes_on,
                        gemeinde.removeprefix("g"),
                        None if secret else g_hits,
                        None if secret else g_base,
                        secret,
                    )


def measure_observations(*, district: District, measure: str = "") -> list[Observation]:
    """Every observation the district's surveys offer to the monitoring (one measure, or all)."""
    links = MeasureLink.objects.filter(survey__district=district).select_related("survey")
    if measure:
        links = links.filter(measure_key=measure)
    found: list[Observation] = []
    for link in links:
        found.extend(link_observations(link))
    return found
