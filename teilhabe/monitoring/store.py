"""Moving data between the database and the engine: observation blocks in, value blocks out.

Blocks are read with one query per kind and decoded without Python loops over rows;
areas and periods go to the engine as Arrow tables built from ``values_list``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from uuid import UUID

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db.models import Q

from teilhabe.areas.models import Area
from teilhabe.monitoring.analytics import blocks
from teilhabe.monitoring.analytics.engine import OBSERVATIONS_SCHEMA, Inputs
from teilhabe.monitoring.models import (
    AreaGroup,
    MonitoringSettings,
    ObservationBlock,
    ObservationSlice,
    Period,
    ValueBlock,
)
from teilhabe.monitoring.models.data import GROUPS_PART, UPPER_PART

OFFICIAL = 0  # the engine's scope id of the shared official statistics


def scope_of(district_id: int | None) -> int:
    return district_id or OFFICIAL


def part_for(area: Area) -> str:
    """The storage part of an area: its Kreis's key for a Gemeinde, else ``upper``."""
    if area.level == Area.Level.GEMEINDE and area.parent is not None:
        return area.parent.code
    return UPPER_PART


_areas_lock = threading.Lock()
_areas_cache: dict[tuple[int, int], pa.Table] = {}


def areas_table() -> pa.Table:
    """All areas (with past ones) as the engine wants them; cached while they do not change."""
    stamp = (
        Area.objects.count(),
        Area.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    )
    with _areas_lock:
        cached = _areas_cache.get(stamp)
        if cached is not None:
            return cached
    rows = list(
        Area.objects.values_list(
            "pk", "parent_id", "level", "valid_from", "valid_until", "population", "parent__code"
        )
    )
    ids, parents, levels, starts, ends, population, parent_codes = (
        (list(col) for col in zip(*rows, strict=True)) if rows else ([], [], [], [], [], [], [])
    )
    required = [
        level != Area.Level.GEMEINDE or bool(pop)
        for level, pop in zip(levels, population, strict=True)
    ]
    parts = [
        code if level == Area.Level.GEMEINDE and code else UPPER_PART
        for level, code in zip(levels, parent_codes, strict=True)
    ]
    table = pa.table(
        {
            "area_id": pa.array(ids, pa.int32()),
            "parent_id": pa.array(parents, pa.int32()),
            "level": pa.array(levels, pa.string()),
            "valid_from": pa.array(starts, pa.date32()),
            "valid_until": pa.array(ends, pa.date32()),
            "required": pa.array(required, pa.bool_()),
            "part": pa.array(parts, pa.string()),
        }
    )
    with _areas_lock:
        _areas_cache.clear()
        _areas_cache[stamp] = table
    return table


def periods_table() -> pa.Table:
    rows = list(Period.objects.values_list("pk", "year", "reference_date"))
    return pa.table(
        {
            "period_id": pa.array([r[0] for r in rows], pa.int32()),
            "year": pa.array([r[1] for r in rows], pa.int32()),
            "ref_date": pa.array([r[2] for r in rows], pa.date32()),
        }
    )


@dataclass
class ObservationQuery:
    """Which observations to load: the scopes of these districts, with official data."""

    district_ids: list[int] | None  # None: every district
    official: bool = True  # also the official scope itself


@dataclass(frozen=True)
class _Slices:
    """The active periods of one (batch, measure) and whether every period of it is
    active (then its blocks need no filtering by period)."""

    periods: frozenset[int]
    source_id: int
    scope: int
    all_active: bool


def _slices(district_filter: Q) -> dict[tuple[int, int], _Slices]:
    """(batch, measure) → its active periods, source and scope (district id or 0)."""
    found: dict[tuple[int, int], tuple[set[int], int, int]] = {}
    for batch_id, measure_id, period_id, source_id, district_id in ObservationSlice.objects.filter(
        district_filter, is_active=True
    ).values_list("batch_id", "measure_id", "period_id", "source_id", "district_id"):
        entry = found.setdefault(
            (batch_id, measure_id), (set(), source_id, district_id or OFFICIAL)
        )
        entry[0].add(period_id)
    # Slices are made for every (measure, period) a batch holds, so a (batch, measure)
    # without an inactive slice has only active rows in its blocks.
    partly = set(
        ObservationSlice.objects.filter(district_filter, is_active=False)
        .values_list("batch_id", "measure_id")
        .distinct()
    )
    return {
        key: _Slices(frozenset(periods), source_id, scope, key not in partly)
        for key, (periods, source_id, scope) in found.items()
    }


def _decode_block(data: bytes, entry: _Slices) -> pa.Table:
    table = blocks.decode(data, threads=False)
    if not entry.all_active:
        value_set = pa.array(sorted(entry.periods), pa.int32())
        table = table.filter(pc.is_in(table.column("period_id"), value_set=value_set))
    return table


_BLOCK_COLUMNS = ("area_id", "period_id", "o1", "o2", "o3", "o4", "value", "flags")


