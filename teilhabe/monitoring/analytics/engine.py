"""Indicator values for every scope, area, year and breakdown, computed in DuckDB.

Inputs are Arrow tables (see :class:`Inputs`); the output has one row per scope,
indicator version, area, year and breakdown cell, after disclosure control.

How a value comes about, step by step (all set-based SQL, no loops over rows):

1. **Observations per scope.** A scope is a district (its own observations plus the
   shared official observations of the areas it asks for) or the official statistics
   themselves (scope 0). Where two sources or two reference dates deliver the same
   measure, area and year, the higher priority (the district's own over official), then
   the later date wins.
2. **Operands.** Each operand of a formula (a measure with filters on its categories and
   a lag) is evaluated for the total and for each breakdown the indicator asks for. Per
   area and year the coarsest level of detail that answers the question is used: a
   published total as it is, else the sum of the cells below it. A cell the source
   suppressed makes the sum unknown.
3. **Larger areas.** Kreise, Länder and Germany without a value of their own get the sum
   over their parts, but only when every inhabited part has a value; user-defined groups
   likewise. So a value for a larger area is Σ numerator / Σ denominator, never an
   average of rates.
4. **Indicators.** Numerator and denominator expressions are evaluated on the summed
   operands; value = numerator / denominator × factor. Where an indicator names a
   published rate (e.g. the Regionalatlas share) and no numerator is known, the
   published rate is used and marked.
5. **Disclosure control** (:mod:`.disclosure`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from .disclosure import protect
from .flags import Flag, Status
from .formula import Expr, Operand, Term, operands, to_sql

__all__ = ["IndicatorSpec", "Inputs", "MeasureSlots", "compute", "connect"]

LEVELS = {"country": 0, "land": 1, "kreis": 2, "gemeinde": 3, "group": 4}


@dataclass(frozen=True)
class IndicatorSpec:
    indicator_id: int
    version_id: int
    numerator: Expr
    denominator: Expr | None
    factor: float
    #: Category ids the indicator is broken down by.
    breakdowns: tuple[int, ...]
    #: Compiled operands (see ``formula.compile_terms``).
    terms: Mapping[Operand, Term]
    #: A non-additive measure holding the rate as published, used where no numerator.
    published_measure: int | None = None


#: The columns of ``Inputs.observations`` (scope 0: the shared official statistics).
OBSERVATIONS_SCHEMA = pa.schema(
    [
        ("scope_id", pa.int32()),
        ("src", pa.int32()),
        ("prio", pa.int32()),
        ("measure_id", pa.int32()),
        ("area_id", pa.int32()),
        ("period_id", pa.int32()),
        ("o1", pa.int32()),
        ("o2", pa.int32()),
        ("o3", pa.int32()),
        ("o4", pa.int32()),
        ("value", pa.float64()),
        ("flags", pa.int32()),
    ]
)


@dataclass(frozen=True)
class MeasureSlots:
    """Category ids of a measure's slots, and whether its values may be added up."""

    categories: tuple[int, ...]
    additive: bool = True


@dataclass
class Inputs:
    """Arrow tables the engine reads.

    * ``observations``: :data:`OBSERVATIONS_SCHEMA`;
    * ``areas``: area_id, parent_id, level (name), valid_from, valid_until, required
      (inhabited: must have a value before parts are added up), part (storage part);
    * ``periods``: period_id, year, ref_date;
    * ``scope_areas``: scope_id, area_id — official areas each district scope includes;
    * ``groups``: scope_id, group_id, member_id;
    * ``thresholds``: scope_id, min_count, min_den.
    """

    observations: pa.Table
    areas: pa.Table
    periods: pa.Table
    scope_areas: pa.Table | None = None
    groups: pa.Table | None = None
    thresholds: pa.Table | None = None


@dataclass
class Timings:
    steps: dict[str, float] = field(default_factory=dict)

    def mark(self, name: str, started: float) -> float:
        now = time.perf_counter()
        self.steps[name] = self.steps.get(name, 0.0) + now - started
        return now


