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
