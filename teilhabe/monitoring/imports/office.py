"""Office tables and record-level lists, turned into long text tables for :mod:`.resolve`.

**Office tables** (one row per area, period and category combination, one or more value
columns): the mapping names the area column, the period (a column or a fixed period),
a column per category with its label → option map, fixed options, and the value
column(s) with their measure.

**Record-level lists** (one row per person or case): the rows are counted per area,
period and category options in DuckDB while the file is read; only the counts leave this
module. Identifier columns are never read (only mapped columns are), and nothing of the
rows is stored. Categories can be derived: an age group from a date of birth, a
nationality group (German / EU / third country) from a citizenship.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from .problems import Collector
from .resolve import SLOTS, Context, options_from_labels, parse_period
from .tables import RawTable

#: EU member states besides Germany: German and English names, ISO 3166 alpha-2/-3 codes.
EU_STATES = {
    "belgien",
    "belgium",
    "be",
    "bel",
    "bulgarien",
    "bulgaria",
    "bg",
    "bgr",
    "dänemark",
    "daenemark",
    "denmark",
    "dk",
    "dnk",
    "estland",
    "estonia",
    "ee",
    "est",
    "finnland",
    "finland",
    "fi",
    "fin",
    "frankreich",
    "france",
    "fr",
    "fra",
    "griechenland",
    "greece",
    "gr",
    "grc",
    "el",
    "irland",
    "ireland",
    "ie",
    "irl",
    "italien",
    "italy",
    "it",
    "ita",
    "kroatien",
    "croatia",
    "hr",
    "hrv",
    "lettland",
    "latvia",
    "lv",
    "lva",
    "litauen",
    "lithuania",
    "lt",
    "ltu",
    "luxemburg",
    "luxembourg",
    "lu",
    "lux",
    "malta",
    "mt",
    "mlt",
    "niederlande",
    "netherlands",
    "nl",
    "nld",
    "österreich",
    "oesterreich",
    "austria",
    "at",
    "aut",
    "polen",
    "poland",
    "pl",
    "pol",
    "portugal",
    "pt",
    "prt",
    "rumänien",
    "rumaenien",
    "romania",
    "ro",
    "rou",
    "schweden",
    "sweden",
    "se",
    "swe",
    "slowakei",
    "slovakia",
    "sk",
    "svk",
    "slowenien",
    "slovenia",
    "si",
    "svn",
    "spanien",
    "spain",
    "es",
    "esp",
    "tschechien",
    "czechia",
    "czech republic",
    "cz",
    "cze",
    "ungarn",
    "hungary",
    "hu",
    "hun",
    "zypern",
    "cyprus",
    "cy",
    "cyp",
    # adjectives as registers often write them
    "belgisch",
    "bulgarisch",
    "dänisch",
    "estnisch",
    "finnisch",
    "französisch",
    "griechisch",
    "irisch",
    "italienisch",
    "kroatisch",
    "lettisch",
    "litauisch",
    "luxemburgisch",
    "maltesisch",
    "niederländisch",
    "österreichisch",
    "polnisch",
    "portugiesisch",
    "rumänisch",
    "schwedisch",
    "slowakisch",
    "slowenisch",
    "spanisch",
    "tschechisch",
    "ungarisch",
    "zyprisch",
}
GERMAN = {"deutschland", "deutsch", "germany", "german", "de", "deu", "d"}

#: Age bounds of the standard age groups: option code → (from, to exclusive).
AGE_GROUPS = {
    "u3": (0, 3),
    "a3_5": (3, 6),
    "a6_14": (6, 15),
    "a15_17": (15, 18),
    "a18_20": (18, 21),
    "a21_24": (21, 25),
    "a25_64": (25, 65),
    "a65_plus": (65, 200),
}


def nationality_group(text: str) -> str:
    key = text.strip().casefold()
    if key in GERMAN:
        return "german"
    if key in EU_STATES:
        return "eu"
    return "third_country"


def _period_column(table: RawTable, spec: Mapping[str, Any]) -> pa.ChunkedArray:
    if spec.get("column"):
        return table.column(spec["column"])
    fixed = str(spec.get("fixed", ""))
    return pa.chunked_array([pa.array([fixed] * table.num_rows, pa.string())])


def _slot_columns(
    table: RawTable,
    categories: Sequence[Mapping[str, Any]],
    fixed_options: Mapping[str, str],
    slots_of: tuple[str, ...],
    labels: dict[str, str],
) -> dict[str, pa.ChunkedArray | pa.Array]:
    columns: dict[str, pa.ChunkedArray | pa.Array] = {}
    for spec in categories:
        category = spec["category"]
        if category not in slots_of:
            continue
        slot = SLOTS[slots_of.index(category)]
        labels[slot] = spec["column"]
        mapped, _ = options_from_labels(table.column(spec["column"]), spec.get("options", {}))
        columns[slot] = mapped
    for category, option in fixed_options.items():
        if category in slots_of and option:
            slot = SLOTS[slots_of.index(category)]
            columns[slot] = pa.array([option] * table.num_rows, pa.string())
    return columns


def office_frame(
    table: RawTable,
    mapping: Mapping[str, Any],
    categories_of: Mapping[str, tuple[str, ...]],
    problems: Collector,
    labels: dict[str, str],
) -> pa.Table:
    """Long text table of an office table (one output row per row and value column)."""
    area_column = mapping["area"]["column"]
    labels["area"] = area_column
    period = _period_column(table, mapping.get("period", {}))
    if mapping.get("period", {}).get("column"):
        labels["period"] = mapping["period"]["column"]
    pieces = []
    for value_spec in mapping.get("values", []):
        measure = value_spec["measure"]
        slots_of = categories_of.get(measure, ())
        labels["value"] = value_spec["column"]
        slot_columns = _slot_columns(
            table, mapping.get("categories", []), mapping.get("fixed_options", {}), slots_of, labels
        )
        n = table.num_rows
        pieces.append(
            pa.table(
                {
                    "row": table.rows,
                    "area": table.column(area_column),
                    "period": period,
                    "value": table.column(value_spec["column"]),
                    "measure": pa.array([measure] * n, pa.string()),
                    **{slot: slot_columns.get(slot, pa.nulls(n, pa.string())) for slot in SLOTS},
                }
            )
        )
    if not pieces:
        problems.add("mapping", detail="keine Wertspalte / no value column")
        problems.raise_if_any()
    return pa.concat_tables([p.cast(pieces[0].schema) for p in pieces])


def _age_groups(birth: pa.ChunkedArray, reference: pa.ChunkedArray) -> pa.Array:
    """Age group codes from dates of birth at the reference dates (text in, text out)."""
    con = duckdb.connect(":memory:")
    try:
        con.register("t", pa.table({"b": birth, "r": reference}))
        cases = " ".join(
            f"WHEN age >= {low} AND age < {high} THEN '{code}'"
            for code, (low, high) in AGE_GROUPS.items()
        )
        result = con.sql(
            f"""
            WITH d AS (
                SELECT coalesce(try_strptime(trim(b), '%d.%m.%Y'), try_strptime(trim(b), '%Y-%m-%d'))::DATE AS born,
                       coalesce(try_strptime(trim(r), '%d.%m.%Y'), try_strptime(trim(r), '%Y-%m-%d'),
                                try_strptime(trim(r) || '-12-31', '%Y-%m-%d'))::DATE AS ref,
                       b AS raw
                FROM t
            ), a AS (
                SELECT date_diff('year', born, ref)
                       - CASE WHEN strftime(ref, '%m%d') < strftime(born, '%m%d') THEN 1 ELSE 0 END AS age,
                       raw
                FROM d
            )
            SELECT CASE {cases} ELSE 'invalid:' || coalesce(raw, '') END AS g FROM a
            """
        ).to_arrow_table()
        return result.column("g").combine_chunks()
    finally:
        con.close()


def records_frame(
    table: RawTable,
    mapping: Mapping[str, Any],
    categories_of: Mapping[str, tuple[str, ...]],
    problems: Collector,
    labels: dict[str, str],
) -> pa.Table:
    """Count the rows of a record-level list per area, period and options.

    Returns the long text table of counts; the rows themselves go no further."""
    measure = mapping["measure"]
    slots_of = categories_of.get(measure, ())
    area_column = mapping["area"]["column"]
    labels["area"] = area_column
    period = _period_column(table, mapping.get("period", {}))
    if mapping.get("period", {}).get("column"):
        labels["period"] = mapping["period"]["column"]
    n = table.num_rows
    columns: dict[str, Any] = {"area": table.column(area_column), "period": period}
    for spec in mapping.get("categories", []):
        category = spec["category"]
        if category not in slots_of:
            continue
        slot = SLOTS[slots_of.index(category)]
        labels[slot] = spec["column"]
        raw = table.column(spec["column"])
        derive = spec.get("derive")
        if derive == "age":
            columns[slot] = _age_groups(raw, period)
            invalid = pc.starts_with(columns[slot], "invalid:")
            if pc.any(invalid).as_py():
                for row, value in zip(
                    table.rows.filter(invalid).to_pylist()[:200],
                    raw.filter(invalid).to_pylist()[:200],
                    strict=True,
                ):
                    problems.add("bad_birth_date", row=row, column=spec["column"], text=value or "")
        elif derive == "nationality":
            groups = {v: nationality_group(v) for v in pc.unique(raw).to_pylist() if v is not None}
            mapped, _ = options_from_labels(raw, groups)
            columns[slot] = mapped
            missing = pc.is_null(raw)
            if pc.any(missing).as_py():
                for row in table.rows.filter(missing).to_pylist()[:200]:
                    problems.add("missing_value", row=row, column=spec["column"])
        else:
            mapped, _ = options_from_labels(raw, spec.get("options", {}))
            columns[slot] = mapped
    for category, option in mapping.get("fixed_options", {}).items():
        if category in slots_of and option:
            columns[SLOTS[slots_of.index(category)]] = pa.array([option] * n, pa.string())
    problems.raise_if_any()
    slots = [s for s in SLOTS if s in columns]
    con = duckdb.connect(":memory:")
    try:
        con.register("r", pa.table({**columns, "line": table.rows}))
        keys = ", ".join(["area", "period", *slots])
        chosen = ", ".join(slots) or "NULL AS o1"
        counted = con.sql(
            f"""
            SELECT min(line)::INTEGER AS row, area, period, count(*)::VARCHAR AS value, {chosen}
            FROM r GROUP BY {keys} ORDER BY row
            """
        ).to_arrow_table()
    finally:
        con.close()
    m = counted.num_rows
    return pa.table(
        {
            "row": counted.column("row"),
            "area": counted.column("area"),
            "period": counted.column("period"),
            "value": counted.column("value"),
            "measure": pa.array([measure] * m, pa.string()),
            **{
                slot: counted.column(slot) if slot in slots else pa.nulls(m, pa.string())
                for slot in SLOTS
            },
        }
    )


def period_ok(text: str) -> bool:
    return parse_period(text) is not None


def fill_zeros(observations: pa.Table, context: Context, measure_code: str) -> pa.Table:
    """For counted record lists: a 0 for every inhabited Gemeinde of the district and every
    option combination that did not occur, so that the Kreis total adds up."""
    measure = context.measures[measure_code]
    used_slots = [s for s in SLOTS if pc.any(pc.is_valid(observations.column(s))).as_py()]
    if not used_slots or observations.num_rows == 0:
        return observations
    areas = context.areas.filter(
        pc.and_(context.areas.column("inside"), pc.equal(context.areas.column("level"), "gemeinde"))
    )
    option_lists = {
        slot: list(measure.options[measure.categories[SLOTS.index(slot)]].values())
        for slot in used_slots
    }
    con = duckdb.connect(":memory:")
    try:
        con.register("obs", observations)
        con.register("areas", areas)
        for slot, ids in option_lists.items():
            con.register(f"opt_{slot}", pa.table({slot: pa.array(ids, pa.int32())}))
        grid_slots = ", ".join(f"opt_{slot}.{slot}" for slot in used_slots)
        other = ", ".join(f"NULL::INTEGER AS {s}" for s in SLOTS if s not in used_slots)
        grid_columns = grid_slots + (", " + other if other else "")
        result = con.sql(
            f"""
            WITH periods AS (SELECT DISTINCT measure_id, period_code, year, ref_date FROM obs),
            grid AS (
                SELECT p.measure_id, a.area_id, p.period_code, p.year, p.ref_date, {grid_columns},
                       a.parent_code AS part_code
                FROM periods p
                JOIN areas a ON (a.valid_from IS NULL OR a.valid_from <= p.ref_date)
                             AND (a.valid_until IS NULL OR a.valid_until >= p.ref_date)
                {" ".join(f"CROSS JOIN opt_{slot}" for slot in used_slots)}
            )
            SELECT g.measure_id, g.area_id, g.period_code, g.year, g.ref_date,
                   {", ".join(f"g.{s}" for s in SLOTS)}, 0.0::DOUBLE AS value, 0::INTEGER AS flags,
                   NULL::VARCHAR AS symbol, g.part_code
            FROM grid g ANTI JOIN obs o ON o.area_id = g.area_id AND o.period_code = g.period_code
                AND {" AND ".join(f"o.{s} IS NOT DISTINCT FROM g.{s}" for s in SLOTS)}
            """
        ).to_arrow_table()
    finally:
        con.close()
    return pa.concat_tables([observations, result.cast(observations.schema)])
