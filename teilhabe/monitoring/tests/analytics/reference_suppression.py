# ruff: noqa: S608
"""The SQL implementation of secondary suppression the engine used before the array
implementation (``analytics.suppression``): kept here, unchanged, as the reference the
property tests compare the array implementation with. Works on the tables ``c`` and
``rel`` that ``disclosure._cells`` and ``relations`` below build; leaves the
secondary cells as ``status = SECONDARY`` in ``c``."""

from __future__ import annotations

import time

import duckdb
import numpy as np
import pyarrow as pa

from teilhabe.monitoring.analytics.disclosure import (
    _MAX_ROUNDS,
    STATS,
    _determined_by_graph,
    _local,
    _peel,
    determined_cells,
)
from teilhabe.monitoring.analytics.flags import Status


def relations(con: duckdb.DuckDBPyConnection) -> None:
    """The relations as the engine built them in SQL before ``suppression.load`` built
    them as arrays (the reference of ``test_suppression``). Relations of the units that have a hidden cell: (rid, cid, coef).

    ``h``: the cell's value is not published; ``sens``: it must not be worked out either
    (a value nobody has — missing data — is unknown but not confidential).
    """
    missing = int(Status.MISSING)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE hu AS SELECT DISTINCT unit FROM cells
        WHERE status NOT IN (0, {missing});
        CREATE OR REPLACE TEMP TABLE c AS
        SELECT cells.*, (cells.status <> 0) AS h,
               (cells.status NOT IN (0, {missing})) AS sens, TRUE AS touched,
               (cells.bcat = 0 OR cells.area_id < 0 OR coalesce(a.level, 'gemeinde') <> 'gemeinde')
                   AS margin
        FROM cells SEMI JOIN hu USING (unit)
        LEFT JOIN areas_in a ON cells.area_id = a.area_id;

        CREATE OR REPLACE TEMP TABLE rel AS
        WITH tot AS (SELECT unit, area_id, cid FROM c WHERE bcat = 0),
             opts AS (SELECT unit, area_id, bcat, cid FROM c WHERE bcat <> 0)
        -- (1) the total of an area is the sum of its options, per category
        SELECT hash(1, o.unit, o.area_id, o.bcat) AS rid, o.cid, 1 AS coef, 1 AS kind
        FROM opts o SEMI JOIN tot USING (unit, area_id)
        UNION ALL
        SELECT DISTINCT hash(1, o.unit, o.area_id, o.bcat), t.cid, -1, 1
        FROM opts o JOIN tot t USING (unit, area_id);

        INSERT INTO rel
        WITH ch AS (
            SELECT c.unit, ay.parent_id, c.year, c.bcat, c.opt, c.cid, ay.required
            FROM c JOIN ay ON c.area_id = ay.area_id AND c.year = ay.year
        ), expected AS (
            SELECT parent_id, year, count(*) AS n FROM ay WHERE required GROUP BY ALL
        ), present AS (
            SELECT unit, parent_id, year, bcat, opt, count(*) FILTER (WHERE required) AS nreq
            FROM ch GROUP BY ALL
        ), complete AS (
            SELECT p.unit, p.parent_id, p.bcat, p.opt, c.cid AS parent_cid
            FROM present p
            JOIN c ON c.unit = p.unit AND c.area_id = p.parent_id AND c.bcat = p.bcat AND c.opt = p.opt
            LEFT JOIN expected e ON e.parent_id = p.parent_id AND e.year = p.year
            WHERE p.nreq >= coalesce(e.n, 0)
        )
        -- (2) a larger area is the sum of its parts
        SELECT hash(2, k.unit, k.parent_id, k.bcat, k.opt), ch.cid, 1, 2
        FROM complete k JOIN ch ON ch.unit = k.unit AND ch.parent_id = k.parent_id
             AND ch.bcat = k.bcat AND ch.opt = k.opt
        UNION ALL
        SELECT hash(2, k.unit, k.parent_id, k.bcat, k.opt), k.parent_cid, -1, 2 FROM complete k;

        INSERT INTO rel
        WITH m AS (
            SELECT c.unit, g.group_id, c.bcat, c.opt, c.cid
            FROM c JOIN groups_in g ON c.scope_id = g.scope_id AND c.area_id = g.member_id
        ), gc AS (SELECT unit, -area_id AS group_id, bcat, opt, cid FROM c WHERE area_id < 0)
        -- (3) a group is the sum of its members
        SELECT hash(3, m.unit, m.group_id, m.bcat, m.opt), m.cid, 1, 3
        FROM m SEMI JOIN gc USING (unit, group_id, bcat, opt)
        UNION ALL
        SELECT hash(3, gc.unit, gc.group_id, gc.bcat, gc.opt), gc.cid, -1, 3
        FROM gc SEMI JOIN m USING (unit, group_id, bcat, opt);
        """
    )


def _settle(con: duckdb.DuckDBPyConnection) -> int:
    """Hide more cells until no relation has exactly one hidden confidential cell, every
    row with a hidden total is hidden in full, and no parent has exactly one such row.

    Incremental: each round looks only at the relations of cells changed in the round
    before. Extra cells are chosen among the parts before the totals, smallest first.
    Where an area's total is hidden, its whole row is hidden (every breakdown cell), and
    no parent keeps exactly one such row among its parts: then hidden rows can absorb any
    change of each other, so none of their cells can be worked out (``_safe_units``)."""
    secondary = int(Status.SECONDARY)
    hide = f"UPDATE c SET h = TRUE, sens = TRUE, touched = TRUE, status = {secondary}"
    con.execute("CREATE OR REPLACE TEMP TABLE dirty AS SELECT cid FROM c WHERE h")
    total = 0
    for _ in range(_MAX_ROUNDS * 4):
        STATS["greedy_rounds"] = STATS.get("greedy_rounds", 0) + 1
        changed: list[tuple[int]] = []
        changed += con.execute(
            f"""
            {hide}
            WHERE NOT h AND (unit, area_id) IN (
                SELECT unit, area_id FROM c SEMI JOIN dirty USING (cid) WHERE bcat = 0 AND sens
            )
            RETURNING cid
            """
        ).fetchall()
        # The working set of this round: the relations of the changed cells, with the
        # state of their cells (kept up to date below as cells are hidden).
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE dr AS SELECT DISTINCT rid FROM rel SEMI JOIN dirty USING (cid);
            CREATE OR REPLACE TEMP TABLE wr AS
            SELECT rel.rid, rel.cid, rel.kind, rel.coef, c.h, c.sens, c.x, c.area_id, c.bcat, c.opt,
                   c.margin
            FROM rel SEMI JOIN dr USING (rid) JOIN c USING (cid);
            """
        )
        if changed:
            con.register(
                "hidden_in", pa.table({"cid": pa.array([r[0] for r in changed], pa.int64())})
            )
            con.execute(
                "UPDATE wr SET h = TRUE, sens = TRUE WHERE cid IN (SELECT cid FROM hidden_in)"
            )
        lonely = con.execute(
            f"""
            WITH totals AS (
                SELECT rid, cid, h, x, area_id, bcat, opt FROM wr WHERE kind = 2 AND coef = 1 AND bcat = 0
            ), lonely AS (
                SELECT rid FROM totals GROUP BY rid
                HAVING count(*) FILTER (WHERE h) = 1 AND count(*) > 1
            ), choice AS (
                SELECT arg_min(t.cid, [(t.x = 0)::DOUBLE, t.x,
                                      t.area_id::DOUBLE, t.bcat::DOUBLE, t.opt::DOUBLE]) AS cid
                FROM totals t JOIN lonely USING (rid) WHERE NOT t.h AND t.x IS NOT NULL
                GROUP BY t.rid
            )
            {hide}
            WHERE cid IN (SELECT cid FROM choice) AND NOT h
            RETURNING cid
            """
        ).fetchall()
        if lonely:
            con.register(
                "hidden_in", pa.table({"cid": pa.array([r[0] for r in lonely], pa.int64())})
            )
            con.execute(
                "UPDATE wr SET h = TRUE, sens = TRUE WHERE cid IN (SELECT cid FROM hidden_in)"
            )
        changed += lonely
        changed += con.execute(
            f"""
            WITH single AS (
                SELECT rid FROM wr GROUP BY rid
                HAVING count(*) FILTER (WHERE h) = 1 AND count(*) FILTER (WHERE sens) = 1
            ), choice AS (
                SELECT arg_min(w.cid, [w.margin::DOUBLE, (w.x = 0)::DOUBLE, w.x,
                                      w.area_id::DOUBLE, w.bcat::DOUBLE, w.opt::DOUBLE]) AS cid
                FROM wr w SEMI JOIN single USING (rid)
                WHERE NOT w.h AND w.x IS NOT NULL
                GROUP BY w.rid
            )
            {hide}
            WHERE cid IN (SELECT cid FROM choice) AND NOT h
            RETURNING cid
            """
        ).fetchall()
        if not changed:
            break
        total += len(changed)
        con.register("changed_in", pa.table({"cid": pa.array([r[0] for r in changed], pa.int64())}))
        con.execute("CREATE OR REPLACE TEMP TABLE dirty AS SELECT DISTINCT cid FROM changed_in")
    return total


