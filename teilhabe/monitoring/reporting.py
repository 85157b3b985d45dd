"""The content of an Integrationsbericht, for the HTML page and the PDF alike.

A draft shows the current values; a published report shows the figures frozen at
publication (its own values plus the official values it was compared with), so that it
never changes afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from teilhabe.charts import Point, Series, line_chart
from teilhabe.districts.models import District
from teilhabe.monitoring import pages, store
from teilhabe.monitoring import values as v
from teilhabe.monitoring.analytics import blocks
from teilhabe.monitoring.analytics.flags import Status
from teilhabe.monitoring.models import (
    FieldOfAction,
    Indicator,
    IndicatorVersion,
    Narrative,
    ObservationSlice,
    Report,
    Source,
)
from teilhabe.monitoring.selectors import indicators_for_district, settings_for

SUMMARY = "summary"
SECTIONS = [SUMMARY, *[f for f, _ in FieldOfAction.choices]]


def section_label(section: str) -> str:
    if section == SUMMARY:
        return _("Summary of the main changes")
    return str(dict(FieldOfAction.choices).get(section, section))


@dataclass
class IndicatorRow:
    indicator: Indicator
    version: IndicatorVersion
    first: v.Value | None
    last: v.Value | None
    land: v.Value | None
    country: v.Value | None
    chart: SafeString
    card: pages.Card


@dataclass
class Section:
    key: str
    label: str
    narrative: Narrative | None
    rows: list[IndicatorRow] = field(default_factory=list)
    map_svg: SafeString = field(default_factory=lambda: mark_safe(""))
    map_legend: list[tuple[str, str, str]] = field(default_factory=list)
    map_title: str = ""


@dataclass
class ReportContent:
    report: Report
    district: District
    sections: list[Section]
    summary: Section
    better: list[pages.Card]
    worse: list[pages.Card]
    suppressed: int
    thresholds: tuple[int, int]
    generated: str
    sources: list[Source]
    frozen: bool


def _formatter(version: IndicatorVersion) -> Callable[[float], str]:
    def format_value(value: float) -> str:
        return pages.fmt(value, version)

    return format_value


def latest_narratives(report: Report) -> dict[str, Narrative]:
    found: dict[str, Narrative] = {}
    for narrative in report.narratives.select_related("author").order_by("section", "-version"):
        found.setdefault(narrative.section, narrative)
    return found


def freeze(report: Report) -> tuple[pa.Table, pa.Table]:
    """(everything the report shows, the district's own values to publish)."""
    district = report.district
    own = store.value_blocks(
        district_id=district.pk, parts=store.parts_for_kreis(district.kreis.code)
    )
    own = own.filter(pc.less_equal(own.column("year"), report.last_year)) if own.num_rows else own
    kreis = district.kreis
    land = kreis.parent
    areas = [a.pk for a in pages.map_areas(district)] + [
        a.pk for a in (land, land.parent if land else None) if a
    ]
    official = store.value_blocks(district_id=None, parts=["upper"])
    own_areas = set(own.column("area_id").to_pylist()) if own.num_rows else set()
    published = blocks.conform(_published_around(district, report.last_year), blocks.VALUE_SCHEMA)
    if official.num_rows:
        keep = pc.and_(
            pc.is_in(
                official.column("area_id"),
                value_set=pa.array(sorted(set(areas) - own_areas), pa.int32()),
            ),
            pc.less_equal(official.column("year"), report.last_year),
        )
        official = blocks.conform(official.filter(keep), blocks.VALUE_SCHEMA)
        if published.num_rows:
            # What a district published stands before the official statistics.
            official = official.join(
                published.select(list(_KEY)), keys=list(_KEY), join_type="left anti"
            ).select(blocks.VALUE_SCHEMA.names)
    shown = pa.concat_tables(
        [
            blocks.conform(own, blocks.VALUE_SCHEMA),
            published,
            blocks.conform(official, blocks.VALUE_SCHEMA),
        ]
    )
    return shown, blocks.conform(own, blocks.VALUE_SCHEMA)


_KEY = ("indicator_id", "area_id", "year", "bcat", "opt")


def _published_around(district: District, last_year: int) -> pa.Table:
    """What the other Teilhabe districts on the report's map published (their Kreis
    only), up to the report's last year."""
    kreise = {a.pk for a in pages.map_areas(district)} - {district.kreis_id}
    others = dict(
        District.objects.filter(kreis_id__in=kreise, is_active=True)
        .exclude(pk=district.pk)
        .values_list("pk", "kreis_id")
    )
    tables = []
    for district_id, values in v.published(others).items():
        table = values.table
        if table.num_rows == 0:
            continue
        tables.append(
            table.filter(
                pc.and_(
                    pc.equal(table.column("area_id"), others[district_id]),
                    pc.less_equal(table.column("year"), last_year),
                )
            )
        )
    if not tables:
        return blocks.VALUE_SCHEMA.empty_table()
    return pa.concat_tables([blocks.conform(t, blocks.VALUE_SCHEMA) for t in tables])


def _value_sets(report: Report) -> tuple[v.ValueSet, v.ValueSet]:
    if report.is_published and report.frozen_values:
        frozen = v.ValueSet(blocks.decode(bytes(report.frozen_values)), "published")
        return frozen, frozen
    district = report.district
    return v.own(district), v.official(parts=["upper"])


def report_content(report: Report, *, language: str | None = None) -> ReportContent:
    with translation.override(language or translation.get_language()):
        return _content(report)


def _content(report: Report) -> ReportContent:
    district = report.district
    kreis = district.kreis
    land = kreis.parent
    country = land.parent if land else None
    own, official = _value_sets(report)
    narratives = latest_narratives(report)
    sections = {key: Section(key, section_label(key), narratives.get(key)) for key in SECTIONS}
    cards: list[pages.Card] = []
    suppressed = 0
    for indicator in indicators_for_district(district=district):
        version = indicator.definition
        series = [x for x in own.series(indicator.pk, kreis.pk) if x.year <= report.last_year]
        source = own
        if not any(x.shown for x in series):
            series = [
                x for x in official.series(indicator.pk, kreis.pk) if x.year <= report.last_year
            ]
            source = official
        shown = [x for x in series if x.shown]
        if not shown:
            continue
        suppressed += sum(
            1 for x in series if x.status in (Status.PRIMARY, Status.SECONDARY, Status.SMALL_BASE)
        )
        last = shown[-1]
        before = [x for x in shown if x.year < report.first_year]
        first = before[-1] if before else (shown[0] if shown[0] is not last else None)
        card = pages.Card(
            indicator,
            version,
            last,
            first,
            _("since %(year)s") % {"year": first.year} if first else "",
            source.origin,
        )
        cards.append(card)
        lines = [(kreis.display_name, series, True)]
        if land is not None:
            lines.append(
                (
                    land.name,
                    [
                        x
                        for x in official.series(indicator.pk, land.pk)
                        if x.year <= report.last_year
                    ],
                    False,
                )
            )
        chart = line_chart(
            [
                Series(name, [Point(str(x.year), x.value) for x in points[-10:]], emphasis=e)
                for name, points, e in lines
            ],
            title=version.title,
            description=_("%(indicator)s for %(kreis)s and %(land)s, last ten years to %(year)s.")
            % {
                "indicator": version.title,
                "kreis": kreis.display_name,
                "land": land.name if land else "",
                "year": report.last_year,
            },
            y_label=version.unit_symbol,
            format_value=_formatter(version),
            chart_id=f"report-{indicator.code}",
            height=240,
        )
        sections[indicator.field].rows.append(
            IndicatorRow(
                indicator,
                version,
                first,
                last,
                official.at(indicator.pk, land.pk, last.year) if land else None,
                official.at(indicator.pk, country.pk, last.year) if country else None,
                mark_safe(chart),  # noqa: S308 - charts escape every text
                card,
            )
        )
    # One map per section: its first indicator with values for the Kreise around.
    map_area_list = pages.map_areas(district)
    frozen = report.is_published and bool(report.frozen_values)
    others = (
        {}
        if frozen
        else dict(
            District.objects.filter(kreis__in=map_area_list, is_active=True)
            .exclude(pk=district.pk)
            .values_list("kreis_id", "pk")
        )
    )
    published = v.published(others.values()) if others else {}
    for section in sections.values():
        for row in section.rows:
            if row.last is None:
                continue
            year = row.last.year
            # Own values, what other districts published, else official statistics (a
            # published report: the same, as frozen).
            values = {
                a.pk: v.comparison_value(
                    a,
                    row.indicator.pk,
                    year,
                    district=District(pk=others[a.pk]) if a.pk in others else None,
                    own_values=own if a.pk == kreis.pk else None,
                    official_values=official,
                    published_values=published,
                )
                for a in map_area_list
            }
            if sum(1 for x in values.values() if x is not None and x.shown) < 3:
                continue
            section.map_svg, section.map_legend = pages.choropleth(
                district, row.indicator, row.version, year, values, map_area_list
            )
            section.map_title = _("%(indicator)s in the Kreise around %(kreis)s, %(year)s") % {
                "indicator": row.version.title,
                "kreis": kreis.display_name,
                "year": row.last.year if row.last else "",
            }
            break
    better = sorted(
        (c for c in cards if c.direction == "better"), key=lambda c: -abs(c.change or 0)
    )[:5]
    worse = sorted((c for c in cards if c.direction == "worse"), key=lambda c: -abs(c.change or 0))[
        :5
    ]
    settings = settings_for(district=district)
    source_ids = set(
        ObservationSlice.objects.filter(is_active=True, district=district).values_list(
            "source_id", flat=True
        )
    ) | set(
        ObservationSlice.objects.filter(is_active=True, district__isnull=True).values_list(
            "source_id", flat=True
        )
    )
    sources = list(
        Source.objects.filter(pk__in=source_ids).select_related("office").order_by("name")
    )
    return ReportContent(
        report=report,
        district=district,
        sections=[s for key, s in sections.items() if key != SUMMARY and (s.rows or s.narrative)],
        summary=sections[SUMMARY],
        better=better,
        worse=worse,
        suppressed=suppressed,
        thresholds=(settings.min_count, settings.min_denominator),
        generated=timezone.localdate().strftime("%d.%m.%Y"),
        sources=sources,
        frozen=report.is_published,
    )
