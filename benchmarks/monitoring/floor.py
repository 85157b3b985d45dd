"""(c) of the benchmark: the computation written by hand as plain DuckDB SQL over a Parquet
export of the observations — the floor the engine is compared with.

It computes the same values as the engine, written the way one would write them by hand
for this one catalogue (one table per operand, one SELECT per indicator and breakdown):

* each district's scope is its own observations plus the official observations of its
  Kreis and Gemeinden, its own data winning over official data (then the latest
  reference date) for the same measure, area and year;
* per operand (a measure with filters on its categories, a lag, the total or one
  breakdown) and per area and year, the coarsest level of detail that answers it;
* Kreise, Länder and Germany without a value of their own get the sum of their parts,
  only where every inhabited part has one;
* numerator and denominator per indicator (a breakdown by a category the numerator
  filters on shows the composition), published rates where no numerator is known;
* primary suppression: a count from 1 to below 3, a base below 20 (rate and numerator
  hidden), unknown parts; rows without any value are dropped as the engine drops them.

What it leaves out, so that (b)/(c) is an upper bound of the engine's overhead: the
secondary suppression and the exact differencing audit (the engine's step 5 beyond the
primary rules), user-defined area groups (none in the benchmark), per-district
thresholds (the benchmark uses the defaults), and the flags. ``compare`` in ``bench.py``
checks that both produce the same rows and the same values wherever the engine shows one.
"""

# ruff: noqa: S608 - SQL over our own temporary files and integer ids
from __future__ import annotations

from collections.abc import Mapping, Sequence

from teilhabe.monitoring.analytics.engine import IndicatorSpec, MeasureSlots
from teilhabe.monitoring.analytics.formula import Term, operands, to_sql

MIN_COUNT = 3
MIN_DEN = 20

PREPARE = """
CREATE OR REPLACE TABLE o AS
WITH scoped AS (
    SELECT r.* FROM read_parquet('{parquet}') r
    UNION ALL
    SELECT r.* REPLACE (sa.scope_id AS scope_id)
    FROM read_parquet('{parquet}') r JOIN scope_areas sa ON r.area_id = sa.area_id
    WHERE r.scope_id = 0
)
SELECT s.scope_id, s.measure_id, s.area_id, p.year::INTEGER AS year, s.o1, s.o2, s.o3, s.o4,
       s.value,
       (s.o1 IS NOT NULL)::INTEGER + 2 * (s.o2 IS NOT NULL)::INTEGER
         + 4 * (s.o3 IS NOT NULL)::INTEGER + 8 * (s.o4 IS NOT NULL)::INTEGER AS lvl
FROM scoped s JOIN periods p USING (period_id)
QUALIFY rank() OVER (PARTITION BY s.scope_id, s.measure_id, s.area_id, p.year
                     ORDER BY s.prio DESC, p.ref_date DESC, s.src % 1000 DESC) = 1
ORDER BY s.measure_id;

CREATE OR REPLACE TABLE ay AS
SELECT a.area_id, a.parent_id, a.level, a.required, y.year
FROM areas a, (SELECT DISTINCT o.year + l.lag AS year FROM o, (SELECT unnest({lags}) AS lag) l) y
WHERE a.parent_id IS NOT NULL
  AND (a.valid_from IS NULL OR a.valid_from <= make_date(y.year, 12, 31))
  AND (a.valid_until IS NULL OR a.valid_until >= make_date(y.year, 12, 31));

CREATE OR REPLACE TABLE expected AS
SELECT level, parent_id, year, count(*) AS n FROM ay WHERE required GROUP BY ALL;
"""


def _operand_sql(name: str, term: Term, slot: int | None, additive: bool) -> str:
    """One operand as its own table: the base level, then the sums up the hierarchy."""
    need = term.filter_mask | ((1 << (slot - 1)) if slot else 0)
    conditions = [f"measure_id = {term.measure_id}", f"(lvl & {need}) = {need}"]
    if not additive:
        conditions.append(f"lvl = {need}")
    for number, allowed in enumerate(term.allowed, start=1):
        if allowed is not None:
            conditions.append(f"o{number} IN ({', '.join(str(a) for a in allowed)})")
    opt = f"o{slot}" if slot else "0"
    statements = [
        f"""
        CREATE OR REPLACE TEMP TABLE {name} AS
        SELECT scope_id, area_id, year + {term.lag} AS year, {opt} AS opt,
               sum(value) AS v, (count(*) - count(value))::INTEGER AS unk
        FROM (
            SELECT * FROM o WHERE {" AND ".join(conditions)}
            QUALIFY bit_count(lvl) * 16 + lvl
                    = min(bit_count(lvl) * 16 + lvl) OVER (PARTITION BY scope_id, area_id, year)
        )
        GROUP BY ALL;
        """
    ]
    if additive:
        for level in ("gemeinde", "kreis", "land"):
            statements.append(
                f"""
                INSERT INTO {name}
                SELECT t.scope_id, ay.parent_id, t.year, t.opt, sum(t.v), sum(t.unk)::INTEGER
                FROM {name} t JOIN ay ON t.area_id = ay.area_id AND t.year = ay.year
                JOIN expected e ON e.level = '{level}' AND e.parent_id = ay.parent_id
                     AND e.year = t.year
                WHERE ay.level = '{level}'
                  AND (t.scope_id, ay.parent_id, t.year) NOT IN (
                      SELECT scope_id, area_id, year FROM {name})
                GROUP BY t.scope_id, ay.parent_id, t.year, t.opt, e.n
                HAVING count(*) FILTER (WHERE ay.required) >= e.n;
                """
            )
    return "\n".join(statements)


