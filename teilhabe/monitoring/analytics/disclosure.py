"""Statistical disclosure control on computed values (§ 16 BStatG practice).

Every indicator value rests on two counts, the numerator N and the denominator D. Both
are protected; a rate is shown only when both are shown and the base is large enough.

* **Primary suppression**: a count from 1 to below the district's threshold (default 3)
  is hidden. A rate whose base D is below the minimum (default 20) is hidden, and so is
  its N (with D shown, N and the rate would give each other away). Counts the source
  suppressed (``.``, ``/``) stay hidden, whatever happens later.
* **Secondary suppression**: a published table has linear relations — the total of an
  area equals the sum of its breakdown cells (per category), a larger area equals the
  sum of its parts, a group the sum of its members. A hidden cell must not be
  recoverable by differencing. Cells are hidden in addition until (a) no relation has
  exactly one hidden cell and (b) an exact check finds no hidden cell determined by the
  published ones: a cell is determined exactly when its unit vector lies in the row
  space of the relations restricted to hidden cells (checked with a batched SVD).
  Extra cells are chosen among the parts before the totals, smallest first.

The table unit is (scope, indicator version, year, N or D): every page, export, report
and API answer shows a subset of one unit's cells, so no answer reveals more than the
whole unit would.

Works on a DuckDB connection holding ``raw`` (see ``engine``), ``ay`` (areas per year),
``areas_in``, ``groups_in`` and ``thresholds_in``; leaves the result as the view ``protected``.
"""

from __future__ import annotations

import operator
import time
from concurrent.futures import ThreadPoolExecutor

import duckdb
import numpy as np
import pyarrow as pa

from . import suppression
from .flags import Status

__all__ = ["determined_cells", "protect"]

_MAX_ROUNDS = 50
_TOLERANCE = 1e-9

#: What the last :func:`protect` did (rounds, seconds, sizes), for benchmarks and logs.
STATS: dict[str, float] = {}


def _cells(con: duckdb.DuckDBPyConnection, default_min_count: int, default_min_den: int) -> None:
    source, missing = int(Status.SOURCE), int(Status.MISSING)
    small, primary = int(Status.SMALL_BASE), int(Status.PRIMARY)
    con.execute(
        f"""
        -- the primary status of the numerator (ns0) and the denominator (ds0); a view,
        -- not a copy of every value: its few reads recompute it more cheaply
        CREATE OR REPLACE TEMP VIEW raw2 AS
        SELECT r.*,
               CASE WHEN r.num IS NULL THEN CASE WHEN r.num_source THEN {source} ELSE {missing} END
                    WHEN r.has_den AND r.den IS NOT NULL AND r.den < r.md THEN {small}
                    WHEN r.num > 0 AND r.num < r.mc THEN {primary}
                    ELSE 0 END AS ns0,
               CASE WHEN NOT r.has_den THEN 0
                    WHEN r.den IS NULL THEN CASE WHEN r.den_source THEN {source} ELSE {missing} END
                    WHEN r.den > 0 AND r.den < r.mc THEN {primary}
                    ELSE 0 END AS ds0
        FROM (
            SELECT r.*, (r.num IS NULL AND r.pub IS NOT NULL) AS pub_only,
                   coalesce(th.min_count, {int(default_min_count)}) AS mc,
                   coalesce(th.min_den, {int(default_min_den)}) AS md,
                   r.rowid AS rid  -- stable: ``raw`` is not changed any more
            FROM raw r LEFT JOIN thresholds_in th ON r.scope_id = th.scope_id
        ) r;

        -- the cells (numerators and denominators), read by ``suppression.load``
        CREATE OR REPLACE TEMP VIEW cells AS
        SELECT r.rid * 2 AS cid, r.rid, 0 AS part,
               hash(r.scope_id, r.version_id, r.year, 0) AS unit,
               r.scope_id, r.area_id, r.year, r.bcat, r.opt, r.num AS x, r.ns0 AS status
        FROM raw2 r
        UNION ALL
        SELECT r.rid * 2 + 1, r.rid, 1, hash(r.scope_id, r.version_id, r.year, 1),
               r.scope_id, r.area_id, r.year, r.bcat, r.opt, r.den, r.ds0
        FROM raw2 r WHERE r.has_den;
        """
    )


