"""Decoding uploaded statistics files and reporting problems in plain words."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["FormatError", "Problem", "decode", "read_records"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file, located by line and column (1-based) where known."""

    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class FormatError(ValueError):
    """The file cannot be read as the expected format; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem], *, source: str = "") -> None:
        self.problems = problems
        self.source = source
        head = f"{source}: " if source else ""
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{head}{shown}{more}")


def decode(data: bytes, *, source: str = "") -> tuple[str, str]:
    """Decode a statistics file; return ``(text, encoding)``.

    GENESIS table exports are ISO-8859-1 (in practice Windows-1252), flat exports
    UTF-8 with a byte-order mark. UTF-16 or binary files are refused with a reason.
    """
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        raise FormatError(
            [Problem("the file is encoded as UTF-16; save it as UTF-8 or ISO-8859-1 CSV")],
            source=source,
        )
    if b"\x00" in data[:65536]:
        raise FormatError(
            [Problem("the file is not a text file (it contains NUL bytes); upload a CSV file")],
            source=source,
        )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise FormatError(
                [Problem(f"the file starts like UTF-8 but byte {exc.start} is not valid UTF-8")],
                source=source,
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "iso-8859-1"


def read_records(text: str, *, delimiter: str = ";") -> Iterator[tuple[int, list[str]]]:
    """Yield ``(first_line_number, cells)`` for each CSV record, quotes and all.

    The csv module refuses fields longer than its limit (128 KiB by default), which
    bounds the memory a hostile "one giant quoted field" file can take.
    """
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', strict=False)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FormatError([Problem(f"the CSV structure is broken ({exc})", line=start)]) from exc
