"""Secondary suppression on arrays: the cells and relations of ``disclosure`` loaded once
into NumPy (relations → cells and cells → relations as CSR index arrays, rows of a unit
likewise), then the greedy rounds and the picking after the exact audit touch only the
cells and relations that changed, instead of SQL UPDATEs and joins over every cell.

The rules and the choice are those of the SQL implementation this replaced (kept as the
reference of the property tests in ``tests/analytics/reference_suppression.py``): parts
before totals, smallest first, ties by area, breakdown category and option.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .flags import Status

__all__ = ["Cells", "build", "load", "pick_next_to", "read", "safe_units", "settle", "structure"]

_SECONDARY = int(Status.SECONDARY)


def _csr(groups: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """(pointers, members): the members of group g are ``members[ptr[g]:ptr[g + 1]]``."""
    members = np.argsort(groups, kind="stable")
    ptr = np.zeros(n_groups + 1, dtype=np.int64)
    np.cumsum(np.bincount(groups, minlength=n_groups), out=ptr[1:])
    return ptr, members


def _gather(ptr: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the members of ``groups`` and, for each, which of ``groups`` it is in
    (an index into ``groups``)."""
    starts = ptr[groups]
    lengths = ptr[groups + 1] - starts
    owner = np.repeat(np.arange(len(groups)), lengths)
    offsets = np.cumsum(lengths) - lengths
    positions = starts[owner] + np.arange(int(lengths.sum())) - offsets[owner]
    return positions, owner


