"""Loading Germany's territory into the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from teilhabe.areas import sources
from teilhabe.areas.loader import (
    AreasDataError,
    AreaSpec,
    Progress,
    Territory,
    _quiet,
    read_territory,
)
from teilhabe.areas.models import (
    Area,
    AreaBoundary,
    AreaChange,
    AreaFigure,
    AreaNeighbour,
    DataSource,
)

__all__ = ["AreasDataError", "LoadReport", "areas_load"]

_AREA_FIELDS = [
    "ags",
    "level",
    "kind",
    "name",
    "parent",
    "valid_from",
    "validity_approximate",
    "validity_note",
    "latitude",
    "longitude",
]
_LEVEL_ORDER = ["country", "land", "kreis", "gemeinde"]
_BATCH = 2000


@dataclass
class LoadReport:
    skipped: bool = False
    areas_created: int = 0
    areas_updated: int = 0
    figures: int = 0
    boundaries: int = 0
    neighbours: int = 0
    changes: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _sources_unchanged(checksums: dict[str, str]) -> bool:
    stored = dict(DataSource.objects.values_list("code", "checksum"))
    wanted = {spec.code: checksums.get(spec.filename, "") for spec in sources.ALL_SOURCES}
    changes_ok = stored.get("teilhabe-territorial-changes") == checksums.get(
        sources.CHANGES_FILENAME
    )
    return changes_ok and all(stored.get(code) == digest for code, digest in wanted.items())


def _upsert_sources(checksums: dict[str, str]) -> dict[str, DataSource]:
    result = {}
    for spec in sources.ALL_SOURCES:
        source, _ = DataSource.objects.update_or_create(
            code=spec.code,
            defaults={
                "title": spec.title,
                "publisher": spec.publisher,
                "attribution": spec.attribution,
                "modified": spec.modified,
                "url": spec.url,
                "note": spec.note,
                "checksum": checksums.get(spec.filename, ""),
            },
        )
        result[spec.code] = source
    # The curated change list is ours; it is recorded only to notice when it changes.
    DataSource.objects.update_or_create(
        code="teilhabe-territorial-changes",
        defaults={
            "title": "Territorial changes since 1995 (compiled by the Teilhabe project)",
            "publisher": "Teilhabe project",
            "licence": "MIT",
            "licence_url": "https://opensource.org/license/mit",
            "attribution": "Teilhabe project, compiled from the Destatis change lists",
            "checksum": checksums.get(sources.CHANGES_FILENAME, ""),
        },
    )
    return result


def _write_areas(territory: Territory, report: LoadReport) -> dict[tuple[str, date | None], Area]:
    existing = {(a.code, a.valid_until): a for a in Area.objects.all()}
    by_key: dict[tuple[str, date | None], Area] = dict(existing)
    current: dict[str, Area] = {a.code: a for a in existing.values() if a.valid_until is None}

    def parent_of(spec: AreaSpec) -> Area | None:
        if spec.parent_code is None:
            return None
        if spec.level == "gemeinde" and spec.valid_until is not None:
            # A Gemeinde that ended belongs to the Kreis that existed on its last day.
            for (code, until), area in by_key.items():
                if (
                    code == spec.parent_code
                    and (until is None or until >= spec.valid_until)
                    and (area.valid_from is None or area.valid_from <= spec.valid_until)
                ):
                    return area
        parent = current.get(spec.parent_code)
        if parent is None:
            parent = next((a for (c, _), a in by_key.items() if c == spec.parent_code), None)
        if parent is None:
            raise AreasDataError(
                f"Area {spec.code} refers to the unknown parent {spec.parent_code}."
            )
        return parent

    for level in _LEVEL_ORDER:
        to_create: list[Area] = []
        to_update: list[Area] = []
        for spec in (s for s in territory.areas if s.level == level):
            values: dict[str, Any] = {
                "ags": spec.ags,
                "level": spec.level,
                "kind": spec.kind,
                "name": spec.name,
                "parent": parent_of(spec),
                "valid_from": spec.valid_from,
                "validity_approximate": spec.approximate,
                "validity_note": spec.note,
                "latitude": spec.latitude,
                "longitude": spec.longitude,
            }
            area = by_key.get((spec.code, spec.valid_until))
            if area is None:
                area = Area(code=spec.code, valid_until=spec.valid_until, **values)
                to_create.append(area)
            elif any(getattr(area, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(area, k, v)
                to_update.append(area)
        for area in Area.objects.bulk_create(to_create, batch_size=_BATCH):
            by_key[(area.code, area.valid_until)] = area
            if area.valid_until is None:
                current[area.code] = area
        if to_update:
            Area.objects.bulk_update(to_update, _AREA_FIELDS, batch_size=_BATCH)
        report.areas_created += len(to_create)
        report.areas_updated += len(to_update)
    # bulk_create returns primary keys on SQLite ≥ 3.35 and PostgreSQL; make sure.
    if any(a.pk is None for a in by_key.values()):
        by_key = {(a.code, a.valid_until): a for a in Area.objects.all()}
    return by_key


def _resolve(by_code: dict[str, list[Area]], code: str, day: date) -> Area:
    for area in by_code.get(code, ()):
        if (area.valid_from is None or area.valid_from <= day) and (
            area.valid_until is None or area.valid_until >= day
        ):
            return area
    raise AreasDataError(f"There is no area with the key {code} on {day:%d.%m.%Y}.")


def _write_figures(
    territory: Territory,
    areas: dict[tuple[str, date | None], Area],
    data_sources: dict[str, DataSource],
) -> int:
    by_code: dict[str, list[Area]] = {}
    for area in areas.values():
        by_code.setdefault(area.code, []).append(area)
    rows = [
        AreaFigure(
            area=_resolve(by_code, f.code, f.reference_date),
            kind=f.kind,
            reference_date=f.reference_date,
            value=f.value,
            source=data_sources[f.source],
            derived=f.derived,
        )
        for f in territory.figures
    ]
    AreaFigure.objects.bulk_create(
        rows,
        batch_size=_BATCH,
        update_conflicts=True,
        unique_fields=["area", "kind", "reference_date", "source"],
        update_fields=["value", "derived"],
    )
    return len(rows)


def _refresh_latest(areas: dict[tuple[str, date | None], Area]) -> None:
    """Denormalise the latest population and area onto each area (for lists and maps)."""
    latest: dict[int, dict[str, tuple[date, Any]]] = {}
    for area_id, kind, day, value in AreaFigure.objects.filter(
        kind__in=["population", "area_km2"]
    ).values_list("area_id", "kind", "reference_date", "value"):
        slot = latest.setdefault(area_id, {})
        if kind not in slot or slot[kind][0] < day:
            slot[kind] = (day, value)
    changed = []
    for area in areas.values():
        slot = latest.get(area.pk, {})
        population = slot.get("population")
        surface = slot.get("area_km2")
        new = (
            int(population[1]) if population else None,
            population[0] if population else None,
            surface[1] if surface else None,
        )
        if (area.population, area.population_date, area.area_km2) != new:
            area.population, area.population_date, area.area_km2 = new
            changed.append(area)
    Area.objects.bulk_update(
        changed, ["population", "population_date", "area_km2"], batch_size=_BATCH
    )


def _write_geo(
    territory: Territory,
    areas: dict[tuple[str, date | None], Area],
    data_sources: dict[str, DataSource],
) -> tuple[int, int]:
    boundaries = []
    for key, geometry in territory.boundaries.items():
        area = areas[key]
        xs: list[float] = []
        ys: list[float] = []
        _collect(geometry["coordinates"], xs, ys)
        boundaries.append(
            AreaBoundary(
                area=area,
                geometry=geometry,
                min_lon=min(xs),
                min_lat=min(ys),
                max_lon=max(xs),
                max_lat=max(ys),
                source=data_sources[territory.boundary_sources[key]],
            )
        )
    AreaBoundary.objects.bulk_create(
        boundaries,
        batch_size=200,
        update_conflicts=True,
        unique_fields=["area"],
        update_fields=["geometry", "min_lon", "min_lat", "max_lon", "max_lat", "source"],
    )
    AreaNeighbour.objects.all().delete()
    links = []
    for a, b, km in territory.neighbours:
        first, second = areas[(a, None)], areas[(b, None)]
        links.append(AreaNeighbour(area=first, neighbour=second, border_km=km))
        links.append(AreaNeighbour(area=second, neighbour=first, border_km=km))
    AreaNeighbour.objects.bulk_create(links, batch_size=_BATCH)
    return len(boundaries), len(territory.neighbours)


def _collect(coordinates: Any, xs: list[float], ys: list[float]) -> None:
    if coordinates and isinstance(coordinates[0], int | float):
        xs.append(float(coordinates[0]))
        ys.append(float(coordinates[1]))
        return
    for part in coordinates:
        _collect(part, xs, ys)


def _write_changes(territory: Territory, areas: dict[tuple[str, date | None], Area]) -> int:
    by_code: dict[str, list[Area]] = {}
    for area in areas.values():
        by_code.setdefault(area.code, []).append(area)
    rows = []
    for change in territory.changes:
        predecessor = next(
            (a for a in by_code.get(change.predecessor, []) if a.valid_until is not None), None
        )
        successor = _resolve(by_code, change.successor, change.effective)
        if predecessor is None:
            raise AreasDataError(
                f"{sources.CHANGES_FILENAME}: {change.predecessor} is not an area that ended."
            )
        rows.append(
            AreaChange(
                predecessor=predecessor,
                successor=successor,
                kind=change.kind,
                effective=change.effective,
                note=change.note,
            )
        )
    AreaChange.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["predecessor", "successor"],
        update_fields=["kind", "effective", "note"],
    )
    return len(rows)


def areas_load(
    *, data_dir: Path | None = None, force: bool = False, progress: Progress = _quiet
) -> LoadReport:
    """Load (or refresh) every Land, Kreis and Gemeinde with figures and boundaries.

    All files are parsed and cross-checked before the first write; the writes run in
    one transaction. Running it again with unchanged files does nothing (unless
    ``force``); with changed files it updates in place, keeping every primary key.
    Raises :class:`AreasDataError` with one sentence when a file is missing or wrong.
    """
    territory = read_territory(data_dir, progress)
    report = LoadReport()
    if not force and Area.objects.exists() and _sources_unchanged(territory.checksums):
        report.skipped = True
    else:
        with transaction.atomic():
            progress(85, "Writing areas")
            data_sources = _upsert_sources(territory.checksums)
            areas = _write_areas(territory, report)
            progress(90, "Writing figures")
            report.figures = _write_figures(territory, areas, data_sources)
            _refresh_latest(areas)
            progress(95, "Writing boundaries and neighbours")
            report.boundaries, report.neighbours = _write_geo(territory, areas, data_sources)
            report.changes = _write_changes(territory, areas)
    for level in _LEVEL_ORDER:
        report.counts[level] = Area.objects.filter(level=level, valid_until__isnull=True).count()
    progress(100, "Done")
    return report
