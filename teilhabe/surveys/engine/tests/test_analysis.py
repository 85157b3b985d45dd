"""The DuckDB engine on a small in-memory data set, and the chi-square test."""

from __future__ import annotations

import json
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from teilhabe.surveys.engine.analysis import (
    MULTIPLE,
    NUMBER,
    SINGLE,
    TEXT,
    Column,
    Condition,
    Dataset,
    flatten,
)
from teilhabe.surveys.engine.stats import chi_square, chi_square_sf

COLUMNS = [
    Column("stay", SINGLE, ("yes", "no")),
    Column("home", SINGLE, ("5", "1")),
    Column("langs", MULTIPLE, ("ar", "de")),
    Column("age", NUMBER),
    Column("wish", TEXT),
]


@pytest.fixture
def dataset(tmp_path):
    answers = [
        {"stay": "yes", "home": "5", "langs": ["ar", "de"], "age": 30, "wish": "Kita"},
        {"stay": "yes", "home": "5", "langs": ["ar"], "age": 40, "wish": "Arbeit"},
        {"stay": "no", "home": "1", "langs": [], "age": 20},
        {"stay": "no", "home": "5", "langs": ["de"], "age": "x"},
        {},
    ]
    raw = tmp_path / "raw.parquet"
    pq.write_table(
        pa.table(
            {
                "rid": [1, 2, 3, 4, 5],
                "wave": [1, 1, 2, 2, 2],
                "day": [
                    date(2026, 1, 5),
                    date(2026, 1, 6),
                    date(2026, 2, 2),
                    date(2026, 2, 3),
                    date(2026, 2, 9),
                ],
                "version": [1, 1, 1, 1, 1],
                "language": ["ar", "de", "de", "uk", "de"],
                "channel": ["web"] * 5,
                "answers": [json.dumps(a) for a in answers],
            }
        ),
        raw,
    )
    flat = tmp_path / "flat.parquet"
    flatten(raw, COLUMNS, flat)
    with Dataset(flat, {c.name: c for c in COLUMNS}) as data:
        yield data


def test_counts_and_bases(dataset):
    assert dataset.count() == 5
    assert dataset.frequencies("stay") == ({"yes": 2, "no": 2}, 4)
    assert dataset.frequencies("langs") == ({"ar": 2, "de": 2}, 3)
    assert dataset.numbers("age") == (3, 30.0, 30.0)  # "x" is not a number
    assert dataset.values("wish") == ["Arbeit", "Kita"]
    assert dataset.answered("wish") == 2


def test_filters_and_waves(dataset):
    assert dataset.count([Condition("langs", "ar")]) == 2
    assert dataset.frequencies("stay", [Condition("home", "5")]) == ({"yes": 2, "no": 1}, 3)
    assert dataset.count([], [2]) == 3
    with pytest.raises(ValueError, match="unknown column"):
        dataset.count([Condition("nope", "x")])


def test_crosstab_over_time_and_shares(dataset):
    assert dataset.crosstab("stay", "home") == {("yes", "5"): 2, ("no", "1"): 1, ("no", "5"): 1}
    assert dataset.crosstab("langs", "wave") == {("ar", "1"): 2, ("de", "1"): 1, ("de", "2"): 1}
    weeks = dataset.over_time()
    assert [n for _d, n in weeks] == [2, 2, 1]
    assert dataset.share_by("stay", ["yes"], "wave") == [("1", 2, 2), ("2", 0, 2)]


def test_chi_square_matches_known_values():
    # 2x2 table from a textbook: χ² = 4.0, df = 1, p ≈ 0.0455
    result = chi_square([[30, 20], [20, 30]])
    assert result is not None
    assert round(result.statistic, 6) == 4.0 and result.df == 1
    assert abs(result.p_value - 0.0455003) < 1e-6
    assert abs(chi_square_sf(3.841458820694124, 1) - 0.05) < 1e-9
    assert abs(chi_square_sf(18.307038053275146, 10) - 0.05) < 1e-9
    assert chi_square([[1, 2], [3, 4]]) is None  # expected counts below 5
    assert chi_square([[10, 0], [10, 0]]) is None  # one column only
