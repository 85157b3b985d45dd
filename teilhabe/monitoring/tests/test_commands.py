"""The command-line imports and recomputation."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from teilhabe.monitoring.models import ImportBatch, ImportTemplate, Source

from .conftest import real_file

pytestmark = pytest.mark.django_db


def test_import_with_a_mapping_file_then_with_the_saved_template(uckermark, officer, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"layout": "classic", "measure": "population", "labels": {}}))
    out = StringIO()
    call_command(
        "monitoring_import",
        str(real_file("genesis_12411-0015_bevoelkerung_kreise_1995-2018.csv")),
        district="uckermark",
        source="Destatis",
        kind="genesis",
        mapping=str(mapping),
        user=officer.username,
        stdout=out,
    )
    assert "Imported" in out.getvalue()
    batch = ImportBatch.objects.get(district=uckermark)
    assert batch.created_by == officer and batch.status == ImportBatch.Status.DONE
    ImportTemplate.objects.create(
        district=uckermark, source=batch.source, kind="genesis", name="12411", mapping=batch.mapping
    )
    call_command(
        "monitoring_import",
        str(real_file("genesis_12411-0015_bevoelkerung_kreise_1995-2018.csv")),
        district="uckermark",
        template="12411",
        stdout=StringIO(),
    )
    assert ImportBatch.objects.filter(district=uckermark, status="done").count() == 2


def test_a_refused_import_lists_its_problems_and_changes_nothing(uckermark, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Gemeinde;Jahr;Anzahl\nNirgendwo;2023;5\n", encoding="utf-8")
    mapping = tmp_path / "m.json"
    mapping.write_text(
        json.dumps(
            {
                "area": {"column": "Gemeinde"},
                "period": {"column": "Jahr"},
                "values": [{"column": "Anzahl", "measure": "asylblg_recipients"}],
                "categories": [],
            }
        )
    )
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command(
            "monitoring_import",
            str(bad),
            district="uckermark",
            source="Sozialamt",
            kind="office",
            mapping=str(mapping),
            stderr=err,
        )
    assert "row 2" in err.getvalue() and "Nirgendwo" in err.getvalue()
    assert not ImportBatch.objects.filter(status="done").exists()


def test_official_figures_and_recompute(uckermark):
    out = StringIO()
    call_command("monitoring_import", shipped=True, stdout=out)
    assert "values loaded" in out.getvalue()
    assert Source.objects.filter(district__isnull=True).count() >= 3
    out = StringIO()
    call_command("monitoring_recompute", district=["uckermark"], official=True, stdout=out)
    assert "values in 2 scopes" in out.getvalue()
    with pytest.raises(CommandError, match="Unknown districts"):
        call_command("monitoring_recompute", district=["atlantis"])
