"""GENESIS / Regionalstatistik / Zensus exports as long tables of text for :mod:`.resolve`.

Both layouts are read with :mod:`teilhabe.genesis` (the foundation's readers):

* classic: a row per area (key in the first key column), a column per period and
  category combination (labels stacked in the header lines);
* flat (ffcsv): a line per value with its dimensions by code.

The mapping says which labels or dimension values are which category options; labels that
are periods are recognised by themselves, and a label that stands over every column
(“Stichtag”) is the name of a variable and ignored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from teilhabe.genesis import (
    FormatError,
    GenesisTable,
    decode,
    iter_flat,
    parse_classic,
    read_records,
    sniff,
)

from .problems import Collector
from .resolve import SLOTS, parse_period
from .safety import Deadline, Limits, check_size, refuse

#: Dimension codes of GENESIS that hold areas (Germany, Länder, Kreise, Gemeinden).
AREA_VARIABLES = ("GEO", "KREISE", "DLAND", "BLAND", "GEMEIN", "REGBEZ", "DINSG")


@dataclass
class GenesisInfo:
    layout: str  # "classic" or "flat"
    code: str
    title: list[str]
    copyright: str
    stand: str
    #: classic: labels that need a mapping; flat: {variable: [attribute codes]}
    labels: list[str] = field(default_factory=list)
    dimensions: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    value_variables: list[tuple[str, str]] = field(default_factory=list)
    area_variables: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    rows: int = 0


def _decode(path: Path, limits: Limits) -> str:
    check_size(path, limits)
    try:
        text, _ = decode(path.read_bytes(), source=path.name)
    except FormatError as exc:
        raise refuse("encoding", detail="; ".join(p.message for p in exc.problems)) from None
    return text


def _genesis_problems(exc: FormatError, problems: Collector) -> None:
    for problem in exc.problems:
        problems.add(
            "genesis",
            row=problem.line,
            column=str(problem.column) if problem.column else None,
            detail=problem.message,
        )
    problems.raise_if_any()


def _is_period(label: str) -> bool:
    return parse_period(label) is not None


def _classic_labels(table: GenesisTable) -> tuple[list[str], set[str]]:
    """Labels needing a mapping, and labels that name a variable (above every column)."""
    counts: Counter[str] = Counter()
    for column in table.columns:
        counts.update(set(column.labels))
    everywhere = {
        label for label, n in counts.items() if n == len(table.columns) and len(table.columns) > 1
    }
    needing = sorted(label for label in counts if label not in everywhere and not _is_period(label))
    return needing, everywhere


def read_genesis(path: Path, limits: Limits) -> tuple[str, Any, GenesisInfo]:
    """Read either layout; return (layout, parsed object, info for the mapping step)."""
    text = _decode(path, limits)
    problems = Collector()
    layout = sniff(text)
    if layout == "flat":
        records = []
        dimensions: dict[str, dict[str, str]] = {}
        values: dict[str, str] = {}
        seen_periods: set[str] = set()
        deadline = Deadline(limits.seconds)
        try:
            for number, record in enumerate(
                iter_flat(read_records(text), source=path.name), start=1
            ):
                records.append(record)
                for dim in record.dimensions:
                    dimensions.setdefault(dim.code, {})[dim.attribute_code] = dim.attribute_label
                values[record.value_variable] = record.value_label
                seen_periods.add(record.time)
                if number % 20000 == 0:
                    deadline.check()
                if number > limits.max_rows:
                    raise refuse("too_many_rows", max=limits.max_rows)
        except FormatError as exc:
            _genesis_problems(exc, problems)
        area_vars = [d for d in dimensions if d.startswith(AREA_VARIABLES)]
        info = GenesisInfo(
            layout="flat",
            code=records[0].statistic if records else "",
            title=[],
            copyright="",
            stand="",
            dimensions={
                code: sorted(attrs.items())[:200]
                for code, attrs in dimensions.items()
                if code not in area_vars
            },
            value_variables=sorted(values.items()),
            area_variables=area_vars,
            periods=sorted(seen_periods),
            rows=len(records),
        )
        return "flat", records, info
    try:
        table = parse_classic(text, source=path.name)
    except FormatError as exc:
        _genesis_problems(exc, problems)
        raise AssertionError("unreachable") from None
    if len(table.rows) > limits.max_rows:
        raise refuse("too_many_rows", max=limits.max_rows)
    needing, _ = _classic_labels(table)
    periods = sorted({label for c in table.columns for label in c.labels if _is_period(label)})
    info = GenesisInfo(
        layout="classic",
        code=table.code or "",
        title=table.title,
        copyright=table.copyright or "",
        stand=table.stand or "",
        labels=needing,
        periods=periods,
        rows=len(table.rows),
    )
    return "classic", table, info


def _option_slots(options: dict[str, str], categories: tuple[str, ...]) -> list[str | None]:
    slots: list[str | None] = [None] * 4
    for category, option in options.items():
        if category in categories:
            slots[categories.index(category)] = option
    return slots


def classic_frame(
    table: GenesisTable, mapping: dict[str, Any], categories: tuple[str, ...], problems: Collector
) -> pa.Table:
    """Long text table of a classic export.

    ``mapping``: ``measure`` (code), ``labels`` (label → ``{category: option}``, or
    ``"ignore"`` for a label that only names a variable, or ``{}`` for a total).
    """
    measure = mapping["measure"]
    label_map: dict[str, Any] = mapping.get("labels", {})
    _, everywhere = _classic_labels(table)
    column_specs: list[tuple[str | None, list[str | None], bool]] = []
    for column in table.columns:
        period: str | None = None
        options: dict[str, str] = {}
        usable = True
        for label in column.labels:
            if _is_period(label):
                period = label
                continue
            if label in everywhere:
                continue
            spec = label_map.get(label)
            if spec is None:
                problems.add("genesis_label", row=None, column=str(column.index + 1), label=label)
                usable = False
            elif spec == "ignore":
                usable = False
            else:
                options.update(spec)
        column_specs.append((period, _option_slots(options, categories), usable))
    rows, areas, periods, values = [], [], [], []
    slot_values: list[list[str | None]] = [[], [], [], []]
    for row in table.rows:
        key = row.keys[0].split(" ", 1)[0].strip()
        for (period, slots, usable), cell in zip(column_specs, row.cells, strict=True):
            if not usable or (cell.value is None and cell.symbol is None):
                continue
            rows.append(row.line)
            areas.append(key)
            periods.append(period)
            values.append(cell.raw)
            for i in range(4):
                slot_values[i].append(slots[i])
    return pa.table(
        {
            "row": pa.array(rows, pa.int32()),
            "area": pa.array(areas, pa.string()),
            "period": pa.array(periods, pa.string()),
            "value": pa.array(values, pa.string()),
            "measure": pa.array([measure] * len(rows), pa.string()),
            **{slot: pa.array(slot_values[i], pa.string()) for i, slot in enumerate(SLOTS)},
        }
    )


def flat_frame(
    records: list[Any],
    mapping: dict[str, Any],
    categories_of: dict[str, tuple[str, ...]],
    problems: Collector,
) -> pa.Table:
    """Long text table of a flat export.

    ``mapping``: ``measures`` (value variable → measure code; unmapped variables are left
    out), ``dimensions`` (variable → ``{"category": code, "options": {attribute: option
    or ""}}`` or ``"ignore"``).
    """
    measures: dict[str, str] = mapping.get("measures", {})
    dims: dict[str, Any] = mapping.get("dimensions", {})
    rows, areas, periods, values, measure_codes = [], [], [], [], []
    slot_values: list[list[str | None]] = [[], [], [], []]
    reported: set[str] = set()
    for record in records:
        measure = measures.get(record.value_variable)
        if not measure:
            continue
        categories = categories_of.get(measure, ())
        area = None
        slots: list[str | None] = [None] * 4
        skip = False
        for dim in record.dimensions:
            if dim.code.startswith(AREA_VARIABLES):
                area = dim.attribute_code
                continue
            spec = dims.get(dim.code)
            if spec is None:
                if dim.code not in reported:
                    problems.add("genesis_label", row=record.line, column=dim.code, label=dim.code)
                    reported.add(dim.code)
                skip = True
                continue
            if spec == "ignore":
                continue
            option = spec.get("options", {}).get(dim.attribute_code)
            if option is None:
                problems.add(
                    "genesis_label",
                    row=record.line,
                    column=dim.code,
                    label=f"{dim.code} = {dim.attribute_code}",
                )
                skip = True
                continue
            if option and spec["category"] in categories:
                slots[categories.index(spec["category"])] = option
        if skip or area is None:
            if area is None:
                problems.add("genesis_no_area", row=record.line)
            continue
        rows.append(record.line)
        areas.append(area)
        periods.append(record.time)
        values.append(record.cell.raw if record.cell.symbol is None else record.cell.symbol)
        measure_codes.append(measure)
        for i in range(4):
            slot_values[i].append(slots[i])
    return pa.table(
        {
            "row": pa.array(rows, pa.int32()),
            "area": pa.array(areas, pa.string()),
            "period": pa.array(periods, pa.string()),
            "value": pa.array(values, pa.string()),
            "measure": pa.array(measure_codes, pa.string()),
            **{slot: pa.array(slot_values[i], pa.string()) for i, slot in enumerate(SLOTS)},
        }
    )
