"""Values and special symbols as the German official statistics write them.

GENESIS (Destatis, the Länder offices, Regionalstatistik, Zensus) marks cells that
carry no number with symbols (the "Zeichenerklärung"). A cell may also carry a
number together with a quality flag (``p`` provisional, ``r`` revised, ``s``
estimated) or sit in parentheses (limited reliability). We keep the original
symbol so that a value the source suppressed is never shown as a number later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

__all__ = [
    "FLAG_MEANINGS",
    "SYMBOL_MEANINGS",
    "Cell",
    "CellValueError",
    "parse_value",
]

# Symbol → (German meaning as printed by Destatis, English meaning).
SYMBOL_MEANINGS: dict[str, tuple[str, str]] = {
    "-": ("nichts vorhanden", "nothing (exactly zero) or not applicable"),
    ".": ("Zahlenwert unbekannt oder geheim zu halten", "unknown or confidential"),
    "x": ("Tabellenfach gesperrt, weil Aussage nicht sinnvoll", "cell blocked: not meaningful"),
    "...": ("Angabe fällt später an", "figure not yet available"),
    "/": ("keine Angaben, da Zahlenwert nicht sicher genug", "too uncertain to publish"),
}

# Quality flags that may follow a number ("123p") or stand in the flat value_q column.
FLAG_MEANINGS: dict[str, tuple[str, str]] = {
    "p": ("vorläufige Zahl", "provisional"),
    "r": ("berichtigte Zahl", "revised"),
    "s": ("geschätzte Zahl", "estimated"),
    "e": ("endgültige Zahl", "final"),
    "()": ("Aussagewert eingeschränkt", "limited reliability"),
}

_SYMBOL_ALIASES = {
    "-": "-",
    "–": "-",  # en dash, seen in hand-edited exports
    ".": ".",
    "x": "x",
    "X": "x",
    "...": "...",
    "…": "...",
    "/": "/",
}

_NUMBER = re.compile(
    r"""^(?P<open>\()?\s*
        (?P<num>[-+]?[0-9][0-9 .,\u00a0\u202f']*)
        \s*(?P<close>\))?
        \s*(?P<flags>[prse]*)$""",
    re.VERBOSE,
)
_THOUSANDS_DOT = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")


class CellValueError(ValueError):
    """A cell that is neither a number nor a known symbol."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: a number, or a symbol saying why there is none."""

    value: Decimal | None
    symbol: str | None = None
    flags: frozenset[str] = field(default_factory=frozenset)
    raw: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.symbol is None


def _normalise_number(text: str, *, decimal_comma: bool | None) -> Decimal:
    compact = re.sub(r"[ \u00a0\u202f']", "", text)
    if "," in compact and "." in compact:
        # German style: 1.234,5 (dots group thousands, the comma is decimal).
        if not _THOUSANDS_DOT.match(compact):
            raise CellValueError(text)
        compact = compact.replace(".", "").replace(",", ".")
    elif "," in compact:
        if decimal_comma is False or compact.count(",") > 1:
            raise CellValueError(text)
        compact = compact.replace(",", ".")
    elif "." in compact and decimal_comma:
        # In a decimal-comma file a dot can only group thousands.
        if not _THOUSANDS_DOT.match(compact):
            raise CellValueError(text)
        compact = compact.replace(".", "")
    try:
        number = Decimal(compact)
    except InvalidOperation as exc:
        raise CellValueError(text) from exc
    if not number.is_finite():
        raise CellValueError(text)
    return number


def parse_value(raw: str, *, decimal_comma: bool | None = True) -> Cell:
    """Parse one cell.

    ``decimal_comma=True`` is the GENESIS CSV convention (``56,44``); ``None``
    accepts either separator (flat files, office tables). Raises
    :class:`CellValueError` for text that is neither a number nor a symbol.
    """
    text = raw.strip().strip("\u00a0\u202f")
    if not text:
        return Cell(value=None, raw=raw)
    symbol = _SYMBOL_ALIASES.get(text)
    if symbol is not None:
        return Cell(value=None, symbol=symbol, raw=raw)
    match = _NUMBER.match(text)
    if match is None or bool(match["open"]) != bool(match["close"]):
        raise CellValueError(raw)
    value = _normalise_number(match["num"].strip(), decimal_comma=decimal_comma)
    flags = set(match["flags"]) - {"e"}
    if match["open"]:
        flags.add("()")
    return Cell(value=value, flags=frozenset(flags), raw=raw)
