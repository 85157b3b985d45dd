"""(c) of the benchmark: the computation written by hand as plain DuckDB SQL over a Parquet
export of the observations — the floor the engine is compared with.

For every indicator of the catalogue and each of its breakdowns, one grouped query per
operand over the observations (sorted by measure, so each scan reads only its measure's
row groups), rolled up Gemeinde → Kreis → Land → Germany with GROUPING SETS, divided,
with primary suppression, written to Parquet. It does strictly less than the engine (no
choice of the level of detail per area, no completeness check before adding up, no
secondary suppression and no exact differencing audit, no source precedence), so it is a
lower bound of the work, and (b)/(c) an upper bound of the engine's overhead.
"""

# ruff: noqa: S608 - SQL over our own temporary files and integer ids
from __future__ import annotations

from collections.abc import Mapping, Sequence

from teilhabe.monitoring.analytics.engine import IndicatorSpec, MeasureSlots
from teilhabe.monitoring.analytics.formula import Term, to_sql


def _where(term: Term) -> str:
    conditions = [f"measure_id = {term.measure_id}"]
    for slot, allowed in enumerate(term.allowed, start=1):
        if allowed is not None:
            conditions.append(f"o{slot} IN ({', '.join(str(a) for a in allowed)})")
    return " AND ".join(conditions)


def _term_sql(term: Term, slot: int | None) -> str:
    opt = f"o{slot}" if slot else "0"
    lag = f" + {term.lag}" if term.lag else ""
    return f"""
        SELECT scope_id, year{lag} AS year, {opt} AS opt,
               coalesce(g, k, l, c) AS area_id, sum(value) AS v
        FROM (SELECT o.*, h.g, h.k, h.l, h.c FROM o JOIN h ON o.area_id = h.area_id WHERE {_where(term)})
        GROUP BY GROUPING SETS ((scope_id, year, opt, g), (scope_id, year, opt, k),
                                (scope_id, year, opt, l), (scope_id, year, opt, c))
    """


def floor_sql(
    parquet: str, specs: Sequence[IndicatorSpec], measures: Mapping[int, MeasureSlots], out: str
) -> str:
    parts = [
        f"""
        CREATE OR REPLACE TABLE o AS
        SELECT r.scope_id, r.measure_id, r.area_id, p.year, r.o1, r.o2, r.o3, r.o4, r.value
        FROM read_parquet('{parquet}') r JOIN periods p USING (period_id)
        ORDER BY r.measure_id;
        CREATE OR REPLACE TABLE h AS
        SELECT a.area_id,
               CASE WHEN a.level = 'gemeinde' THEN a.area_id END AS g,
               CASE WHEN a.level = 'gemeinde' THEN a.parent_id WHEN a.level = 'kreis' THEN a.area_id END AS k,
               CASE WHEN a.level = 'gemeinde' THEN k.parent_id WHEN a.level = 'kreis' THEN a.parent_id
                    WHEN a.level = 'land' THEN a.area_id END AS l,
               coalesce(lc.parent_id, kc.parent_id, a.parent_id, a.area_id) AS c
        FROM areas a
        LEFT JOIN areas k ON a.parent_id = k.area_id
        LEFT JOIN areas kc ON k.parent_id = kc.area_id AND a.level = 'gemeinde'
        LEFT JOIN areas lc ON kc.parent_id = lc.area_id
        WHERE a.level IN ('gemeinde', 'kreis', 'land', 'country');
        """
    ]
    selects = []
    for spec in specs:
        for bcat in (0, *spec.breakdowns):
            columns = {}
            ctes = []
            for number, term in enumerate(sorted(set(spec.terms.values()), key=repr)):
                slots = measures[term.measure_id].categories
                slot = slots.index(bcat) + 1 if bcat and bcat in slots else None
                if bcat and slot is None and number == 0:
                    break
                ctes.append(f"t{number} AS ({_term_sql(term, slot)})")
                columns[term] = (f"t{number}", slot is not None)
            if not ctes:
                continue
            column_of = {op: f"{columns[spec.terms[op]][0]}.v" for op in spec.terms}
            num = to_sql(spec.numerator, column_of)
            den = to_sql(spec.denominator, column_of) if spec.denominator is not None else "NULL"
            first = next(iter(columns.values()))[0]
            joins = " ".join(
                f"LEFT JOIN {alias} ON {alias}.scope_id = {first}.scope_id AND {alias}.year = {first}.year "
                f"AND {alias}.area_id = {first}.area_id"
                + (f" AND {alias}.opt = {first}.opt" if broken else "")
                for alias, broken in list(columns.values())[1:]
            )
            factor = float(spec.factor)
            selects.append(
                f"""
                WITH {", ".join(ctes)}
                SELECT {spec.indicator_id} AS indicator_id, {first}.scope_id, {first}.area_id, {first}.year,
                       {bcat} AS bcat, {first}.opt, n, d,
                       CASE WHEN n > 0 AND n < 3 THEN NULL
                            WHEN d IS NULL THEN n * {factor}
                            WHEN d >= 20 THEN n / d * {factor} END AS value
                FROM (SELECT {first}.*, {num} AS n, {den} AS d FROM {first} {joins}) AS {first}
                WHERE {first}.area_id IS NOT NULL
                """
            )
    parts.append(
        f"COPY ({' UNION ALL '.join(f'({s})' for s in selects)}) TO '{out}' (FORMAT parquet);"
    )
    return "\n".join(parts)