@dataclass
class Cells:
    """The cells of the units with a hidden cell (ordered by unit and area, so that the
    cells of a row — one area in one unit — are a run) and their relations.

    ``lookup`` maps a cell id to its index; ``unit`` numbers the units in the order of
    their hash; relation ``r`` (numbered in the order of its hash) holds the entries
    ``rel_ptr[r]:rel_ptr[r + 1]`` of ``e_rel``/``e_cell``/``e_coef``; ``cell_ptr`` with
    ``cell_entries`` lists the entries of each cell; ``row_ptr`` the cells of each row.
    ``h``: hidden; ``sens``: confidential; ``touched``: changed since the last audit."""

    cid: np.ndarray
    lookup: np.ndarray
    unit: np.ndarray
    unit_hash: np.ndarray
    area: np.ndarray
    bcat: np.ndarray
    opt: np.ndarray
    x: np.ndarray
    known: np.ndarray
    margin: np.ndarray
    h: np.ndarray
    sens: np.ndarray
    touched: np.ndarray
    status: np.ndarray
    row_of: np.ndarray
    row_ptr: np.ndarray
    row_cells: np.ndarray
    e_rel: np.ndarray
    e_cell: np.ndarray
    e_coef: np.ndarray
    rel_ptr: np.ndarray
    rel_kind: np.ndarray
    cell_ptr: np.ndarray
    cell_entries: np.ndarray

    def hide(self, cells: np.ndarray) -> None:
        self.h[cells] = True
        self.sens[cells] = True
        self.touched[cells] = True
        self.status[cells] = _SECONDARY

    def choose(self, owner: np.ndarray, cells: np.ndarray, *, margin: bool) -> np.ndarray:
        """Per owner (relation), the first candidate by (margin cells last), zero last,
        smallest value, then area, breakdown category and option; distinct cells."""
        if len(cells) == 0:
            return cells
        x = self.x[cells]
        keys = [self.opt[cells], self.bcat[cells], self.area[cells], x, x == 0]
        if margin:
            keys.append(self.margin[cells])
        keys.append(owner)
        order = np.lexsort(keys)
        owners = owner[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = owners[1:] != owners[:-1]
        return np.unique(cells[order][first])


def _starts(*keys: np.ndarray) -> np.ndarray:
    """Where a new group begins in arrays sorted by ``keys``."""
    new = np.ones(len(keys[0]), dtype=bool)
    if len(new):
        new[1:] = np.logical_or.reduce([key[1:] != key[:-1] for key in keys])
    return new


def _codes(*keys: np.ndarray) -> np.ndarray:
    """Dense codes of the tuples ``keys`` (equal tuples, equal codes; in sorted order)."""
    if len(keys[0]) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort(keys[::-1])
    codes = np.empty(len(order), dtype=np.int64)
    codes[order] = np.cumsum(_starts(*[key[order] for key in keys]), dtype=np.int64) - 1
    return codes


def _dense(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Codes 0…k-1 of the distinct ``values`` in sorted order, and k (small ids: counted)."""
    if len(values) and values.min() >= 0 and values.max() < 1 << 24:
        present = np.bincount(values) > 0
        codes = np.cumsum(present) - 1
        return codes[values], int(present.sum())
    distinct, inverse = np.unique(values, return_inverse=True)
    return inverse.ravel().astype(np.int64), len(distinct)


def _marked(indices: np.ndarray, n: int) -> np.ndarray:
    """The distinct ``indices`` (each below ``n``), ascending."""
    mark = np.zeros(n, dtype=bool)
    mark[indices] = True
    return np.flatnonzero(mark)


def _find(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Index of each of ``keys`` in ``sorted_keys`` (distinct, ascending), or -1."""
    if len(sorted_keys) == 0:
        return np.full(len(keys), -1, dtype=np.int64)
    index = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.where(sorted_keys[index] == keys, index, -1).astype(np.int64)


def _relations(
    ay: pa.Table,
    groups: pa.Table,
    unit: np.ndarray,
    scope: np.ndarray,
    area: np.ndarray,
    year: np.ndarray,
    bcat: np.ndarray,
    opt: np.ndarray,
    row_of: np.ndarray,
    row_ptr: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The linear relations among the cells (sorted by unit, area), as entries sorted by
    relation: (relation, cell, coefficient) and the kind of each relation; see
    ``disclosure``. A relation is keyed by the cell it adds up to (the parent's or the
    group's cell; for a breakdown, the area's total and the breakdown category)."""
    n = len(unit)
    cell_index = np.arange(n, dtype=np.int64)
    # A cell is found by its row (unit, area; rows are numbered in sorted order) and its
    # breakdown cell (category, option).
    bcat_code, n_bcats = _dense(bcat)
    opt_code, n_opts = _dense(opt)
    bo = bcat_code * n_opts + opt_code
    n_bo = n_bcats * n_opts
    cell_key = row_of * n_bo + bo
    if np.all(cell_key[1:] > cell_key[:-1]):  # as ``load`` sorts them
        by_key, sorted_cell_keys = cell_index, cell_key
    else:
        by_key = np.argsort(cell_key, kind="stable")
        sorted_cell_keys = cell_key[by_key]
    first = row_ptr[:-1]
    row_unit, row_area, row_year = unit[first], area[first], year[first]
    areas = np.unique(row_area)
    row_key = row_unit * len(areas) + np.searchsorted(areas, row_area)

    def row_of_area(units: np.ndarray, wanted: np.ndarray) -> np.ndarray:
        """The row of each (unit, area), or -1."""
        if len(areas) == 0:
            return np.full(len(units), -1, dtype=np.int64)
        code = np.minimum(np.searchsorted(areas, wanted), len(areas) - 1)
        found = _find(row_key, units * len(areas) + code)
        return np.where(areas[code] == wanted, found, -1)

    def cell_at(rows: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """The cell of each (row, breakdown cell), or -1."""
        found = _find(sorted_cell_keys, rows * n_bo + codes)
        return np.where((rows >= 0) & (found >= 0), by_key[np.maximum(found, 0)], -1)

    # Entries (relation key, cell, coefficient); the key space of each kind apart.
    keys: list[np.ndarray] = []
    cells: list[np.ndarray] = []
    coefs: list[np.ndarray] = []

    def add(key: np.ndarray, members: np.ndarray, coef: int) -> None:
        keys.append(key)
        cells.append(members)
        coefs.append(np.full(len(members), coef, dtype=np.int64))

    # (1) the total of an area is the sum of its options, per category
    total_of_row = np.full(len(first), -1, dtype=np.int64)
    is_total = bcat == 0
    total_of_row[row_of[is_total]] = cell_index[is_total]
    options = np.flatnonzero(~is_total & (total_of_row[row_of] >= 0))
    key = total_of_row[row_of[options]] * n_bcats + bcat_code[options]
    add(key, options, 1)
    totals = _marked(key, n * n_bcats)
    add(totals, totals // max(n_bcats, 1), -1)
    base = n * n_bcats

    # (2) a larger area is the sum of its parts, where every inhabited part is present
    def ay_column(name: str, dtype: type) -> np.ndarray:
        values = pc.fill_null(ay.column(name), False) if dtype is bool else ay.column(name)
        result: np.ndarray = values.to_numpy(zero_copy_only=False).astype(dtype)
        return result

    ay_area, ay_parent = ay_column("area_id", np.int64), ay_column("parent_id", np.int64)
    ay_required, ay_year = ay_column("required", bool), ay_column("year", np.int64)
    both = _codes(np.concatenate([row_area, ay_area]), np.concatenate([row_year, ay_year]))
    ay_of_code = np.full(int(both.max(initial=-1)) + 1, -1, dtype=np.int64)
    ay_of_code[both[len(first) :]] = np.arange(len(ay_area))
    row_ay = ay_of_code[both[: len(first)]]
    expected_code = _codes(ay_parent, ay_year)
    expected = np.bincount(expected_code, weights=ay_required, minlength=len(ay_area))
    has_parent = row_ay >= 0
    parent_row = np.full(len(first), -1, dtype=np.int64)
    parent_row[has_parent] = row_of_area(row_unit[has_parent], ay_parent[row_ay[has_parent]])
    required = np.zeros(len(first), dtype=bool)
    required[has_parent] = ay_required[row_ay[has_parent]]
    need = np.zeros(len(first))
    need[has_parent] = expected[expected_code[row_ay[has_parent]]]
    parent = cell_at(parent_row[row_of], bo)
    children = np.flatnonzero(parent >= 0)
    nreq = np.bincount(parent[children], weights=required[row_of[children]], minlength=n)
    children = children[nreq[parent[children]] >= need[row_of[children]]]
    add(base + parent[children], children, 1)
    parents = _marked(parent[children], n)
    add(base + parents, parents, -1)
    base += n

    # (3) a group is the sum of its members
    if groups.num_rows and n:
        g_scope, g_group, g_member = (
            groups.column(name).to_numpy(zero_copy_only=False).astype(np.int64)
            for name in ("scope_id", "group_id", "member_id")
        )
        both = _codes(np.concatenate([scope[first], g_scope]), np.concatenate([row_area, g_member]))
        ptr, rows_by_code = _csr(both[: len(first)], int(both.max()) + 1)
        positions, owner = _gather(ptr, both[len(first) :])
        member_rows = rows_by_code[positions]  # the rows of each member of each group
        group_rows = row_of_area(row_unit[member_rows], -g_group[owner])
        member_cells, which = _gather(row_ptr, member_rows)
        group_cell = cell_at(group_rows[which], bo[member_cells])
        kept = group_cell >= 0
        add(base + group_cell[kept], member_cells[kept], 1)
        group_totals = _marked(group_cell[kept], n)
        add(base + group_totals, group_totals, -1)

    key = np.concatenate(keys)
    order = np.argsort(key, kind="stable")
    key = key[order]
    start = _starts(key)
    relation = np.cumsum(start, dtype=np.int64) - 1
    kind = 1 + (key[start] >= n * n_bcats) + (key[start] >= n * n_bcats + n)
    return relation, np.concatenate(cells)[order], np.concatenate(coefs)[order], kind


def read(con: duckdb.DuckDBPyConnection, parts: int = 1) -> list[pa.Table]:
    """The cells of the units with a hidden cell from ``cells``, sorted by unit and area
    (so that each row is a run of cells), in ``parts`` parts by the unit's hash modulo
    ``parts`` (units are independent of each other). One query: ``cells`` is a view."""
    missing = int(Status.MISSING)
    parts = max(1, int(parts))
    table = con.sql(
        f"""
        WITH hu AS (SELECT DISTINCT unit FROM cells WHERE status NOT IN (0, {missing}))
        SELECT cells.cid, cells.unit, cells.scope_id, cells.area_id, cells.year, cells.bcat,
               cells.opt, cells.x, cells.status,
               (cells.bcat = 0 OR cells.area_id < 0
                OR coalesce(a.level, 'gemeinde') <> 'gemeinde') AS margin
        FROM cells SEMI JOIN hu USING (unit)
        LEFT JOIN areas_in a ON cells.area_id = a.area_id
        ORDER BY cells.unit % {parts}, cells.unit, cells.area_id, cells.bcat, cells.opt
        """
    ).to_arrow_table()
    if parts == 1:
        return [table]
    share = np.asarray(table.column("unit").to_numpy(zero_copy_only=False) % parts)
    bounds = np.searchsorted(share, np.arange(parts + 1))
    return [table.slice(int(start), int(end - start)) for start, end in itertools.pairwise(bounds)]


def structure(con: duckdb.DuckDBPyConnection) -> tuple[pa.Table, pa.Table]:
    """What the relations need besides the cells: the areas per year and the groups."""
    return (
        con.sql("SELECT area_id, parent_id, required, year FROM ay").to_arrow_table(),
        con.sql("SELECT scope_id, group_id, member_id FROM groups_in").to_arrow_table(),
    )


def load(con: duckdb.DuckDBPyConnection) -> Cells:
    """Read the cells of the units with a hidden cell and build their relations."""
    return build(read(con)[0], *structure(con))


def build(table: pa.Table, ay: pa.Table, groups: pa.Table) -> Cells:
    """The arrays of cells read by :func:`read` and their relations (NumPy only, so that
    parts can be built in threads)."""
    missing = int(Status.MISSING)

    def column(name: str) -> np.ndarray:
        values: np.ndarray = table.column(name).to_numpy(zero_copy_only=False)
        return values

    cid = column("cid").astype(np.int64, copy=False)
    hashes = column("unit")
    area = column("area_id").astype(np.int64, copy=False)
    bcat = column("bcat").astype(np.int64, copy=False)
    opt = column("opt").astype(np.int64, copy=False)
    status = np.array(column("status"), dtype=np.int64)
    unit_start = _starts(hashes)
    unit = np.cumsum(unit_start, dtype=np.int64) - 1
    row_start = _starts(hashes, area)
    row_of = np.cumsum(row_start, dtype=np.int64) - 1
    row_ptr = np.append(np.flatnonzero(row_start), len(cid)).astype(np.int64, copy=False)
    x_col = table.column("x")
    known = pc.is_valid(x_col).to_numpy(zero_copy_only=False)
    x = pc.fill_null(x_col.cast(pa.float64()), 0.0).to_numpy()
    lookup = np.full(int(cid.max(initial=0)) + 1, -1, dtype=np.int64)
    lookup[cid] = np.arange(len(cid))
    relation, cells, coefs, rel_kind = _relations(
        ay,
        groups,
        unit,
        column("scope_id").astype(np.int64, copy=False),
        area,
        column("year").astype(np.int64, copy=False),
        bcat,
        opt,
        row_of,
        row_ptr,
    )
    e_rel, e_cell = relation, cells
    rel_ptr = np.append(np.flatnonzero(_starts(e_rel)), len(e_rel)).astype(np.int64, copy=False)
    cell_ptr, cell_entries = _csr(e_cell, len(cid))
    return Cells(
        cid=cid,
        lookup=lookup,
        unit=unit,
        unit_hash=hashes[unit_start],
        area=area,
        bcat=bcat,
        opt=opt,
        x=x,
        known=known,
        margin=column("margin").astype(bool, copy=False),
        h=status != 0,
        sens=(status != 0) & (status != missing),
        touched=np.ones(len(cid), dtype=bool),
        status=status,
        row_of=row_of,
        row_ptr=row_ptr,
        row_cells=np.arange(len(cid), dtype=np.int64),
        e_rel=e_rel,
        e_cell=e_cell,
        e_coef=coefs,
        rel_ptr=rel_ptr,
        rel_kind=rel_kind.astype(np.int64),
        cell_ptr=cell_ptr,
        cell_entries=cell_entries.astype(np.int64, copy=False),
    )


def settle(t: Cells, max_rounds: int, stats: dict[str, float]) -> int:
    """Hide more cells until no relation has exactly one hidden confidential cell, every
    row with a hidden confidential total is hidden in full, and no parent has exactly one
    hidden row among its parts (see ``disclosure``). Each round looks only at the
    relations of the cells changed in the round before. Returns how many were hidden."""
    dirty = np.flatnonzero(t.h)
    n_relations = len(t.rel_kind)
    total = 0
    for _ in range(max_rounds):
        stats["greedy_rounds"] = stats.get("greedy_rounds", 0) + 1
        # A hidden confidential total hides its whole row.
        totals = dirty[(t.bcat[dirty] == 0) & t.sens[dirty]]
        positions, _ = _gather(t.row_ptr, _marked(t.row_of[totals], len(t.row_ptr) - 1))
        row_cells = t.row_cells[positions]
        whole_rows = row_cells[~t.h[row_cells]]
        t.hide(whole_rows)
        # The working set: the relations of the cells changed in the round before.
        positions, _ = _gather(t.cell_ptr, dirty)
        working = _marked(t.e_rel[t.cell_entries[positions]], n_relations)
        # No parent keeps exactly one hidden row (total) among its parts.
        parents = working[t.rel_kind[working] == 2]
        positions, owner = _gather(t.rel_ptr, parents)
        cells = t.e_cell[positions]
        part_total = (t.e_coef[positions] == 1) & (t.bcat[cells] == 0)
        parts = np.bincount(owner[part_total], minlength=len(parents))
        hidden = np.bincount(owner[part_total & t.h[cells]], minlength=len(parents))
        lonely = (hidden == 1) & (parts > 1)
        candidate = part_total & lonely[owner] & ~t.h[cells] & t.known[cells]
        second_rows = t.choose(owner[candidate], cells[candidate], margin=False)
        t.hide(second_rows)
        # No relation with exactly one hidden cell, a confidential one.
        positions, owner = _gather(t.rel_ptr, working)
        cells = t.e_cell[positions]
        hidden_cell = t.h[cells]
        hidden = np.bincount(owner[hidden_cell], minlength=len(working))
        confidential = np.bincount(owner[t.sens[cells]], minlength=len(working))
        single = (hidden == 1) & (confidential == 1)
        candidate = single[owner] & ~hidden_cell & t.known[cells]
        partners = t.choose(owner[candidate], cells[candidate], margin=True)
        t.hide(partners)
        changed = np.concatenate([whole_rows, second_rows, partners])
        if len(changed) == 0:
            break
        total += len(changed)
        dirty = _marked(changed, len(t.cid))
    return total


def safe_units(t: Cells) -> np.ndarray:
    """Per unit: are its hidden cells safe by construction (see ``disclosure``)? Two
    levels only (no group, no cell that is a part of two larger areas), a hidden total,
    every row with a hidden total hidden in full, no parent with exactly one hidden row."""
    n_units = len(t.unit_hash)
    kind = t.rel_kind[t.e_rel]
    units_of = t.unit[t.e_cell]

    def any_unit(mask: np.ndarray, units: np.ndarray) -> np.ndarray:
        found = np.zeros(n_units, dtype=bool)
        found[units[mask]] = True
        return found

    in_rel = np.zeros(len(t.cid), dtype=bool)
    in_rel[t.e_cell] = True
    k2 = np.bincount(t.e_cell[kind == 2], minlength=len(t.cid))
    grouped = any_unit(kind == 3, units_of)
    three_levels = any_unit(in_rel & (k2 > 1), t.unit)
    hidden_total = any_unit(in_rel & (t.bcat == 0) & t.h, t.unit)
    row_hidden_total = np.zeros(len(t.row_ptr) - 1, dtype=bool)
    row_hidden_total[t.row_of[(t.bcat == 0) & t.h]] = True
    partial = any_unit(~t.h & row_hidden_total[t.row_of], t.unit)
    part_total = (kind == 2) & (t.e_coef == 1) & (t.bcat[t.e_cell] == 0)
    hidden = np.bincount(t.e_rel[part_total & t.h[t.e_cell]], minlength=len(t.rel_kind))
    lonely = any_unit(part_total & (hidden[t.e_rel] == 1), units_of)
    present = any_unit(in_rel, t.unit)
    result: np.ndarray = present & ~grouped & ~three_levels & hidden_total & ~partial & ~lonely
    return result


def pick_next_to(t: Cells, bad: np.ndarray) -> int:
    """Hide one more cell in each relation of the determined cells ``bad`` (indices): the
    first by the usual order; where none is left, every visible cell of those relations.
    Returns how many cells were hidden (at least 1)."""
    positions, _ = _gather(t.cell_ptr, bad)
    relations = _marked(t.e_rel[t.cell_entries[positions]], len(t.rel_kind))
    positions, owner = _gather(t.rel_ptr, relations)
    cells = t.e_cell[positions]
    candidate = ~t.h[cells] & t.known[cells]
    chosen = t.choose(owner[candidate], cells[candidate], margin=True)
    if len(chosen) == 0:
        # No visible cell left next to a determined one: hide its relations in full.
        t.hide(np.unique(cells[~t.h[cells]]))
        return 1
    t.hide(chosen)
    return len(chosen)
