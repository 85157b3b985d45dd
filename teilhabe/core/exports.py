"""Safe tabular exports: every module writes CSV through :func:`csv_response` /
:func:`safe_cell`, so no exported cell can run as a spreadsheet formula."""

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
