"""Read the shipped territorial data into plain objects (no database access here).

:func:`read_territory` parses and cross-checks all files first; only when all of
them are sound does ``services.areas_load`` write anything. Each problem is
reported as one sentence naming the file, the line and what is wrong.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from teilhabe import genesis
from teilhabe.areas import sources
from teilhabe.areas.sources import SourceSpec

PACKAGE_DATA = Path(__file__).resolve().parent / "data"

COUNTRY_CODE = "DG"
#: Gebietsstand of the Gemeindeverzeichnis extract and of the Zensus 2022 table.
GV_TERRITORY_DATE = date(2020, 12, 31)
GV_POPULATION_DATE = date(2019, 12, 31)
ZENSUS_DATE = date(2022, 5, 15)
#: Border shorter than this (km) is a corner touch, not a shared border.
MIN_BORDER_KM = 0.2

KREIS_KINDS = {
    "41": "Kreisfreie Stadt",
    "42": "Stadtkreis",
    "43": "Kreis",
    "44": "Landkreis",
    "45": "Regionalverband",
}
GEMEINDE_KINDS = {
    "60": "Markt",
    "61": "Kreisfreie Stadt",
    "62": "Stadtkreis",
    "63": "Stadt",
    "64": "Gemeinde",
    "65": "gemeindefreies Gebiet",
    "66": "gemeindefreies Gebiet",
    "67": "Große Kreisstadt",
}


class AreasDataError(Exception):
    """A shipped data file is missing or malformed; the message says which and how."""


@dataclass
class AreaSpec:
    code: str
    level: str
    name: str
    kind: str = ""
    ags: str = ""
    parent_code: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    approximate: bool = False
    note: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class FigureSpec:
    code: str
    kind: str
    reference_date: date
    value: Decimal
    source: str
    derived: bool = False


@dataclass(frozen=True)
class ChangeSpec:
    predecessor: str
    successor: str
    kind: str
    effective: date
    note: str


@dataclass
class Territory:
    areas: list[AreaSpec] = field(default_factory=list)
    figures: list[FigureSpec] = field(default_factory=list)
    boundaries: dict[tuple[str, date | None], dict[str, Any]] = field(default_factory=dict)
    boundary_sources: dict[tuple[str, date | None], str] = field(default_factory=dict)
    neighbours: list[tuple[str, str, float]] = field(default_factory=list)
    changes: list[ChangeSpec] = field(default_factory=list)
    checksums: dict[str, str] = field(default_factory=dict)


Progress = Callable[[int, str], None]


def _quiet(percent: int, message: str) -> None:
    return None


# --- file access --------------------------------------------------------------------------


def _read(directory: Path, spec_or_name: SourceSpec | str, checksums: dict[str, str]) -> bytes:
    name = spec_or_name.filename if isinstance(spec_or_name, SourceSpec) else spec_or_name
    path = directory / name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AreasDataError(
            f"The data file {name} is missing from {directory}; reinstall Teilhabe or "
            "point --data-dir at a folder that holds all territorial data files."
        ) from None
    except OSError as exc:
        raise AreasDataError(f"The data file {path} cannot be read ({exc.strerror}).") from None
    if not data.strip():
        raise AreasDataError(f"The data file {name} is empty.")
    checksums[name] = hashlib.sha256(data).hexdigest()
    return data


def _fail(name: str, line: int | None, message: str) -> AreasDataError:
    where = f", line {line}" if line else ""
    return AreasDataError(f"{name}{where}: {message}")


def _json(name: str, data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise _fail(name, line, f"not valid JSON ({exc.args[0]}).") from None


def _decimal(text: str, *, name: str, line: int, what: str) -> Decimal | None:
    """Numbers of the Gemeindeverzeichnis: spaces group thousands, dot or comma decimal."""
    compact = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not compact:
        return None
    try:
        return Decimal(compact)
    except InvalidOperation:
        raise _fail(name, line, f"{what} “{text.strip()}” is not a number.") from None


# --- the Gemeindeverzeichnis: Länder, Kreise, Gemeinden of 31.12.2020 ----------------------


@dataclass
class _GvGemeinde:
    code: str
    ags: str
    name: str
    kind_code: str
    population: Decimal | None
    male: Decimal | None
    female: Decimal | None
    area_km2: Decimal | None
    latitude: float | None
    longitude: float | None
    line: int


def _read_gv(data: bytes) -> tuple[dict[str, str], dict[str, tuple[str, str]], list[_GvGemeinde]]:
    name = sources.GEMEINDEVERZEICHNIS.filename
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(name, None, f"not UTF-8 (byte {exc.start}).") from None
    reader = csv.DictReader(io.StringIO(text))
    required = {
        "satzart",
        "textkennzeichen",
        "land",
        "rb",
        "kreis",
        "vb",
        "gemeinde",
        "gemeindename",
        "flaeche",
        "bevoelkerung",
        "maennlich",
        "weiblich",
        "laengengrad",
        "breitengrad",
    }
    missing = required - set(reader.fieldnames or [])
    if missing:
        raise _fail(name, 1, f"the header lacks the columns {', '.join(sorted(missing))}.")
    laender: dict[str, str] = {}
    kreise: dict[str, tuple[str, str]] = {}
    gemeinden: list[_GvGemeinde] = []
    for row in reader:
        line = reader.line_num
        kind = row["satzart"].strip()
        land, rb, kreis = row["land"].strip(), row["rb"].strip(), row["kreis"].strip()
        if kind == "10":
            laender[land] = row["gemeindename"].strip()
        elif kind == "40":
            code = land + rb + kreis
            if len(code) != 5 or not code.isdigit():
                raise _fail(name, line, f"the Kreis key “{code}” is not five digits.")
            kreise[code] = (row["gemeindename"].strip(), row["textkennzeichen"].strip())
        elif kind == "60":
            code = land + rb + kreis + row["vb"].strip() + row["gemeinde"].strip()
            if len(code) != 12 or not code.isdigit():
                raise _fail(name, line, f"the Gemeinde key “{code}” is not twelve digits.")

            def coordinate(value: str, line: int = line) -> float | None:
                number = _decimal(value, name=name, line=line, what="the coordinate")
                return float(number) if number is not None else None

            gemeinden.append(
                _GvGemeinde(
                    code=code,
                    ags=land + rb + kreis + row["gemeinde"].strip(),
                    name=row["gemeindename"].strip(),
                    kind_code=row["textkennzeichen"].strip(),
                    population=_decimal(
                        row["bevoelkerung"], name=name, line=line, what="the population"
                    ),
                    male=_decimal(
                        row["maennlich"], name=name, line=line, what="the male population"
                    ),
                    female=_decimal(
                        row["weiblich"], name=name, line=line, what="the female population"
                    ),
                    area_km2=_decimal(row["flaeche"], name=name, line=line, what="the area"),
                    latitude=coordinate(row["breitengrad"]),
                    longitude=coordinate(row["laengengrad"]),
                    line=line,
                )
            )
        elif kind not in {"20", "30", "50"}:
            raise _fail(
                name, line, f"unknown Satzart “{kind}” (expected 10, 20, 30, 40, 50 or 60)."
            )
    if len(laender) != 16:
        raise _fail(name, None, f"expected 16 Länder, found {len(laender)}.")
    if len(gemeinden) < 10_000:
        raise _fail(name, None, f"expected about 11,000 Gemeinden, found {len(gemeinden)}.")
    return laender, kreise, gemeinden


# --- Zensus 2022 (flat GENESIS export) ------------------------------------------------------


def _read_zensus(data: bytes) -> tuple[dict[str, tuple[str, Decimal]], Decimal | None]:
    name = sources.ZENSUS_GEMEINDEN.filename
    try:
        records = genesis.read_flat(data, source=name)
    except genesis.FormatError as exc:
        raise AreasDataError(str(exc)) from None
    gemeinden: dict[str, tuple[str, Decimal]] = {}
    germany = None
    for record in records:
        dim = record.dimensions[0] if record.dimensions else None
        if dim is None or record.cell.value is None:
            raise _fail(name, record.line, "a line carries no area or no value.")
        if dim.code == "GEOGM4":
            if len(dim.attribute_code) != 12:
                raise _fail(
                    name, record.line, f"the Gemeinde key “{dim.attribute_code}” is not 12 digits."
                )
            gemeinden[dim.attribute_code] = (dim.attribute_label, record.cell.value)
        elif dim.code == "GEODL1":
            germany = record.cell.value
    if len(gemeinden) < 10_000:
        raise _fail(name, None, f"expected about 10,800 Gemeinden, found {len(gemeinden)}.")
    return gemeinden, germany


# --- GENESIS Kreis series -------------------------------------------------------------------


def _read_series(data: bytes, spec: SourceSpec) -> genesis.GenesisTable:
    try:
        table = genesis.read_classic(data, source=spec.filename)
    except genesis.FormatError as exc:
        raise AreasDataError(str(exc)) from None
    if table.key_columns != 2:
        raise _fail(spec.filename, None, "expected two key columns (Kreis key and name).")
    for column in table.columns:
        try:
            genesis.parse_german_date(column.label)
        except ValueError:
            raise _fail(
                spec.filename, None, f"the column “{column.label}” is not a date."
            ) from None
    return table


def _series_figures(table: genesis.GenesisTable, spec: SourceSpec, kind: str) -> list[FigureSpec]:
    dates = [genesis.parse_german_date(c.label) for c in table.columns]
    figures = []
    for row in table.rows:
        for day, cell in zip(dates, row.cells, strict=True):
            if cell.value is not None:
                figures.append(FigureSpec(row.keys[0], kind, day, cell.value, spec.code))
    return figures


# --- territorial changes (curated) ----------------------------------------------------------


def _read_changes(data: bytes) -> list[ChangeSpec]:
    name = sources.CHANGES_FILENAME
    text = data.decode("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines)
    changes = []
    for number, row in enumerate(reader, start=2):
        try:
            effective = date.fromisoformat(row["effective"])
        except (KeyError, TypeError, ValueError):
            raise _fail(
                name, number, f"“{row.get('effective')}” is not a date (YYYY-MM-DD)."
            ) from None
        if row.get("kind") not in {"merged", "partly", "rekeyed"}:
            raise _fail(name, number, f"unknown kind “{row.get('kind')}”.")
        changes.append(
            ChangeSpec(
                row["predecessor"], row["successor"], row["kind"], effective, row["note"] or ""
            )
        )
    return changes


# --- geometry ----------------------------------------------------------------------------------


def _round(geometry: BaseGeometry, digits: int = 5) -> BaseGeometry:
    rounded: BaseGeometry = shapely.transform(geometry, lambda xy: np.round(xy, digits))
    return rounded


def _metric(geometry: BaseGeometry, lat0: float) -> BaseGeometry:
    """A local equirectangular projection in km, good enough for border lengths."""
    scale = np.array([111.32 * math.cos(math.radians(lat0)), 110.57])
    projected: BaseGeometry = shapely.transform(geometry, lambda xy: xy * scale)
    return projected


def _features(
    name: str, data: bytes, digits: int
) -> dict[str, tuple[BaseGeometry, dict[str, Any]]]:
    document = _json(name, data)
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise _fail(name, None, "not a GeoJSON FeatureCollection.")
    grouped: dict[str, list[BaseGeometry]] = defaultdict(list)
    properties: dict[str, dict[str, Any]] = {}
    for index, feature in enumerate(document.get("features") or [], start=1):
        props = feature.get("properties") or {}
        code = str(props.get("ARS") or "")
        if not code.isdigit():
            raise _fail(name, None, f"feature {index} has no ARS key.")
        try:
            geometry = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise _fail(
                name, None, f"feature {index} ({code}) has an invalid geometry ({exc})."
            ) from None
        if geometry.is_empty:
            raise _fail(name, None, f"feature {index} ({code}) has an empty geometry.")
        grouped[code].append(geometry)
        properties.setdefault(code, props)
    return {
        code: (_round(unary_union(parts) if len(parts) > 1 else parts[0], digits), properties[code])
        for code, parts in grouped.items()
    }


def neighbours_of(geometries: dict[str, BaseGeometry]) -> list[tuple[str, str, float]]:
    """Pairs of areas sharing a border longer than ``MIN_BORDER_KM``, with its length."""
    codes = list(geometries)
    shapes = [geometries[c] for c in codes]
    tree = STRtree(shapes)
    pairs: list[tuple[str, str, float]] = []
    for i, j in zip(*tree.query(shapes, predicate="intersects"), strict=True):
        if i >= j:
            continue
        a, b = shapes[i], shapes[j]
        shared = a.boundary.intersection(b.boundary)
        if shared.is_empty:
            shared = a.intersection(b).boundary
        lat0 = (a.centroid.y + b.centroid.y) / 2
        length = _metric(shared, lat0).length
        if length >= MIN_BORDER_KM:
            pairs.append((codes[i], codes[j], round(length, 1)))
    return pairs


# --- putting it together ----------------------------------------------------------------------


def _plain_name(name: str) -> str:
    return name.split(" (")[0].strip().casefold()


def _expand_zensus_name(label: str) -> str:
    for short, long in ((", St", ", Stadt"), (", M", ", Markt")):
        if label.endswith(short):
            return label[: -len(short)] + long
    return label


@dataclass
class _Inputs:
    laender: dict[str, str]
    gv_kreise: dict[str, tuple[str, str]]
    gv_gemeinden: list[_GvGemeinde]
    zensus: dict[str, tuple[str, Decimal]]
    germany_total: Decimal | None
    population: genesis.GenesisTable
    surface: genesis.GenesisTable
    kreis_shapes: dict[str, tuple[BaseGeometry, dict[str, Any]]]
    land_shapes: dict[str, tuple[BaseGeometry, dict[str, Any]]]
    atlas: Any
    changes: list[ChangeSpec]


def _read_inputs(directory: Path, sums: dict[str, str], progress: Progress) -> _Inputs:
    progress(2, "Reading the Gemeindeverzeichnis")
    laender, gv_kreise, gv_gemeinden = _read_gv(_read(directory, sources.GEMEINDEVERZEICHNIS, sums))
    progress(10, "Reading Zensus 2022")
    zensus, germany_total = _read_zensus(_read(directory, sources.ZENSUS_GEMEINDEN, sums))
    progress(20, "Reading the GENESIS Kreis series")
    population = _read_series(
        _read(directory, sources.POPULATION_KREISE, sums), sources.POPULATION_KREISE
    )
    surface = _read_series(_read(directory, sources.AREA_KREISE, sums), sources.AREA_KREISE)
    progress(30, "Reading boundaries")
    kreis_shapes = _features(
        sources.KREISE_GEOJSON.filename, _read(directory, sources.KREISE_GEOJSON, sums), 5
    )
    land_shapes = _features(
        sources.LAENDER_GEOJSON.filename, _read(directory, sources.LAENDER_GEOJSON, sums), 5
    )
    atlas = _json(sources.FOREIGN_SHARE.filename, _read(directory, sources.FOREIGN_SHARE, sums))
    changes = _read_changes(_read(directory, sources.CHANGES_FILENAME, sums))
    # Cross-checks between files: the same 401 Kreise and 16 Länder everywhere.
    if set(kreis_shapes) != set(gv_kreise):
        odd = sorted(set(kreis_shapes) ^ set(gv_kreise))[:5]
        raise AreasDataError(
            f"{sources.KREISE_GEOJSON.filename} and {sources.GEMEINDEVERZEICHNIS.filename} "
            f"disagree on the Kreise (for example {', '.join(odd)})."
        )
    if set(land_shapes) != set(laender):
        raise AreasDataError(
            f"{sources.LAENDER_GEOJSON.filename} does not hold the 16 Länder "
            "of the Gemeindeverzeichnis."
        )
    return _Inputs(
        laender,
        gv_kreise,
        gv_gemeinden,
        zensus,
        germany_total,
        population,
        surface,
        kreis_shapes,
        land_shapes,
        atlas,
        changes,
    )


def _build_states(inputs: _Inputs) -> list[AreaSpec]:
    areas = [AreaSpec(COUNTRY_CODE, "country", "Deutschland", kind="Staat")]
    for code, name in sorted(inputs.laender.items()):
        kind = str(inputs.land_shapes[code][1].get("BEZ") or "Land")
        areas.append(AreaSpec(code, "land", name, kind=kind, parent_code=COUNTRY_CODE))
    return areas


def _build_kreise(inputs: _Inputs, ends: dict[str, date]) -> list[AreaSpec]:
    """The Kreise of 2021, and those that GENESIS lists as ended since 1995."""
    first_value = {
        row.keys[0]: next((i for i, c in enumerate(row.cells) if c.value is not None), -1)
        for row in inputs.population.rows
    }
    # A successor whose series starts later than 1995 was created by the change.
    begins = {
        change.successor: change.effective
        for change in inputs.changes
        if len(change.successor) == 5 and first_value.get(change.successor, 0) > 0
    }
    areas = []
    for code, (gv_name, kind_code) in sorted(inputs.gv_kreise.items()):
        kind = KREIS_KINDS.get(kind_code)
        if kind is None:
            raise _fail(
                sources.GEMEINDEVERZEICHNIS.filename,
                None,
                f"Kreis {code} has the unknown type {kind_code}.",
            )
        name = str(inputs.kreis_shapes[code][1].get("GEN") or gv_name)
        areas.append(
            AreaSpec(
                code,
                "kreis",
                name,
                kind=kind,
                ags=code,
                parent_code=code[:2],
                valid_from=begins.get(code),
                valid_until=ends.get(code),
            )
        )
    for row in sorted(inputs.population.rows, key=lambda r: r.keys[0]):
        code = row.keys[0]
        if code in inputs.gv_kreise:
            continue
        parsed = genesis.parse_area_label(row.keys[1])
        if parsed.valid_until is None:
            raise _fail(
                sources.POPULATION_KREISE.filename,
                row.line,
                f"Kreis {code} is not in the Gemeindeverzeichnis and has no end date.",
            )
        if ends.get(code) != parsed.valid_until:
            raise AreasDataError(
                f"{sources.CHANGES_FILENAME} gives no change (or another date) for Kreis {code} "
                f"{parsed.name}, which GENESIS ends on {parsed.valid_until:%d.%m.%Y}."
            )
        areas.append(
            AreaSpec(
                code,
                "kreis",
                parsed.name,
                kind=parsed.kind or "Kreis",
                ags=code,
                parent_code=code[:2],
                valid_until=parsed.valid_until,
            )
        )
    return areas


def _rekeyed_gemeinden(inputs: _Inputs, gv_by_code: dict[str, _GvGemeinde]) -> dict[str, str]:
    """New Gemeinde key → old key: same name in the same Kreis, or listed in the changes."""
    old_by_name = {
        (g.code[:5], _plain_name(g.name)): g.code
        for g in inputs.gv_gemeinden
        if g.code not in inputs.zensus
    }
    rekeyed = {}
    for code, (zensus_name, _value) in inputs.zensus.items():
        old_code = old_by_name.get((code[:5], _plain_name(zensus_name)))
        if code not in gv_by_code and old_code:
            rekeyed[code] = old_code
    for change in inputs.changes:
        if len(change.predecessor) == 12:
            rekeyed[change.successor] = change.predecessor
    return rekeyed


def _build_gemeinden(
    inputs: _Inputs, kreis_end: dict[str, date | None], ends: dict[str, date]
) -> tuple[list[AreaSpec], list[ChangeSpec]]:
    """Zensus 2022 gives the current Gemeinden; the Gemeindeverzeichnis adds older ones."""
    gv_by_code = {g.code: g for g in inputs.gv_gemeinden}
    rekeyed = _rekeyed_gemeinden(inputs, gv_by_code)
    exact = {c.successor: c.effective for c in inputs.changes if len(c.successor) == 12}
    areas: list[AreaSpec] = []
    for code, (zensus_name, _value) in sorted(inputs.zensus.items()):
        parent = code[:5]
        if parent not in kreis_end:
            raise _fail(
                sources.ZENSUS_GEMEINDEN.filename,
                None,
                f"Gemeinde {code} lies in the unknown Kreis {parent}.",
            )
        gv = gv_by_code.get(code)
        if gv is not None:
            areas.append(
                AreaSpec(
                    code,
                    "gemeinde",
                    gv.name,
                    kind=GEMEINDE_KINDS.get(gv.kind_code, "Gemeinde"),
                    ags=gv.ags,
                    parent_code=parent,
                    latitude=gv.latitude,
                    longitude=gv.longitude,
                )
            )
            continue
        old = gv_by_code.get(rekeyed.get(code, ""))
        name = old.name if old is not None else _expand_zensus_name(zensus_name)
        spec = AreaSpec(code, "gemeinde", name, ags=code[:5] + code[9:], parent_code=parent)
        if code in exact:
            spec.valid_from = exact[code]
            spec.note = f"New key of {old.code if old else 'an earlier Gemeinde'}."
        else:
            spec.valid_from = GV_TERRITORY_DATE + timedelta(days=1)
            spec.approximate = True
            spec.note = (
                "Not yet in the Gemeindeverzeichnis of 31.12.2020, listed in Zensus 2022 "
                "(15.05.2022); created in between."
            )
        if name.endswith(", Stadt"):
            spec.kind = "Stadt"
        else:
            spec.kind = GEMEINDE_KINDS.get(old.kind_code, "Gemeinde") if old else "Gemeinde"
        if old is not None:
            spec.latitude, spec.longitude = old.latitude, old.longitude
        areas.append(spec)

    successors_of_old = {old_code: new for new, old_code in rekeyed.items()}
    for g in inputs.gv_gemeinden:
        if g.code in inputs.zensus:
            continue
        # Two areas belong to no Kreis (the German-Luxembourg condominium, the coastal
        # waters of Mecklenburg-Vorpommern): they hang directly below their Land.
        parent = g.code[:5] if g.code[:5] in kreis_end else g.code[:2]
        spec = AreaSpec(
            g.code,
            "gemeinde",
            g.name,
            kind=GEMEINDE_KINDS.get(g.kind_code, "Gemeinde"),
            ags=g.ags,
            parent_code=parent,
            latitude=g.latitude,
            longitude=g.longitude,
        )
        if g.kind_code == "66":
            spec.note = "Uninhabited area outside any Gemeinde (gemeindefreies Gebiet)."
        elif g.code in ends:
            spec.valid_until = ends[g.code]
        else:
            spec.valid_until = ZENSUS_DATE - timedelta(days=1)
            spec.approximate = True
            successor = successors_of_old.get(g.code)
            spec.note = (
                "Listed in the Gemeindeverzeichnis of 31.12.2020, no longer in Zensus 2022 "
                "(15.05.2022); ended in between"
                + (f"; continued under the key {successor}." if successor else ".")
            )
        areas.append(spec)

    derived_changes = [
        ChangeSpec(
            old_code,
            new,
            "rekeyed",
            GV_TERRITORY_DATE + timedelta(days=1),
            "Same name in the same Kreis under a new key (date approximate).",
        )
        for new, old_code in sorted(rekeyed.items())
        if not any(c.successor == new for c in inputs.changes)
    ]
    return areas, derived_changes


def _collect_figures(inputs: _Inputs, kreis_end: dict[str, date | None]) -> list[FigureSpec]:
    figures = _series_figures(inputs.population, sources.POPULATION_KREISE, "population")
    figures += _series_figures(inputs.surface, sources.AREA_KREISE, "area_km2")
    zensus_code = sources.ZENSUS_GEMEINDEN.code
    gv_code = sources.GEMEINDEVERZEICHNIS.code
    totals: dict[tuple[str, str, date, str], Decimal] = defaultdict(Decimal)

    def add(code: str, kind: str, day: date, value: Decimal | None, source: str) -> None:
        if value is None:
            return
        figures.append(FigureSpec(code, kind, day, value, source))
        parents = ([code[:5]] if code[:5] in kreis_end else []) + [code[:2], COUNTRY_CODE]
        for parent in parents:
            totals[(parent, kind, day, source)] += value

    for code, (_name, value) in inputs.zensus.items():
        add(code, "population", ZENSUS_DATE, value, zensus_code)
    for g in inputs.gv_gemeinden:
        add(g.code, "population", GV_POPULATION_DATE, g.population, gv_code)
        add(g.code, "population_male", GV_POPULATION_DATE, g.male, gv_code)
        add(g.code, "population_female", GV_POPULATION_DATE, g.female, gv_code)
        add(g.code, "area_km2", GV_TERRITORY_DATE, g.area_km2, gv_code)
    for (code, kind, day, source), value in totals.items():
        if code == COUNTRY_CODE and source == zensus_code and inputs.germany_total is not None:
            continue  # the published German total is stored below, unperturbed
        figures.append(FigureSpec(code, kind, day, value, source, derived=True))
    if inputs.germany_total is not None:
        figures.append(
            FigureSpec(COUNTRY_CODE, "population", ZENSUS_DATE, inputs.germany_total, zensus_code)
        )
    figures += _foreign_shares(inputs.atlas)
    return figures


def _foreign_shares(atlas: Any) -> list[FigureSpec]:
    """Regionalatlas AI0208 for Kreise and Länder. Berlin and Hamburg are Land and Kreis
    at once; the districts part keys them with the two-digit Land key."""
    name = sources.FOREIGN_SHARE.filename
    try:
        years = [int(y) for y in atlas["years"]]
        groups = [("districts", atlas["districts"]), ("states", atlas["states"])]
    except (KeyError, TypeError, ValueError):
        raise _fail(name, None, "expected the keys years, states and districts.") from None
    figures = []
    for group, series in groups:
        for key, values in series.items():
            code = key + "000" if group == "districts" and len(key) == 2 else key
            if not isinstance(values, list) or len(values) != len(years):
                raise _fail(name, None, f"the series of {key} does not have {len(years)} values.")
            for year, value in zip(years, values, strict=True):
                if value is None:
                    continue
                try:
                    number = Decimal(str(value))
                except InvalidOperation:
                    raise _fail(name, None, f"the {year} value of {key} is not a number.") from None
                figures.append(
                    FigureSpec(
                        code,
                        "foreign_share_pct",
                        date(year, 12, 31),
                        number,
                        sources.FOREIGN_SHARE.code,
                    )
                )
    return figures


def _build_boundaries(
    inputs: _Inputs, ends: dict[str, date], territory: Territory
) -> dict[str, BaseGeometry]:
    """Boundaries of the Kreise of 2021 with later mergers applied, and of the Länder.
    Returns the current Kreis geometries."""
    current: dict[str, BaseGeometry] = {
        code: geom for code, (geom, _) in inputs.kreis_shapes.items()
    }
    for change in inputs.changes:
        ended = change.predecessor
        if len(ended) == 5 and change.effective > date(2021, 1, 1) and ended in current:
            territory.boundaries[(ended, ends[ended])] = mapping(current[ended])
            territory.boundary_sources[(ended, ends[ended])] = sources.KREISE_GEOJSON.code
            current[change.successor] = _round(
                unary_union([current[change.successor], current.pop(ended)])
            )
    for code, geom in current.items():
        territory.boundaries[(code, None)] = mapping(geom)
        territory.boundary_sources[(code, None)] = sources.KREISE_GEOJSON.code
    for code, (geom, _) in inputs.land_shapes.items():
        territory.boundaries[(code, None)] = mapping(geom)
        territory.boundary_sources[(code, None)] = sources.LAENDER_GEOJSON.code
    return current


def read_territory(directory: Path | None = None, progress: Progress = _quiet) -> Territory:
    """Parse and cross-check every shipped file; raise :class:`AreasDataError` on any problem."""
    directory = directory or PACKAGE_DATA
    if not directory.is_dir():
        raise AreasDataError(f"The data directory {directory} does not exist.")
    territory = Territory()
    inputs = _read_inputs(directory, territory.checksums, progress)
    ends = {c.predecessor: c.effective - timedelta(days=1) for c in inputs.changes}

    progress(40, "Building the Kreise and Gemeinden")
    kreise = _build_kreise(inputs, ends)
    kreis_end = {a.code: a.valid_until for a in kreise}
    gemeinden, derived_changes = _build_gemeinden(inputs, kreis_end, ends)
    territory.areas = _build_states(inputs) + kreise + gemeinden
    territory.changes = inputs.changes + derived_changes

    progress(60, "Collecting population and area figures")
    territory.figures = _collect_figures(inputs, kreis_end)

    progress(70, "Preparing boundaries")
    current = _build_boundaries(inputs, ends, territory)
    progress(80, "Computing neighbouring Kreise")
    territory.neighbours = neighbours_of(current)
    for spec in kreise:
        if spec.valid_until is None and spec.code in current:
            point = current[spec.code].representative_point()
            spec.latitude, spec.longitude = round(point.y, 5), round(point.x, 5)
    return territory


def checksum(values: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for value in values:
        digest.update(value.encode())
    return digest.hexdigest()