def _decode_blocks(
    rows: Iterable[tuple[int, int, bytes]], slices: dict[tuple[int, int], _Slices]
) -> list[pa.Table]:
    """Decode the blocks of active slices, two at a time (Arrow decompresses and filters
    without holding the interpreter lock, while this thread reads the next rows), then
    add the columns each block has one value of (scope, source, …) in one go."""
    meta: list[tuple[int, int, int, int]] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = []
        for batch_id, measure_id, data in rows:
            entry = slices.get((batch_id, measure_id))
            if entry is None:
                continue
            prio = 0 if entry.scope == OFFICIAL else 1
            meta.append((entry.scope, entry.source_id, prio, measure_id))
            futures.append(pool.submit(_decode_block, data, entry))
        decoded = [future.result() for future in futures]
    if not decoded:
        return []
    counts = np.array([table.num_rows for table in decoded], dtype=np.int64)
    constant = np.array(meta, dtype=np.int32).reshape(-1, 4)
    body = pa.concat_tables(table.select(list(_BLOCK_COLUMNS)) for table in decoded)
    return [
        pa.Table.from_arrays(
            [pa.array(np.repeat(constant[:, k], counts)) for k in range(4)]
            + [body.column(name) for name in _BLOCK_COLUMNS],
            schema=OBSERVATIONS_SCHEMA,
        )
    ]


def observations(
    query: ObservationQuery, *, official_parts: Sequence[str] | None = None
) -> pa.Table:
    """Active observations of the districts' scopes and the official statistics."""
    districts = Q() if query.district_ids is None else Q(district_id__in=query.district_ids)
    own = _slices(districts & Q(district__isnull=False))
    official = _slices(Q(district__isnull=True))
    tables: list[pa.Table] = []
    if own:
        batch_ids = sorted({b for b, _ in own})
        tables += _decode_blocks(
            ObservationBlock.objects.filter(batch_id__in=batch_ids)
            .values_list("batch_id", "measure_id", "data")
            .iterator(chunk_size=200),
            own,
        )
    if official:
        rows = ObservationBlock.objects.filter(batch_id__in=sorted({b for b, _ in official}))
        if official_parts is not None:
            rows = rows.filter(part__in=official_parts)
        tables += _decode_blocks(
            rows.values_list("batch_id", "measure_id", "data").iterator(chunk_size=200), official
        )
    if not tables:
        return OBSERVATIONS_SCHEMA.empty_table()
    return pa.concat_tables(tables)


def scope_areas(district_ids: Iterable[int]) -> pa.Table:
    """Official areas each district scope includes: its Kreis and its Gemeinden (past ones
    too). Everything else the district compares with comes from the official scope."""
    from teilhabe.districts.models import District

    scope_ids: list[int] = []
    area_ids: list[int] = []
    kreise = dict(District.objects.filter(pk__in=list(district_ids)).values_list("pk", "kreis_id"))
    children: dict[int, list[int]] = {}
    for area_id, parent_id in Area.objects.filter(parent_id__in=list(kreise.values())).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(area_id)
    for district_id, kreis_id in kreise.items():
        members = [kreis_id, *children.get(kreis_id, [])]
        scope_ids += [district_id] * len(members)
        area_ids += members
    return pa.table(
        {"scope_id": pa.array(scope_ids, pa.int32()), "area_id": pa.array(area_ids, pa.int32())}
    )


def groups_table(district_ids: Iterable[int]) -> pa.Table:
    through = AreaGroup.members.through
    rows = list(
        through.objects.filter(areagroup__district_id__in=list(district_ids)).values_list(
            "areagroup__district_id", "areagroup_id", "area_id"
        )
    )
    return pa.table(
        {
            "scope_id": pa.array([r[0] for r in rows], pa.int32()),
            "group_id": pa.array([r[1] for r in rows], pa.int32()),
            "member_id": pa.array([r[2] for r in rows], pa.int32()),
        }
    )


def thresholds_table(district_ids: Iterable[int]) -> pa.Table:
    rows = list(
        MonitoringSettings.objects.filter(district_id__in=list(district_ids)).values_list(
            "district_id", "min_count", "min_denominator"
        )
    )
    rows.append(
        (
            OFFICIAL,
            settings.TEILHABE_MONITORING_MIN_COUNT,
            settings.TEILHABE_MONITORING_MIN_DENOMINATOR,
        )
    )
    return pa.table(
        {
            "scope_id": pa.array([r[0] for r in rows], pa.int32()),
            "min_count": pa.array([r[1] for r in rows], pa.int32()),
            "min_den": pa.array([r[2] for r in rows], pa.int32()),
        }
    )


def official_parts_of(district_ids: Iterable[int]) -> list[str]:
    """The parts of the official blocks that hold the areas of these districts' scopes
    (``scope_areas``): their Kreise (``upper``) and their Kreise's Gemeinden."""
    from teilhabe.districts.models import District

    kreise = District.objects.filter(pk__in=list(district_ids)).values("kreis_id")
    codes = Area.objects.filter(pk__in=kreise).values_list("code", flat=True)
    return [UPPER_PART, *sorted(set(codes))]


