# ruff: noqa: S608 - SQL is built only from checked identifiers (NAME_PATTERN) and quoted literals; values are parameters
"""Exports of the responses: CSV, XLSX and SPSS ``.sav``.

* One row per response; multiple choice as one 0/1 column per answer, ranking as one
  column per place; answers as texts in any language of the questionnaire or as codes.
* The rows come from DuckDB (over the survey's columnar copy) in batches, and are
  written as they come: CSV and XLSX never hold the whole export in memory. XLSX is
  written by :class:`XlsxStream`, a minimal streaming writer (inline strings only),
  because openpyxl needs minutes for 100,000 wide rows.
* Every text cell goes through :func:`teilhabe.core.exports.safe_cell`, so nothing can
  run as a spreadsheet formula; XLSX cells are inline strings, which are never formulas.
* ``.sav`` is written by pyreadstat from a polars frame (DuckDB hands it over without
  copying) with variable labels and value labels.
"""

from __future__ import annotations

import csv
import re
import textwrap
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from teilhabe.core.exports import safe_cell
from teilhabe.surveys.engine import analysis
from teilhabe.surveys.engine import form as engine
from teilhabe.surveys.engine.analysis import Dataset
from teilhabe.surveys.engine.form import Form

BATCH_ROWS = 5_000


@dataclass
class ExportColumn:
    name: str  # variable name (SPSS-safe)
    label: str  # variable label (question text)
    sql: str  # DuckDB expression over the flat table
    numeric: bool = False
    value_labels: dict[float, str] = field(default_factory=dict)


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def spss_name(name: str, taken: set[str]) -> str:
    """A variable name SPSS accepts: letters, digits, _ . @ # $, starting with a letter,
    at most 64 characters, unique regardless of case."""
    cleaned = re.sub(r"[^A-Za-z0-9_.@#$]", "_", name).strip(".") or "v"
    if not cleaned[0].isalpha():
        cleaned = "v_" + cleaned
    cleaned = cleaned[:60]
    candidate, n = cleaned, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{cleaned[:56]}_{n}"
    taken.add(candidate.lower())
    return candidate


def _codes(choices: list[dict[str, Any]]) -> dict[str, int]:
    """Numeric codes for answers: the answer's own name if it is a number, else 1, 2, …"""
    numeric = all(re.fullmatch(r"-?\d{1,6}", c["name"]) for c in choices)
    if numeric:
        return {c["name"]: int(c["name"]) for c in choices}
    return {c["name"]: index for index, c in enumerate(choices, start=1)}


def columns_for(
    form: Form,
    dataset: Dataset,
    *,
    language: str,
    values: str,
    waves: dict[int, str],
    versions: dict[int, int],
    spss: bool = False,
    repeat: str = "",
) -> list[ExportColumn]:
    """The columns of the export: one row per response, or with ``repeat`` one row per
    entry of that repeated block (long format: response, entry number, its answers)."""
    taken: set[str] = set()
    if repeat:
        columns = [
            ExportColumn(spss_name("response", taken), "Response", "rid", numeric=True),
            ExportColumn(spss_name("entry", taken), "Entry", "instance", numeric=True),
        ]
        questions = [
            q
            for q in form.questions(include_repeats=True)
            if (found := form.repeat_of(q["name"])) is not None and found["name"] == repeat
        ]
        return columns + _question_columns(
            form, dataset, questions, language=language, values=values, spss=spss, taken=taken
        )
    wave_case = " ".join(f"WHEN {pk} THEN {_sql_text(name)}" for pk, name in waves.items())
    version_case = " ".join(f"WHEN {pk} THEN {number}" for pk, number in versions.items())
    columns = [
        ExportColumn(spss_name("response", taken), "Response", "rid", numeric=True),
        ExportColumn(
            spss_name("wave", taken),
            "Wave",
            f"CASE wave {wave_case} ELSE CAST(wave AS VARCHAR) END",
        ),
        ExportColumn(spss_name("day", taken), "Day", "strftime(day, '%Y-%m-%d')"),
        ExportColumn(
            spss_name("questionnaire_version", taken),
            "Questionnaire version",
            f"CASE version {version_case} ELSE 0 END",
            numeric=True,
        ),
        ExportColumn(spss_name("language", taken), "Language", "language"),
        ExportColumn(spss_name("channel", taken), "Channel", "channel"),
    ]
    return columns + _question_columns(
        form, dataset, form.questions(), language=language, values=values, spss=spss, taken=taken
    )


