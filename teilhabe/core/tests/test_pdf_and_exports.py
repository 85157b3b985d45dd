import csv
import io
import re
import zlib

import pytest
from openpyxl import load_workbook

from teilhabe.charts import Point, Series, line_chart
from teilhabe.core.exports import csv_bytes, safe_cell, xlsx_bytes
from teilhabe.core.pdf import LocalOnlyFetcher, PdfFetchRefusedError, render_pdf


def _inflated(pdf: bytes) -> bytes:
    """All compressed streams of a PDF, inflated (objects hide in object streams)."""
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(chunks)


def test_pdf_embeds_the_shipped_fonts_and_is_tagged():
    pdf = render_pdf(
        "core/pdf_sample.html",
        {
            "title": "Integrationsbericht",
            "german": "Größere Übersicht für Gemeinden",
            "arabic": "الاندماج في المقاطعات الريفية",
            "chart": line_chart(
                [Series("A", [Point("2020", 1), Point("2021", 2)])], title="t", description="d"
            ),
        },
        language="de",
    )
    assert pdf.startswith(b"%PDF-")
    objects = _inflated(pdf)
    fonts = set(re.findall(rb"/BaseFont\s*/\w+\+([\w-]+)", objects))
    assert {b"Teilhabe-Sans", b"Teilhabe-Arabic"} <= fonts  # both scripts have a shipped font
    assert b"/StructTreeRoot" in objects  # tagged PDF for screen readers
    assert re.search(rb"/Lang\s*\(de\)", objects)
    assert b"0.043137 0.333333 0.388235" in objects  # the chart line keeps its colour


@pytest.mark.parametrize(
    "url", ["https://example.org/logo.png", "http://169.254.169.254/latest", "file:///etc/passwd"]
)
def test_pdf_documents_cannot_fetch_from_outside(url):
    with pytest.raises(PdfFetchRefusedError):
        LocalOnlyFetcher().fetch(url)


def test_pdf_may_use_static_files():
    response = LocalOnlyFetcher().fetch("file:///static/teilhabe/img/logo.svg")
    assert response.read().startswith(b"<svg")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("  =cmd|' /C calc'!A0", "'  =cmd|' /C calc'!A0"),
        ("\tx", "'\tx"),
        ("Prenzlau", "Prenzlau"),
        (-2, -2),
        (None, ""),
    ],
)
def test_formula_injection_is_neutralised(value, expected):
    assert safe_cell(value) == expected


def test_csv_and_xlsx_exports_store_text_as_text():
    rows = [['=HYPERLINK("http://evil")', 3], ["ok", -1.5]]
    text = csv_bytes(["a", "b"], rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert parsed[1][0].startswith("'=HYPERLINK")
    workbook = load_workbook(io.BytesIO(xlsx_bytes(["a", "b"], rows, notes=["Quelle: Test"])))
    sheet = workbook["Data"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("'=")
    assert sheet["B3"].value == -1.5
    assert workbook["Notes"]["A1"].value == "Quelle: Test"