def _filters(term: Term, category: int, measures: Mapping[int, MeasureSlots]) -> bool:
    slots = measures[term.measure_id].categories
    return category in slots and term.allowed[slots.index(category)] is not None


def floor_sql(
    parquet: str, specs: Sequence[IndicatorSpec], measures: Mapping[int, MeasureSlots], out: str
) -> str:
    lags = sorted({t.lag for spec in specs for t in spec.terms.values()} | {0})
    parts = [PREPARE.format(parquet=parquet, lags=lags)]
    tables: dict[tuple[Term, int], str] = {}

    def table(term: Term, slot: int) -> str:
        if (term, slot) not in tables:
            name = f"t{len(tables)}"
            tables[(term, slot)] = name
            parts.append(_operand_sql(name, term, slot or None, measures[term.measure_id].additive))
        return tables[(term, slot)]

    selects = []
    for spec in specs:
        numerator_terms = {spec.terms[op] for op in operands(spec.numerator)}
        for bcat in (0, *spec.breakdowns):
            composition = bool(bcat) and any(_filters(t, bcat, measures) for t in numerator_terms)
            alias: dict[Term, str] = {}
            joins = []
            keyed = []
            for number, term in enumerate(sorted(set(spec.terms.values()), key=repr)):
                slots = measures[term.measure_id].categories
                keeps_total = (
                    composition
                    and term not in numerator_terms
                    and not _filters(term, bcat, measures)
                )
                broken = bool(bcat) and bcat in slots and not keeps_total
                name = table(term, slots.index(bcat) + 1 if broken else 0)
                alias[term] = f"a{number}"
                joins.append(
                    f"LEFT JOIN {name} a{number} ON a{number}.scope_id = k.scope_id "
                    f"AND a{number}.area_id = k.area_id AND a{number}.year = k.year "
                    f"AND a{number}.opt = {'k.opt' if broken else '0'}"
                )
                if broken or not bcat:
                    keyed.append(name)
            pub = None
            if spec.published_measure is not None and not bcat:
                pub = table(Term(spec.published_measure, (None, None, None, None), 0), 0)
                joins.append(
                    f"LEFT JOIN {pub} p ON p.scope_id = k.scope_id AND p.area_id = k.area_id "
                    "AND p.year = k.year AND p.opt = 0"
                )
                keyed.append(pub)
            if not keyed:
                continue
            column = {op: f"{alias[term]}.v" for op, term in spec.terms.items()}

            def known(ops: Sequence[Term], alias: Mapping[Term, str] = alias) -> str:
                names = sorted({alias[t] for t in ops})
                return " AND ".join(f"{a}.v IS NOT NULL AND {a}.unk = 0" for a in names) or "TRUE"

            num = (
                f"CASE WHEN {known(list(numerator_terms))} THEN "
                f"{to_sql(spec.numerator, column)} END"
            )
            den = (
                f"CASE WHEN {known([spec.terms[op] for op in operands(spec.denominator)])} "
                f"THEN {to_sql(spec.denominator, column)} END"
                if spec.denominator is not None
                else "NULL"
            )
            has_den = spec.denominator is not None
            factor = float(spec.factor)
            pub_v = "p.v" if pub else "NULL::DOUBLE"
            keys = " UNION ".join(
                f"SELECT scope_id, area_id, year, opt FROM {name}" for name in sorted(set(keyed))
            )
            small = f"d < {MIN_DEN}" if has_den else "FALSE"
            # Rows without a value are dropped as the engine drops them (a count without
            # its base, or nothing at all).
            kept = f"(d IS NOT NULL OR (n > 0 AND n < {MIN_COUNT}))" if has_den else "TRUE"
            selects.append(
                f"""
                SELECT {spec.indicator_id} AS indicator_id, scope_id, area_id, year,
                       {bcat} AS bcat, opt,
                       CASE WHEN n IS NULL THEN pub
                            WHEN {small} OR (n > 0 AND n < {MIN_COUNT}) THEN NULL
                            WHEN {"d = 0" if has_den else "FALSE"} THEN NULL
                            ELSE n / {"d" if has_den else "1"} * {factor} END AS value,
                       n, d
                FROM (
                    SELECT scope_id, area_id, year, opt, d, pub,
                           CASE WHEN n IS NULL AND d IS NOT NULL THEN pub / {factor} * d
                                ELSE n END AS n
                    FROM (
                        SELECT k.scope_id, k.area_id, k.year, k.opt, {num} AS n, {den} AS d,
                               {pub_v} AS pub
                        FROM ({keys}) k {" ".join(joins)}
                    )
                )
                WHERE (n IS NULL AND pub IS NOT NULL)
                   OR (n IS NOT NULL AND {kept})
                """
            )
    parts.append(
        f"COPY ({' UNION ALL '.join(f'({s})' for s in selects)}) TO '{out}' (FORMAT parquet);"
    )
    return "\n".join(parts)
