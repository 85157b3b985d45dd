"""Area labels as GENESIS writes them: ``Göttingen, Landkreis (bis 31.10.2016)``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["AreaLabel", "parse_area_label", "parse_german_date"]

_VALIDITY = re.compile(r"\s*\((?P<word>bis|ab|b\.)\s*(?P<date>\d{1,2}\.\d{1,2}\.\d{4})\)\s*$")
_KINDS = (
    "kreisfreie Stadt",
    "Kreisfreie Stadt",
    "Landkreis",
    "Stadtkreis",
    "Kreis",
    "Regionalverband",
)


@dataclass(frozen=True, slots=True)
class AreaLabel:
    name: str
    kind: str | None
    valid_from: date | None
    valid_until: date | None


def parse_german_date(text: str) -> date:
    """``31.10.2016`` → ``date(2016, 10, 31)``; raises ``ValueError`` otherwise."""
    day, month, year = (int(p) for p in text.strip().split("."))
    return date(year, month, day)


def parse_area_label(label: str) -> AreaLabel:
    """Split a GENESIS area label into name, kind and validity."""
    text = label.strip()
    valid_from = valid_until = None
    if match := _VALIDITY.search(text):
        when = parse_german_date(match["date"])
        if match["word"] in {"bis", "b."}:
            valid_until = when
        else:
            valid_from = when
        text = text[: match.start()].strip()
    kind = None
    if ", " in text:
        head, _, tail = text.rpartition(", ")
        if tail in _KINDS:
            text, kind = head, ("Kreisfreie Stadt" if tail == "kreisfreie Stadt" else tail)
    return AreaLabel(text, kind, valid_from, valid_until)
