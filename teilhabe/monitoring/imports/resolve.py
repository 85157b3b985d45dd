"""From text to observations: areas, periods, category options and values, with checks.

Input is a long table of text (one row per value) with the line it came from; output is
one table of observations per measure, or every problem at once. Work happens on the
*distinct* texts (a few hundred area names, a few thousand numbers) and is joined back to
the rows in DuckDB, so a million rows cost no Python loop over rows.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from teilhabe.genesis import CellValueError, parse_value
from teilhabe.monitoring.analytics.flags import GENESIS_FLAGS, SYMBOL_FLAGS

from .problems import Collector

SLOTS = ("o1", "o2", "o3", "o4")
_YEAR = re.compile(r"^(?:\d{2}\.\d{2}\.)?(?P<year>(?:19|20)\d{2})$")
_DATE_DE = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$")
_DATE_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ].*)?$")
_NAME_NOISE = re.compile(
    r"\b(stadt|hansestadt|gemeinde|markt|flecken|kreisstadt|große kreisstadt|landkreis|kreis|amt|"
    r"samtgemeinde|verbandsgemeinde|kurort|bad)\b"
)
#: Units of measures that count people or cases: their values must be whole numbers.
COUNT_UNITS = {
    "personen",
    "kinder",
    "fälle",
    "faelle",
    "zuzüge",
    "verträge",
    "einbürgerungen",
    "haushalte",
    "wählende",
    "anzahl",
    "persons",
    "children",
    "cases",
    "moves",
    "contracts",
    "naturalisations",
    "households",
    "voters",
    "teilnehmende",
    "participants",
}


@dataclass(frozen=True)
class MeasureContext:
    id: int
    code: str
    #: category code by slot, and option code → id per category
    categories: tuple[str, ...]
    options: Mapping[str, Mapping[str, int]]
    additive: bool = True
    whole_numbers: bool = True
    is_rate: bool = False


@dataclass
class Context:
    """What the importer knows about the territory and the catalogue."""

    areas: pa.Table  # area_id, code, ags, name, level, valid_from, valid_until, inside
    measures: Mapping[str, MeasureContext]
    first_year: int = 1990
    last_year: int = 2100
    dash: str = "missing"  # or "zero"
    own_areas_only: bool = True
    #: column labels for problems
    labels: dict[str, str] = field(default_factory=dict)
    #: names the office uses for areas, chosen in the mapping step: text → area key
    area_names: Mapping[str, str] = field(default_factory=dict)


def normalise_name(text: str) -> str:
    """Lower-case, without accents' variants, noise words and punctuation, for matching
    “Stadt Angermünde” with “Angermünde, Stadt”."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ß", "ss")
    text = text.replace("st.", "sankt ").replace("a.d.", "an der ")
    text = _NAME_NOISE.sub(" ", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def _pad_key(text: str) -> str:
    """Spreadsheets drop leading zeros: 1001 → 01001 (Schleswig-Holstein … Saarland)."""
    if text.isdigit() and len(text) in (1, 4, 7, 11):
        return "0" + text
    return text


def parse_period(text: str) -> tuple[str, int, dt.date] | None:
    """``2023`` → year; ``31.12.2023`` / ``2023-12-31`` → a reference date."""
    raw = text.strip()
    if (match := _YEAR.match(raw)) and "." not in raw:
        year = int(match["year"])
        return str(year), year, dt.date(year, 12, 31)
    for pattern in (_DATE_DE, _DATE_ISO):
        if match := pattern.match(raw):
            try:
                day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
            return day.isoformat(), day.year, day
    return None


def _distinct(column: pa.ChunkedArray | pa.Array) -> list[str | None]:
    return pc.unique(column).to_pylist()


def _lookup(
    column: pa.ChunkedArray | pa.Array, mapping: dict[str | None, object], type_: pa.DataType
) -> pa.Array:
    """Map every value of a text column through a dict, vectorised via dictionary encoding."""
    encoded = pc.dictionary_encode(
        column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    )
    dictionary = encoded.dictionary.to_pylist()
    mapped = pa.array([mapping.get(v) for v in dictionary], type_)
    indices = encoded.indices
    result = pc.take(mapped, indices)
    if encoded.null_count:
        nulls = pc.is_null(indices)
        result = pc.if_else(nulls, pa.scalar(mapping.get(None), type_), result)
    return result


def _area_candidates(
    context: Context,
) -> tuple[dict[str, list[int]], dict[str, list[int]], list[str]]:
    ids = context.areas.column("area_id").to_pylist()
    codes = context.areas.column("code").to_pylist()
    ags = context.areas.column("ags").to_pylist()
    names = context.areas.column("name").to_pylist()
    inside = context.areas.column("inside").to_pylist()
    parents = context.areas.column("parent_code").to_pylist()
    by_key: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    for area_id, code, key8, name, own in zip(ids, codes, ags, names, inside, strict=True):
        by_key.setdefault(code, []).append(area_id)
        if key8:
            by_key.setdefault(key8, []).append(area_id)
        if own:
            by_name.setdefault(normalise_name(name), []).append(area_id)
            by_name.setdefault(name.casefold(), []).append(area_id)
    # A kreisfreie Stadt is a Kreis with one Gemeinde of the same name: the name means the
    # Gemeinde (the Kreis is its sum), not two areas to choose from.
    code_of = dict(zip(ids, codes, strict=True))
    parent_of = dict(zip(ids, parents, strict=True))
    for name, found in by_name.items():
        if len(found) > 1:
            within = {parent_of[a] for a in found}
            by_name[name] = [a for a in dict.fromkeys(found) if code_of[a] not in within]
    own_names = sorted({n for n, own in zip(names, inside, strict=True) if own})
    return by_key, by_name, own_names


@dataclass(frozen=True)
class AreaMatch:
    """How a text of the area column was read: the candidate area ids, or none and the
    names of the district's areas it is closest to."""

    text: str
    area_ids: tuple[int, ...] = ()
    suggestions: tuple[str, ...] = ()


def match_area_texts(texts: Iterable[str], context: Context) -> list[AreaMatch]:
    """Read distinct texts of an area column as keys, names or the names saved in the
    mapping (``context.area_names``); near misses get up to three suggestions."""
    by_key, by_name, own_names = _area_candidates(context)
    matches = []
    for text in texts:
        key = _pad_key(text.split(" ", 1)[0]) if text[:1].isdigit() else text
        found = by_key.get(key) or by_key.get(text)
        if not found and text.casefold() in {"deutschland", "de", "dg", "bund"}:
            found = by_key.get("DG")
        if not found:
            found = by_name.get(normalise_name(text)) or by_name.get(text.casefold())
        if not found and text in context.area_names:
            found = by_key.get(context.area_names[text])
        if found:
            matches.append(AreaMatch(text, tuple(dict.fromkeys(found))))
            continue
        suggestions = (
            tuple(
                name
                for name, score, _ in process.extract(text, own_names, scorer=fuzz.WRatio, limit=3)
                if score >= 75
            )
            if own_names
            else ()
        )
        matches.append(AreaMatch(text, (), suggestions))
    return matches


def _match_areas(frame: pa.Table, context: Context, problems: Collector) -> pa.Table:
    """Candidate area ids per distinct area text (several where a key was reused)."""
    texts: list[str] = []
    candidates: list[int] = []
    unknown: dict[str, str] = {}
    raws = {
        str(raw).strip(): raw
        for raw in _distinct(frame.column("area"))
        if raw is not None and str(raw).strip()
    }
    for match in match_area_texts(raws, context):
        if not match.area_ids:
            unknown[match.text] = ", ".join(f"„{s}“" for s in match.suggestions)
            continue
        for area_id in match.area_ids:
            texts.append(raws[match.text])
            candidates.append(area_id)
    if unknown:
        rows = frame.select(["row", "area"]).to_pylist()
        for row in rows:
            text = (row["area"] or "").strip()
            if text in unknown:
                code = "unknown_area_suggest" if unknown[text] else "unknown_area"
                problems.add(
                    code,
                    row=row["row"],
                    column=context.labels.get("area"),
                    text=text,
                    suggestions=unknown[text],
                )
    return pa.table(
        {"area": pa.array(texts, pa.string()), "area_id": pa.array(candidates, pa.int32())}
    )


def _values(frame: pa.Table, context: Context) -> pa.Table:
    """Distinct value texts → value, flags, symbol, or a problem code."""
    texts: list[str | None] = []
    values: list[float | None] = []
    flags: list[int] = []
    symbols: list[str | None] = []
    errors: list[str | None] = []
    for raw in _distinct(frame.column("value")):
        texts.append(raw)
        if raw is None or not str(raw).strip():
            values.append(None)
            flags.append(0)
            symbols.append(None)
            errors.append("missing_value")
            continue
        try:
            cell = parse_value(str(raw), decimal_comma=None)
        except CellValueError:
            values.append(None)
            flags.append(0)
            symbols.append(None)
            errors.append("not_a_number")
            continue
        bits = 0
        for flag in cell.flags:
            bits |= int(GENESIS_FLAGS.get(flag, 0))
        if cell.symbol is not None:
            bits |= int(SYMBOL_FLAGS.get(cell.symbol, 0))
            value = 0.0 if cell.symbol == "-" and context.dash == "zero" else None
            values.append(value)
            flags.append(bits)
            symbols.append(cell.symbol)
            errors.append(None)
            continue
        number = float(cell.value) if cell.value is not None else None
        values.append(number)
        flags.append(bits)
        symbols.append(None)
        errors.append(None)
    return pa.table(
        {
            "value": pa.array(texts, pa.string()),
            "v": pa.array(values, pa.float64()),
            "fl": pa.array(flags, pa.int32()),
            "sym": pa.array(symbols, pa.string()),
            "err": pa.array(errors, pa.string()),
        }
    )


def _periods(frame: pa.Table) -> pa.Table:
    texts: list[str | None] = []
    codes: list[str | None] = []
    years: list[int | None] = []
    dates: list[dt.date | None] = []
    for raw in _distinct(frame.column("period")):
        parsed = parse_period(str(raw)) if raw is not None else None
        texts.append(raw)
        codes.append(parsed[0] if parsed else None)
        years.append(parsed[1] if parsed else None)
        dates.append(parsed[2] if parsed else None)
    return pa.table(
        {
            "period": pa.array(texts, pa.string()),
            "pcode": pa.array(codes, pa.string()),
            "year": pa.array(years, pa.int32()),
            "ref_date": pa.array(dates, pa.date32()),
        }
    )


def _measure_table(context: Context) -> pa.Table:
    rows = list(context.measures.values())
    return pa.table(
        {
            "measure": pa.array([m.code for m in rows], pa.string()),
            "measure_id": pa.array([m.id for m in rows], pa.int32()),
            "additive": pa.array([m.additive for m in rows], pa.bool_()),
            "whole": pa.array([m.whole_numbers for m in rows], pa.bool_()),
            "is_rate": pa.array([m.is_rate for m in rows], pa.bool_()),
        }
    )


def _option_ids(frame: pa.Table, context: Context, problems: Collector) -> pa.Table:
    """Turn option codes per slot into option ids of each row's measure."""
    columns = {name: frame.column(name) for name in frame.column_names}
    measures = frame.column("measure")
    for slot_index, slot in enumerate(SLOTS):
        if slot not in columns:
            columns[slot] = pa.chunked_array([pa.nulls(frame.num_rows, pa.string())])
        # Each measure has its own categories per slot; map (measure, code) pairs.
        pairs: dict[str | None, int | None] = {}
        keys = pc.binary_join_element_wise(
            pc.fill_null(measures, ""), pc.fill_null(columns[slot], "\x00"), "\x1f"
        )
        for key in _distinct(keys):
            measure_code, _, option = str(key).partition("\x1f")
            if option == "\x00":
                continue
            measure = context.measures.get(measure_code)
            if measure is None or slot_index >= len(measure.categories):
                continue
            category = measure.categories[slot_index]
            option_id = measure.options.get(category, {}).get(option)
            if option_id is not None:
                pairs[key] = option_id
        columns[slot + "_id"] = pa.chunked_array([_lookup(keys, pairs, pa.int32())])  # type: ignore[arg-type]
        unmapped = pc.and_(pc.is_valid(columns[slot]), pc.is_null(columns[slot + "_id"]))
        if pc.any(unmapped).as_py():
            bad = frame.filter(unmapped).select(["row", "measure", slot]).to_pylist()
            for row in bad:
                measure = context.measures.get(row["measure"])
                category = (
                    measure.categories[slot_index]
                    if measure and slot_index < len(measure.categories)
                    else "?"
                )
                known = ", ".join(measure.options.get(category, {})) if measure else ""
                problems.add(
                    "unknown_option",
                    row=row["row"],
                    column=context.labels.get(slot) or context.labels.get(category),
                    text=row[slot],
                    category=category,
                    known=known,
                )
    return pa.table(columns)


def resolve(frame: pa.Table, context: Context, problems: Collector) -> pa.Table:
    """Check and translate a long table of text.

    ``frame`` has the columns ``row`` (int), ``area``, ``period``, ``value``, ``measure``
    (measure codes) and optionally ``o1``–``o4`` (option codes of the measure's slots,
    null for a total over that category). Returns observations with ``measure_id``,
    ``area_id``, ``period_code``, ``year``, ``ref_date``, ``o1``–``o4`` (ids), ``value``,
    ``flags``, ``symbol`` and ``part_code`` (the Kreis key of a Gemeinde), or raises
    through ``problems``.
    """
    if frame.num_rows == 0:
        problems.add("no_rows")
        problems.raise_if_any()
    frame = _option_ids(frame, context, problems)
    con = duckdb.connect(":memory:")
    try:
        con.register("f", frame)
        con.register("am", _match_areas(frame, context, problems))
        con.register("areas", context.areas)
        con.register("vals", _values(frame, context))
        con.register("per", _periods(frame))
        con.register("ms", _measure_table(context))
        first, last = context.first_year, context.last_year
        joined = con.sql(
            """
            WITH base AS (
                SELECT f.row, f.area, f.period, f.value, f.measure, ms.measure_id, ms.whole, ms.is_rate,
                       f.o1_id AS o1, f.o2_id AS o2, f.o3_id AS o3, f.o4_id AS o4,
                       p.pcode, p.year, p.ref_date, v.v, v.fl, v.sym, v.err
                FROM f
                LEFT JOIN ms ON ms.measure = f.measure
                LEFT JOIN per p ON p.period IS NOT DISTINCT FROM f.period
                LEFT JOIN vals v ON v.value IS NOT DISTINCT FROM f.value
            ), located AS (
                SELECT b.*, am.area_id AS cand, a.code AS cand_code, a.name AS area_name, a.inside,
                       a.parent_code, a.level,
                       (a.valid_from IS NULL OR b.ref_date IS NULL OR a.valid_from <= b.ref_date)
                       AND (a.valid_until IS NULL OR b.ref_date IS NULL OR a.valid_until >= b.ref_date)
                           AS valid
                FROM base b
                LEFT JOIN am ON am.area = b.area
                LEFT JOIN areas a ON a.area_id = am.area_id
            )
            SELECT row, area, period, value, measure, measure_id, whole, is_rate, o1, o2, o3, o4,
                   pcode, year, ref_date, v, fl, sym, err,
                   arg_max(cand, valid::INTEGER) AS area_id,
                   max(valid::INTEGER) AS any_valid,
                   arg_max(area_name, valid::INTEGER) AS area_name,
                   arg_max(inside, valid::INTEGER) AS inside,
                   arg_max(parent_code, valid::INTEGER) AS parent_code,
                   arg_max(level, valid::INTEGER) AS level,
                   -- a name shared by several areas valid at the same time: ambiguous
                   count(DISTINCT cand) FILTER (WHERE valid) AS n_valid,
                   string_agg(DISTINCT cand_code, ', ' ORDER BY cand_code) FILTER (WHERE valid) AS keys
            FROM located GROUP BY ALL
            """
        ).to_arrow_table()
        con.register("j", joined)
        for code, condition, params in (
            ("bad_period", "pcode IS NULL AND period IS NOT NULL", "period"),
            ("period_range", f"year IS NOT NULL AND (year < {first} OR year > {last})", "period"),
            ("not_a_number", "err = 'not_a_number'", "value"),
            ("missing_value", "err = 'missing_value'", "value"),
            ("negative", "v < 0", "value"),
            ("not_whole", "whole AND NOT is_rate AND v IS NOT NULL AND v <> round(v)", "value"),
            ("rate_range", "is_rate AND (v < 0 OR v > 100)", "value"),
            # GENESIS marks areas that did not exist yet (or any more) with a symbol: skip.
            ("area_not_valid", "area_id IS NOT NULL AND any_valid = 0 AND v IS NOT NULL", "area"),
        ):
            for row in con.sql(
                f"SELECT row, area, period, value, area_name, pcode FROM j WHERE {condition} ORDER BY row LIMIT 600"
            ).fetchall():
                text = {"period": row[2], "value": row[3], "area": row[1]}[params]
                problems.add(
                    code,
                    row=row[0],
                    column=context.labels.get(params),
                    text=text,
                    name=row[4] or "",
                    period=row[5] or row[2],
                    first=first,
                    last=last,
                )
        for row in con.sql(
            "SELECT row, area, keys FROM j WHERE n_valid > 1 AND pcode IS NOT NULL ORDER BY row LIMIT 600"
        ).fetchall():
            problems.add(
                "ambiguous_area",
                row=row[0],
                column=context.labels.get("area"),
                text=row[1],
                keys=row[2],
            )
        if context.own_areas_only:
            for row in con.sql(
                "SELECT row, area, area_name FROM j WHERE area_id IS NOT NULL AND any_valid = 1 "
                "AND NOT inside ORDER BY row LIMIT 600"
            ).fetchall():
                problems.add(
                    "foreign_area",
                    row=row[0],
                    column=context.labels.get("area"),
                    text=row[1],
                    name=row[2],
                )
        for row in con.sql(
            """
            SELECT row, first_row FROM (
                SELECT row, min(row) OVER (PARTITION BY measure_id, area_id, pcode, o1, o2, o3, o4) AS first_row
                FROM j WHERE area_id IS NOT NULL AND pcode IS NOT NULL AND any_valid = 1 AND n_valid <= 1
            ) WHERE row <> first_row ORDER BY row LIMIT 600
            """
        ).fetchall():
            problems.add("duplicate", row=row[0], first=row[1])
        problems.raise_if_any()
        return con.sql(
            """
            SELECT measure_id, area_id::INTEGER AS area_id, pcode AS period_code, year, ref_date,
                   o1, o2, o3, o4, v AS value, fl AS flags, sym AS symbol,
                   CASE WHEN level = 'gemeinde' THEN parent_code ELSE 'upper' END AS part_code
            FROM j WHERE (err IS NULL OR err = '') AND area_id IS NOT NULL AND any_valid = 1
            ORDER BY measure_id, part_code, area_id
            """
        ).to_arrow_table()
    finally:
        con.close()


def options_from_labels(
    column: pa.ChunkedArray, mapping: Mapping[str, str | None]
) -> tuple[pa.Array, list[str]]:
    """Map the labels in a category column to option codes. Labels mapped to ``None`` (or
    the empty string) stand for the total over the category. Returns the codes and the
    labels that are not mapped (they become ``unknown_option`` problems downstream: the
    raw label is kept so the problem can name it)."""
    lookup: dict[str | None, object] = {}
    unknown: list[str] = []
    for raw in _distinct(column):
        if raw is None:
            lookup[raw] = None
            continue
        key = str(raw).strip()
        if key in mapping:
            lookup[raw] = mapping[key] or None
        else:
            lookup[raw] = key
            unknown.append(key)
    return _lookup(column, lookup, pa.string()), unknown


def is_count_unit(unit: str) -> bool:
    return unit.strip().casefold() in COUNT_UNITS


def area_context_table(
    rows: Iterable[
        tuple[int, str, str, str, str, dt.date | None, dt.date | None, str | None, bool]
    ],
) -> pa.Table:
    """Build the areas table of a :class:`Context` from (id, code, ags, name, level,
    valid_from, valid_until, parent_code, inside) rows."""
    listed = list(rows)
    columns: list[tuple[object, ...]] = (
        list(zip(*listed, strict=True)) if listed else [() for _ in range(9)]
    )
    return pa.table(
        {
            "area_id": pa.array(columns[0], pa.int32()),
            "code": pa.array(columns[1], pa.string()),
            "ags": pa.array(columns[2], pa.string()),
            "name": pa.array(columns[3], pa.string()),
            "level": pa.array(columns[4], pa.string()),
            "valid_from": pa.array(columns[5], pa.date32()),
            "valid_until": pa.array(columns[6], pa.date32()),
            "parent_code": pa.array(columns[7], pa.string()),
            "inside": pa.array(columns[8], pa.bool_()),
        }
    )
