"""The engine on small in-memory worlds: sums up the hierarchy, breakdowns, precedence."""

from __future__ import annotations

import pyarrow as pa
import pytest

from teilhabe.monitoring.analytics import blocks
from teilhabe.monitoring.analytics.flags import Flag, Status

from .helpers import AGE, FEMALE, MALE, MIDDLE, OLD, SEX, YOUNG, World, pick, spec

SHARE = spec("#{foreign}", "#{population}", breakdowns=(SEX,))


def populate(world: World, figures: dict[int, tuple[int, int, int, int]]) -> None:
    """foreign (m, f) and population (m, f) per Gemeinde, at the finest level."""
    for area, (fm, ff, pm, pf) in figures.items():
        world.add(1, area, fm, options=(MALE, None))
        world.add(1, area, ff, options=(FEMALE, None))
        world.add(2, area, pm, options=(MALE,))
        world.add(2, area, pf, options=(FEMALE,))


def test_a_kreis_value_is_the_ratio_of_sums_not_the_mean_of_rates():
    world = World()
    populate(world, {100: (50, 50, 1000, 1000), 101: (10, 10, 100, 100), 102: (30, 30, 3000, 3000)})
    rows = world.compute([SHARE], thresholds=None)
    kreis = pick(rows, area_id=10, year=2023, bcat=0)
    assert kreis["num"] == 180 and kreis["den"] == 8200
    assert kreis["value"] == pytest.approx(180 / 8200 * 100)
    mean_of_rates = (5 + 10 + 1) / 3
    assert kreis["value"] != pytest.approx(mean_of_rates)
    # The Land and Germany consist of this one Kreis in this world.
    assert pick(rows, area_id=2, year=2023, bcat=0)["value"] == pytest.approx(kreis["value"])
    by_sex = pick(rows, area_id=10, bcat=SEX, opt=FEMALE)
    assert by_sex["num"] == 90 and by_sex["den"] == 4100


def test_a_published_total_is_used_as_it_is_and_not_replaced_by_the_sum_of_its_cells():
    world = World()
    populate(world, {100: (50, 50, 1000, 1000), 101: (10, 10, 100, 100), 102: (30, 30, 3000, 3000)})
    world.add(2, 10, 8300, flags=int(Flag.PERTURBED))  # the source's total (perturbed cells)
    rows = world.compute([SHARE])
    kreis = pick(rows, area_id=10, bcat=0)
    assert kreis["den"] == 8300
    assert kreis["flags"] & Flag.PERTURBED
    # Broken down by sex there is no published total, so the cells are added up.
    assert pick(rows, area_id=10, bcat=SEX, opt=MALE)["den"] == 4100


def test_a_kreis_without_a_value_for_every_inhabited_gemeinde_gets_no_sum():
    world = World(kreise={10: [100, 101, 102, 103]}, uninhabited={103})
    populate(world, {100: (50, 50, 1000, 1000), 101: (10, 10, 100, 100)})
    rows = world.compute([SHARE])
    assert not [r for r in rows if r["area_id"] == 10]
    populate(world, {102: (30, 30, 3000, 3000)})  # 103 is uninhabited: not needed
    rows = world.compute([SHARE])
    assert pick(rows, area_id=10, bcat=0)["num"] == 180


def test_filters_exclusions_and_lags():
    world = World()
    for area in (100, 101, 102):
        for year, base in ((2022, 10), (2023, 20)):
            world.add(1, area, base, year=year, options=(MALE, YOUNG))
            world.add(1, area, base + 1, year=year, options=(MALE, OLD))
            world.add(1, area, base + 2, year=year, options=(FEMALE, MIDDLE))
            world.add(4, area, 3, year=year)
    young_men = spec("#{foreign | sex=m | age=young}", factor=1)
    not_old = spec("#{foreign | age!=old}", factor=1, indicator_id=8)
    per_last_year = spec("#{cases}", "#{foreign | lag=1}", indicator_id=9)
    rows = world.compute([young_men, not_old, per_last_year])
    assert pick(rows, indicator_id=7, area_id=10, year=2023)["value"] == 60
    assert pick(rows, indicator_id=8, area_id=10, year=2023)["value"] == 20 * 3 + 22 * 3
    lagged = pick(rows, indicator_id=9, area_id=10, year=2023)
    assert lagged["den"] == (10 + 11 + 12) * 3
    assert not [r for r in rows if r["indicator_id"] == 9 and r["year"] == 2022]


def test_a_breakdown_the_denominator_lacks_uses_its_total_for_every_option():
    world = World()
    for area in (100, 101, 102):
        world.add(1, area, 30, options=(MALE, YOUNG))
        world.add(1, area, 40, options=(FEMALE, OLD))
        world.add(2, area, 500, options=(MALE,))
        world.add(2, area, 500, options=(FEMALE,))
    by_age = spec("#{foreign}", "#{population}", breakdowns=(AGE,))
    rows = world.compute([by_age])
    old = pick(rows, area_id=100, bcat=AGE, opt=OLD)
    assert old["num"] == 40 and old["den"] == 1000
    assert not [r for r in rows if r["bcat"] == AGE and r["opt"] == MIDDLE]


