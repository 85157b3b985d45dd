# ruff: noqa: S608 - SQL is built only from checked identifiers (NAME_PATTERN) and quoted literals; values are parameters
"""Aggregating responses in DuckDB.

The interface hands over a Parquet file with one row per response (``rid``, ``wave``,
``day``, ``version``, ``language`` and the answers as JSON text); :func:`flatten` turns
it into one typed column per question (multiple choice as a list), and a
:class:`Dataset` answers the questions of the results page with SQL: counts per
answer, cross-tabs, numbers, counts over time, free text. No Python loops over
responses: Python only sees the aggregated rows.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from .form import NAME_PATTERN

SINGLE, MULTIPLE, NUMBER, TEXT, DATE = "single", "multiple", "number", "text", "date"
BASE_COLUMNS = ("rid", "wave", "day", "version", "language", "channel")


@dataclass(frozen=True)
class Column:
    """A question as the analysis sees it. ``repeat`` names the repeated block (one
    row per instance, in the table ``repeat_table(repeat)``) for questions inside one."""

    name: str
    kind: str
    choices: tuple[str, ...] = ()
    repeat: str = ""


def repeat_table(repeat: str) -> str:
    """The view of a repeated block's instances (long format: rid, instance, answers)."""
    return _ident(f"r__{repeat}")


def _typed(column: Column, source: str) -> str:
    ident, path = _ident(column.name), _literal(_path(column.name))
    if column.kind == MULTIPLE:
        return f"CAST(json_extract({source}, {path}) AS VARCHAR[]) AS {ident}"
    if column.kind == NUMBER:
        return f"TRY_CAST(json_extract_string({source}, {path}) AS DOUBLE) AS {ident}"
    if column.kind == DATE:
        return f"TRY_CAST(json_extract_string({source}, {path}) AS DATE) AS {ident}"
    return f"json_extract_string({source}, {path}) AS {ident}"


@dataclass(frozen=True)
class Condition:
    """``column = value`` (for multiple choice: the value is among the answers)."""

    column: str
    value: str


def _ident(name: str) -> str:
    if not NAME_PATTERN.match(name) and name not in BASE_COLUMNS:
        raise ValueError(f"not a column name: {name!r}")
    return '"' + name.replace('"', '""') + '"'


def _path(name: str) -> str:
    return "$." + '"' + name.replace('"', '\\"') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"threads": threads or max(1, min(4, os.cpu_count() or 1))})
    return con


def flatten(raw: Path, columns: list[Column], target: Path) -> dict[str, Path]:
    """Write ``target`` (Parquet) with one typed column per question, and for every
    repeated block a file beside it (``<target>.<repeat>.parquet``) with one row per
    instance: ``rid``, ``instance`` (1, 2, …) and the block's questions. Returns the
    repeat files by repeat name."""
    main = [c for c in columns if not c.repeat]
    select = [*BASE_COLUMNS, *(_typed(c, "answers") for c in main)]
    repeats: dict[str, list[Column]] = {}
    for column in columns:
        if column.repeat:
            repeats.setdefault(column.repeat, []).append(column)
    source = _literal(str(raw))
    con = connect()
    written: dict[str, Path] = {}
    try:
        tmp = target.with_suffix(".tmp")
        con.execute(
            f"COPY (SELECT {', '.join(select)} FROM read_parquet({source})) "
            f"TO {_literal(str(tmp))} (FORMAT parquet)"
        )
        tmp.replace(target)
        for repeat, inner in repeats.items():
            path = repeat_file(target, repeat)
            tmp = path.with_suffix(".tmp")
            items = f"CAST(json_extract(answers, {_literal(_path(repeat))}) AS JSON[])"
            con.execute(
                f"COPY (SELECT rid, CAST(instance AS INTEGER) AS instance, "
                f"{', '.join(_typed(c, 'item') for c in inner)} FROM ("
                f"SELECT rid, unnest(items) AS item, generate_subscripts(items, 1) AS instance "
                f"FROM (SELECT rid, {items} AS items FROM read_parquet({source})) "
                f"WHERE items IS NOT NULL)) TO {_literal(str(tmp))} (FORMAT parquet)"
            )
            tmp.replace(path)
            written[repeat] = path
    finally:
        con.close()
    return written


def repeat_file(main: Path, repeat: str) -> Path:
    return main.with_name(f"{main.stem}.{repeat}.parquet")


