"""Reading Germany's territory. Areas are public data: no permission gate is needed,
but district pages only ever ask about their own Kreis and its surroundings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from teilhabe.areas.models import (
    Area,
    AreaBoundary,
    AreaChange,
    AreaFigure,
    AreaNeighbour,
    DataSource,
)


def data_sources(*, codes: list[str]) -> list[DataSource]:
    """The shipped datasets with these codes, for the attribution on a page."""
    return list(DataSource.objects.filter(code__in=codes).order_by("code"))


def area_get_by_key(*, key: str, on: date | None = None) -> Area | None:
    """The area with this key (ARS, or an 8-digit AGS) valid on ``on`` (default: today)."""
    day = on or timezone.localdate()
    areas = Area.objects.valid_on(day)
    key = key.strip()
    if len(key) == 8 and key.isdigit():
        return areas.filter(ags=key, level=Area.Level.GEMEINDE).first()
    return areas.filter(code=key).first()


def area_changes(*, area: Area) -> dict[str, list[AreaChange]]:
    """What the area came from and what it went into."""
    return {
        "predecessors": list(area.predecessions.select_related("predecessor")),
        "successors": list(area.successions.select_related("successor")),
    }


def area_successors_on(*, area: Area, on: date) -> list[Area]:
    """Follow territorial changes forward until the areas valid on ``on``."""
    result: list[Area] = []
    frontier = [area]
    seen: set[int] = set()
    while frontier:
        current = frontier.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        valid = (current.valid_from is None or current.valid_from <= on) and (
            current.valid_until is None or current.valid_until >= on
        )
        if valid:
            result.append(current)
            continue
        frontier.extend(
            change.successor for change in current.successions.select_related("successor")
        )
    return sorted(result, key=lambda a: a.code)


def gemeinden_of(*, kreis: Area, on: date | None = None) -> QuerySet[Area]:
    day = on or timezone.localdate()
    return Area.objects.gemeinden().valid_on(day).filter(parent=kreis).order_by("name")


def neighbours_of(*, kreis: Area) -> QuerySet[AreaNeighbour]:
    return (
        AreaNeighbour.objects.filter(area=kreis)
        .select_related("neighbour", "neighbour__parent")
        .order_by("neighbour__name")
    )


@dataclass(frozen=True)
class FigurePoint:
    reference_date: date
    value: Decimal
    source_id: int
    derived: bool


def figure_series(*, areas: list[Area], kind: str) -> dict[int, list[FigurePoint]]:
    """Time series of one figure for several areas, one query."""
    series: dict[int, list[FigurePoint]] = {a.pk: [] for a in areas}
    rows = AreaFigure.objects.filter(area__in=areas, kind=kind).order_by("reference_date")
    for row in rows.values_list("area_id", "reference_date", "value", "source_id", "derived"):
        series[row[0]].append(FigurePoint(row[1], row[2], row[3], row[4]))
    return series


def last_point(points: list[FigurePoint] | None) -> FigurePoint | None:
    return points[-1] if points else None


@dataclass
class KreisProfile:
    kreis: Area
    land: Area | None
    gemeinden_count: int
    population: FigurePoint | None
    population_gv: dict[str, FigurePoint] = field(default_factory=dict)
    population_series: list[FigurePoint] = field(default_factory=list)
    foreign_share: dict[int, list[FigurePoint]] = field(default_factory=dict)
    neighbours: list[AreaNeighbour] = field(default_factory=list)
    sources: list[DataSource] = field(default_factory=list)

    @property
    def neighbour_rows(self) -> list[tuple[AreaNeighbour, FigurePoint | None]]:
        """Each neighbour with its latest share of foreign nationals."""
        return [
            (link, last_point(self.foreign_share.get(link.neighbour_id)))
            for link in self.neighbours
        ]

    @property
    def population_rows(self) -> list[tuple[FigurePoint, DataSource | None]]:
        by_id = {s.pk: s for s in self.sources}
        return [(p, by_id.get(p.source_id)) for p in self.population_series]

    @property
    def foreign_share_latest(self) -> FigurePoint | None:
        points = self.foreign_share.get(self.kreis.pk) or []
        return points[-1] if points else None


def kreis_profile(*, kreis: Area) -> KreisProfile:
    """Everything the district start page shows about its Kreis, in a handful of queries."""
    land = kreis.parent
    neighbours = list(neighbours_of(kreis=kreis))
    comparison = [kreis, *([land] if land else []), *(n.neighbour for n in neighbours)]
    own_kinds = [
        AreaFigure.Kind.POPULATION,
        AreaFigure.Kind.POPULATION_MALE,
        AreaFigure.Kind.POPULATION_FEMALE,
    ]
    rows = AreaFigure.objects.filter(
        Q(area=kreis, kind__in=own_kinds)
        | Q(area__in=comparison, kind=AreaFigure.Kind.FOREIGN_SHARE)
    ).order_by("reference_date")
    own: dict[str, list[FigurePoint]] = {str(kind): [] for kind in own_kinds}
    foreign: dict[int, list[FigurePoint]] = {area.pk: [] for area in comparison}
    for area_id, kind, day, value, source_id, derived in rows.values_list(
        "area_id", "kind", "reference_date", "value", "source_id", "derived"
    ):
        point = FigurePoint(day, value, source_id, derived)
        if kind == AreaFigure.Kind.FOREIGN_SHARE:
            foreign[area_id].append(point)
        else:
            own[kind].append(point)
    population = own[AreaFigure.Kind.POPULATION]
    gv = {
        kind: points[-1]
        for kind, points in own.items()
        if points and kind != AreaFigure.Kind.POPULATION
    }
    used_sources = (
        {p.source_id for p in population}
        | {p.source_id for points in foreign.values() for p in points}
        | {p.source_id for p in gv.values()}
    )
    boundary_source = (
        AreaBoundary.objects.filter(area=kreis).values_list("source_id", flat=True).first()
    )
    if boundary_source:
        used_sources.add(boundary_source)
    return KreisProfile(
        kreis=kreis,
        land=land,
        gemeinden_count=gemeinden_of(kreis=kreis).count(),
        population=population[-1] if population else None,
        population_gv=gv,
        population_series=population,
        foreign_share=foreign,
        neighbours=neighbours,
        sources=list(DataSource.objects.filter(pk__in=used_sources).order_by("code")),
    )


def boundaries_geojson(*, areas: list[Area], roles: dict[int, str] | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the areas' boundaries, with name, key and a role."""
    roles = roles or {}
    features = []
    for boundary in AreaBoundary.objects.filter(area__in=areas).select_related("area"):
        area = boundary.area
        features.append(
            {
                "type": "Feature",
                "geometry": boundary.geometry,
                "properties": {
                    "code": area.code,
                    "name": area.display_name,
                    "role": roles.get(area.pk, ""),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
