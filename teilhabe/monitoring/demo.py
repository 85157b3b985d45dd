"""Demo data of the monitoring, for ``teilhabe demo``.

Real where we have it: the official figures shipped with Teilhabe (population of Kreise
and Gemeinden, Zensus 2022, the Regionalatlas share of foreign nationals 2011–2024) go
into the official statistics. Everything an office would deliver is invented: numbers
of plausible size, scaled to each Gemeinde's real population and the Kreis's real share
of foreign nationals, stored under sources named “Demo: …” and flagged as demo data, so
every page, export and report says they are invented.

The step is idempotent: it does nothing when the demo data of this version exist.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from django.db import transaction
from django.utils import timezone

from teilhabe.areas.models import Area, AreaFigure
from teilhabe.core.demo import DemoContext
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.models import District
from teilhabe.monitoring.analytics.flags import Flag
from teilhabe.monitoring.models import (
    CategoryOption,
    ImportBatch,
    Measure,
    MeasureCategory,
    Narrative,
    Report,
    Source,
)

logger = logging.getLogger(__name__)

DEMO_VERSION = "demo-v1"
YEARS = tuple(range(2016, 2025))
#: Districts whose demo reports are published (so that comparisons and the programme
#: office have published values); the others keep a draft.
PUBLISHED = (
    "potsdam-mittelmark",
    "dahme-spreewald",
    "prignitz",
    "harz",
    "boerde",
    "stendal",
    "goslar",
)

AGE_GERMAN = {
    "u3": 0.027,
    "a3_5": 0.027,
    "a6_14": 0.08,
    "a15_17": 0.027,
    "a18_20": 0.028,
    "a21_24": 0.04,
    "a25_64": 0.53,
    "a65_plus": 0.241,
}
AGE_FOREIGN = {
    "u3": 0.04,
    "a3_5": 0.04,
    "a6_14": 0.11,
    "a15_17": 0.035,
    "a18_20": 0.045,
    "a21_24": 0.075,
    "a25_64": 0.6,
    "a65_plus": 0.055,
}


@dataclass
class Catalogue:
    options: Mapping[str, Mapping[str, int]]  # category code → option code → id
    measures: Mapping[str, tuple[int, tuple[str, ...]]]  # code → (id, category codes by slot)


def _catalogue() -> Catalogue:
    options: dict[str, dict[str, int]] = {}
    for category, code, pk in CategoryOption.objects.filter(
        category__district__isnull=True
    ).values_list("category__code", "code", "pk"):
        options.setdefault(category, {})[code] = pk
    slots: dict[int, list[str]] = {}
    for measure_id, category in (
        MeasureCategory.objects.filter(measure__district__isnull=True)
        .order_by("measure_id", "position")
        .values_list("measure_id", "category__code")
    ):
        slots.setdefault(measure_id, []).append(category)
    measures = {
        code: (pk, tuple(slots.get(pk, [])))
        for pk, code in Measure.objects.filter(district__isnull=True).values_list("pk", "code")
    }
    return Catalogue(options, measures)


class Builder:
    """Collects demo observations as columns, then one Arrow table."""

    def __init__(self, catalogue: Catalogue, rng: np.random.Generator) -> None:
        self.catalogue = catalogue
        self.rng = rng
        self.columns: dict[str, list[object]] = {
            k: []
            for k in (
                "measure_id",
                "area_id",
                "period_code",
                "o1",
                "o2",
                "o3",
                "o4",
                "value",
                "part_code",
            )
        }

    def add(
        self,
        measure: str,
        areas: Sequence[Area],
        parts: Sequence[str],
        year: int,
        totals: np.ndarray,
        breakdown: Mapping[str, Mapping[str, float]],
    ) -> None:
        """Cells of the cross product of the breakdown, counts ≈ total × weights."""
        measure_id, slots = self.catalogue.measures[measure]
        grid: list[tuple[dict[str, str], float]] = [({}, 1.0)]
        for category, weights in breakdown.items():
            grid = [
                ({**combo, category: option}, share * weight)
                for combo, share in grid
                for option, weight in weights.items()
            ]
        noise = self.rng.normal(1.0, 0.08, size=(len(areas), len(grid))).clip(0.6, 1.4)
        shares = np.array([share for _, share in grid])
        counts = np.maximum(0, np.rint(totals[:, None] * shares[None, :] * noise)).astype(int)
        code = f"{year}-12-31"
        for a_index, area in enumerate(areas):
            for g_index, (combo, _) in enumerate(grid):
                slot_values: list[int | None] = [None, None, None, None]
                for category, option in combo.items():
                    slot_values[slots.index(category)] = self.catalogue.options[category][option]
                self.columns["measure_id"].append(measure_id)
                self.columns["area_id"].append(area.pk)
                self.columns["period_code"].append(code)
                for i in range(4):
                    self.columns[f"o{i + 1}"].append(slot_values[i])
                self.columns["value"].append(float(counts[a_index, g_index]))
                self.columns["part_code"].append(parts[a_index])

    def table(self) -> pa.Table:
        n = len(self.columns["value"])
        return pa.table(
            {
                "measure_id": pa.array(self.columns["measure_id"], pa.int32()),
                "area_id": pa.array(self.columns["area_id"], pa.int32()),
                "period_code": pa.array(self.columns["period_code"], pa.string()),
                "o1": pa.array(self.columns["o1"], pa.int32()),
                "o2": pa.array(self.columns["o2"], pa.int32()),
                "o3": pa.array(self.columns["o3"], pa.int32()),
                "o4": pa.array(self.columns["o4"], pa.int32()),
                "value": pa.array(self.columns["value"], pa.float64()),
                "flags": pa.array([int(Flag.DEMO)] * n, pa.int32()),
                "symbol": pa.nulls(n, pa.string()),
                "part_code": pa.array(self.columns["part_code"], pa.string()),
            }
        )


def _foreign_share(kreis: Area) -> dict[int, float]:
    rows = AreaFigure.objects.filter(area=kreis, kind=AreaFigure.Kind.FOREIGN_SHARE).values_list(
        "reference_date", "value"
    )
    shares = {day.year: float(value) / 100 for day, value in rows}
    last = shares.get(max(shares)) if shares else 0.05
    return {year: shares.get(year, last or 0.05) for year in YEARS}


def district_observations(district: District, catalogue: Catalogue) -> pa.Table:
    rng = np.random.default_rng(abs(hash(district.slug)) % (2**32))
    kreis = district.kreis
    gemeinden = list(
        Area.objects.gemeinden().current().filter(parent=kreis, population__gt=0).order_by("code")
    )
    parts_g = [kreis.code] * len(gemeinden)
    base = np.array([float(g.population or 0) for g in gemeinden])
    shares = _foreign_share(kreis)
    local = rng.lognormal(0, 0.45, size=len(gemeinden))
    local = local / np.average(local, weights=base)
    b = Builder(catalogue, rng)
    k, kp = [kreis], ["upper"]
    for year in YEARS:
        growth = 1 + 0.002 * (year - 2019)
        population = base * growth
        foreign = population * shares[year] * local
        german = population - foreign
        eu, third = 0.35, 0.65
        b.add(
            "population",
            gemeinden,
            parts_g,
            year,
            german,
            {"nationality": {"german": 1}, "sex": {"m": 0.49, "f": 0.51}, "age_group": AGE_GERMAN},
        )
        b.add(
            "population",
            gemeinden,
            parts_g,
            year,
            foreign,
            {
                "nationality": {"eu": eu, "third_country": third},
                "sex": {"m": 0.55, "f": 0.45},
                "age_group": AGE_FOREIGN,
            },
        )
        f_total = np.array([foreign.sum()])
        b.add(
            "foreign_residents",
            k,
            kp,
            year,
            f_total,
            {
                "nationality": {"eu": eu, "third_country": third},
                "length_of_stay": {"u5": 0.38, "s5_7": 0.22, "s8_9": 0.1, "s10_plus": 0.3},
            },
        )
        b.add(
            "third_country_nationals",
            k,
            kp,
            year,
            f_total * third,
            {
                "residence_status": {
                    "permanent": 0.34,
                    "temporary": 0.46,
                    "tolerated": 0.05,
                    "permission": 0.09,
                    "other": 0.06,
                }
            },
        )
        b.add(
            "protection_seekers",
            k,
            kp,
            year,
            f_total * 0.32,
            {"protection_status": {"recognised": 0.72, "pending": 0.14, "rejected": 0.14}},
        )
        b.add("asylblg_recipients", k, kp, year, f_total * 0.06, {"sex": {"m": 0.6, "f": 0.4}})
        b.add(
            "naturalisations",
            k,
            kp,
            year,
            f_total * 0.3 * (0.018 + 0.003 * (year - 2016)),
            {"sex": {"m": 0.5, "f": 0.5}},
        )
        b.add(
            "in_migration_foreign",
            gemeinden,
            parts_g,
            year,
            foreign * 0.11,
            {"nationality": {"eu": 0.4, "third_country": 0.6}},
        )
        b.add(
            "kita_children",
            gemeinden,
            parts_g,
            year,
            population * 0.035,
            {
                "age_group": {"u3": 0.3, "a3_5": 0.7},
                # Children with a parent of foreign origin, a little above the share of
                # foreign nationals (the denominator is the proxy of foreign children).
                "parent_origin": {"foreign": shares[year] * 1.4, "none": 1 - shares[year] * 1.4},
                "home_language": {"german": 0.9, "other": 0.1},
            },
        )
        kreis_pop = np.array([population.sum()])
        b.add(
            "school_entry_children",
            k,
            kp,
            year,
            kreis_pop * 0.0085,
            {
                "sex": {"m": 0.51, "f": 0.49},
                "home_language": {"german": 0.88, "other": 0.12},
                "language_support": {"needed": 0.22, "not_needed": 0.78},
                "measles": {"complete": 0.93, "incomplete": 0.07},
            },
        )
        b.add(
            "integration_course_exams",
            k,
            kp,
            year,
            f_total * 0.025,
            {
                "exam_result": {
                    "b1": 0.5 + 0.01 * (year - 2016),
                    "a2": 0.35,
                    "below_a2": 0.15 - 0.01 * (year - 2016),
                },
                "course_type": {"general": 0.7, "literacy": 0.2, "parents": 0.1},
            },
        )
        b.add(
            "integration_course_entrants",
            k,
            kp,
            year,
            f_total * 0.04,
            {"entitlement": {"entitled": 0.6, "obliged": 0.4}},
        )
        b.add(
            "integration_course_eligible",
            k,
            kp,
            year,
            f_total * 0.06,
            {"entitlement": {"entitled": 0.62, "obliged": 0.38}},
        )
        b.add(
            "school_leavers",
            k,
            kp,
            year,
            kreis_pop * 0.009,
            {
                "school_qualification": {
                    "none": 0.07,
                    "hauptschule": 0.17,
                    "mittlerer": 0.43,
                    "fachhochschulreife": 0.03,
                    "abitur": 0.3,
                },
                "nationality": {
                    "german": 1 - shares[year],
                    "eu": shares[year] * 0.35,
                    "third_country": shares[year] * 0.65,
                },
            },
        )
        b.add(
            "pupils",
            k,
            kp,
            year,
            kreis_pop * 0.085,
            {
                "school_type": {"gymnasium": 0.33, "foerderschule": 0.045, "other": 0.625},
                "grade": {"grade8": 0.1, "other": 0.9},
                "nationality": {
                    "german": 1 - shares[year],
                    "eu": shares[year] * 0.35,
                    "third_country": shares[year] * 0.65,
                },
            },
        )
        b.add(
            "apprentices_new",
            k,
            kp,
            year,
            kreis_pop * 0.006,
            {
                "nationality": {
                    "german": 1 - shares[year] * 0.8,
                    "eu": shares[year] * 0.3,
                    "third_country": shares[year] * 0.5,
                }
            },
        )
        b.add(
            "employees",
            gemeinden,
            parts_g,
            year,
            population * 0.36,
            {
                "nationality": {
                    "german": 1 - shares[year] * 0.9,
                    "eu": shares[year] * 0.4,
                    "third_country": shares[year] * 0.5,
                },
                "age_group": {"a15_17": 0.01, "a18_20": 0.03, "a21_24": 0.07, "a25_64": 0.89},
            },
        )
        b.add(
            "marginal_employees",
            k,
            kp,
            year,
            kreis_pop * 0.05,
            {
                "nationality": {
                    "german": 1 - shares[year] * 1.3,
                    "eu": shares[year] * 0.5,
                    "third_country": shares[year] * 0.8,
                }
            },
        )
        b.add(
            "unemployed",
            gemeinden,
            parts_g,
            year,
            population * (0.035 - 0.001 * (year - 2016)),
            {
                "nationality": {
                    "german": 1 - shares[year] * 2.2,
                    "eu": shares[year] * 0.7,
                    "third_country": shares[year] * 1.5,
                },
                "legal_basis": {"sgb2": 0.62, "sgb3": 0.38},
            },
        )
        b.add(
            "civilian_labour_force",
            k,
            kp,
            year,
            kreis_pop * 0.5,
            {
                "nationality": {
                    "german": 1 - shares[year] * 0.9,
                    "eu": shares[year] * 0.4,
                    "third_country": shares[year] * 0.5,
                }
            },
        )
        b.add(
            "sgb2_recipients",
            gemeinden,
            parts_g,
            year,
            population * 0.065,
            {
                "nationality": {
                    "german": 1 - shares[year] * 3,
                    "eu": shares[year] * 0.8,
                    "third_country": shares[year] * 2.2,
                },
                "age_group": {
                    "u3": 0.05,
                    "a3_5": 0.05,
                    "a6_14": 0.16,
                    "a15_17": 0.05,
                    "a18_20": 0.04,
                    "a21_24": 0.06,
                    "a25_64": 0.57,
                    "a65_plus": 0.02,
                },
            },
        )
        b.add(
            "sgb12_recipients",
            k,
            kp,
            year,
            kreis_pop * 0.012,
            {"nationality": {"german": 0.92, "eu": 0.03, "third_country": 0.05}},
        )
        b.add(
            "administration_staff",
            k,
            kp,
            year,
            np.array([900.0]),
            {
                "staff_group": {"trainees": 0.06, "staff": 0.94},
                "migration_background": {
                    "yes": 0.06 + 0.005 * (year - 2016),
                    "no": 0.8,
                    "unknown": 0.14 - 0.005 * (year - 2016),
                },
            },
        )
        if year in (2019, 2024):
            b.add(
                "advisory_council_electorate",
                k,
                kp,
                year,
                f_total * 0.8,
                {"sex": {"m": 0.55, "f": 0.45}},
            )
            b.add(
                "advisory_council_voters",
                k,
                kp,
                year,
                f_total * 0.8 * (0.06 if year == 2019 else 0.09),
                {"sex": {"m": 0.55, "f": 0.45}},
            )
        if year == 2022:
            b.add(
                "population_background",
                k,
                kp,
                year,
                kreis_pop,
                {"migration_background": {"yes": shares[year] * 2.1, "no": 1 - shares[year] * 2.1}},
            )
            b.add(
                "households",
                k,
                kp,
                year,
                kreis_pop * 0.48,
                {
                    "tenure": {"owner": 0.5, "tenant": 0.5},
                    "nationality": {"german": 1 - shares[year], "third_country": shares[year]},
                },
            )
            b.add(
                "household_members",
                k,
                kp,
                year,
                kreis_pop,
                {"nationality": {"german": 1 - shares[year], "third_country": shares[year]}},
            )
            b.add(
                "living_space",
                k,
                kp,
                year,
                kreis_pop * 45,
                {
                    "nationality": {
                        "german": 1 - shares[year] * 0.65,
                        "third_country": shares[year] * 0.65,
                    }
                },
            )
            b.add(
                "population_25_64_qualification",
                k,
                kp,
                year,
                kreis_pop * 0.53,
                {
                    "vocational_qualification": {"none": 0.16, "vocational": 0.64, "academic": 0.2},
                    "nationality": {"german": 1 - shares[year], "third_country": shares[year]},
                },
            )
    table = b.table()
    # Households: owners are rarer among foreign households (a visible gap in the demo).
    return table


def _demo_source(district: District) -> Source:
    source, _ = Source.objects.get_or_create(
        district=district,
        name="Demo: Ämter des Kreises (erfundene Daten)",
        defaults={
            "kind": Source.Kind.DEMO,
            "publisher": "Teilhabe-Demo",
            "attribution": "Erfundene Beispieldaten – keine amtlichen Zahlen",
        },
    )
    return source


def _demo_group(district: District) -> None:
    """“Region Nord”: the northern half of the district's Gemeinden (by latitude), a group
    that gets its own values like the ones officers define under Settings and groups."""
    from teilhabe.monitoring.models import AreaGroup

    if AreaGroup.objects.filter(district=district, name="Region Nord").exists():
        return
    gemeinden = list(
        Area.objects.gemeinden()
        .current()
        .filter(parent=district.kreis, population__gt=0, latitude__isnull=False)
        .order_by("-latitude")
    )
    if len(gemeinden) < 4:
        return
    group = AreaGroup.objects.create(district=district, name="Region Nord", level="gemeinde")
    group.members.set(gemeinden[: len(gemeinden) // 2])


NARRATIVES = {
    "summary": "Der Kreis hat in den vergangenen zwei Jahren viele Menschen neu aufgenommen. "
    "Die Beteiligung an Integrationskursen ist gestiegen, die Erfolgsquote im Deutsch-Test ebenfalls.\n\n"
    "Handlungsbedarf sehen wir bei der frühen Bildung und beim Übergang in Ausbildung.",
    "childcare_language": "Die Kita-Beteiligung von Kindern unter drei Jahren mit ausländischer Herkunft "
    "bleibt deutlich unter der aller Kinder. Das Projekt „Kita-Einstieg“ läuft seit 2023 in drei Gemeinden.",
    "labour": "Die Beschäftigungsquote der ausländischen Bevölkerung steigt weiter. "
    "Das Jobcenter begleitet Geflüchtete mit einem Mentoring-Programm.",
}


def _report(district: District, *, publish: bool) -> None:
    from teilhabe.monitoring import reporting
    from teilhabe.monitoring.analytics import blocks
    from teilhabe.monitoring.models import PublishedValues

    report, created = Report.objects.get_or_create(
        district=district,
        title=f"Integrationsbericht 2023/2024 – {district.name}",
        defaults={"first_year": 2023, "last_year": 2024},
    )
    if created:
        for section, text in NARRATIVES.items():
            Narrative.objects.create(report=report, section=section, version=1, text=text)
    if publish and not report.is_published:
        shown, own = reporting.freeze(report)
        now = timezone.now()
        report.frozen_values = blocks.encode(shown)
        report.frozen_meta = {"rows": shown.num_rows, "frozen_at": now.isoformat()}
        report.status = Report.Status.PUBLISHED
        report.published_at = now
        report.save()
        PublishedValues.objects.create(
            district=district,
            report=report,
            rows=own.num_rows,
            data=blocks.encode(own),
            published_at=now,
        )


def monitoring_demo(context: DemoContext) -> str:
    """The demo step: official figures, invented office data, values, reports."""
    from teilhabe.monitoring.services.imports import observations_write
    from teilhabe.monitoring.services.official import official_figures_load
    from teilhabe.monitoring.services.recompute import recompute

    started = dt.datetime.now(tz=dt.UTC)
    official = official_figures_load()
    catalogue = _catalogue()
    districts = [d for d in context.report.districts if d.is_demo]
    created = 0
    with transaction.atomic():
        for district in districts:
            source = _demo_source(district)
            _demo_group(district)
            if ImportBatch.objects.filter(source=source, file_sha256=DEMO_VERSION).exists():
                continue
            observations = district_observations(district, catalogue)
            batch = ImportBatch.objects.create(
                district=district,
                source=source,
                kind=ImportBatch.Kind.DEMO,
                status=ImportBatch.Status.DONE,
                file_name="Demo-Daten (erfunden)",
                file_sha256=DEMO_VERSION,
                finished_at=timezone.now(),
            )
            result = observations_write(batch=batch, observations=observations)
            batch.observations = result.observations
            batch.summary = {"measures": result.measures, "periods": result.periods}
            batch.save(update_fields=["observations", "summary"])
            created += 1
    if created or official.loaded:
        recompute(district_ids=None, reason="demo")
    for district in districts:
        _report(district, publish=district.slug in PUBLISHED)
    seconds = (dt.datetime.now(tz=dt.UTC) - started).total_seconds()
    return (
        f"monitoring: official figures ({official.loaded} new values), invented office data for "
        f"{created} districts, values computed, reports ({seconds:.1f} s)"
    )


#: The demo survey's question that feeds a measure (issue #4's seam, shown end to end).
SURVEY_DEMO = {
    "district": "uckermark",
    "survey": "leben-im-landkreis",
    "key": "intends-to-stay",
    "label": "Bleibeabsicht (Befragung)",
    "question": "stay",
    "choices": ["yes", "probably"],
}


def system_access(district: District) -> DistrictAccess:
    """Full access to a district without a person (the demo and the command line)."""
    from teilhabe.districts.roles import Capability, Role

    return DistrictAccess(
        district=district,
        user=None,  # type: ignore[arg-type]
        roles=frozenset({Role.INTEGRATION_OFFICER}),
        office_ids=frozenset(),
        capabilities=frozenset(Capability),
    )


def monitoring_surveys_demo(context: DemoContext) -> str:
    """After the surveys' demo: its "stay" question feeds a measure; taken over once."""
    from teilhabe.monitoring.services.surveys import surveys_installed, surveys_take_over

    if not surveys_installed():
        return "monitoring: no surveys module, no survey figures."
    from teilhabe.surveys import services as survey_services
    from teilhabe.surveys.models import MeasureLink, Survey

    survey = Survey.objects.filter(
        district__slug=SURVEY_DEMO["district"], slug=SURVEY_DEMO["survey"]
    ).first()
    if survey is None:
        return "monitoring: no demo survey, no survey figures."
    access = system_access(survey.district)
    if not MeasureLink.objects.filter(survey=survey, measure_key=SURVEY_DEMO["key"]).exists():
        survey_services.measure_link_create(
            access=access,
            survey=survey,
            measure_key=str(SURVEY_DEMO["key"]),
            measure_label=str(SURVEY_DEMO["label"]),
            question=str(SURVEY_DEMO["question"]),
            counted_choices=list(SURVEY_DEMO["choices"]),
            per_gemeinde=bool(survey.gemeinde_question),
        )
    if ImportBatch.objects.filter(
        source__district=survey.district, source__external_key=f"surveys:{survey.pk}"
    ).exists():
        return "monitoring: survey figures taken over before."
    batches = surveys_take_over(access=access)
    return f"monitoring: survey figures taken over ({sum(b.observations for b in batches)} values)."