def _question_columns(
    form: Form,
    dataset: Dataset,
    questions: list[dict[str, Any]],
    *,
    language: str,
    values: str,
    spss: bool,
    taken: set[str],
) -> list[ExportColumn]:
    columns: list[ExportColumn] = []
    labels_mode = values == "labels" and not spss
    for question in questions:
        name = question["name"]
        column = dataset.columns.get(name)
        if column is None:
            continue
        kind = question["type"]
        label = form.label(question, language)
        ident = _ident(name)
        choices = form.choices(question)
        if kind == engine.SELECT_ONE:
            codes = _codes(choices)
            if labels_mode:
                case = " ".join(
                    f"WHEN {_sql_text(c['name'])} THEN {_sql_text(form.text(c, 'label', language) or c['name'])}"
                    for c in choices
                )
                columns.append(
                    ExportColumn(
                        spss_name(name, taken), label, f"CASE {ident} {case} ELSE {ident} END"
                    )
                )
            elif spss:
                case = " ".join(
                    f"WHEN {_sql_text(code)} THEN {number}" for code, number in codes.items()
                )
                columns.append(
                    ExportColumn(
                        spss_name(name, taken),
                        label,
                        f"CASE {ident} {case} ELSE NULL END",
                        numeric=True,
                        value_labels={
                            float(codes[c["name"]]): form.text(c, "label", language) or c["name"]
                            for c in choices
                        },
                    )
                )
            else:
                columns.append(ExportColumn(spss_name(name, taken), label, ident))
        elif kind == engine.SELECT_MULTIPLE:
            for choice in choices:
                choice_label = form.text(choice, "label", language) or choice["name"]
                test = f"list_contains({ident}, {_sql_text(choice['name'])})"
                if labels_mode:
                    sql = f"CASE WHEN {ident} IS NULL THEN NULL WHEN {test} THEN {_sql_text(choice_label)} ELSE '' END"
                    columns.append(
                        ExportColumn(
                            spss_name(f"{name}.{choice['name']}", taken),
                            f"{label}: {choice_label}",
                            sql,
                        )
                    )
                else:
                    sql = f"CASE WHEN {ident} IS NULL THEN NULL WHEN {test} THEN 1 ELSE 0 END"
                    columns.append(
                        ExportColumn(
                            spss_name(f"{name}.{choice['name']}", taken),
                            f"{label}: {choice_label}",
                            sql,
                            numeric=True,
                            value_labels={0.0: "not chosen", 1.0: "chosen"} if spss else {},
                        )
                    )
        elif kind == engine.RANK:
            shown = {
                c["name"]: (form.text(c, "label", language) or c["name"])
                if labels_mode
                else c["name"]
                for c in choices
            }
            case = " ".join(
                f"WHEN {_sql_text(code)} THEN {_sql_text(text)}" for code, text in shown.items()
            )
            for place in range(1, len(choices) + 1):
                columns.append(
                    ExportColumn(
                        spss_name(f"{name}.{place}", taken),
                        f"{label}: {place}",
                        f"CASE {ident}[{place}] {case} ELSE NULL END",
                    )
                )
        elif column.kind == analysis.NUMBER:
            columns.append(ExportColumn(spss_name(name, taken), label, ident, numeric=True))
        elif column.kind == analysis.DATE:
            columns.append(
                ExportColumn(spss_name(name, taken), label, f"strftime({ident}, '%Y-%m-%d')")
            )
        else:
            columns.append(ExportColumn(spss_name(name, taken), label, ident))
    return columns


def repeats_of(form: Form, dataset: Dataset) -> list[str]:
    """The repeated blocks that have questions in the analysis copy."""
    return sorted({c.repeat for c in dataset.columns.values() if c.repeat})


def _source(repeat: str) -> tuple[str, str]:
    """The table and the order of an export's rows."""
    if repeat:
        return analysis.repeat_table(repeat), "rid, instance"
    return "r", "rid"


def batches(
    dataset: Dataset, columns: list[ExportColumn], repeat: str = ""
) -> Iterator[list[tuple[Any, ...]]]:
    select = ", ".join(f"{c.sql} AS c{i}" for i, c in enumerate(columns))
    table, order = _source(repeat)
    result = dataset.con.execute(f"SELECT {select} FROM {table} ORDER BY {order}")
    while rows := result.fetchmany(BATCH_ROWS):
        yield rows


def write_csv(
    path: Path,
    dataset: Dataset,
    columns: list[ExportColumn],
    progress: Callable[[int], None],
    repeat: str = "",
) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow([safe_cell(c.name) for c in columns])
        writer.writerow([safe_cell(c.label) for c in columns])
        for rows in batches(dataset, columns, repeat):
            writer.writerows([[safe_cell(v) for v in row] for row in rows])
            count += len(rows)
            progress(count)
    return count


