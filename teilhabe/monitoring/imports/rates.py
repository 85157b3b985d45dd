"""Published rates: the Regionalatlas file (shares per Kreis and Land and year)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from .resolve import SLOTS
from .safety import Limits, check_size, refuse


def regionalatlas_frame(path: Path, limits: Limits, *, measure: str) -> pa.Table:
    """``{"years": [...], "states": {ARS: [...]}, "districts": {ARS: [...]}}`` → long text.
    Berlin and Hamburg appear as Länder (``11``, ``02``) and again among the districts
    under the same keys; ``null`` is no value."""
    check_size(path, limits)
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
        years = [int(y) for y in data["years"]]
        groups = [data.get("states", {}), data.get("districts", {})]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise refuse("not_a_rates_file", detail=str(exc)[:200]) from None
    rows, areas, periods, values = [], [], [], []
    line = 0
    for number, group in enumerate(groups):
        for raw_key, series in group.items():
            # City-states appear among the districts under their Land key ("02", "11"):
            # as Kreise they are 02000 and 11000.
            key = f"{raw_key}000" if number == 1 and len(str(raw_key)) == 2 else raw_key
            line += 1
            if not isinstance(series, list) or len(series) != len(years):
                raise refuse(
                    "ragged",
                    found=len(series) if isinstance(series, list) else 0,
                    expected=len(years),
                )
            for year, value in zip(years, series, strict=True):
                if value is None:
                    continue
                rows.append(line)
                areas.append(str(key))
                periods.append(str(year))
                values.append(str(value))
    n = len(rows)
    return pa.table(
        {
            "row": pa.array(rows, pa.int32()),
            "area": pa.array(areas, pa.string()),
            "period": pa.array(periods, pa.string()),
            "value": pa.array(values, pa.string()),
            "measure": pa.array([measure] * n, pa.string()),
            **{slot: pa.nulls(n, pa.string()) for slot in SLOTS},
        }
    )