def connect(
    threads: int | None = None, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with bounded resources."""
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute("SET memory_limit = ?", [memory_limit])
    con.execute("SET preserve_insertion_order = false")
    return con


@dataclass(frozen=True)
class _TermQuery:
    tq: int
    term: Term
    bslot: int  # 0: total; 1–4: the slot broken down
    additive: bool

    @property
    def need(self) -> int:
        mask = self.term.filter_mask
        if self.bslot:
            mask |= 1 << (self.bslot - 1)
        return mask


def _empty_observations() -> pa.Table:
    return pa.table(
        {
            "scope_id": pa.array([], pa.int32()),
            "src": pa.array([], pa.int32()),
            "prio": pa.array([], pa.int32()),
            "measure_id": pa.array([], pa.int32()),
            "area_id": pa.array([], pa.int32()),
            "period_id": pa.array([], pa.int32()),
            "o1": pa.array([], pa.int32()),
            "o2": pa.array([], pa.int32()),
            "o3": pa.array([], pa.int32()),
            "o4": pa.array([], pa.int32()),
            "value": pa.array([], pa.float64()),
            "flags": pa.array([], pa.int32()),
        }
    )


def _register(con: duckdb.DuckDBPyConnection, inputs: Inputs) -> None:
    con.register("obs_in", inputs.observations)
    con.register("areas_in", inputs.areas)
    con.register("periods_in", inputs.periods)
    scope_areas = inputs.scope_areas or pa.table(
        {"scope_id": pa.array([], pa.int32()), "area_id": pa.array([], pa.int32())}
    )
    groups = inputs.groups or pa.table(
        {
            "scope_id": pa.array([], pa.int32()),
            "group_id": pa.array([], pa.int32()),
            "member_id": pa.array([], pa.int32()),
        }
    )
    thresholds = inputs.thresholds or pa.table(
        {
            "scope_id": pa.array([], pa.int32()),
            "min_count": pa.array([], pa.int32()),
            "min_den": pa.array([], pa.int32()),
        }
    )
    con.register("scope_areas_in", scope_areas)
    con.register("groups_in", groups)
    con.register("thresholds_in", thresholds)


def _term_queries(
    indicators: Sequence[IndicatorSpec], measures: Mapping[int, MeasureSlots]
) -> tuple[list[_TermQuery], dict[tuple[Term, int], int]]:
    queries: list[_TermQuery] = []
    index: dict[tuple[Term, int], int] = {}

    def add(term: Term, bslot: int) -> int:
        key = (term, bslot)
        if key not in index:
            measure = measures[term.measure_id]
            index[key] = len(queries) + 1
            queries.append(_TermQuery(len(queries) + 1, term, bslot, measure.additive))
        return index[key]

    for spec in indicators:
        terms = set(spec.terms.values())
        if spec.published_measure is not None:
            terms.add(Term(spec.published_measure, (None, None, None, None), 0))
        for term in terms:
            add(term, 0)
            slots = measures[term.measure_id].categories
            for category in spec.breakdowns:
                if category in slots:
                    add(term, slots.index(category) + 1)
    return queries, index


def _term_table(queries: Sequence[_TermQuery]) -> pa.Table:
    def allowed(i: int) -> list[list[int] | None]:
        result: list[list[int] | None] = []
        for query in queries:
            options = query.term.allowed[i]
            result.append(list(options) if options is not None else None)
        return result

    return pa.table(
        {
            "tq": pa.array([q.tq for q in queries], pa.int32()),
            "measure_id": pa.array([q.term.measure_id for q in queries], pa.int32()),
            "need": pa.array([q.need for q in queries], pa.int32()),
            "bslot": pa.array([q.bslot for q in queries], pa.int32()),
            "lag": pa.array([q.term.lag for q in queries], pa.int32()),
            "additive": pa.array([q.additive for q in queries], pa.bool_()),
            "a1": pa.array(allowed(0), pa.list_(pa.int32())),
            "a2": pa.array(allowed(1), pa.list_(pa.int32())),
            "a3": pa.array(allowed(2), pa.list_(pa.int32())),
            "a4": pa.array(allowed(3), pa.list_(pa.int32())),
        }
    )


def _prepare_observations(con: duckdb.DuckDBPyConnection, scopes: Sequence[int]) -> None:
    district_scopes = [s for s in scopes if s != 0]
    parts = [
        "SELECT scope_id, src, prio, measure_id, area_id, period_id, o1, o2, o3, o4, value, flags "
        "FROM obs_in WHERE scope_id IN (SELECT unnest($scopes))"
    ]
    if district_scopes:
        parts.append(
            "SELECT sa.scope_id, o.src, o.prio, o.measure_id, o.area_id, o.period_id, "
            "o.o1, o.o2, o.o3, o.o4, o.value, o.flags FROM obs_in o "
            "JOIN scope_areas_in sa ON o.area_id = sa.area_id "
            "WHERE o.scope_id = 0 AND sa.scope_id IN (SELECT unnest($districts))"
        )
    union = " UNION ALL ".join(parts)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE ob AS
        SELECT r.scope_id, r.src, r.prio, r.measure_id, r.area_id, p.year::INTEGER AS year,
               p.ref_date, r.o1, r.o2, r.o3, r.o4, r.value, r.flags,
               ((r.o1 IS NOT NULL)::INTEGER | ((r.o2 IS NOT NULL)::INTEGER << 1)
                | ((r.o3 IS NOT NULL)::INTEGER << 2) | ((r.o4 IS NOT NULL)::INTEGER << 3)) AS lvl
        FROM ({union}) r JOIN periods_in p ON r.period_id = p.period_id
        """,
        {"scopes": list(scopes), **({"districts": district_scopes} if district_scopes else {})},
    )
    # Several sources or reference dates for one measure and year: keep, per area, the
    # rows of the best one (own data before official, then the latest reference date).
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE multi AS
        SELECT scope_id, measure_id, year FROM (
            SELECT DISTINCT scope_id, measure_id, year, src, ref_date FROM ob
        ) GROUP BY ALL HAVING count(*) > 1
        """
    )
    if con.execute("SELECT count(*) FROM multi").fetchone() != (0,):
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE ob AS
            WITH ranked AS (
                SELECT ob.*, ob.prio::BIGINT * 100000000 + date_diff('day', DATE '1900-01-01', ob.ref_date) * 1000
                             + (ob.src % 1000) AS rank_key
                FROM ob SEMI JOIN multi USING (scope_id, measure_id, year)
            ), best AS (
                SELECT scope_id, measure_id, area_id, year, max(rank_key) AS rank_key FROM ranked GROUP BY ALL
            )
            SELECT * EXCLUDE (rank_key) FROM ranked SEMI JOIN best
                USING (scope_id, measure_id, area_id, year, rank_key)
            UNION ALL
            SELECT * FROM ob ANTI JOIN multi USING (scope_id, measure_id, year)
            """
        )