_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class XlsxStream:
    """A minimal XLSX writer that streams rows into the zip member: inline strings and
    numbers only, one or more sheets, constant memory."""

    def __init__(self, path: Path) -> None:
        self.archive = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.sheets: list[str] = []
        self.handle: Any = None

    @staticmethod
    def _column(index: int) -> str:
        letters = ""
        index += 1
        while index:
            index, rest = divmod(index - 1, 26)
            letters = chr(65 + rest) + letters
        return letters

    def sheet(self, title: str) -> None:
        self._close_sheet()
        self.sheets.append(title[:31])
        self.handle = self.archive.open(
            f"xl/worksheets/sheet{len(self.sheets)}.xml", "w", force_zip64=True
        )
        self.handle.write(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        )
        self.row_number = 0

    def rows(self, rows: Sequence[Sequence[Any]]) -> None:
        parts: list[str] = []
        for row in rows:
            self.row_number += 1
            cells = []
            for index, value in enumerate(row):
                if value is None or value == "":
                    continue
                ref = f"{self._column(index)}{self.row_number}"
                if isinstance(value, bool):
                    value = int(value)
                if isinstance(value, int | float):
                    cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
                    continue
                if isinstance(value, date):
                    value = value.isoformat()
                text = escape(_ILLEGAL_XML.sub("", str(safe_cell(value))))
                cells.append(
                    f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
                )
            parts.append(f'<row r="{self.row_number}">{"".join(cells)}</row>')
        self.handle.write("".join(parts).encode("utf-8"))

    def _close_sheet(self) -> None:
        if self.handle is not None:
            self.handle.write(b"</sheetData></worksheet>")
            self.handle.close()
            self.handle = None

    def close(self) -> None:
        self._close_sheet()
        sheets = "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(self.sheets, start=1)
        )
        relations = "".join(
            f'<Relationship Id="rId{i}" Type="{_RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(self.sheets) + 1)
        )
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            f'ContentType="{_TYPES}.worksheet+xml"/>'
            for i in range(1, len(self.sheets) + 1)
        )
        self.archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        self.archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        self.archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{sheets}</sheets></workbook>",
        )
        self.archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relations}</Relationships>',
        )
        self.archive.close()


def write_xlsx(
    path: Path,
    dataset: Dataset,
    columns: list[ExportColumn],
    progress: Callable[[int], None],
    *,
    repeats: Sequence[tuple[str, list[ExportColumn]]] = (),
    notes: Sequence[str] = (),
) -> int:
    """The responses on the first sheet; each repeated block on a sheet of its own
    (one row per entry: response, entry number, answers); notes last."""
    book = XlsxStream(path)
    count = 0
    try:
        book.sheet("Responses")
        book.rows([[c.name for c in columns], [c.label for c in columns]])
        for rows in batches(dataset, columns):
            book.rows(rows)
            count += len(rows)
            progress(count)
        for repeat, repeat_columns in repeats:
            book.sheet(repeat[:31])
            book.rows([[c.name for c in repeat_columns], [c.label for c in repeat_columns]])
            for chunk in batches(dataset, repeat_columns, repeat):
                book.rows(chunk)
        if notes:
            book.sheet("Notes")
            book.rows([[line] for line in notes])
    finally:
        book.close()
    return count


def write_sav(
    path: Path,
    dataset: Dataset,
    columns: list[ExportColumn],
    *,
    title: str,
    notes: list[str],
    repeat: str = "",
) -> int:
    import pyreadstat

    # SPSS numbers are doubles; value labels must match the column's type.
    select = ", ".join(
        f"CAST({c.sql} AS DOUBLE) AS {_ident(c.name)}"
        if c.numeric
        else f"{c.sql} AS {_ident(c.name)}"
        for c in columns
    )
    import polars

    source, order = _source(repeat)
    table = dataset.con.sql(f"SELECT {select} FROM {source} ORDER BY {order}").to_arrow_table()
    frame = polars.from_arrow(table)
    del table
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label=title[:64],
        column_labels={c.name: c.label[:250] for c in columns},
        variable_value_labels={c.name: c.value_labels for c in columns if c.value_labels},
        variable_measure={
            c.name: ("nominal" if c.value_labels else "scale" if c.numeric else "nominal")
            for c in columns
        },
        # SPSS document lines hold at most 80 characters.
        note=[line for note in notes for line in textwrap.wrap(note, 80)] or None,
    )
    return len(frame)
