"""Computing indicator values: after every import, definition change or settings change.

A district's scope is computed on its own (incremental: one district's import touches
only its values); a change to the shared official statistics recomputes every scope.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyarrow as pa
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from teilhabe.accounts.models import User
from teilhabe.districts.models import District
from teilhabe.monitoring import store
from teilhabe.monitoring.analytics import blocks, engine, formula, memory
from teilhabe.monitoring.analytics.flags import Status
from teilhabe.monitoring.models import (
    Indicator,
    IndicatorVersion,
    Measure,
    ObservationSlice,
    RecomputeRun,
    ValueBlock,
)
from teilhabe.monitoring.selectors import catalogue_info, measure_slots

logger = logging.getLogger(__name__)

_LOCK_BASE = 7_318_004_300


@dataclass
class RecomputeReport:
    scopes: int = 0
    values: int = 0
    suppressed: int = 0
    seconds: float = 0.0
    skipped: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def measure_slots_map() -> dict[int, engine.MeasureSlots]:
    slots = measure_slots()
    return {
        measure_id: engine.MeasureSlots(
            tuple(c.pk for c in slots.get(measure_id, [])),
            additive=aggregation == Measure.Aggregation.SUM,
        )
        for measure_id, aggregation in Measure.objects.values_list("pk", "aggregation")
    }


def indicator_spec(
    version: IndicatorVersion, info: formula.CatalogueInfo
) -> engine.IndicatorSpec | None:
    """The engine's view of an indicator definition; None if it no longer validates (for
    example after a measure was removed)."""
    try:
        numerator = formula.parse(version.numerator)
        denominator = formula.parse(version.denominator) if version.denominator.strip() else None
    except formula.FormulaError:
        logger.warning("indicator version %s does not parse; skipped", version.pk)
        return None
    for expr in (numerator, denominator):
        if expr is not None and formula.validate(expr, info):
            logger.warning("indicator version %s does not validate; skipped", version.pk)
            return None
    terms = formula.compile_terms(numerator, info)
    if denominator is not None:
        terms.update(formula.compile_terms(denominator, info))
    by_code = {m.code: m for m in info.measures.values()}
    category_ids: dict[str, int] = {}
    for measure in by_code.values():
        category_ids.update(measure.category_ids)
    return engine.IndicatorSpec(
        indicator_id=version.indicator_id,
        version_id=version.pk,
        numerator=numerator,
        denominator=denominator,
        factor=float(version.factor),
        breakdowns=tuple(category_ids[c] for c in version.breakdowns if c in category_ids),
        terms=terms,
        published_measure=version.published_measure_id,
    )


def _specs(
    indicators: Iterable[Indicator], info: formula.CatalogueInfo
) -> list[engine.IndicatorSpec]:
    specs = []
    for indicator in indicators:
        if indicator.current is None:
            continue
        spec = indicator_spec(indicator.current, info)
        if spec is not None:
            specs.append(spec)
    return specs


def _stamp() -> int:
    slice_max = ObservationSlice.objects.aggregate(m=Max("pk"))["m"] or 0
    version_max = IndicatorVersion.objects.aggregate(m=Max("pk"))["m"] or 0
    return int(slice_max) * 1_000_000 + int(version_max)


def _lock_scope(scope: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_BASE + scope])
    # SQLite: transactions begin IMMEDIATE (see settings), so writers queue anyway.


def _write(
    values: pa.Table, scopes: Sequence[int], *, reason: str, stamp: int, seconds: float
) -> tuple[int, int]:
    """Replace the stored values of ``scopes``; return (values written, scopes skipped)."""
    pieces = store.split_by_part(values)
    # Encoding (casting, zstd) runs without the interpreter lock: two blocks at a time,
    # before the transaction.
    with ThreadPoolExecutor(max_workers=2) as pool:
        encoded = list(pool.map(_encode, (table for _, _, table in pieces)))
    by_scope: dict[int, list[tuple[str, pa.Table, bytes]]] = {s: [] for s in scopes}
    for (scope, part, table), data in zip(pieces, encoded, strict=True):
        by_scope.setdefault(scope, []).append((part, table, data))
    # A handful of statements for all scopes instead of several per scope (401 scopes in
    # a national recompute: thousands of round trips on PostgreSQL).
    with transaction.atomic():
        ordered = sorted(by_scope)
        for scope in ordered:
            _lock_scope(scope)
        current: dict[int, int] = {}
        for district_id, run_stamp in (
            _blocks_of(ordered).values_list("district_id", "run__stamp").distinct()
        ):
            key = store.scope_of(district_id)
            current[key] = max(current.get(key, run_stamp), run_stamp)
        fresh = [scope for scope in ordered if current.get(scope, stamp) <= stamp]
        if not fresh:
            return 0, len(ordered)
        finished = timezone.now()
        runs = RecomputeRun.objects.bulk_create(
            [
                RecomputeRun(
                    district_id=scope or None,
                    status=RecomputeRun.Status.DONE,
                    reason=reason[:200],
                    stamp=stamp,
                    seconds=seconds,
                    finished_at=finished,
                    values=sum(table.num_rows for _, table, _ in by_scope[scope]),
                    suppressed=sum(_suppressed(table) for _, table, _ in by_scope[scope]),
                )
                for scope in fresh
            ]
        )
        _blocks_of(fresh).delete()
        new = [
            ValueBlock(
                district_id=scope or None, part=part, run=run, rows=table.num_rows, data=data
            )
            for scope, run in zip(fresh, runs, strict=True)
            for part, table, data in by_scope[scope]
        ]
        if connection.vendor == "postgresql":
            _copy_blocks(new)
        else:
            ValueBlock.objects.bulk_create(new, batch_size=100)
    return sum(run.values for run in runs), len(ordered) - len(fresh)


def _copy_blocks(new: list[ValueBlock]) -> None:
    """PostgreSQL: insert the blocks with a binary COPY. An INSERT sends every block as
    hexadecimal text (twice its size) for the server to parse (1.6 s for the 54 MB of a
    national recompute)."""
    statement = (
        f"COPY {connection.ops.quote_name(ValueBlock._meta.db_table)} "
        "(district_id, part, run_id, token, rows, data) FROM STDIN (FORMAT BINARY)"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        copy.set_types(["int8", "text", "int8", "uuid", "int4", "bytea"])
        for block in new:
            copy.write_row(
                (block.district_id, block.part, block.run_id, block.token, block.rows, block.data)
            )


def _blocks_of(scopes: Sequence[int]) -> QuerySet[ValueBlock]:
    """The stored value blocks of these scopes (0: the official scope)."""
    where = Q(district_id__in=[scope for scope in scopes if scope])
    if store.OFFICIAL in scopes:
        where |= Q(district__isnull=True)
    return ValueBlock.objects.filter(where)


def _encode(table: pa.Table) -> bytes:
    return blocks.encode(blocks.conform(table, blocks.VALUE_SCHEMA), threads=False)


def _suppressed(table: pa.Table) -> int:
    if table.num_rows == 0:
        return 0
    status = table.column("status").to_numpy()
    return int(((status >= Status.PRIMARY) & (status <= Status.SMALL_BASE)).sum())


def recompute(
    *,
    district_ids: Sequence[int] | None,
    official: bool = False,
    reason: str = "",
    timings: engine.Timings | None = None,
) -> RecomputeReport:
    """Compute and store the values of the given districts (None: all active districts,
    and the official statistics too). Freed memory stays in the process until the end
    (``analytics.memory``), then goes back to the system."""
    with memory.keep_freed_memory():
        return _recompute(
            district_ids=district_ids, official=official, reason=reason, timings=timings
        )


def _recompute(
    *,
    district_ids: Sequence[int] | None,
    official: bool,
    reason: str,
    timings: engine.Timings | None,
) -> RecomputeReport:
    started = time.perf_counter()
    timings = timings or engine.Timings()
    stamp = _stamp()
    if district_ids is None:
        districts = list(District.objects.active().values_list("pk", flat=True))
        official = True
    else:
        districts = list(district_ids)
    scopes = ([store.OFFICIAL] if official else []) + districts
    report = RecomputeReport(scopes=len(scopes))
    if not scopes:
        return report
    mark = time.perf_counter()
    inputs = store.engine_inputs(districts, all_districts=district_ids is None, official=official)
    mark = timings.mark("load observations", mark)
    measures = measure_slots_map()
    standard_info = catalogue_info(district=None)
    standard = _specs(
        Indicator.objects.filter(district__isnull=True, is_active=True).select_related("current"),
        standard_info,
    )
    con = engine.connect(
        threads=settings.TEILHABE_MONITORING_THREADS,
        memory_limit=f"{settings.TEILHABE_MONITORING_MEMORY_MB}MB",
    )
    try:
        results = [
            engine.compute(inputs, standard, measures, scopes=scopes, con=con, timings=timings)
        ]
        own = Indicator.objects.filter(district_id__in=districts, is_active=True).select_related(
            "current"
        )
        by_district: dict[int, list[Indicator]] = {}
        for indicator in own:
            by_district.setdefault(indicator.district_id or 0, []).append(indicator)
        for district_id, indicators in by_district.items():
            district = District.objects.get(pk=district_id)
            specs = _specs(indicators, catalogue_info(district=district))
            if specs:
                results.append(
                    engine.compute(
                        inputs, specs, measures, scopes=[district_id], con=con, timings=timings
                    )
                )
    finally:
        con.close()
    # ``compute`` returns its values sorted by scope and part (and within them as they are
    # stored); only several results (districts' own indicators) need sorting again. One
    # chunk per column either way, so that the stored blocks are the same bytes.
    values = (
        results[0].combine_chunks()
        if len(results) == 1
        else pa.concat_tables(results).sort_by([("scope_id", "ascending"), ("part", "ascending")])
    )
    mark = time.perf_counter()
    seconds = time.perf_counter() - started
    report.values, report.skipped = _write(
        values, scopes, reason=reason, stamp=stamp, seconds=seconds
    )
    timings.mark("store values", mark)
    report.suppressed = _suppressed(values)
    report.seconds = time.perf_counter() - started
    report.timings = dict(timings.steps)
    return report


def recompute_enqueue(*, district: District | None, user: User | None, reason: str) -> None:
    """Recompute in the background once the current transaction commits (without a user,
    as in the demo: right then, in this process)."""
    from teilhabe.jobs.services import job_start
    from teilhabe.monitoring.tasks import recompute_task

    if user is None:
        district_ids = [district.pk] if district else None
        transaction.on_commit(lambda: recompute(district_ids=district_ids, reason=reason))
        return

    def start() -> None:
        job_start(
            owner=user,
            kind="monitoring.recompute",
            title=gettext("Recomputing the indicator values"),
            task=recompute_task,
            district=district,
            district_id=district.pk if district else None,
            reason=reason,
        )

    transaction.on_commit(start)