def _safe_units(con: duckdb.DuckDBPyConnection) -> set[int]:
    """Units (hash ids) whose hidden cells are safe by construction: two levels only (no
    group, no area that is both a part and a parent), every row with a hidden total
    hidden in full, and no parent with exactly one such row among its parts. Changing one
    hidden full row by any vector that keeps its own totals and breakdowns consistent,
    and another by the opposite vector, keeps every published relation — so every cell
    of such rows is free; the other hidden cells (each paired in its row by the greedy
    step, a parent's too) are balanced through them. The property tests check this
    against exact linear algebra."""
    rows = con.execute(
        """
        WITH per_cell AS (
            SELECT rel.cid, count(*) FILTER (WHERE rel.kind = 2) AS k2,
                   bool_or(rel.kind = 2 AND rel.coef = -1) AS is_parent,
                   bool_or(rel.kind = 3) AS in_group
            FROM rel GROUP BY rel.cid
        ), flags AS (
            SELECT c.unit,
                   bool_or(pc.in_group) AS grouped,
                   bool_or(pc.k2 > 1) AS three_levels,
                   bool_or(c.h AND pc.is_parent) AS hidden_parent,
                   bool_or(c.bcat = 0 AND c.h) AS hidden_total
            FROM c JOIN per_cell pc USING (cid) GROUP BY c.unit
        ), partial AS (
            SELECT DISTINCT c.unit FROM c
            WHERE NOT c.h AND (c.unit, c.area_id) IN (SELECT unit, area_id FROM c WHERE bcat = 0 AND h)
        ), lonely AS (
            SELECT DISTINCT c.unit FROM rel JOIN c USING (cid)
            WHERE rel.kind = 2 AND rel.coef = 1 AND c.bcat = 0
            GROUP BY c.unit, rel.rid HAVING count(*) FILTER (WHERE c.h) = 1
        )
        SELECT f.unit FROM flags f
        WHERE NOT f.grouped AND NOT f.three_levels AND f.hidden_total
          AND f.unit NOT IN (SELECT unit FROM partial) AND f.unit NOT IN (SELECT unit FROM lonely)
        """
    ).fetchall()
    return {int(r[0]) for r in rows}


