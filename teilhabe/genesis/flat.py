"""The flat GENESIS export ("ffcsv", "Flat-File-CSV"): one value per line.

Two header conventions are in use and both are read:

* English names with a ``value`` column (GENESIS-Online since 2024, the Zensus 2022
  database)::

      statistics_code;statistics_label;time_code;time_label;time;
      1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;
      …;value;value_unit;value_variable_code;value_variable_label;value_q

* German names with one column per value variable, named ``CODE__Label__Unit``::

      Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;
      1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;…;
      BEV001__Bevoelkerung__Anzahl

UTF-8 with a byte-order mark, ``;`` as separator. Records are produced one at a
time, so a large file does not need to fit in memory as parsed objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .text import FormatError, Problem, decode, read_records
from .values import FLAG_MEANINGS, Cell, CellValueError, parse_value

__all__ = ["Dimension", "FlatRecord", "iter_flat", "read_flat"]

_DIM = re.compile(
    r"^(?P<n>\d+)_(?P<part>variable_code|variable_label|variable_attribute_code|"
    r"variable_attribute_label|Merkmal_Code|Merkmal_Label|Auspraegung_Code|Auspraegung_Label)$"
)
_PART = {
    "variable_code": "code",
    "Merkmal_Code": "code",
    "variable_label": "label",
    "Merkmal_Label": "label",
    "variable_attribute_code": "attribute_code",
    "Auspraegung_Code": "attribute_code",
    "variable_attribute_label": "attribute_label",
    "Auspraegung_Label": "attribute_label",
}
_GERMAN_VALUE = re.compile(r"^(?P<code>[A-Z0-9]+)__(?P<label>.*?)(?:__(?P<unit>[^_].*))?$")
_META = {
    "statistics_code": "statistic",
    "Statistik_Code": "statistic",
    "statistics_label": "statistic_label",
    "Statistik_Label": "statistic_label",
    "time_code": "time_code",
    "Zeit_Code": "time_code",
    "time_label": "time_label",
    "Zeit_Label": "time_label",
    "time": "time",
    "Zeit": "time",
}


@dataclass(frozen=True, slots=True)
class Dimension:
    code: str
    label: str
    attribute_code: str
    attribute_label: str


@dataclass(frozen=True, slots=True)
class FlatRecord:
    line: int
    statistic: str
    time: str
    time_code: str
    dimensions: tuple[Dimension, ...]
    value_variable: str
    value_label: str
    unit: str
    cell: Cell

    def dimension(self, code: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.code == code), None)


def _layout(
    header: list[str], source: str
) -> tuple[dict[str, int], dict[int, dict[str, int]], list[tuple[int, str, str, str]]]:
    meta: dict[str, int] = {}
    dims: dict[int, dict[str, int]] = {}
    values: list[tuple[int, str, str, str]] = []  # (index, code, label, unit)
    names = [h.strip() for h in header]
    for index, name in enumerate(names):
        if name in _META:
            meta[_META[name]] = index
        elif match := _DIM.match(name):
            dims.setdefault(int(match["n"]), {})[_PART[match["part"]]] = index
        elif name in {
            "value",
            "value_unit",
            "value_variable_code",
            "value_variable_label",
            "value_q",
        }:
            meta[name] = index
    if "value" not in meta:
        for index, name in enumerate(names):
            if (match := _GERMAN_VALUE.match(name)) and index not in meta.values():
                values.append((index, match["code"], match["label"], match["unit"] or ""))
    missing = [n for n in ("statistic", "time") if n not in meta]
    if missing or ("value" not in meta and not values):
        raise FormatError(
            [
                Problem(
                    "this is not a GENESIS flat file: the header lacks "
                    + ", ".join(missing or ["a value column"]),
                    line=1,
                )
            ],
            source=source,
        )
    for n, parts in dims.items():
        if "code" not in parts or "attribute_code" not in parts:
            raise FormatError(
                [Problem(f"variable {n} lacks its code or attribute-code column", line=1)],
                source=source,
            )
    return meta, dims, values


def iter_flat(
    records: Iterable[tuple[int, list[str]]], *, source: str = "", max_problems: int = 200
) -> Iterator[FlatRecord]:
    """Yield records from ``(line, cells)`` pairs; raise one :class:`FormatError` at the end
    listing every bad line (up to ``max_problems``)."""
    iterator = iter(records)
    try:
        _, header = next(iterator)
    except StopIteration:
        raise FormatError([Problem("the file is empty")], source=source) from None
    meta, dims, values = _layout(header, source)
    width = len(header)
    problems: list[Problem] = []

    def get(cells: list[str], key: str) -> str:
        index = meta.get(key)
        return cells[index].strip() if index is not None else ""

    for line, cells in iterator:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != width:
            problems.append(
                Problem(f"the line has {len(cells)} cells, the header has {width}", line=line)
            )
            if len(problems) >= max_problems:
                break
            continue
        dimensions = tuple(
            Dimension(
                code=cells[parts["code"]].strip(),
                label=cells[parts["label"]].strip() if "label" in parts else "",
                attribute_code=cells[parts["attribute_code"]].strip(),
                attribute_label=(
                    cells[parts["attribute_label"]].strip() if "attribute_label" in parts else ""
                ),
            )
            for _, parts in sorted(dims.items())
            if cells[parts["code"]].strip()
        )
        targets = (
            [
                (
                    meta["value"],
                    get(cells, "value_variable_code"),
                    get(cells, "value_variable_label"),
                    get(cells, "value_unit"),
                )
            ]
            if "value" in meta
            else values
        )
        for index, code, label, unit in targets:
            raw = cells[index]
            try:
                cell = parse_value(raw, decimal_comma=None)
            except CellValueError:
                problems.append(
                    Problem(
                        f"“{raw.strip()[:40]}” is neither a number nor a statistics symbol",
                        line=line,
                        column=index + 1,
                    )
                )
                continue
            quality = get(cells, "value_q")
            if quality:
                flags = {q for q in quality if q in FLAG_MEANINGS and q != "e"}
                if quality in {".", "x", "-", "/", "..."} and cell.symbol is None:
                    cell = Cell(value=None, symbol=quality, raw=raw)
                elif flags:
                    cell = Cell(cell.value, cell.symbol, cell.flags | flags, raw)
            yield FlatRecord(
                line=line,
                statistic=get(cells, "statistic"),
                time=get(cells, "time"),
                time_code=get(cells, "time_code"),
                dimensions=dimensions,
                value_variable=code,
                value_label=label,
                unit=unit,
                cell=cell,
            )
        if len(problems) >= max_problems:
            break
    if problems:
        raise FormatError(problems, source=source)


def read_flat(path_or_bytes: Path | str | bytes, *, source: str = "") -> list[FlatRecord]:
    """Read a whole flat export into memory (fine for files up to a few hundred MB)."""
    if isinstance(path_or_bytes, bytes):
        data = path_or_bytes
    else:
        path = Path(path_or_bytes)
        source = source or path.name
        data = path.read_bytes()
    text, _ = decode(data, source=source)
    return list(iter_flat(read_records(text), source=source))
