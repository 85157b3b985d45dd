"""Safe tabular exports: every module writes CSV with :func:`csv_bytes` and XLSX with
:func:`xlsx_bytes` (both through :func:`safe_cell`), so no exported cell can run as a
spreadsheet formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would read as a formula (OWASP CSV injection).

    Numbers stay numbers. Text whose first non-blank character starts a formula gets a
    leading apostrophe, which spreadsheets show as plain text.
    """
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    stripped = text.lstrip(" \u00a0\u200b\ufeff")
    if stripped.startswith(_FORMULA_START) or (stripped and ord(stripped[0]) < 0x20):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = True) -> bytes:
    """CSV for German spreadsheets: ``;`` separated, UTF-8 with BOM (Excel opens it right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "Data",
    notes: Sequence[str] = (),
) -> bytes:
    """An XLSX workbook with one table sheet (and an optional "Notes" sheet for sources,
    flags and licences). Written in openpyxl's streaming mode, so memory stays flat;
    text cells are stored as text, never as formulas."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])

    def cell(value: Any) -> Any:
        safe = safe_cell(value)
        item = WriteOnlyCell(sheet, value=safe)
        if isinstance(safe, str):
            item.data_type = "s"  # never a formula, whatever the text starts with
        return item

    sheet.append([cell(h) for h in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    if notes:
        info = workbook.create_sheet(title="Notes")
        for line in notes:
            info.append([cell(line)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