def determined_cells(
    units: np.ndarray, rows: np.ndarray, cols: np.ndarray, coefs: np.ndarray
) -> np.ndarray:
    """Which hidden cells the published cells determine.

    The arguments describe sparse matrices, one per unit: entry (row, col) = coef, where a
    row is a relation and a column a hidden cell (both numbered from 0 within the unit).
    Returns a boolean array over the distinct (unit, col) pairs in the order of
    ``np.unique`` of ``units * 2**20 + cols``: True where the cell's value follows from the
    relations (its unit vector lies in the row space).
    """
    keys = units.astype(np.int64) * (1 << 20) + cols.astype(np.int64)
    cells = np.unique(keys)
    result = np.zeros(len(cells), dtype=bool)
    if len(cells) == 0:
        return result
    unit_ids, unit_index = np.unique(units, return_inverse=True)
    cell_unit = np.searchsorted(unit_ids, cells >> 20)
    cell_cols = cells & ((1 << 20) - 1)
    n_rows = np.zeros(len(unit_ids), dtype=np.int64)
    n_cols = np.zeros(len(unit_ids), dtype=np.int64)
    np.maximum.at(n_rows, unit_index, rows + 1)
    np.maximum.at(n_cols, unit_index, cols + 1)
    # Bucket units by size so that one batched SVD handles many small matrices.
    sizes = np.maximum(n_rows, n_cols)
    buckets = np.minimum(np.ceil(np.log2(np.maximum(sizes, 1))).astype(np.int64), 16)
    for bucket in np.unique(buckets):
        members = np.flatnonzero(buckets == bucket)
        r_max = int(n_rows[members].max())
        c_max = int(n_cols[members].max())
        position = np.full(len(unit_ids), -1, dtype=np.int64)
        position[members] = np.arange(len(members))
        entries = position[unit_index] >= 0
        stack = np.zeros((len(members), max(r_max, c_max), c_max))
        np.add.at(
            stack,
            (position[unit_index[entries]], rows[entries], cols[entries]),
            coefs[entries],
        )
        _, singular, vt = np.linalg.svd(stack, full_matrices=True)
        size = stack.shape[1]
        # Right singular vectors beyond the rank span the null space.
        tolerance = _TOLERANCE * max(1.0, float(np.abs(stack).max(initial=1.0))) * size
        rank_mask = np.zeros((len(members), c_max), dtype=bool)
        rank_mask[:, : singular.shape[1]] = singular > tolerance
        null_mask = ~rank_mask  # (units, c_max): which rows of vt are null-space vectors
        null_weight = np.einsum("uk,ukj->uj", null_mask.astype(float), vt**2)
        determined = null_weight < 1e-12  # (units, c_max)
        cell_pos = position[cell_unit]
        inside = cell_pos >= 0
        result[inside] = determined[cell_pos[inside], cell_cols[inside]]
    return result


