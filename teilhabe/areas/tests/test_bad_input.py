"""A missing or malformed data file: one clear sentence, and nothing stored changes."""

import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from teilhabe.areas.loader import PACKAGE_DATA
from teilhabe.areas.models import Area, AreaFigure
from teilhabe.areas.services import AreasDataError, areas_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(PACKAGE_DATA, target)
    return target


def _snapshot():
    return (
        Area.objects.count(),
        AreaFigure.objects.count(),
        str(
            AreaFigure.objects.filter(area__code="12073", kind="population")
            .order_by("reference_date")
            .last()
            .value
        ),
    )


def test_missing_file(data_copy):
    (data_copy / "zensus2022_1000A-0000_gemeinden_flat.csv").unlink()
    before = _snapshot()
    with pytest.raises(
        AreasDataError, match=r"The data file zensus2022_1000A-0000_gemeinden_flat.csv is missing"
    ):
        areas_load(data_dir=data_copy, force=True)
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("filename", "damage", "message"),
    [
        (
            "genesis_12411-0015_bevoelkerung_kreise_1995-2018.csv",
            lambda b: b.replace(
                b"01001;Flensburg, kreisfreie Stadt;87276",
                b"01001;Flensburg, kreisfreie Stadt;viele",
            ),
            r"genesis_12411-0015.*line 7, column 3: .viele. is neither a number",
        ),
        (
            "gv_auszug_q4_gemeinden_bev2019-12-31.csv",
            lambda b: b.replace(b" 53.02, 90 164", b" 53.02, neunzig"),
            r"gv_auszug.*line 5: the population .neunzig. is not a number",
        ),
        (
            "kreise_vg5000_2021-01-01.geojson",
            lambda b: b[: len(b) // 2],
            r"kreise_vg5000_2021-01-01.geojson.*not valid JSON",
        ),
        (
            "kreise_auslaenderanteil_2011-2024_regionalatlas.json",
            lambda b: b.replace(b'"years"', b'"jahre"'),
            r"expected the keys years, states and districts",
        ),
        (
            "territorial_changes.csv",
            lambda b: b.replace(b"16056,16063,merged,2021-07-01", b"16056,16063,merged,1.7.2021"),
            r"territorial_changes.csv, line \d+: .1.7.2021. is not a date",
        ),
    ],
)
def test_malformed_files_name_file_line_and_problem(data_copy, filename, damage, message):
    path = data_copy / filename
    path.write_bytes(damage(path.read_bytes()))
    before = _snapshot()
    with pytest.raises(AreasDataError, match=message):
        areas_load(data_dir=data_copy, force=True)
    assert _snapshot() == before


def test_command_prints_one_sentence(data_copy):
    (data_copy / "laender_vg5000_2021-01-01.geojson").write_text("[]")
    with pytest.raises(
        CommandError,
        match=r"laender_vg5000_2021-01-01.geojson: not a GeoJSON FeatureCollection. Nothing was changed.",
    ):
        call_command("areas_load", data_dir=data_copy, force=True)
