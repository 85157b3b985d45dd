"""Secondary suppression on arrays: the cells and relations of ``disclosure`` loaded once
into NumPy (relations → cells and cells → relations as CSR index arrays, rows of a unit
likewise), then the greedy rounds and the picking after the exact audit touch only the
cells and relations that changed, instead of SQL UPDATEs and joins over every cell.

The rules and the choice are those of the SQL implementation this replaced (kept as the
reference of the property tests in ``tests/analytics/reference_suppression.py``): parts
before totals, smallest first, ties by area, breakdown category and option.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .flags import Status

__all__ = ["Cells", "load", "pick_next_to", "safe_units", "settle"]

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


def load(con: duckdb.DuckDBPyConnection) -> Cells:
    """Read the tables ``c`` and ``rel`` of ``disclosure`` into arrays. DuckDB sorts (cells
    by unit and area, so that each row is a run of cells; entries by relation)."""
    table = con.sql(
        """
        SELECT cid, unit, area_id, bcat, opt, x, h, sens, status, margin FROM c
        ORDER BY unit, area_id, cid
        """
    ).to_arrow_table()
    rel = con.sql("SELECT rid, cid, coef, kind FROM rel ORDER BY rid").to_arrow_table()

    def column(name: str, source: pa.Table = table) -> np.ndarray:
        values: np.ndarray = source.column(name).to_numpy(zero_copy_only=False)
        return values

    cid = column("cid").astype(np.int64, copy=False)
    hashes = column("unit")
    area = column("area_id").astype(np.int64, copy=False)
    unit_start = _starts(hashes)
    unit = np.cumsum(unit_start, dtype=np.int64) - 1
    row_start = _starts(hashes, area)
    row_of = np.cumsum(row_start, dtype=np.int64) - 1
    row_ptr = np.append(np.flatnonzero(row_start), len(cid)).astype(np.int64, copy=False)
    x_col = table.column("x")
    known = pc.is_valid(x_col).to_numpy(zero_copy_only=False)
    x = pc.fill_null(x_col.cast(pa.float64()), 0.0).to_numpy()
    # the cell of each relation entry, by a dense lookup over the cell ids
    lookup = np.full(int(cid.max(initial=0)) + 1, -1, dtype=np.int64)
    lookup[cid] = np.arange(len(cid))
    rel_start = _starts(column("rid", rel))
    e_rel = np.cumsum(rel_start, dtype=np.int64) - 1
    rel_ptr = np.append(np.flatnonzero(rel_start), len(e_rel)).astype(np.int64, copy=False)
    e_cell = lookup[column("cid", rel).astype(np.int64, copy=False)]
    rel_kind = column("kind", rel).astype(np.int64, copy=False)[rel_start]
    cell_ptr, cell_entries = _csr(e_cell, len(cid))
    return Cells(
        cid=cid,
        lookup=lookup,
        unit=unit,
        unit_hash=hashes[unit_start],
        area=area,
        bcat=column("bcat").astype(np.int64, copy=False),
        opt=column("opt").astype(np.int64, copy=False),
        x=x,
        known=known,
        margin=column("margin").astype(bool, copy=False),
        h=np.array(column("h"), dtype=bool),  # copies: written to
        sens=np.array(column("sens"), dtype=bool),
        touched=np.ones(len(cid), dtype=bool),
        status=np.array(column("status"), dtype=np.int64),
        row_of=row_of,
        row_ptr=row_ptr,
        row_cells=np.arange(len(cid), dtype=np.int64),
        e_rel=e_rel,
        e_cell=e_cell,
        e_coef=column("coef", rel).astype(np.int64, copy=False),
        rel_ptr=rel_ptr,
        rel_kind=rel_kind,
        cell_ptr=cell_ptr,
        cell_entries=cell_entries.astype(np.int64, copy=False),
    )


def settle(t: Cells, max_rounds: int, stats: dict[str, float]) -> int:
    """Hide more cells until no relation has exactly one hidden confidential cell, every
    row with a hidden confidential total is hidden in full, and no parent has exactly one
    hidden row among its parts (see ``disclosure``). Each round looks only at the
    relations of the cells changed in the round before. Returns how many were hidden."""
    dirty = np.flatnonzero(t.h)
    total = 0
    for _ in range(max_rounds):
        stats["greedy_rounds"] = stats.get("greedy_rounds", 0) + 1
        # A hidden confidential total hides its whole row.
        totals = dirty[(t.bcat[dirty] == 0) & t.sens[dirty]]
        positions, _ = _gather(t.row_ptr, np.unique(t.row_of[totals]))
        row_cells = t.row_cells[positions]
        whole_rows = row_cells[~t.h[row_cells]]
        t.hide(whole_rows)
        # The working set: the relations of the cells changed in the round before.
        positions, _ = _gather(t.cell_ptr, dirty)
        working = np.unique(t.e_rel[t.cell_entries[positions]])
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
        dirty = np.unique(changed)
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
    relations = np.unique(t.e_rel[t.cell_entries[positions]])
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