def _local(units: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Number ``ids`` from 0 within each unit (units and ids as int64 arrays)."""
    pairs = np.unique(np.stack([units, ids], axis=1), axis=0, return_inverse=True)[1].ravel()
    order_units = np.unique(np.stack([units, ids], axis=1), axis=0)[:, 0]
    starts = np.searchsorted(order_units, order_units, side="left")
    return (pairs - starts[pairs]).astype(np.int64)


def _peel(
    units: np.ndarray, rids: np.ndarray, cids: np.ndarray, sensitive: np.ndarray
) -> np.ndarray:
    """Drop relations that hold a hidden, non-confidential cell found in no other
    relation: such a relation only defines that cell and tells nothing about the others.
    Returns a mask of the entries to keep (exact: it does not change what is determined
    among the confidential cells)."""
    keep = np.ones(len(cids), dtype=bool)
    while True:
        cells, inverse, counts = np.unique(cids[keep], return_inverse=True, return_counts=True)
        entry_sens = sensitive[keep]
        private = (counts[inverse] == 1) & ~entry_sens
        if not private.any():
            return keep
        dropped = np.unique(rids[keep][private])
        keep &= ~np.isin(rids, dropped)
        del cells


def bridges(
    heads: np.ndarray, tails: np.ndarray, n_nodes: int, products: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Bridges of an undirected multigraph (edges on no cycle), by an iterative Tarjan
    low-link search, linear in the size of the graph.

    Each edge is a variable in the relations of its two end nodes; ``products`` holds
    the product of its two coefficients (±1). When a component can be signed so that
    every edge has opposite coefficients at its ends (it is *balanced*), the relations
    are an incidence matrix and its null space is the cycle space: an edge is then
    determined exactly when it is a bridge. Returns (bridge, in an unbalanced component)
    per edge; callers check unbalanced components another way.
    """
    n_edges = len(heads)
    if n_edges == 0:
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
    parity = (products if products is not None else -np.ones(n_edges)).astype(np.int64).tolist()
    ends = np.concatenate([heads, tails])
    others = np.concatenate([tails, heads])
    edge_ids = np.concatenate([np.arange(n_edges), np.arange(n_edges)])
    order = np.argsort(ends, kind="stable")
    starts = np.searchsorted(ends[order], np.arange(n_nodes + 1))
    neighbour = others[order].tolist()
    via = edge_ids[order].tolist()
    start_of = starts.tolist()
    discovered = [-1] * n_nodes
    low = [0] * n_nodes
    sign = [0] * n_nodes
    component = [-1] * n_nodes
    unbalanced: list[bool] = []
    bridge = [False] * n_edges
    clock = 0
    for root in range(n_nodes):
        if discovered[root] != -1 or start_of[root] == start_of[root + 1]:
            continue
        label = len(unbalanced)
        unbalanced.append(False)
        discovered[root] = low[root] = clock
        sign[root] = 1
        component[root] = label
        clock += 1
        stack = [(root, -1, start_of[root])]
        while stack:
            node, parent_edge, position = stack[-1]
            if position < start_of[node + 1]:
                stack[-1] = (node, parent_edge, position + 1)
                edge = via[position]
                if edge == parent_edge:
                    continue
                nxt = neighbour[position]
                wanted = -sign[node] * parity[edge]
                if discovered[nxt] == -1:
                    discovered[nxt] = low[nxt] = clock
                    sign[nxt] = wanted
                    component[nxt] = label
                    clock += 1
                    stack.append((nxt, edge, start_of[nxt]))
                else:
                    if sign[nxt] != wanted:
                        unbalanced[label] = True
                    if discovered[nxt] < low[node]:
                        low[node] = discovered[nxt]
            else:
                stack.pop()
                if stack:
                    up = stack[-1][0]
                    if low[node] < low[up]:
                        low[up] = low[node]
                    if low[node] > discovered[up]:
                        bridge[parent_edge] = True
    heads_list = heads.tolist()
    return np.array(bridge, dtype=bool), np.array(
        [unbalanced[component[h]] for h in heads_list], dtype=bool
    )


def _determined_by_graph(
    units: np.ndarray, rids: np.ndarray, cids: np.ndarray, coefs: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For units where every hidden cell lies in at most two relations, the relations form a
    graph (cells are edges, relations nodes; a cell in one relation only is an edge to a
    ground node of its unit, where nothing is constrained). In balanced components a cell
    is determined exactly when it is a bridge. Returns (cells, determined, unresolved):
    unresolved cells lie in unbalanced components and need the general check."""
    order = np.lexsort((rids, cids))
    cids_s, rids_s, coefs_s, units_s = cids[order], rids[order], coefs[order], units[order]
    cells, offsets, counts = np.unique(cids_s, return_index=True, return_counts=True)
    nodes, node_index = np.unique(rids_s, return_inverse=True)
    unit_ids, unit_index = np.unique(units_s[offsets], return_inverse=True)
    ground = len(nodes) + unit_index
    second = np.minimum(offsets + 1, len(order) - 1)
    heads = node_index[offsets].astype(np.int64)
    pair = counts == 2
    tails = np.where(pair, node_index[second], ground).astype(np.int64)
    products = np.where(pair, coefs_s[offsets] * coefs_s[second], -1.0)
    determined, unbalanced = bridges(heads, tails, len(nodes) + len(unit_ids), products)
    return cells, determined, unbalanced


def _audit(t: suppression.Cells, stats: dict[str, float]) -> int:
    """Find hidden cells the published cells determine; hide one more cell next to each.
    Only units changed since the last check are checked again."""
    touched_units = np.zeros(len(t.unit_hash), dtype=bool)
    touched_units[t.unit[t.touched]] = True
    t.touched[:] = False
    # the relations with a confidential cell of a touched unit, and their hidden cells
    checked = np.zeros(len(t.rel_kind), dtype=bool)
    checked[t.e_rel[t.sens[t.e_cell] & touched_units[t.unit[t.e_cell]]]] = True
    entries = np.flatnonzero(checked[t.e_rel] & t.h[t.e_cell])
    if len(entries) == 0:
        return 0
    cell_index = t.e_cell[entries]
    unit_codes = t.unit[cell_index]
    units = np.unique(unit_codes, return_inverse=True)[1].ravel().astype(np.int64)
    unit_codes_kept = unit_codes
    rids = t.e_rel[entries]
    cids = t.cid[cell_index]
    coefs = t.e_coef[entries].astype(np.float64)
    sensitive = t.sens[cell_index]
    stats["audit_entries"] = stats.get("audit_entries", 0) + len(units)
    keep = _peel(units, rids, cids, sensitive)
    units, rids, cids, coefs, sensitive = (
        units[keep],
        rids[keep],
        cids[keep],
        coefs[keep],
        sensitive[keep],
    )
    unit_codes_kept = unit_codes_kept[keep]
    if len(units) == 0:
        return 0
    # Units whose hidden cells lie in at most two relations are graphs: bridges tell
    # exactly which cells are determined. The others go through the batched SVD.
    _, cell_inverse, cell_counts = np.unique(cids, return_inverse=True, return_counts=True)
    per_entry = cell_counts[cell_inverse]
    unit_ids, unit_inverse = np.unique(units, return_inverse=True)
    unit_max = np.zeros(len(unit_ids), dtype=np.int64)
    np.maximum.at(unit_max, unit_inverse, per_entry)
    graph = unit_max[unit_inverse] <= 2
    sens_of = dict(zip(cids.tolist(), sensitive.tolist(), strict=False))
    bad_cells: list[int] = []
    mark = time.perf_counter()
    if graph.any():
        cells, determined, unresolved = _determined_by_graph(
            units[graph], rids[graph], cids[graph], coefs[graph]
        )
        bad_cells += [int(c) for c in cells[determined & ~unresolved] if sens_of.get(int(c))]
        if unresolved.any():  # unbalanced components: their units take the general check
            odd_units = np.unique(units[np.isin(cids, cells[unresolved])])
            graph &= ~np.isin(units, odd_units)
    stats["graph_s"] = stats.get("graph_s", 0) + time.perf_counter() - mark
    stats["graph_units"] = stats.get("graph_units", 0) + len(np.unique(units[graph]))
    rest = ~graph
    if rest.any():
        by_construction = suppression.safe_units(t)[unit_codes_kept]
        stats["safe_units"] = stats.get("safe_units", 0) + len(
            np.unique(units[rest & by_construction])
        )
        rest &= ~by_construction
    if rest.any():
        u, r, k, c = units[rest], rids[rest], cids[rest], coefs[rest]
        rid_codes = np.unique(r, return_inverse=True)[1].astype(np.int64)
        rows = _local(u, rid_codes)
        cols = _local(u, k)
        mark = time.perf_counter()
        determined = determined_cells(u, rows, cols, c)
        stats["svd_s"] = stats.get("svd_s", 0) + time.perf_counter() - mark
        stats["svd_units"] = stats.get("svd_units", 0) + len(np.unique(u))
        keys = u * (1 << 20) + cols
        _, first = np.unique(keys, return_index=True)
        bad_cells += [int(x) for x in k[first][determined] if sens_of.get(int(x))]
    bad = np.array(sorted(set(bad_cells)), dtype=np.int64)
    if len(bad) == 0:
        return 0
    return suppression.pick_next_to(t, t.lookup[bad])


def _secondary(
    table: pa.Table, structure: tuple[pa.Table, pa.Table]
) -> tuple[np.ndarray, dict[str, float]]:
    """Secondary suppression of one part of the units: the ids of the cells it hides, and
    what it did (``*_s`` seconds in this thread, rounds, counts)."""
    stats: dict[str, float] = {}
    mark = time.perf_counter()
    cells = suppression.build(table, *structure)
    stats["arrays_s"] = time.perf_counter() - mark
    for _ in range(_MAX_ROUNDS):
        mark = time.perf_counter()
        hidden = suppression.settle(cells, _MAX_ROUNDS * 4, stats)
        stats["greedy_hidden"] = stats.get("greedy_hidden", 0) + hidden
        stats["greedy_s"] = stats.get("greedy_s", 0) + time.perf_counter() - mark
        mark = time.perf_counter()
        found = _audit(cells, stats)
        stats["audit_s"] = stats.get("audit_s", 0) + time.perf_counter() - mark
        stats["audit_rounds"] = stats.get("audit_rounds", 0) + 1
        stats["audit_hidden"] = stats.get("audit_hidden", 0) + found
        if found == 0:
            break
    secondary_cids: np.ndarray = cells.cid[cells.status == int(Status.SECONDARY)]
    return secondary_cids, stats


def protect(
    con: duckdb.DuckDBPyConnection, *, default_min_count: int = 3, default_min_den: int = 20
) -> None:
    """Apply disclosure control to ``raw``; leave the result as the view ``protected``."""
    STATS.clear()
    mark = time.perf_counter()
    _cells(con, default_min_count, default_min_den)
    STATS["cells_s"] = time.perf_counter() - mark
    # Units are independent: with two threads (DuckDB's setting) their cells are read in
    # two parts, and the parts are settled in parallel (NumPy releases the interpreter
    # lock in its array operations). The result does not depend on the split.
    mark = time.perf_counter()
    threads = con.execute("SELECT current_setting('threads')").fetchall()
    parts = max(1, min(int(threads[0][0]) if threads else 1, 4))
    tables = suppression.read(con, parts)
    structure = suppression.structure(con)
    STATS["read_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    if parts == 1:
        done = [_secondary(tables[0], structure)]
    else:
        with ThreadPoolExecutor(max_workers=parts) as pool:
            done = list(pool.map(lambda table: _secondary(table, structure), tables))
    STATS["secondary_s"] = time.perf_counter() - mark
    for _, stats in done:
        for key, value in stats.items():
            merge = max if key.endswith("_rounds") else operator.add
            STATS[key] = merge(STATS.get(key, 0), value)
    secondary_cids = np.concatenate([cids for cids, _ in done])
    missing, secondary = int(Status.MISSING), int(Status.SECONDARY)
    # Only secondary suppression changed a cell's status after ``cells``: the rest of
    # the statuses are read from ``cells`` as they were.
    con.register("sec_in", pa.table({"cid": pa.array(secondary_cids, pa.int64())}))
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE sec AS SELECT cid FROM sec_in;

        -- a view: the result reads it once (not stored as a table)
        CREATE OR REPLACE TEMP VIEW protected AS
        WITH t AS (
            SELECT r.*,
                   CASE WHEN r.rid * 2 IN (SELECT cid FROM sec) THEN {secondary}
                        ELSE r.ns0 END AS ns,
                   CASE WHEN r.rid * 2 + 1 IN (SELECT cid FROM sec) THEN {secondary}
                        ELSE r.ds0 END AS ds
            FROM raw2 r
        )
        SELECT indicator_id, version_id, scope_id, area_id, year, bcat, opt,
               CASE WHEN ns = 0 THEN num END AS num,
               CASE WHEN has_den AND ds = 0 THEN den END AS den,
               CASE WHEN pub_only THEN pub
                    WHEN ns <> 0 OR (has_den AND ds <> 0) THEN NULL
                    WHEN has_den AND (den IS NULL OR den = 0) THEN NULL
                    WHEN has_den THEN num / den * factor
                    ELSE num * factor END AS value,
               fl,
               CASE WHEN pub_only THEN 0
                    WHEN ns <> 0 THEN ns
                    WHEN has_den AND ds <> 0 THEN ds
                    WHEN has_den AND (den IS NULL OR den = 0) THEN {missing}
                    ELSE 0 END AS status,
               CASE WHEN pub_only THEN {missing} ELSE ns END AS num_status,
               CASE WHEN has_den THEN ds ELSE {missing} END AS den_status
        FROM t
        """
    )