@dataclass
class Dataset:
    """The flattened responses of one survey, ready for questions: the view ``r`` (one
    row per response) over one or more Parquet files, and for questions inside repeated
    blocks a view per block (:func:`repeat_table`) over the files beside them."""

    path: Path | list[Path]
    columns: dict[str, Column] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.con = connect()
        self.paths = list(self.path) if isinstance(self.path, list) else [self.path]
        self.con.execute(f"CREATE VIEW r AS SELECT * FROM read_parquet({self._files(self.paths)})")
        for repeat in sorted({c.repeat for c in self.columns.values() if c.repeat}):
            files = [repeat_file(p, repeat) for p in self.paths]
            self.con.execute(
                f"CREATE VIEW {repeat_table(repeat)} AS SELECT * FROM "
                f"read_parquet({self._files(files)}, union_by_name = true)"
            )

    @staticmethod
    def _files(paths: list[Path]) -> str:
        return "[" + ", ".join(_literal(str(p)) for p in paths) + "]"

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- filters -------------------------------------------------------------------------------

    def where(
        self, conditions: list[Condition], waves: list[int] | None = None
    ) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        for condition in conditions:
            column = self.columns.get(condition.column)
            if column is None:
                raise ValueError(f"unknown column {condition.column!r}")
            if column.kind == MULTIPLE:
                parts.append(f"list_contains({_ident(column.name)}, ?)")
            else:
                parts.append(f"{_ident(column.name)} = ?")
            params.append(condition.value)
        if waves:
            parts.append(f"wave IN ({', '.join('?' for _ in waves)})")
            params.extend(waves)
        return (" WHERE " + " AND ".join(parts) if parts else ""), params

    def count(
        self, conditions: list[Condition] | None = None, waves: list[int] | None = None
    ) -> int:
        clause, params = self.where(conditions or [], waves)
        row = self.con.execute(f"SELECT count(*) FROM r{clause}", params).fetchone()
        return int(row[0]) if row else 0

    # -- one question --------------------------------------------------------------------------

    def frequencies(
        self, name: str, conditions: list[Condition] | None = None, waves: list[int] | None = None
    ) -> tuple[dict[str, int], int]:
        """Counts per answer and the number who answered."""
        column = self.columns[name]
        clause, params = self.where(conditions or [], waves)
        ident = _ident(name)
        if column.kind == MULTIPLE:
            answered = f"{ident} IS NOT NULL AND len({ident}) > 0"
            rows = self.con.execute(
                f"SELECT value, count(*) FROM (SELECT unnest({ident}) AS value FROM r{clause}) GROUP BY value",
                params,
            ).fetchall()
        else:
            answered = f"{ident} IS NOT NULL"
            joiner = "AND" if clause else "WHERE"
            rows = self.con.execute(
                f"SELECT {ident}, count(*) FROM r{clause} {joiner} {ident} IS NOT NULL GROUP BY 1",
                params,
            ).fetchall()
        base_row = self.con.execute(
            f"SELECT count(*) FROM r{clause} {'AND' if clause else 'WHERE'} {answered}",
            params,
        ).fetchone()
        return {str(value): int(n) for value, n in rows}, int(base_row[0]) if base_row else 0

    def numbers(
        self, name: str, conditions: list[Condition] | None = None, waves: list[int] | None = None
    ) -> tuple[int, float | None, float | None]:
        """n, mean and median of a number question."""
        clause, params = self.where(conditions or [], waves)
        ident = _ident(name)
        row = self.con.execute(
            f"SELECT count({ident}), avg({ident}), median({ident}) FROM r{clause}",
            params,
        ).fetchone()
        if not row:
            return 0, None, None
        return (
            int(row[0]),
            (float(row[1]) if row[1] is not None else None),
            (float(row[2]) if row[2] is not None else None),
        )

    def answered(
        self, name: str, conditions: list[Condition] | None = None, waves: list[int] | None = None
    ) -> int:
        """How many gave a (non-empty) answer to a question."""
        clause, params = self.where(conditions or [], waves)
        ident = _ident(name)
        test = (
            f"len({ident}) > 0"
            if self.columns[name].kind == MULTIPLE
            else f"trim(CAST({ident} AS VARCHAR)) <> ''"
        )
        row = self.con.execute(
            f"SELECT count(*) FROM r{clause} {'AND' if clause else 'WHERE'} {ident} IS NOT NULL AND {test}",
            params,
        ).fetchone()
        return int(row[0]) if row else 0

    def values(
        self,
        name: str,
        conditions: list[Condition] | None = None,
        waves: list[int] | None = None,
        limit: int = 500,
    ) -> list[str]:
        """Free-text answers, sorted (never in the order they arrived)."""
        clause, params = self.where(conditions or [], waves)
        ident = _ident(name)
        rows = self.con.execute(
            f"SELECT {ident} FROM r{clause} {'AND' if clause else 'WHERE'} {ident} IS NOT NULL "
            f"AND trim({ident}) <> '' ORDER BY lower({ident}) LIMIT {int(limit)}",
            params,
        ).fetchall()
        return [str(r[0]) for r in rows]

    # -- questions inside repeated blocks --------------------------------------------------------

    def _within(
        self, conditions: list[Condition] | None, waves: list[int] | None
    ) -> tuple[str, list[Any]]:
        """The instances of respondents in the selection (conditions are on ``r``)."""
        clause, params = self.where(conditions or [], waves)
        if not clause:
            return "", []
        return f" WHERE rid IN (SELECT rid FROM r{clause})", params

    def repeat_frequencies(
        self, name: str, conditions: list[Condition] | None = None, waves: list[int] | None = None
    ) -> tuple[dict[str, tuple[int, int]], tuple[int, int]]:
        """For a choice question inside a repeated block: per answer the number of
        instances (e.g. children) and of respondents who gave it at least once, and the
        same two numbers for everyone who answered."""
        column = self.columns[name]
        table, ident = repeat_table(column.repeat), _ident(name)
        clause, params = self._within(conditions, waves)
        value = f"unnest({ident})" if column.kind == MULTIPLE else ident
        rows = self.con.execute(
            f"SELECT value, count(*), count(DISTINCT rid) FROM (SELECT rid, {value} AS value "
            f"FROM {table}{clause}) WHERE value IS NOT NULL GROUP BY value",
            params,
        ).fetchall()
        answered = f"{ident} IS NOT NULL" + (
            f" AND len({ident}) > 0" if column.kind == MULTIPLE else ""
        )
        base = self.con.execute(
            f"SELECT count(*), count(DISTINCT rid) FROM {table}{clause} "
            f"{'AND' if clause else 'WHERE'} {answered}",
            params,
        ).fetchone()
        counts = {str(v): (int(n), int(people)) for v, n, people in rows}
        return counts, ((int(base[0]), int(base[1])) if base else (0, 0))

    def repeat_numbers(
        self, name: str, conditions: list[Condition] | None = None, waves: list[int] | None = None
    ) -> tuple[int, int, float | None, float | None]:
        """For a number question inside a repeated block: instances answered,
        respondents behind them, mean and median over the instances."""
        column = self.columns[name]
        table, ident = repeat_table(column.repeat), _ident(name)
        clause, params = self._within(conditions, waves)
        row = self.con.execute(
            f"SELECT count({ident}), count(DISTINCT rid) FILTER (WHERE {ident} IS NOT NULL), "
            f"avg({ident}), median({ident}) FROM {table}{clause}",
            params,
        ).fetchone()
        if not row:
            return 0, 0, None, None
        return (
            int(row[0]),
            int(row[1]),
            float(row[2]) if row[2] is not None else None,
            float(row[3]) if row[3] is not None else None,
        )

    # -- two questions -------------------------------------------------------------------------

    def crosstab(
        self,
        row: str,
        col: str,
        conditions: list[Condition] | None = None,
        waves: list[int] | None = None,
    ) -> dict[tuple[str, str], int]:
        """Counts of respondents per (row answer, column answer); ``col`` may be ``wave``."""
        clause, params = self.where(conditions or [], waves)

        def expression(name: str) -> str:
            if name == "wave":
                return "CAST(wave AS VARCHAR)"
            if self.columns[name].kind == MULTIPLE:
                return f"unnest({_ident(name)})"
            return _ident(name)

        inner = f"SELECT {expression(row)} AS a, {expression(col)} AS b FROM r{clause}"
        rows = self.con.execute(
            f"SELECT a, b, count(*) FROM ({inner}) WHERE a IS NOT NULL AND b IS NOT NULL GROUP BY a, b",
            params,
        ).fetchall()
        return {(str(a), str(b)): int(n) for a, b, n in rows}

    def over_time(
        self,
        conditions: list[Condition] | None = None,
        waves: list[int] | None = None,
        unit: str = "week",
    ) -> list[tuple[date, int]]:
        if unit not in {"day", "week", "month"}:
            raise ValueError(unit)
        clause, params = self.where(conditions or [], waves)
        rows = self.con.execute(
            f"SELECT date_trunc('{unit}', day) AS period, count(*) FROM r{clause} GROUP BY 1 ORDER BY 1",
            params,
        ).fetchall()
        return [
            (r[0] if isinstance(r[0], date) else date.fromisoformat(str(r[0])[:10]), int(r[1]))
            for r in rows
        ]

    def share_by(
        self,
        name: str,
        counted: list[str],
        by: str,
        conditions: list[Condition] | None = None,
        waves: list[int] | None = None,
    ) -> list[tuple[str, int, int]]:
        """For a monitoring measure: per group (``wave``, a period or a question), the
        number who chose one of ``counted`` and the number who answered."""
        clause, params = self.where(conditions or [], waves)
        ident = _ident(name)
        column = self.columns[name]
        hit = (
            f"len(list_intersect({ident}, ?::VARCHAR[])) > 0"
            if column.kind == MULTIPLE
            else f"{ident} IN ({', '.join('?' for _ in counted)})"
        )
        group = {
            "wave": "CAST(wave AS VARCHAR)",
            "year": "CAST(year(day) AS VARCHAR)",
            "quarter": "CAST(year(day) AS VARCHAR) || '-Q' || CAST(quarter(day) AS VARCHAR)",
        }.get(by) or _ident(by)
        hit_params: list[Any] = [counted] if column.kind == MULTIPLE else list(counted)
        answered = f"{ident} IS NOT NULL" + (
            f" AND len({ident}) > 0" if column.kind == MULTIPLE else ""
        )
        rows = self.con.execute(
            f"SELECT {group} AS g, count(*) FILTER (WHERE {hit}), count(*) FROM r{clause} "
            f"{'AND' if clause else 'WHERE'} {answered} AND {group} IS NOT NULL GROUP BY 1 ORDER BY 1",
            hit_params + params,
        ).fetchall()
        return [(str(g), int(h), int(n)) for g, h, n in rows]