def engine_inputs(
    district_ids: list[int], *, all_districts: bool = False, official: bool = True
) -> Inputs:
    """The engine's inputs for the scopes of ``district_ids`` (and the official scope
    when ``official``). A district scope uses only the official rows of its own areas,
    so without the official scope only their blocks are read and decoded (an
    incremental recompute of one district no longer reads every Gemeinde of Germany)."""
    query = ObservationQuery(None if all_districts else district_ids)
    parts = None if official or all_districts else official_parts_of(district_ids)
    return Inputs(
        observations=observations(query, official_parts=parts),
        areas=areas_table(),
        periods=periods_table(),
        scope_areas=scope_areas(district_ids),
        groups=groups_table(district_ids),
        thresholds=thresholds_table(district_ids),
    )


def split_by_part(values: pa.Table) -> list[tuple[int, str, pa.Table]]:
    """Cut a result sorted by (scope, part) into (scope, part, rows) without copying."""
    n = values.num_rows
    if n == 0:
        return []
    scopes = values.column("scope_id").to_numpy()
    parts = pc.dictionary_encode(values.column("part")).combine_chunks()
    part_index = parts.indices.to_numpy()
    change = np.flatnonzero((np.diff(scopes) != 0) | (np.diff(part_index) != 0)) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [n]])
    dictionary = parts.dictionary.to_pylist()
    body = values.drop_columns(["scope_id", "part"])
    return [
        (int(scopes[s]), str(dictionary[part_index[s]]), body.slice(int(s), int(e - s)))
        for s, e in zip(starts, ends, strict=True)
    ]


# --- reading computed values ----------------------------------------------------------------

_cache_lock = threading.Lock()
_cache: OrderedDict[UUID, pa.Table] = OrderedDict()
_cache_bytes = 0


def _cache_get(block_id: UUID) -> pa.Table | None:
    with _cache_lock:
        table = _cache.get(block_id)
        if table is not None:
            _cache.move_to_end(block_id)
        return table


def _cache_put(block_id: UUID, table: pa.Table) -> None:
    global _cache_bytes
    limit = settings.TEILHABE_MONITORING_CACHE_MB * 1024 * 1024
    with _cache_lock:
        if block_id in _cache:
            return
        _cache[block_id] = table
        _cache_bytes += table.nbytes
        while _cache_bytes > limit and len(_cache) > 1:
            _, old = _cache.popitem(last=False)
            _cache_bytes -= old.nbytes


def value_blocks(*, district_id: int | None, parts: Sequence[str] | None = None) -> pa.Table:
    """Current computed values of one scope (optionally only some parts). Blocks are
    immutable, so decoded blocks are kept in a per-process cache by their token."""
    rows = (
        ValueBlock.objects.filter(district_id=district_id)
        if district_id is not None
        else ValueBlock.objects.filter(district__isnull=True)
    )
    if parts is not None:
        rows = rows.filter(part__in=list(parts))
    tokens = list(rows.values_list("token", flat=True))
    tables: list[pa.Table] = []
    missing = []
    for token in tokens:
        cached = _cache_get(token)
        if cached is None:
            missing.append(token)
        else:
            tables.append(cached)
    if missing:
        for token, data in ValueBlock.objects.filter(token__in=missing).values_list(
            "token", "data"
        ):
            table = blocks.decode(data)
            _cache_put(token, table)
            tables.append(table)
    if not tables:
        return blocks.VALUE_SCHEMA.empty_table()
    return pa.concat_tables(tables)


def pages_stamp(district_id: int) -> tuple[object, ...]:
    """What the pages of a district show changes whenever this does: the computed values
    (own, official), published values, definitions, hidden indicators, the settings and
    the groups of areas (count and highest id each, so that removing one counts too).
    One query: every page asks for it before it takes its pages from the cache."""
    from django.db import connection

    from teilhabe.monitoring.models import (
        AreaGroup,
        IndicatorHidden,
        IndicatorVersion,
        MonitoringSettings,
        PublishedValues,
    )

    blocks_table = ValueBlock._meta.db_table
    hidden = IndicatorHidden._meta.db_table
    groups = AreaGroup._meta.db_table
    sql = f"""
        SELECT (SELECT max(run_id) FROM {blocks_table} WHERE district_id = %s),
               (SELECT max(run_id) FROM {blocks_table} WHERE district_id IS NULL),
               (SELECT max(id) FROM {PublishedValues._meta.db_table}),
               (SELECT max(id) FROM {IndicatorVersion._meta.db_table}),
               (SELECT count(*) FROM {hidden} WHERE district_id = %s),
               (SELECT max(id) FROM {hidden} WHERE district_id = %s),
               (SELECT max(updated_at) FROM {MonitoringSettings._meta.db_table}
                WHERE district_id = %s),
               (SELECT count(*) FROM {groups} WHERE district_id = %s),
               (SELECT max(id) FROM {groups} WHERE district_id = %s)
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [district_id] * 6)
        row = cursor.fetchone()
    return tuple(row)


def parts_for_kreis(kreis_code: str) -> list[str]:
    return [UPPER_PART, kreis_code, GROUPS_PART]
