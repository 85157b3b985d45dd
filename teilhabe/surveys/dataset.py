# ruff: noqa: S608 - SQL is built only from checked identifiers (NAME_PATTERN) and quoted literals; values are parameters
"""The bridge between the database and the analysis engine.

:func:`dataset_for` returns a :class:`~teilhabe.surveys.engine.analysis.Dataset` over a
columnar copy of a survey's responses. The copy is a Parquet file in
``TEILHABE_SURVEYS_CACHE_DIR``, named after the survey, the number of responses and
the newest response, so that a new answer makes a new copy and repeated views of the
same data read the copy; a copy younger than ``TEILHABE_SURVEYS_CACHE_SECONDS`` is used
as it is, so that a survey that takes many answers is not copied again for every view.
PostgreSQL hands the rows over with ``COPY`` (no Python objects per row); SQLite through
its cursor in chunks.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max

from teilhabe.surveys.engine import analysis
from teilhabe.surveys.engine import form as engine
from teilhabe.surveys.engine.form import Form
from teilhabe.surveys.models import QuestionnaireVersion, Survey

_SCHEMA = pa.schema(
    [
        ("rid", pa.int64()),
        ("wave", pa.int64()),
        ("day", pa.date32()),
        ("version", pa.int64()),
        ("language", pa.string()),
        ("channel", pa.string()),
        ("answers", pa.string()),
    ]
)


def analysis_form(survey: Survey) -> Form:
    """The questionnaire the results are described by: the latest version that has
    answers (or the latest), with questions of older versions added at the end."""
    versions = list(survey.versions.order_by("-number"))
    if not versions:
        return Form({})
    main = next((v for v in versions if v.frozen), versions[0]).form
    for version in versions:
        other = version.reader
        for question in other.questions():
            if not main.has(question["name"]):
                main.elements.append(question)
                if question.get("list") and question["list"] not in main.choice_lists:
                    main.choice_lists[question["list"]] = other.choice_lists.get(
                        question["list"], []
                    )
                main.invalidate()
    return main


def columns_of(form: Form) -> list[analysis.Column]:
    columns = []
    for question in form.questions():
        kind = question["type"]
        choices = tuple(c["name"] for c in form.choices(question))
        if kind == engine.SELECT_ONE:
            columns.append(analysis.Column(question["name"], analysis.SINGLE, choices))
        elif kind in (engine.SELECT_MULTIPLE, engine.RANK):
            columns.append(analysis.Column(question["name"], analysis.MULTIPLE, choices))
        elif kind in (engine.INTEGER, engine.DECIMAL, engine.RANGE):
            columns.append(analysis.Column(question["name"], analysis.NUMBER))
        elif kind == engine.DATE:
            columns.append(analysis.Column(question["name"], analysis.DATE))
        else:
            columns.append(analysis.Column(question["name"], analysis.TEXT))
    return columns


def cache_dir() -> Path:
    folder = Path(settings.TEILHABE_SURVEYS_CACHE_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shape(columns: list[analysis.Column]) -> str:
    return hashlib.sha256(json.dumps([(c.name, c.kind) for c in columns]).encode()).hexdigest()[:10]


def _key(survey: Survey, columns: list[analysis.Column]) -> str:
    stats = survey.responses.aggregate(n=Count("id"), top=Max("id"))
    return f"survey-{survey.pk}-{stats['n']}-{stats['top'] or 0}-{_shape(columns)}"


def _recent(survey: Survey, columns: list[analysis.Column]) -> Path | None:
    """A copy made less than ``TEILHABE_SURVEYS_CACHE_SECONDS`` ago: while answers keep
    arriving, results may lag that long instead of rebuilding the copy on every view."""
    seconds = settings.TEILHABE_SURVEYS_CACHE_SECONDS
    if seconds <= 0:
        return None
    found = sorted(
        cache_dir().glob(f"survey-{survey.pk}-*-{_shape(columns)}.flat.parquet"),
        key=lambda p: p.stat().st_mtime,
    )
    if found and time.time() - found[-1].stat().st_mtime < seconds:
        return found[-1]
    return None


def _write_raw(survey: Survey, target: Path) -> None:
    tmp = target.with_suffix(".part")
    table = "surveys_response"
    if connection.vendor == "postgresql":
        csv_path = target.with_suffix(".csv")
        with connection.cursor() as cursor, csv_path.open("wb") as handle:
            raw = cursor.cursor
            query = (
                f"COPY (SELECT id, wave_id, day, version_id, language, channel, answers::text FROM {table} "
                f"WHERE survey_id = {int(survey.pk)} ORDER BY id) TO STDOUT (FORMAT csv)"
            )
            with raw.copy(query) as copy:
                for block in copy:
                    handle.write(block)
        if csv_path.stat().st_size == 0:  # no responses yet
            csv_path.unlink()
            pq.write_table(_SCHEMA.empty_table(), tmp)
            tmp.replace(target)
            return
        con = analysis.connect()
        try:
            con.execute(
                "COPY (SELECT * FROM read_csv(?, header=false, auto_detect=false, delim=',', "
                "quote='\"', escape='\"', "
                "columns={'rid': 'BIGINT', 'wave': 'BIGINT', 'day': 'DATE', 'version': 'BIGINT', "
                "'language': 'VARCHAR', 'channel': 'VARCHAR', 'answers': 'VARCHAR'})) TO '"
                + str(tmp).replace("'", "''")
                + "' (FORMAT parquet)",
                [str(csv_path)],
            )
        finally:
            con.close()
            csv_path.unlink(missing_ok=True)
    else:
        writer = pq.ParquetWriter(tmp, _SCHEMA)
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, wave_id, day, version_id, language, channel, answers FROM {table} "
                    "WHERE survey_id = %s ORDER BY id",
                    [survey.pk],
                )
                while rows := cursor.fetchmany(20_000):
                    columns = list(zip(*rows, strict=True))
                    answers = [a if isinstance(a, str) else json.dumps(a) for a in columns[6]]
                    writer.write_table(
                        pa.table(
                            [
                                pa.array(columns[0], pa.int64()),
                                pa.array(columns[1], pa.int64()),
                                pa.array([_as_date(d) for d in columns[2]], pa.date32()),
                                pa.array(columns[3], pa.int64()),
                                pa.array(columns[4], pa.string()),
                                pa.array(columns[5], pa.string()),
                                pa.array(answers, pa.string()),
                            ],
                            schema=_SCHEMA,
                        )
                    )
        finally:
            writer.close()
    tmp.replace(target)


def _as_date(value: Any) -> Any:
    from datetime import date

    return value if isinstance(value, date) else date.fromisoformat(str(value))


def flat_file(survey: Survey, form: Form | None = None) -> tuple[Path, list[analysis.Column]]:
    """The flattened Parquet copy of the survey's responses (built if needed)."""
    form = form or analysis_form(survey)
    columns = columns_of(form)
    recent = _recent(survey, columns)
    if recent is not None:
        return recent, columns
    key = _key(survey, columns)
    folder = cache_dir()
    flat = folder / f"{key}.flat.parquet"
    if flat.exists():
        return flat, columns
    raw = folder / f"{key}.raw.parquet"
    _write_raw(survey, raw)
    analysis.flatten(raw, columns, flat)
    raw.unlink(missing_ok=True)
    for old in folder.glob(f"survey-{survey.pk}-*.parquet"):
        if old != flat:
            old.unlink(missing_ok=True)
    return flat, columns


def dataset_for(survey: Survey, form: Form | None = None) -> analysis.Dataset:
    path, columns = flat_file(survey, form)
    return analysis.Dataset(path, {c.name: c for c in columns})


def version_numbers(survey: Survey) -> dict[int, int]:
    return dict(QuestionnaireVersion.objects.filter(survey=survey).values_list("pk", "number"))
