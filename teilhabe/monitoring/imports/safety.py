"""Refusing hostile or broken files before they are parsed, and bounding the parsing.

* Size: the file is refused above a limit, before anything else happens.
* Type: text files must decode (UTF-8 with or without BOM, or Windows-1252 /
  ISO-8859-1); UTF-16 and binary files are refused with a reason.
* XLSX: the ZIP directory is checked first: the number of parts, the total unpacked size
  and the compression ratio (a zip bomb unpacks to gigabytes from a few kilobytes), and
  macro workbooks. openpyxl then reads the sheets in streaming mode through defusedxml.
* Time and rows: readers check a deadline and a row limit while they go.
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .problems import ImportProblem, ImportRefused

XLSX_MAX_MEMBERS = 2000
XLSX_MAX_RATIO = 200
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 2_000_000
    seconds: float = 300.0
    #: Unpacked size of an XLSX (its XML is ~10× the data).
    max_unpacked: int = 500 * 1024 * 1024


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.until = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise ImportRefused([ImportProblem("timeout", params={"seconds": int(self.seconds)})])


def refuse(code: str, **params: object) -> ImportRefused:
    return ImportRefused([ImportProblem(code, params=dict(params))])


def check_size(path: Path, limits: Limits) -> int:
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise refuse("too_large", max_mb=limits.max_bytes // (1024 * 1024))
    if size == 0:
        raise refuse("empty_file")
    return size


def sniff(path: Path) -> str:
    """``"xlsx"``, ``"csv"`` or ``"binary"``, from the first bytes (not the file name)."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16 text; the decoder refuses it with a reason
    if b"\x00" in head or head.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"MZ")):
        return "binary"
    return "csv"


def check_xlsx(path: Path, limits: Limits) -> None:
    """Inspect the ZIP directory without unpacking anything."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
    except (zipfile.BadZipFile, OSError) as exc:
        raise refuse("not_xlsx", detail=str(exc)[:200]) from None
    if len(members) > XLSX_MAX_MEMBERS:
        raise refuse("xlsx_members", count=len(members))
    if "xl/vbaProject.bin" in names:
        raise refuse("xlsx_macro")
    if "xl/workbook.xml" not in names:
        raise refuse("not_xlsx", detail="xl/workbook.xml fehlt / is missing")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    worst = max((m.file_size / max(m.compress_size, 1) for m in members), default=0)
    if unpacked > limits.max_unpacked or (
        unpacked > 10 * 1024 * 1024
        and (unpacked / packed > XLSX_MAX_RATIO or worst > XLSX_MAX_RATIO * 5)
    ):
        raise refuse("zip_bomb", max_mb=limits.max_unpacked // (1024 * 1024))
