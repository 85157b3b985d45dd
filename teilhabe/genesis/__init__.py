"""Readers for the files of German official statistics (GENESIS family).

A plain library: no Django imports, bytes or text in, plain objects out. The
``areas`` app loads the territorial data with it; the monitoring imports reuse it.
"""

from .classic import Column, GenesisTable, Record, Row, parse_classic, read_classic
from .flat import Dimension, FlatRecord, iter_flat, read_flat
from .labels import AreaLabel, parse_area_label, parse_german_date
from .text import FormatError, Problem, decode, read_records
from .values import FLAG_MEANINGS, SYMBOL_MEANINGS, Cell, CellValueError, parse_value

__all__ = [
    "FLAG_MEANINGS",
    "SYMBOL_MEANINGS",
    "AreaLabel",
    "Cell",
    "CellValueError",
    "Column",
    "Dimension",
    "FlatRecord",
    "FormatError",
    "GenesisTable",
    "Problem",
    "Record",
    "Row",
    "decode",
    "iter_flat",
    "parse_area_label",
    "parse_classic",
    "parse_german_date",
    "parse_value",
    "read_classic",
    "read_flat",
    "read_records",
    "sniff",
]


def sniff(text: str) -> str:
    """Tell the layout of a decoded GENESIS file: ``"flat"`` or ``"classic"``."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if first.startswith(("statistics_code;", "Statistik_Code;")):
        return "flat"
    return "classic"
