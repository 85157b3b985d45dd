"""CSV and XLSX tables as columns of text, read in a streaming way with limits.

A :class:`RawTable` keeps the header, one Arrow string column per header cell and the
line (or sheet row) of each data row, so every later problem can name its row and column.
Numbers from XLSX cells become their plain text (``1234.5``); dates become ISO dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
from openpyxl.utils.exceptions import InvalidFileException

from teilhabe.genesis import FormatError, decode

from .problems import Collector, ImportProblem, ImportRefused
from .safety import Deadline, Limits, check_size, check_xlsx, refuse, sniff

_CHUNK = 50_000


@dataclass
class RawTable:
    header: list[str]
    columns: dict[str, pa.ChunkedArray]
    rows: pa.ChunkedArray  # file line / sheet row of each data row
    kind: str  # "csv" or "xlsx"
    sheets: list[str]

    @property
    def num_rows(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> pa.ChunkedArray:
        return self.columns[name]

    def preview(self, limit: int = 5) -> list[list[str]]:
        count = min(limit, self.num_rows)
        cols = [self.columns[h].slice(0, count).to_pylist() for h in self.header]
        return [[str(c[i]) if c[i] is not None else "" for c in cols] for i in range(count)]

    def distinct(self, name: str, limit: int = 50) -> list[str]:
        values = pa.compute.unique(self.columns[name].combine_chunks()).to_pylist()
        return sorted(str(v) for v in values if v not in (None, ""))[:limit]


def _clean_header(cells: list[str], problems: Collector) -> list[str]:
    header = []
    seen: set[str] = set()
    for index, cell in enumerate(cells, start=1):
        name = " ".join(str(cell or "").split()) or f"Spalte {index}"
        if name in seen:
            problems.add("duplicate_header", row=None, column=name, name=name)
        seen.add(name)
        header.append(name)
    return header


class _Builder:
    """Collects rows into Arrow columns chunk by chunk (memory stays near the data size)."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.width = len(header)
        self.buffers: list[list[str | None]] = [[] for _ in header]
        self.lines: list[int] = []
        self.chunks: list[list[pa.Array]] = [[] for _ in header]
        self.line_chunks: list[pa.Array] = []

    def append(self, line: int, cells: list[str | None]) -> None:
        for index in range(self.width):
            self.buffers[index].append(cells[index] if index < len(cells) else None)
        self.lines.append(line)
        if len(self.lines) >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        for index in range(self.width):
            self.chunks[index].append(pa.array(self.buffers[index], pa.string()))
            self.buffers[index] = []
        self.line_chunks.append(pa.array(self.lines, pa.int32()))
        self.lines = []

    def table(self, kind: str, sheets: list[str]) -> RawTable:
        self.flush()
        columns = {
            name: pa.chunked_array(self.chunks[i], pa.string())
            for i, name in enumerate(self.header)
        }
        return RawTable(
            self.header, columns, pa.chunked_array(self.line_chunks, pa.int32()), kind, sheets
        )


def _sniff_delimiter(sample: str) -> str:
    first = sample.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"


def read_csv(path: Path, limits: Limits, *, header_row: int = 1) -> RawTable:
    """Read a CSV file: encoding and delimiter detected, ragged rows reported."""
    try:
        text, _ = decode(path.read_bytes(), source=path.name)
    except FormatError as exc:
        raise refuse("encoding", detail="; ".join(p.message for p in exc.problems)) from None
    deadline = Deadline(limits.seconds)
    delimiter = _sniff_delimiter(text[:65536])
    problems = Collector()
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False
    )
    builder: _Builder | None = None
    line = 0
    try:
        for cells in reader:
            line = reader.line_num
            if builder is None:
                if line < header_row or not any(c.strip() for c in cells):
                    continue
                builder = _Builder(_clean_header(cells, problems))
                continue
            if not any(c.strip() for c in cells):
                continue
            trimmed = list(cells)
            while len(trimmed) > builder.width and not trimmed[-1].strip():
                trimmed.pop()
            if len(trimmed) != builder.width:
                problems.add("ragged", row=line, found=len(trimmed), expected=builder.width)
                if len(trimmed) > builder.width:
                    continue
            builder.append(line, [c.strip() for c in trimmed])
            if len(builder.lines) % 10000 == 0:
                deadline.check()
            if sum(len(c) for c in builder.line_chunks) + len(builder.lines) > limits.max_rows:
                raise refuse("too_many_rows", max=limits.max_rows)
    except csv.Error as exc:
        raise refuse("csv_broken", detail=f"Zeile/line {line + 1}: {exc}") from None
    if builder is None:
        raise refuse("no_header")
    problems.raise_if_any()
    table = builder.table("csv", [])
    if table.num_rows == 0:
        raise refuse("no_rows")
    return table


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(
    handle: BinaryIO, sheet: str | None, *, formulas: bool
) -> tuple[list[str], Iterator[tuple[object, ...]]]:
    from openpyxl import load_workbook

    # A file object: openpyxl would judge a path by its extension (uploads have none).
    workbook = load_workbook(handle, read_only=True, data_only=not formulas, keep_links=False)
    names = list(workbook.sheetnames)
    chosen = sheet or names[0]
    if chosen not in names:
        raise refuse("sheet_missing", sheet=chosen, known=", ".join(names))
    return names, workbook[chosen].iter_rows(values_only=True)


