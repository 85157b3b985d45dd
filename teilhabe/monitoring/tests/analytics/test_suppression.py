"""Secondary suppression on arrays (``analytics.suppression``) hides exactly the cells the
SQL implementation it replaced hid (``reference_suppression``), on random small worlds:
several Kreise and years, breakdowns, rates, missing values, uninhabited Gemeinden and
groups, with tiny counts so that many cells are hidden in several rounds."""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa
import pytest

from teilhabe.monitoring.analytics import disclosure, engine, suppression
from teilhabe.monitoring.analytics.flags import Status

from . import reference_suppression
from .helpers import AGE, FEMALE, MALE, MIDDLE, OLD, SEX, YOUNG, World, spec

SPECS = [
    spec("#{foreign}", factor=1, breakdowns=(SEX, AGE)),
    spec("#{foreign}", "#{population}", breakdowns=(SEX,), indicator_id=8),
    spec("#{cases}", factor=1, indicator_id=9),
]


def random_world(rng: random.Random) -> tuple[World, pa.Table | None]:
    kreise = {
        10 + k: [100 + 10 * k + g for g in range(rng.randint(2, 5))]
        for k in range(rng.randint(1, 3))
    }
    gemeinden = [g for members in kreise.values() for g in members]
    world = World(kreise=kreise, uninhabited=set(rng.sample(gemeinden, rng.randint(0, 1))))
    small = rng.choice([3, 6, 15, 60])
    for year in world.years:
        for area in gemeinden:
            if rng.random() < 0.1:
                continue  # no data at all for this Gemeinde
            for sex in (MALE, FEMALE):
                population = rng.randint(0, small * 4)
                world.add(2, area, population, year=year, options=(sex,))
                for age in (YOUNG, MIDDLE, OLD):
                    value = None if rng.random() < 0.05 else rng.randint(0, small)
                    world.add(1, area, value, year=year, options=(sex, age))
            world.add(4, area, rng.randint(0, small), year=year)
    groups = None
    if rng.random() < 0.5:
        members = rng.sample(gemeinden, min(len(gemeinden), rng.randint(2, 4)))
        groups = pa.table(
            {
                "scope_id": pa.array([5] * len(members), pa.int32()),
                "group_id": pa.array([1] * len(members), pa.int32()),
                "member_id": pa.array(members, pa.int32()),
            }
        )
    return world, groups


def _relation_sets(con) -> set[frozenset[tuple[int, int]]]:
    """The reference relations (SQL table ``rel``) as sets of (cell id, coefficient)."""
    by_rid: dict[int, set[tuple[int, int]]] = {}
    for rid, cid, coef in con.execute("SELECT rid, cid, coef FROM rel").fetchall():
        by_rid.setdefault(rid, set()).add((cid, coef))
    return {frozenset(entries) for entries in by_rid.values()}


def _array_relation_sets(t: suppression.Cells) -> set[frozenset[tuple[int, int]]]:
    """The relations of ``suppression.load`` as sets of (cell id, coefficient)."""
    return {
        frozenset(
            zip(
                t.cid[t.e_cell[t.rel_ptr[r] : t.rel_ptr[r + 1]]].tolist(),
                t.e_coef[t.rel_ptr[r] : t.rel_ptr[r + 1]].tolist(),
                strict=True,
            )
        )
        for r in range(len(t.rel_ptr) - 1)
    }


def compute_random_worlds(protect, *, seed: int, count: int) -> None:
    """Compute ``count`` random worlds with ``protect`` in place of the engine's."""
    rng = random.Random(seed)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "protect", protect)
        for _ in range(count):
            world, groups = random_world(rng)
            world.compute(SPECS, groups=groups)


def test_the_array_implementation_hides_the_same_cells_as_the_sql_reference():
    compared: list[tuple[set[int], set[int]]] = []
    relations: list[set[frozenset[tuple[int, int]]]] = []
    built: list[set[frozenset[tuple[int, int]]]] = []
    kinds: set[int] = set()

    def both(con, **kwargs) -> None:
        disclosure._cells(con, kwargs["default_min_count"], kwargs["default_min_den"])
        reference_suppression.relations(con)
        relations.append(_relation_sets(con))
        reference_suppression.settle_and_audit(con)
        secondary = int(Status.SECONDARY)
        rows = con.execute("SELECT cid FROM c WHERE status = ?", [secondary]).fetchall()
        expected = {r[0] for r in rows}
        cells = suppression.load(con)
        built.append(_array_relation_sets(cells))
        kinds.update(cells.rel_kind.tolist())
        disclosure.protect(con, **kwargs)
        found = {r[0] for r in con.execute("SELECT cid FROM sec").fetchall()}
        compared.append((expected, found))

    compute_random_worlds(both, seed=2026, count=40)
    assert len(compared) == 40
    for expected, found in compared:
        assert found == expected
    # the relations built as arrays are those the SQL built: the same cells, coefficients
    assert relations == built
    assert sum(len(r) for r in built) > 1000
    assert kinds == {1, 2, 3}  # totals of breakdowns, larger areas and groups
    # The worlds exercise the rounds: most of them need secondary suppression.
    assert sum(1 for expected, _ in compared if expected) >= 30


def test_gather_and_choose_on_a_hand_made_table():
    ptr = np.array([0, 2, 2, 5])
    positions, owner = suppression._gather(ptr, np.array([2, 0, 1]))
    assert positions.tolist() == [2, 3, 4, 0, 1]
    assert owner.tolist() == [0, 0, 0, 1, 1]
    ptr, members = suppression._csr(np.array([1, 0, 1, 2]), 3)
    assert ptr.tolist() == [0, 1, 3, 4] and members.tolist() == [1, 0, 2, 3]


def test_splitting_the_units_into_parts_hides_the_same_cells():
    """``protect`` settles the units in as many parts as DuckDB has threads, in parallel;
    units are independent, so one part and three parts hide the same cells and publish
    the same values."""
    outcomes: dict[int, list[tuple[set[int], list[tuple]]]] = {1: [], 3: []}
    split: list[int] = []

    def each(con, **kwargs) -> None:
        for threads in (1, 3):
            con.execute(f"SET threads = {threads}")
            disclosure.protect(con, **kwargs)
            hidden = {r[0] for r in con.execute("SELECT cid FROM sec").fetchall()}
            published = con.execute("SELECT * FROM protected ORDER BY ALL").fetchall()
            outcomes[threads].append((hidden, published))
        split.append(sum(1 for table in suppression.read(con, 3) if table.num_rows))

    compute_random_worlds(each, seed=7, count=25)
    assert len(outcomes[1]) == len(outcomes[3]) == 25
    assert outcomes[1] == outcomes[3]
    # the worlds do hide cells, in units that fall into different parts
    assert sum(1 for hidden, _ in outcomes[1] if hidden) >= 15
    assert sum(1 for parts in split if parts >= 2) >= 15