def test_a_cell_the_source_suppressed_makes_its_sums_unknown_and_stays_hidden():
    world = World()
    populate(world, {100: (50, 50, 1000, 1000), 102: (30, 30, 3000, 3000)})
    world.add(1, 101, None, options=(MALE, None), flags=int(Flag.SOURCE_SUPPRESSED))
    world.add(1, 101, 40, options=(FEMALE, None))
    world.add(2, 101, 800, options=(MALE,))
    world.add(2, 101, 800, options=(FEMALE,))
    rows = world.compute([SHARE])
    total = pick(rows, area_id=101, bcat=0)
    assert total["value"] is None and total["status"] == Status.SOURCE
    assert pick(rows, area_id=101, bcat=SEX, opt=MALE)["status"] == Status.SOURCE
    # The Kreis total is unknown too: one of its parts is. Its row is hidden as a whole
    # (the Kreis's women minus the others' would give away those of 101).
    assert pick(rows, area_id=10, bcat=0)["status"] == Status.SOURCE
    assert pick(rows, area_id=10, bcat=SEX, opt=FEMALE)["status"] == Status.SECONDARY


def test_a_published_rate_stands_in_where_the_numerator_is_unknown():
    world = World()
    world.add(3, 10, 4.5)  # the Regionalatlas share of the Kreis
    world.add(3, 2, 5.0)
    world.add(2, 10, 10000)
    share = spec("#{foreign}", "#{population}", published=3)
    rows = world.compute([share])
    kreis = pick(rows, area_id=10)
    assert kreis["value"] == pytest.approx(4.5)
    assert kreis["flags"] & Flag.PUBLISHED_RATE and kreis["flags"] & Flag.ESTIMATED
    assert kreis["num"] == pytest.approx(450)
    land = pick(rows, area_id=2)
    assert land["value"] == pytest.approx(5.0) and land["num"] == pytest.approx(500)


def test_own_data_take_precedence_over_official_data_and_official_areas_are_shared():
    world = World()
    world.add(2, 10, 9000, scope=0, src=90, prio=0)  # official, shared
    world.add(2, 11, 7000, scope=0, src=90, prio=0)  # a neighbour, official
    world.add(2, 10, 9100, scope=5, src=1, prio=1)  # the district's own figure
    world.add(4, 10, 90, scope=5)
    scope_areas = pa.table(
        {"scope_id": pa.array([5, 5], pa.int32()), "area_id": pa.array([10, 11], pa.int32())}
    )
    rate = spec("#{cases}", "#{population}", factor=1000)
    rows = world.compute([rate], scopes=[0, 5], scope_areas=scope_areas)
    assert pick(rows, scope_id=5, area_id=10)["den"] == 9100
    assert not [r for r in rows if r["scope_id"] == 0 and r["area_id"] == 10 and r["num"]]
    assert not [r for r in rows if r["scope_id"] == 5 and r["area_id"] == 11]  # no cases there


def test_groups_add_up_their_members():
    world = World()
    populate(world, {100: (50, 50, 1000, 1000), 101: (10, 10, 100, 100), 102: (30, 30, 3000, 3000)})
    groups = pa.table(
        {
            "scope_id": pa.array([5, 5], pa.int32()),
            "group_id": pa.array([1, 1], pa.int32()),
            "member_id": pa.array([100, 101], pa.int32()),
        }
    )
    rows = world.compute([SHARE], groups=groups)
    group = pick(rows, area_id=-1, bcat=0)
    assert group["num"] == 120 and group["den"] == 2200 and group["part"] == "groups"


def test_values_round_trip_through_blocks():
    world = World()
    populate(world, {100: (50, 50, 1000, 1000), 101: (10, 10, 100, 100), 102: (30, 30, 3000, 3000)})
    inputs_rows = world.compute([SHARE])
    table = pa.Table.from_pylist(inputs_rows)
    stored = blocks.conform(table, blocks.VALUE_SCHEMA)
    assert blocks.decode(blocks.encode(stored)).equals(stored)
    assert stored.column_names == blocks.VALUE_SCHEMA.names


def test_no_observations_give_no_values():
    assert World().compute([SHARE]) == []


def test_broken_down_by_a_category_the_numerator_filters_on_the_denominator_keeps_its_total():
    world = World(kreise={10: [100]})
    world.add(1, 100, 30, options=(MALE, YOUNG))
    world.add(1, 100, 10, options=(MALE, OLD))
    world.add(2, 100, 400, options=(MALE,))
    world.add(2, 100, 600, options=(FEMALE,))
    young_share_by_age = spec("#{foreign | age=young,old}", "#{population}", breakdowns=(AGE, SEX))
    rows = world.compute([young_share_by_age])
    assert pick(rows, area_id=100, bcat=AGE, opt=YOUNG)["den"] == 1000  # composition
    assert pick(rows, area_id=100, bcat=SEX, opt=MALE)["den"] == 400  # share within group