def read_xlsx(
    path: Path, limits: Limits, *, sheet: str | None = None, header_row: int = 1
) -> RawTable:
    """Read one sheet of a workbook (after the ZIP checks), values as Excel last computed
    them; a formula without a stored result is a problem by row and column."""
    check_xlsx(path, limits)
    deadline = Deadline(limits.seconds)
    problems = Collector()
    with path.open("rb") as first, path.open("rb") as second:
        return _read_sheets(
            first,
            second,
            limits,
            sheet=sheet,
            header_row=header_row,
            problems=problems,
            deadline=deadline,
        )


def _read_sheets(
    first: BinaryIO,
    second: BinaryIO,
    limits: Limits,
    *,
    sheet: str | None,
    header_row: int,
    problems: Collector,
    deadline: Deadline,
) -> RawTable:
    try:
        sheets, values = _rows(first, sheet, formulas=False)
        _, formulas = _rows(second, sheet, formulas=True)
        builder: _Builder | None = None
        for number, (row, raw) in enumerate(zip(values, formulas, strict=False), start=1):
            if number < header_row:
                continue
            cells = [_cell_text(v) for v in row]
            if builder is None:
                if not any(cells):
                    continue
                while cells and cells[-1] in (None, ""):
                    cells.pop()
                builder = _Builder(_clean_header([c or "" for c in cells], problems))
                continue
            if not any(c not in (None, "") for c in cells):
                continue
            for index, (value, source) in enumerate(zip(row, raw, strict=False)):
                if value is None and isinstance(source, str) and source.startswith("="):
                    column = (
                        builder.header[index] if index < builder.width else f"Spalte {index + 1}"
                    )
                    problems.add("formula_cell", row=number, column=column, formula=source[:40])
            extra = [c for c in cells[builder.width :] if c not in (None, "")]
            if extra:
                problems.add(
                    "ragged", row=number, found=builder.width + len(extra), expected=builder.width
                )
            builder.append(number, cells[: builder.width])
            if number % 5000 == 0:
                deadline.check()
            if number > limits.max_rows:
                raise refuse("too_many_rows", max=limits.max_rows)
    except ImportRefused:
        raise
    except (
        KeyError,
        ValueError,
        OSError,
        TypeError,
        zipfile.BadZipFile,
        InvalidFileException,
    ) as exc:
        raise refuse("not_xlsx", detail=str(exc)[:200]) from None
    if builder is None:
        raise refuse("no_header")
    problems.raise_if_any()
    table = builder.table("xlsx", sheets)
    if table.num_rows == 0:
        raise refuse("no_rows")
    return table


def read_table(
    path: Path, limits: Limits, *, sheet: str | None = None, header_row: int = 1
) -> RawTable:
    """Read an office table, CSV or XLSX, whatever its name says."""
    check_size(path, limits)
    kind = sniff(path)
    if kind == "binary":
        raise refuse("binary")
    if kind == "xlsx":
        return read_xlsx(path, limits, sheet=sheet, header_row=header_row)
    return read_csv(path, limits, header_row=header_row)


def problems_of(exc: ImportRefused) -> list[ImportProblem]:
    return exc.problems