def _audit(con: duckdb.DuckDBPyConnection) -> int:
    """Find hidden cells the published cells determine; hide one more cell next to each.
    Only units changed since the last check are checked again."""
    frame = con.sql(
        """
        WITH tu AS (SELECT DISTINCT unit FROM c WHERE touched),
        hr AS (
            SELECT DISTINCT rel.rid FROM rel JOIN c USING (cid) SEMI JOIN tu USING (unit) WHERE c.sens
        ), entries AS (
            SELECT c.unit, rel.rid, rel.cid, rel.coef, c.sens
            FROM rel JOIN hr USING (rid) JOIN c USING (cid) WHERE c.h
        )
        SELECT dense_rank() OVER (ORDER BY unit) - 1 AS u, unit AS unit_hash, rid, cid,
               coef::DOUBLE AS coef, sens
        FROM entries
        """
    ).to_arrow_table()
    con.execute("UPDATE c SET touched = FALSE WHERE touched")
    if frame.num_rows == 0:
        return 0
    units = frame.column("u").to_numpy().astype(np.int64)
    unit_hashes = frame.column("unit_hash").to_numpy()
    rids = frame.column("rid").to_numpy()
    cids = frame.column("cid").to_numpy().astype(np.int64)
    coefs = frame.column("coef").to_numpy()
    sensitive = frame.column("sens").to_numpy(zero_copy_only=False)
    STATS["audit_entries"] = STATS.get("audit_entries", 0) + len(units)
    keep = _peel(units, rids, cids, sensitive)
    units, rids, cids, coefs, sensitive = (
        units[keep],
        rids[keep],
        cids[keep],
        coefs[keep],
        sensitive[keep],
    )
    unit_hashes = unit_hashes[keep]
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
    STATS["graph_s"] = STATS.get("graph_s", 0) + time.perf_counter() - mark
    STATS["graph_units"] = STATS.get("graph_units", 0) + len(np.unique(units[graph]))
    rest = ~graph
    if rest.any():
        safe = _safe_units(con)
        if safe:
            by_construction = np.isin(unit_hashes, np.array(sorted(safe), dtype=unit_hashes.dtype))
            STATS["safe_units"] = STATS.get("safe_units", 0) + len(
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
        STATS["svd_s"] = STATS.get("svd_s", 0) + time.perf_counter() - mark
        STATS["svd_units"] = STATS.get("svd_units", 0) + len(np.unique(u))
        keys = u * (1 << 20) + cols
        _, first = np.unique(keys, return_index=True)
        bad_cells += [int(x) for x in k[first][determined] if sens_of.get(int(x))]
    bad = np.array(sorted(set(bad_cells)), dtype=np.int64)
    if len(bad) == 0:
        return 0
    con.register("bad_in", pa.table({"cid": pa.array(bad, pa.int64())}))
    secondary = int(Status.SECONDARY)
    picked = con.execute(
        f"""
        WITH rels AS (SELECT DISTINCT rid FROM rel SEMI JOIN bad_in USING (cid)),
        choice AS (
            SELECT arg_min(c.cid, [c.margin::DOUBLE, (c.x = 0)::DOUBLE, c.x,
                                  c.area_id::DOUBLE, c.bcat::DOUBLE, c.opt::DOUBLE]) AS cid
            FROM rel JOIN rels USING (rid) JOIN c USING (cid)
            WHERE NOT c.h AND c.x IS NOT NULL
            GROUP BY rel.rid
        )
        UPDATE c SET h = TRUE, sens = TRUE, touched = TRUE, status = {secondary}
        WHERE cid IN (SELECT cid FROM choice) AND NOT h
        """
    ).fetchone()
    changed = int(picked[0]) if picked else 0
    if changed == 0:
        # No visible cell left next to a determined one: hide its whole unit's relations.
        con.execute(
            f"""
            UPDATE c SET h = TRUE, sens = TRUE, touched = TRUE, status = {secondary}
            WHERE NOT h AND cid IN (
                SELECT rel.cid FROM rel WHERE rid IN (SELECT rid FROM rel SEMI JOIN bad_in USING (cid))
            )
            """
        )
    return max(changed, 1)


def settle_and_audit(con: duckdb.DuckDBPyConnection) -> None:
    """The greedy rounds and the exact audit, in SQL, until the audit finds nothing."""
    for _ in range(_MAX_ROUNDS):
        mark = time.perf_counter()
        STATS["greedy_hidden"] = STATS.get("greedy_hidden", 0) + _settle(con)
        STATS["greedy_s"] = STATS.get("greedy_s", 0) + time.perf_counter() - mark
        mark = time.perf_counter()
        found = _audit(con)
        STATS["audit_s"] = STATS.get("audit_s", 0) + time.perf_counter() - mark
        STATS["audit_rounds"] = STATS.get("audit_rounds", 0) + 1
        STATS["audit_hidden"] = STATS.get("audit_hidden", 0) + found
        if found == 0:
            break
