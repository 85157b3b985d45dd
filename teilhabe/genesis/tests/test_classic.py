"""The classic GENESIS table export, tested on the real files and on broken ones."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from teilhabe.genesis import FormatError, parse_area_label, parse_classic, read_classic

DATA = Path(__file__).resolve().parents[2] / "areas" / "data"
POPULATION = DATA / "genesis_12411-0015_bevoelkerung_kreise_1995-2018.csv"
SURFACE = DATA / "genesis_11111-0002_flaeche_kreise_1995-2016.csv"


def test_population_table_structure():
    table = read_classic(POPULATION)
    assert table.code == "12411-0015"
    assert table.title[1] == "Bevölkerung: Kreise, Stichtag"  # ISO-8859-1 decoded
    assert table.key_columns == 2
    assert [c.label for c in table.columns][:2] == ["31.12.1995", "31.12.1996"]
    assert table.columns[-1].labels == ("Stichtag", "31.12.2018")
    assert len(table.columns) == 24
    assert len(table.rows) == 476
    assert table.copyright == "© Statistisches Bundesamt (Destatis), 2020"
    assert table.stand == "24.02.2020 / 00:01:03"
    assert "Ab 2011: Ergebnisse auf Grundlage des Zensus 2011." in table.footer


def test_population_values_and_dash_symbol():
    table = read_classic(POPULATION)
    rows = {row.keys[0]: row for row in table.rows}
    flensburg = rows["01001"]
    assert flensburg.keys[1] == "Flensburg, kreisfreie Stadt"
    assert flensburg.cells[0].value == Decimal("87276")
    goettingen_new = rows["03159"]
    # Quirk of the real file: the new Landkreis Göttingen shows "-" for 2018.
    assert goettingen_new.cells[-1].value is None
    assert goettingen_new.cells[-1].symbol == "-"
    assert goettingen_new.cells[21].value == Decimal("327065")
    assert all(c.symbol == "-" for c in goettingen_new.cells[:21])


def test_area_table_decimal_comma_and_multiline_quoted_footer():
    table = read_classic(SURFACE)
    assert table.code == "11111-0002"
    assert len(table.rows) == 476
    assert table.rows[0].cells[0].value == Decimal("56.44")
    # The footer note spans several lines inside quotes, with doubled quotes.
    assert 'deutsch-luxemburgisches Hoheitsgebiet" von 6,20 qkm.' in table.footer
    assert table.footer[0] == "Gebietsfläche:"
    assert table.stand == "23.02.2020 / 23:58:09"


def test_records_give_long_form():
    table = read_classic(POPULATION)
    records = list(table.records())
    assert len(records) == 476 * 24
    first = records[0]
    assert first.keys == ("01001", "Flensburg, kreisfreie Stadt")
    assert first.labels == ("Stichtag", "31.12.1995")
    assert first.line == 7


@pytest.mark.parametrize(
    ("label", "name", "kind", "until"),
    [
        ("Göttingen, Landkreis (bis 31.10.2016)", "Göttingen", "Landkreis", date(2016, 10, 31)),
        (
            "Niederschlesischer Oberlausitzkreis (b.31.07.2008)",
            "Niederschlesischer Oberlausitzkreis",
            None,
            date(2008, 7, 31),
        ),
        ("Flensburg, kreisfreie Stadt", "Flensburg", "Kreisfreie Stadt", None),
        ("Region Hannover, Landkreis", "Region Hannover", "Landkreis", None),
        ("Ilm-Kreis", "Ilm-Kreis", None, None),
    ],
)
def test_area_labels(label, name, kind, until):
    parsed = parse_area_label(label)
    assert (parsed.name, parsed.kind, parsed.valid_until) == (name, kind, until)


GOOD = """GENESIS-Tabelle: 99999-0001
Test: Kreise, Stichtag;;;
Anzahl;;;
;;Stichtag;Stichtag
;;31.12.2020;31.12.2021
01001;Flensburg;10;11
01002;Kiel;.;x
__________
© Test
"""


def test_parse_small_table_with_symbols():
    table = parse_classic(GOOD)
    assert [row.keys[0] for row in table.rows] == ["01001", "01002"]
    assert table.rows[1].cells[0].symbol == "."
    assert table.rows[1].cells[1].symbol == "x"


def test_every_problem_is_reported_with_line_and_column():
    broken = GOOD.replace("01001;Flensburg;10;11", "01001;Flensburg;zehn;11").replace(
        "01002;Kiel;.;x", "01002;Kiel;1;2;3;4"
    )
    with pytest.raises(FormatError) as info:
        parse_classic(broken, source="test.csv")
    problems = info.value.problems
    assert [(p.line, p.column) for p in problems] == [(6, 3), (7, None)]
    assert "“zehn” is neither a number nor a statistics symbol" in problems[0].message
    assert "the line has 6 cells, the header has 4" in problems[1].message
    assert str(info.value).startswith("test.csv: line 6, column 3:")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file contains no table"),
        ("GENESIS-Tabelle: 1\nTitel;;\n", "no column headers"),
        ("GENESIS-Tabelle: 1\n;;2020\n;;Stichtag\n", "headers but no data"),
    ],
)
def test_structural_problems(text, message):
    with pytest.raises(FormatError, match=message):
        parse_classic(text)


def test_utf16_and_binary_files_are_refused_with_a_reason():
    with pytest.raises(FormatError, match="UTF-16"):
        read_classic(GOOD.encode("utf-16"))
    with pytest.raises(FormatError, match="not a text file"):
        read_classic(b"PK\x03\x04\x00\x00binary")


def test_utf8_and_latin1_both_decode():
    latin = read_classic(GOOD.replace("Kiel", "Lübeck").encode("latin-1"))
    utf8 = read_classic(GOOD.replace("Kiel", "Lübeck").encode("utf-8"))
    assert latin.rows[1].keys[1] == utf8.rows[1].keys[1] == "Lübeck"


def test_regionalstatistik_indented_names_keep_their_indent():
    text = GOOD.replace("01002;Kiel", "01002;      Kiel")
    table = parse_classic(text)
    assert table.rows[1].keys[1] == "Kiel"
    assert table.rows[1].indent == 6