def _operand_values(con: duckdb.DuckDBPyConnection) -> None:
    """Step 2: every term query per scope, area, year and option, at the coarsest level."""
    # One pass over the observations: per term query, area, year, level of detail and
    # option, the sum (``k`` orders the levels: coarsest first); then, per term query,
    # area and year, the coarsest level that answers it. Sorted by term query, so that
    # each operand of step 4 reads only its own row groups.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE tv AS
        WITH ck AS (
            SELECT q.tq, o.scope_id, o.area_id, o.year + q.lag AS year,
                   bit_count(o.lvl) * 16 + o.lvl AS k,
                   CASE q.bslot WHEN 1 THEN o.o1 WHEN 2 THEN o.o2 WHEN 3 THEN o.o3
                                WHEN 4 THEN o.o4 ELSE 0 END AS opt,
                   sum(o.value) AS v, bit_or(o.flags) AS fl,
                   (count(*) - count(o.value))::INTEGER AS unk
            FROM ob o JOIN tq q ON o.measure_id = q.measure_id
            WHERE (o.lvl & q.need) = q.need
              AND (q.additive OR o.lvl = q.need)
              AND (q.a1 IS NULL OR list_contains(q.a1, o.o1))
              AND (q.a2 IS NULL OR list_contains(q.a2, o.o2))
              AND (q.a3 IS NULL OR list_contains(q.a3, o.o3))
              AND (q.a4 IS NULL OR list_contains(q.a4, o.o4))
            GROUP BY ALL
        )
        SELECT tq, scope_id, area_id, year, opt, v, fl, unk FROM ck
        QUALIFY k = min(k) OVER (PARTITION BY tq, scope_id, area_id, year)
        ORDER BY tq, scope_id, area_id, year, opt
        """
    )


def _larger_areas(con: duckdb.DuckDBPyConnection) -> None:
    """Step 3: add up parts where a larger area has no value of its own."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE years AS SELECT DISTINCT year FROM tv;
        CREATE OR REPLACE TEMP TABLE ay AS
        SELECT a.area_id, a.parent_id, a.level, a.required, y.year
        FROM areas_in a, years y
        WHERE a.parent_id IS NOT NULL
          AND (a.valid_from IS NULL OR a.valid_from <= make_date(y.year, 12, 31))
          AND (a.valid_until IS NULL OR a.valid_until >= make_date(y.year, 12, 31));
        """
    )
    for level in ("gemeinde", "kreis", "land"):
        con.execute(
            """
            INSERT INTO tv
            WITH up AS (
                SELECT t.tq, t.scope_id, ay.parent_id AS area_id, t.year, t.opt,
                       sum(t.v) AS v, bit_or(t.fl) AS fl, sum(t.unk)::INTEGER AS unk,
                       count(*) FILTER (WHERE ay.required) AS nreq
                FROM tv t JOIN ay ON t.area_id = ay.area_id AND t.year = ay.year
                JOIN tq ON tq.tq = t.tq
                WHERE ay.level = $level AND tq.additive
                GROUP BY ALL
            ), expected AS (
                SELECT parent_id, year, count(*) AS n FROM ay
                WHERE level = $level AND required GROUP BY ALL
            ), direct AS (
                SELECT DISTINCT tq, scope_id, area_id, year FROM tv
            )
            SELECT u.tq, u.scope_id, u.area_id, u.year, u.opt, u.v, u.fl, u.unk
            FROM up u JOIN expected e ON u.area_id = e.parent_id AND u.year = e.year
            WHERE u.nreq >= e.n
              AND NOT EXISTS (SELECT 1 FROM direct d WHERE d.tq = u.tq AND d.scope_id = u.scope_id
                              AND d.area_id = u.area_id AND d.year = u.year)
            """,
            {"level": level},
        )
    con.execute(
        """
        INSERT INTO tv
        WITH sizes AS (SELECT scope_id, group_id, count(*) AS n FROM groups_in GROUP BY ALL)
        SELECT t.tq, g.scope_id, -g.group_id AS area_id, t.year, t.opt,
               sum(t.v), bit_or(t.fl), sum(t.unk)::INTEGER
        FROM tv t JOIN groups_in g ON t.scope_id = g.scope_id AND t.area_id = g.member_id
        JOIN tq ON tq.tq = t.tq
        WHERE tq.additive
        GROUP BY t.tq, g.scope_id, g.group_id, t.year, t.opt
        HAVING count(*) = (SELECT n FROM sizes s WHERE s.scope_id = g.scope_id
                           AND s.group_id = g.group_id)
        """
    )


def _known(columns: Iterable[str]) -> str:
    names = list(columns)
    if not names:
        return "TRUE"
    return " AND ".join(f"({c}.v IS NOT NULL AND {c}.unk = 0)" for c in names)


def _indicator_sql(
    spec: IndicatorSpec,
    bcat: int,
    index: Mapping[tuple[Term, int], int],
    measures: Mapping[int, MeasureSlots],
) -> str | None:
    """SELECT producing the raw (unprotected) values of one indicator and breakdown."""
    terms = sorted(set(spec.terms.values()), key=repr)
    numerator_terms = {spec.terms[op] for op in operands(spec.numerator)}

    def filters(term: Term, category: int) -> bool:
        slots = measures[term.measure_id].categories
        return category in slots and term.allowed[slots.index(category)] is not None

    # Broken down by a category the numerator filters on (e.g. the share of foreign
    # nationals by citizenship), the value shows the composition: a denominator that
    # does not filter on it keeps its total.
    composition = bool(bcat) and any(filters(t, bcat) for t in numerator_terms)
    aliases: dict[Term, str] = {}
    joins: list[str] = []
    broken: list[str] = []
    for number, term in enumerate(terms):
        alias = f"t{number}"
        aliases[term] = alias
        slots = measures[term.measure_id].categories
        keeps_total = composition and term not in numerator_terms and not filters(term, bcat)
        if bcat and bcat in slots and not keeps_total:
            tq = index[(term, slots.index(bcat) + 1)]
            joins.append(
                f"LEFT JOIN tv {alias} ON {alias}.tq = {tq} AND {alias}.scope_id = k.scope_id "
                f"AND {alias}.area_id = k.area_id AND {alias}.year = k.year AND {alias}.opt = k.opt"
            )
            broken.append(str(tq))
        else:
            tq = index[(term, 0)]
            joins.append(
                f"LEFT JOIN tv {alias} ON {alias}.tq = {tq} AND {alias}.scope_id = k.scope_id "
                f"AND {alias}.area_id = k.area_id AND {alias}.year = k.year AND {alias}.opt = 0"
            )
            if not bcat:
                broken.append(str(tq))
    published = None
    if spec.published_measure is not None and not bcat:
        published = index[(Term(spec.published_measure, (None, None, None, None), 0), 0)]
        joins.append(
            f"LEFT JOIN tv pub ON pub.tq = {published} AND pub.scope_id = k.scope_id "
            "AND pub.area_id = k.area_id AND pub.year = k.year AND pub.opt = 0"
        )
        broken.append(str(published))
    if not broken:
        return None  # no operand can be broken down by this category
    column = {op: f"{aliases[term]}.v" for op, term in spec.terms.items()}
    num_terms = {aliases[spec.terms[op]] for op in operands(spec.numerator)}
    den_terms = (
        {aliases[spec.terms[op]] for op in operands(spec.denominator)}
        if spec.denominator
        else set()
    )
    num_sql = to_sql(spec.numerator, column)
    den_sql = to_sql(spec.denominator, column) if spec.denominator is not None else "NULL"
    flags = " | ".join(f"coalesce({a}.fl, 0)" for a in sorted(num_terms | den_terms)) or "0"
    source_bit = int(Flag.SOURCE_SUPPRESSED)

    def source(names: set[str]) -> str:
        if not names:
            return "FALSE"
        return " OR ".join(f"({n}.unk > 0 AND ({n}.fl & {source_bit}) <> 0)" for n in sorted(names))

    keys = f"SELECT DISTINCT scope_id, area_id, year, opt FROM tv WHERE tq IN ({', '.join(broken)})"
    pub_v = "pub.v" if published else "NULL"
    pub_fl = "coalesce(pub.fl, 0)" if published else "0"
    return f"""
        SELECT {spec.indicator_id} AS indicator_id, {spec.version_id} AS version_id,
               k.scope_id, k.area_id, k.year, {bcat} AS bcat, k.opt,
               CASE WHEN {_known(num_terms)} THEN {num_sql} END AS num,
               CASE WHEN {_known(den_terms)} THEN {den_sql} END AS den,
               {"TRUE" if spec.denominator is not None else "FALSE"} AS has_den,
               ({source(num_terms)}) AS num_source,
               ({source(den_terms)}) AS den_source,
               ({flags}) AS fl,
               {pub_v} AS pub, {pub_fl} AS pub_fl,
               {float(spec.factor)!r} AS factor
        FROM ({keys}) k
        {" ".join(joins)}
    """


def _indicators(
    con: duckdb.DuckDBPyConnection,
    indicators: Sequence[IndicatorSpec],
    index: Mapping[tuple[Term, int], int],
    measures: Mapping[int, MeasureSlots],
) -> None:
    selects = []
    for spec in indicators:
        for bcat in (0, *spec.breakdowns):
            sql = _indicator_sql(spec, bcat, index, measures)
            if sql is not None:
                selects.append(sql)
    if not selects:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE raw AS SELECT 0::INTEGER AS indicator_id, "
            "0::INTEGER AS version_id, 0::INTEGER AS scope_id, 0::INTEGER AS area_id, "
            "0::INTEGER AS year, 0::INTEGER AS bcat, 0::INTEGER AS opt, 0::DOUBLE AS num, "
            "0::DOUBLE AS den, FALSE AS has_den, FALSE AS num_source, FALSE AS den_source, "
            "0::INTEGER AS fl, 0::DOUBLE AS pub, 0::INTEGER AS pub_fl, 1::DOUBLE AS factor LIMIT 0"
        )
        return
    con.execute("CREATE OR REPLACE TEMP TABLE raw AS " + " UNION ALL ".join(selects))
    # Published rates stand in where the numerator is unknown; with a known base they
    # give an estimated numerator, so that groups can be added up.
    estimated = int(Flag.ESTIMATED)
    published = int(Flag.PUBLISHED_RATE)
    con.execute(
        f"""
        UPDATE raw SET
            num = CASE WHEN den IS NOT NULL THEN pub / factor * den END,
            fl = fl | pub_fl | {published} | CASE WHEN den IS NOT NULL THEN {estimated} ELSE 0 END,
            num_source = FALSE
        WHERE num IS NULL AND pub IS NOT NULL
        """
    )


def compute(
    inputs: Inputs,
    indicators: Sequence[IndicatorSpec],
    measures: Mapping[int, MeasureSlots],
    *,
    scopes: Sequence[int],
    default_min_count: int = 3,
    default_min_den: int = 20,
    con: duckdb.DuckDBPyConnection | None = None,
    timings: Timings | None = None,
) -> pa.Table:
    """Compute and protect the values of ``indicators`` for ``scopes``.

    Returns a table with the columns of ``blocks.VALUE_SCHEMA`` plus ``scope_id`` and
    ``part`` (from the areas table; groups get ``"groups"``).
    """
    own = con is None
    con = con or connect()
    timings = timings or Timings()
    started = time.perf_counter()
    try:
        if inputs.observations.num_rows == 0:
            inputs.observations = _empty_observations()
        _register(con, inputs)
        queries, index = _term_queries(indicators, measures)
        con.register("tq_in", _term_table(queries))
        con.execute("CREATE OR REPLACE TEMP TABLE tq AS SELECT * FROM tq_in")
        started = timings.mark("prepare", started)
        _prepare_observations(con, scopes)
        started = timings.mark("observations", started)
        _operand_values(con)
        started = timings.mark("operands", started)
        _larger_areas(con)
        started = timings.mark("larger areas", started)
        _indicators(con, indicators, index, measures)
        # What disclosure control and the result do not read: freed before they run, so
        # that they have the memory (the limit of ``connect``) to themselves.
        con.execute("DROP TABLE IF EXISTS ob; DROP TABLE IF EXISTS tv; DROP TABLE IF EXISTS multi")
        started = timings.mark("indicators", started)
        protect(con, default_min_count=default_min_count, default_min_den=default_min_den)
        started = timings.mark("disclosure control", started)
        # Sorted by a number per part (in the order of the part names) instead of the
        # names themselves: the same order, a cheaper sort key.
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE part_rank AS
            SELECT part, row_number() OVER (ORDER BY part) AS rank FROM (
                SELECT DISTINCT coalesce(part, '{"groups"}') AS part FROM areas_in
                UNION SELECT '{"groups"}'
            );
            CREATE OR REPLACE TEMP TABLE part_of AS
            SELECT a.area_id, r.part, r.rank
            FROM areas_in a JOIN part_rank r ON coalesce(a.part, '{"groups"}') = r.part;
            """
        )
        result = con.sql(
            f"""
            SELECT p.scope_id::INTEGER AS scope_id,
                   coalesce(a.part, '{"groups"}') AS part,
                   p.indicator_id::INTEGER AS indicator_id, p.version_id::INTEGER AS version_id,
                   p.area_id::INTEGER AS area_id, p.year::SMALLINT AS year,
                   p.bcat::INTEGER AS bcat, p.opt::INTEGER AS opt,
                   p.num, p.den, p.value, p.fl::INTEGER AS flags, p.status::TINYINT AS status,
                   p.num_status::TINYINT AS num_status, p.den_status::TINYINT AS den_status
            FROM protected p LEFT JOIN part_of a ON p.area_id = a.area_id
            WHERE NOT (p.value IS NULL AND p.status = {int(Status.MISSING)})
            ORDER BY scope_id,
                     coalesce(a.rank, (SELECT rank FROM part_rank WHERE part = '{"groups"}')),
                     indicator_id, area_id, year, bcat, opt
            """
        ).to_arrow_table()
        con.execute(
            "DROP VIEW IF EXISTS protected; DROP VIEW IF EXISTS cells; "
            "DROP VIEW IF EXISTS raw2; DROP TABLE IF EXISTS raw; DROP TABLE IF EXISTS sec; "
            "DROP TABLE IF EXISTS part_of; DROP TABLE IF EXISTS part_rank"
        )
        timings.mark("result", started)
        return result
    finally:
        if own:
            con.close()


SHOWN = int(Status.SHOWN)
