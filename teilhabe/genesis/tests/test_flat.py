from decimal import Decimal
from pathlib import Path

import pytest

from teilhabe.genesis import FormatError, read_flat, sniff

DATA = Path(__file__).resolve().parents[2] / "areas" / "data"
ZENSUS = DATA / "zensus2022_1000A-0000_gemeinden_flat.csv"


def test_zensus_flat_file():
    records = read_flat(ZENSUS)
    assert len(records) == 10_787
    gemeinden = [r for r in records if r.dimensions[0].code == "GEOGM4"]
    assert len(gemeinden) == 10_786
    germany = next(r for r in records if r.dimensions[0].code == "GEODL1")
    assert germany.cell.value == Decimal("82719540")
    first = records[0]
    assert first.statistic == "1000A"
    assert first.time == "2022-05-15"
    assert first.dimensions[0].attribute_code == "092760130130"
    assert first.dimensions[0].attribute_label == "Lindberg"
    assert first.unit == "Anzahl"
    assert first.value_variable == "PRS018"


def test_sniff_tells_layouts_apart():
    assert sniff(ZENSUS.read_bytes().decode("utf-8-sig")) == "flat"
    classic = (DATA / "genesis_12411-0015_bevoelkerung_kreise_1995-2018.csv").read_bytes()
    assert sniff(classic.decode("latin-1")) == "classic"


GERMAN_LAYOUT = (
    "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;"
    "1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;"
    "2_Auspraegung_Label;BEV001__Bevoelkerung__Anzahl\n"
    "12411;Bevölkerung;STAG;Stichtag;31.12.2022;KREISE;Kreise;01001;Flensburg;GES;Geschlecht;GESM;männlich;45000\n"
    "12411;Bevölkerung;STAG;Stichtag;31.12.2022;KREISE;Kreise;01001;Flensburg;GES;Geschlecht;GESW;weiblich;.\n"
)


def test_german_layout_with_value_columns_and_two_dimensions():
    records = read_flat(("\ufeff" + GERMAN_LAYOUT).encode("utf-8"))
    assert len(records) == 2
    assert records[0].value_variable == "BEV001"
    assert records[0].unit == "Anzahl"
    assert records[0].dimension("GES").attribute_code == "GESM"
    assert records[0].cell.value == Decimal("45000")
    assert records[1].cell.symbol == "."


def test_flat_problems_are_collected():
    broken = (
        GERMAN_LAYOUT
        + "12411;B;STAG;S;31.12.2022;KREISE;Kreise;01002;Kiel;GES;G;GESM;m;viele\n12411;kurz\n"
    )
    with pytest.raises(FormatError) as info:
        read_flat(broken.encode("utf-8"))
    lines = [p.line for p in info.value.problems]
    assert lines == [4, 5]


def test_not_a_flat_file():
    with pytest.raises(FormatError, match="not a GENESIS flat file"):
        read_flat(b"a;b;c\n1;2;3\n")
