"""Charts and the map of the district start page, built from the Kreis profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from teilhabe.areas.models import AreaBoundary
from teilhabe.areas.selectors import FigurePoint, KreisProfile
from teilhabe.charts import MapFeature, Point, Series, line_chart, map_svg


def _pct(value: float) -> str:
    return number_format(value, decimal_pos=1) + " %"


def _count(value: float) -> str:
    return number_format(round(value), force_grouping=True)


def foreign_share_chart(profile: KreisProfile) -> SafeString:
    kreis, land = profile.kreis, profile.land
    series = [
        Series(
            kreis.display_name,
            [
                Point(str(p.reference_date.year), float(p.value))
                for p in profile.foreign_share.get(kreis.pk, [])
            ],
            emphasis=True,
        )
    ]
    if land is not None:
        series.append(
            Series(
                land.name,
                [
                    Point(str(p.reference_date.year), float(p.value))
                    for p in profile.foreign_share.get(land.pk, [])
                ],
            )
        )
    latest = profile.foreign_share_latest
    description = (
        pgettext(
            "public",
            "Share of foreign nationals in the population of %(kreis)s, %(latest)s in %(year)s.",
        )
        % {
            "kreis": kreis.display_name,
            "latest": _pct(float(latest.value)),
            "year": latest.reference_date.year,
        }
        if latest
        else pgettext("public", "No figures available.")
    )
    # The SVG is built from our own numbers and escaped names (charts escapes all text).
    return mark_safe(  # noqa: S308
        line_chart(
            series,
            title=pgettext("public", "Share of foreign nationals, %(kreis)s and %(land)s")
            % {"kreis": kreis.display_name, "land": land.name if land else ""},
            description=description,
            y_label="%",
            format_value=_pct,
            chart_id="foreign-share",
        )
    )


@dataclass(frozen=True)
class TableRow:
    year: int
    kreis: Decimal | None
    land: Decimal | None


def foreign_share_table(profile: KreisProfile) -> list[TableRow]:
    own = {p.reference_date.year: p.value for p in profile.foreign_share.get(profile.kreis.pk, [])}
    land = (
        {p.reference_date.year: p.value for p in profile.foreign_share.get(profile.land.pk, [])}
        if profile.land
        else {}
    )
    return [TableRow(year, own.get(year), land.get(year)) for year in sorted(set(own) | set(land))]


def population_points(profile: KreisProfile) -> list[FigurePoint]:
    """One value per date: the official series where it exists, else our sum."""
    by_date: dict[date, FigurePoint] = {}
    for point in profile.population_series:
        kept = by_date.get(point.reference_date)
        if kept is None or (kept.derived and not point.derived):
            by_date[point.reference_date] = point
    return [by_date[d] for d in sorted(by_date)]


def population_chart(profile: KreisProfile) -> SafeString:
    points = population_points(profile)
    kreis = profile.kreis
    return mark_safe(  # noqa: S308
        line_chart(
            [
                Series(
                    kreis.display_name,
                    [Point(str(p.reference_date.year), float(p.value)) for p in points],
                    emphasis=True,
                )
            ],
            title=pgettext("public", "Population of %(kreis)s") % {"kreis": kreis.display_name},
            description=pgettext(
                "public",
                "Population from %(first)s to %(last)s: official annual figures, then sums over "
                "the Gemeinden for 2019 and Zensus 2022 (see the table).",
            )
            % {
                "first": points[0].reference_date.year if points else "–",
                "last": points[-1].reference_date.year if points else "–",
            },
            format_value=_count,
            include_zero=False,
            chart_id="population",
        )
    )


def neighbourhood_map(profile: KreisProfile) -> SafeString:
    kreis = profile.kreis
    areas = [kreis, *(n.neighbour for n in profile.neighbours)]
    boundaries = {b.area_id: b for b in AreaBoundary.objects.filter(area__in=areas)}
    features = []
    for area in areas:
        boundary = boundaries.get(area.pk)
        if boundary is None:
            continue
        own = area.pk == kreis.pk
        features.append(
            MapFeature(
                geometry=boundary.geometry,
                name=area.display_name,
                fill="#0b5563" if own else "#b9d6db",
                stroke="#ffffff" if own else "#0b5563",
                label=area.name,  # inside the area (its seat may lie at the edge)
            )
        )
    names = ", ".join(n.neighbour.display_name for n in profile.neighbours)
    return mark_safe(  # noqa: S308
        map_svg(
            features,
            title=pgettext("public", "Map of %(kreis)s and its neighbouring Kreise")
            % {"kreis": kreis.display_name},
            description=pgettext("public", "%(kreis)s borders %(names)s.")
            % {"kreis": kreis.display_name, "names": names},
            map_id="kreis-map",
        )
    )
