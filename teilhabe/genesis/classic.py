"""The classic GENESIS table export ("CSV" download of GENESIS-Online, Regionalstatistik,
the Länder databases).

Layout, as written by GENESIS::

    GENESIS-Tabelle: 12411-0015                  ← title block: one text cell per line
    Bevölkerung: Kreise, Stichtag;;;;
    Fortschreibung des Bevölkerungsstandes;;;;
    Bevölkerungsstand (Anzahl);;;;
    ;;Stichtag;Stichtag                          ← header block: one line per column variable,
    ;;31.12.1995;31.12.1996                        the row-key columns left empty
    01001;Flensburg, kreisfreie Stadt;87276;…    ← data: row keys, then one cell per column
    __________                                   ← footer: notes, copyright, "Stand"
    "Gebietsfläche: … ""quoted"" …"
    © Statistisches Bundesamt (Destatis), 2020
    Stand: 24.02.2020 / 00:01:03

ISO-8859-1, ``;`` as separator, decimal comma, special symbols (see :mod:`.values`).
Regionalstatistik indents names with leading spaces; that indentation is kept as
``Row.indent``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .text import FormatError, Problem, decode, read_records
from .values import Cell, CellValueError, parse_value

__all__ = ["Column", "GenesisTable", "Record", "Row", "parse_classic", "read_classic"]

_FOOTER = re.compile(r"^_{3,}\s*$")
_TABLE_CODE = re.compile(r"^(?:GENESIS-)?Tabelle:\s*(?P<code>\S+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Column:
    """A value column; ``labels`` holds one label per header line (outermost first)."""

    index: int
    labels: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.labels[-1] if self.labels else ""


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    keys: tuple[str, ...]
    cells: tuple[Cell, ...]
    indent: int = 0
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """One value in long form: the row keys, the column labels and the cell."""

    keys: tuple[str, ...]
    labels: tuple[str, ...]
    cell: Cell
    line: int
    column: int


@dataclass(slots=True)
class GenesisTable:
    code: str | None
    title: list[str]
    key_columns: int
    columns: list[Column]
    rows: list[Row]
    footer: list[str] = field(default_factory=list)
    encoding: str = ""

    @property
    def copyright(self) -> str | None:
        return next((line for line in self.footer if line.startswith("©")), None)

    @property
    def stand(self) -> str | None:
        for line in self.footer:
            if line.startswith("Stand:"):
                return line.removeprefix("Stand:").strip()
        return None

    def records(self) -> Iterator[Record]:
        for row in self.rows:
            for column, cell in zip(self.columns, row.cells, strict=True):
                yield Record(row.keys, column.labels, cell, row.line, column.index + 1)


def _non_empty(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip())


def _leading_empty(cells: list[str]) -> int:
    count = 0
    for cell in cells:
        if cell.strip():
            break
        count += 1
    return count


def _is_value_like(text: str, decimal_comma: bool | None) -> bool:
    try:
        cell = parse_value(text, decimal_comma=decimal_comma)
    except CellValueError:
        return False
    return not cell.is_empty


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def parse_classic(
    text: str, *, source: str = "", decimal_comma: bool | None = True, encoding: str = ""
) -> GenesisTable:
    """Parse the text of a classic GENESIS export.

    Every problem found (ragged rows, cells that are neither numbers nor symbols)
    is collected and raised together as one :class:`FormatError`.
    """
    records = list(read_records(text))
    footer_at = next(
        (i for i, (_, cells) in enumerate(records) if cells and _FOOTER.match(cells[0].strip())),
        len(records),
    )
    footer = [
        line.strip()
        for _, cells in records[footer_at + 1 :]
        for cell in cells
        for line in cell.splitlines()
        if line.strip()
    ]
    body = [(n, cells) for n, cells in records[:footer_at] if _non_empty(cells)]
    if not body:
        raise FormatError([Problem("the file contains no table")], source=source)

    # Title block: lines with one text cell at most, before the first header line.
    title: list[str] = []
    position = 0
    while (
        position < len(body) and _non_empty(body[position][1]) <= 1 and body[position][1][0].strip()
    ):
        title.append(next(c.strip() for c in body[position][1] if c.strip()))
        position += 1
    code = next((m["code"] for t in title if (m := _TABLE_CODE.match(t))), None)

    # Header block: up to the first line that starts with a key and holds a value.
    first_data = position
    while first_data < len(body):
        cells = body[first_data][1]
        if cells[0].strip() and any(_is_value_like(c, decimal_comma) for c in cells[1:]):
            break
        first_data += 1
    headers = [cells for _, cells in body[position:first_data]]
    if not headers:
        raise FormatError(
            [Problem("no column headers found above the first data line", line=body[0][0])],
            source=source,
        )
    if first_data == len(body):
        raise FormatError([Problem("the table has headers but no data lines")], source=source)

    width = max(len(_trim(h)) for h in headers)
    key_columns = _leading_empty(headers[-1])
    if key_columns == 0 or key_columns >= width:
        raise FormatError(
            [
                Problem(
                    "cannot tell the row-key columns from the value columns: the last header "
                    "line should leave the key columns empty",
                    line=body[first_data - 1][0],
                )
            ],
            source=source,
        )

    # Column labels: forward-fill header cells left to right (merged cells).
    filled: list[list[str]] = []
    for header in headers:
        padded = [c.strip() for c in header] + [""] * (width - len(header))
        current = ""
        line: list[str] = []
        for index, cell in enumerate(padded[:width]):
            if index < key_columns:
                line.append(cell)
                continue
            current = cell or current
            line.append(current)
        filled.append(line)
    columns = [
        Column(index=j, labels=tuple(h[j] for h in filled if h[j]))
        for j in range(key_columns, width)
    ]

    problems: list[Problem] = []
    rows: list[Row] = []
    section: str | None = None
    previous_keys: tuple[str, ...] = ()
    for line_no, raw_cells in body[first_data:]:
        cells = _trim(raw_cells)
        if len(cells) > width:
            problems.append(
                Problem(f"the line has {len(cells)} cells, the header has {width}", line=line_no)
            )
            continue
        if _non_empty(cells) == 1 and cells[0].strip() and len(cells) <= key_columns:
            section = cells[0].strip()  # a sub-heading inside the table
            continue
        cells = cells + [""] * (width - len(cells))
        raw_keys = cells[:key_columns]
        indent = len(raw_keys[-1]) - len(raw_keys[-1].lstrip(" ")) if raw_keys else 0
        keys = tuple(
            k.strip() or (previous_keys[i] if i < len(previous_keys) else "")
            for i, k in enumerate(raw_keys)
        )
        if not keys[0]:
            problems.append(Problem("the line has values but no row key", line=line_no))
            continue
        parsed: list[Cell] = []
        for offset, raw in enumerate(cells[key_columns:]):
            try:
                parsed.append(parse_value(raw, decimal_comma=decimal_comma))
            except CellValueError:
                problems.append(
                    Problem(
                        f"“{raw.strip()[:40]}” is neither a number nor a statistics symbol",
                        line=line_no,
                        column=key_columns + offset + 1,
                    )
                )
        if len(parsed) == len(columns):
            rows.append(Row(line_no, keys, tuple(parsed), indent, section))
        previous_keys = keys
    if problems:
        raise FormatError(problems, source=source)
    return GenesisTable(code, title, key_columns, columns, rows, footer, encoding)


def read_classic(path_or_bytes: Path | str | bytes, *, source: str = "") -> GenesisTable:
    """Read and parse a classic export from a path or from raw bytes."""
    if isinstance(path_or_bytes, bytes):
        data = path_or_bytes
    else:
        path = Path(path_or_bytes)
        source = source or path.name
        data = path.read_bytes()
    text, encoding = decode(data, source=source)
    return parse_classic(text, source=source, encoding=encoding)
