"""Recomputing one district reads only the official blocks of its own areas and stores
the same values as a full recompute."""

from __future__ import annotations

import pyarrow.compute as pc
import pytest

from teilhabe.areas.models import Area
from teilhabe.monitoring import store
from teilhabe.monitoring.services.recompute import recompute

pytestmark = pytest.mark.django_db


def stored(district_id: int) -> list[dict]:
    table = store.value_blocks(district_id=district_id)
    return table.sort_by([(name, "ascending") for name in table.column_names]).to_pylist()


def test_one_district_reads_only_its_official_areas_and_stores_the_same_values(uckermark, official):
    recompute(district_ids=None, reason="test")
    full = stored(uckermark.pk)
    assert full

    everything = store.engine_inputs([uckermark.pk]).observations
    own = store.engine_inputs([uckermark.pk], official=False).observations
    official_own = own.filter(pc.equal(own.column("scope_id"), store.OFFICIAL))
    gemeinden = Area.objects.filter(level=Area.Level.GEMEINDE)
    ours = set(gemeinden.filter(parent=uckermark.kreis).values_list("pk", flat=True))
    others = set(gemeinden.exclude(parent=uckermark.kreis).values_list("pk", flat=True))
    read = set(official_own.column("area_id").to_pylist())
    assert read & ours and not read & others
    assert set(everything.column("area_id").to_pylist()) & others  # what it no longer reads
    assert own.num_rows < everything.num_rows

    recompute(district_ids=[uckermark.pk], reason="test")
    assert stored(uckermark.pk) == full


def test_storing_replaces_each_scopes_blocks_and_never_overwrites_a_newer_computation(
    uckermark, official
):
    from teilhabe.monitoring.models import RecomputeRun, ValueBlock
    from teilhabe.monitoring.services import recompute as service

    report = recompute(district_ids=None, reason="first")
    runs = RecomputeRun.objects.filter(reason="first")
    assert sorted(r.district_id or 0 for r in runs) == [0, uckermark.pk]
    assert sum(r.values for r in runs) == report.values > 0
    assert sum(r.suppressed for r in runs) == report.suppressed
    for run in runs:  # every block of a scope belongs to its run; counts agree
        blocks = ValueBlock.objects.filter(run=run)
        assert blocks.exists() and sum(b.rows for b in blocks) == run.values
    official_values = stored_official()
    ours = stored(uckermark.pk)

    # A computation that started before the stored one (a smaller stamp) is dropped.
    stamp = runs.get(district=uckermark).stamp
    empty = store.value_blocks(district_id=uckermark.pk).slice(0, 0)
    written, skipped = service._write(
        empty, [store.OFFICIAL, uckermark.pk], reason="stale", stamp=stamp - 1, seconds=0
    )
    assert (written, skipped) == (0, 2)
    assert not RecomputeRun.objects.filter(reason="stale").exists()
    assert stored(uckermark.pk) == ours and stored_official() == official_values

    # The same stamp or a newer one replaces the blocks of exactly the scopes given.
    recompute(district_ids=[uckermark.pk], reason="again")
    again = RecomputeRun.objects.get(reason="again")
    assert set(ValueBlock.objects.filter(district=uckermark).values_list("run", flat=True)) == {
        again.pk
    }
    assert set(
        ValueBlock.objects.filter(district__isnull=True).values_list("run__reason", flat=True)
    ) == {"first"}
    assert stored(uckermark.pk) == ours


def stored_official() -> list[dict]:
    table = store.value_blocks(district_id=None)
    return table.sort_by([(name, "ascending") for name in table.column_names]).to_pylist()
