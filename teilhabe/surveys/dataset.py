# ruff: noqa: S608 - SQL is built only from checked identifiers (NAME_PATTERN) and quoted literals; values are parameters
"""The bridge between the database and the analysis engine.

:func:`dataset_for` returns a :class:`~teilhabe.surveys.engine.analysis.Dataset` over a
columnar copy of a survey's responses, kept in ``TEILHABE_SURVEYS_CACHE_DIR`` and
brought up to date **incrementally** before every use:

* The copy is a folder per survey and questionnaire shape (the analysed questions and
  their types: a new version that adds or changes questions starts a new copy) with
  Parquet *parts* and a manifest (the parts, how many responses they hold, the highest
  response id). Parts never change once written.
* Each use compares the manifest with ``count`` and ``max(id)`` of the survey's
  responses (one indexed query). New responses (ids above the highest) become a new
  part; if the count still differs, responses committed late with lower ids are added
  and deleted ones removed, by comparing the ids. Results are therefore current with
  every view, and adding a few answers costs milliseconds, not a rebuild.
* More than ``MAX_PARTS`` parts are merged into one. Replaced parts are deleted only
  after ``RETIRED_SECONDS`` (another request may still be reading them).
* A file lock serialises updates of one copy between threads and processes.

PostgreSQL hands the rows over with ``COPY`` (no Python objects per row); SQLite through
its cursor in chunks.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
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
    """The analysed questions: those outside repeated blocks, then those inside them
    (with ``repeat`` set)."""
    columns = []
    for question in form.questions(include_repeats=True):
        kind = question["type"]
        repeat = form.repeat_of(question["name"])
        within = repeat["name"] if repeat else ""
        choices = tuple(c["name"] for c in form.choices(question))
        if kind == engine.SELECT_ONE:
            column = analysis.Column(question["name"], analysis.SINGLE, choices, within)
        elif kind in (engine.SELECT_MULTIPLE, engine.RANK):
            column = analysis.Column(question["name"], analysis.MULTIPLE, choices, within)
        elif kind in (engine.INTEGER, engine.DECIMAL, engine.RANGE):
            column = analysis.Column(question["name"], analysis.NUMBER, repeat=within)
        elif kind == engine.DATE:
            column = analysis.Column(question["name"], analysis.DATE, repeat=within)
        else:
            column = analysis.Column(question["name"], analysis.TEXT, repeat=within)
        columns.append(column)
    return sorted(columns, key=lambda c: bool(c.repeat))


def cache_dir() -> Path:
    folder = Path(settings.TEILHABE_SURVEYS_CACHE_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shape(columns: list[analysis.Column]) -> str:
    described = [(c.name, c.kind, c.repeat) for c in columns]
    return hashlib.sha256(json.dumps(described).encode()).hexdigest()[:10]


#: Parts beyond this many are merged into one.
MAX_PARTS = 12
#: Replaced parts are kept this long for requests that may still read them.
RETIRED_SECONDS = 600


@dataclass
class Manifest:
    parts: list[str] = field(default_factory=list)
    count: int = 0
    top: int = 0  # the highest response id in the copy
    serial: int = 0  # numbers the parts
    retired: list[tuple[str, float]] = field(default_factory=list)


def _folder(survey: Survey, columns: list[analysis.Column]) -> Path:
    # The creation time tells a survey from an earlier one with the same id (a
    # database restored from a backup into the same data folder).
    created = int(survey.created_at.timestamp() * 1_000_000) if survey.created_at else 0
    folder = cache_dir() / f"survey-{survey.pk}-{created}-{_shape(columns)}"
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    with (folder / "lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_manifest(folder: Path) -> Manifest:
    try:
        data = json.loads((folder / "manifest.json").read_text())
        manifest = Manifest(
            parts=list(data["parts"]),
            count=int(data["count"]),
            top=int(data["top"]),
            serial=int(data["serial"]),
            retired=[(str(n), float(t)) for n, t in data.get("retired", [])],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return Manifest()
    if all((folder / part).exists() for part in manifest.parts):
        return manifest
    return Manifest(serial=manifest.serial)  # a part went missing: build again


def _write_manifest(folder: Path, manifest: Manifest) -> None:
    tmp = folder / "manifest.json.tmp"
    tmp.write_text(json.dumps(asdict(manifest)))
    tmp.replace(folder / "manifest.json")


def _stats(survey: Survey) -> tuple[int, int]:
    stats = survey.responses.aggregate(n=Count("id"), top=Max("id"))
    return int(stats["n"]), int(stats["top"] or 0)


def _add_part(
    survey: Survey,
    folder: Path,
    manifest: Manifest,
    columns: list[analysis.Column],
    condition: str,
    params: list[Any],
) -> int:
    """Copy the survey's responses that meet ``condition`` into a new part; returns
    how many there were (no part is kept for none)."""
    manifest.serial += 1
    name = f"part-{manifest.serial:06d}.parquet"
    raw = folder / f"raw-{manifest.serial:06d}.parquet"
    rows, top = _write_raw(survey, raw, condition, params)
    try:
        if rows:
            analysis.flatten(raw, columns, folder / name)
            manifest.parts.append(name)
            manifest.count += rows
            manifest.top = max(manifest.top, top)
    finally:
        raw.unlink(missing_ok=True)
    return rows


def _part_files(folder: Path, name: str, columns: list[analysis.Column]) -> list[Path]:
    main = folder / name
    repeats = sorted({c.repeat for c in columns if c.repeat})
    return [main, *(analysis.repeat_file(main, r) for r in repeats)]


def _rewrite(
    folder: Path, manifest: Manifest, columns: list[analysis.Column], drop: set[int]
) -> None:
    """Merge all parts into one, leaving out the responses ``drop``."""
    manifest.serial += 1
    name = f"part-{manifest.serial:06d}.parquet"
    old = [folder / part for part in manifest.parts]
    con = analysis.connect()
    try:
        con.execute("CREATE TEMP TABLE dropped (rid BIGINT)")
        if drop:
            con.executemany("INSERT INTO dropped VALUES (?)", [[rid] for rid in sorted(drop)])
        for target in _part_files(folder, name, columns):
            sources = [
                target.parent / (p.name if target.name == name else _sibling(p, target, name))
                for p in old
            ]
            files = "[" + ", ".join(_sql_text(str(f)) for f in sources) + "]"
            tmp = target.with_suffix(".tmp")
            con.execute(
                f"COPY (SELECT * FROM read_parquet({files}, union_by_name = true) "
                f"WHERE rid NOT IN (SELECT rid FROM dropped) ORDER BY rid"
                + (", instance" if target.name != name else "")
                + f") TO {_sql_text(str(tmp))} (FORMAT parquet)"
            )
            tmp.replace(target)
        count_row = con.execute(
            f"SELECT count(*) FROM read_parquet({_sql_text(str(folder / name))})"
        ).fetchone()
    finally:
        con.close()
    now = time.time()
    manifest.retired.extend((part, now) for part in manifest.parts)
    manifest.parts = [name]
    manifest.count = int(count_row[0]) if count_row else 0


def _sibling(part: Path, target: Path, name: str) -> str:
    """The repeat file of ``part`` that corresponds to ``target`` (a repeat file of
    the part ``name``)."""
    return part.stem + target.name[len(Path(name).stem) :]


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy_ids(folder: Path, manifest: Manifest) -> set[int]:
    if not manifest.parts:
        return set()
    con = analysis.connect()
    try:
        files = "[" + ", ".join(_sql_text(str(folder / p)) for p in manifest.parts) + "]"
        return {int(r[0]) for r in con.execute(f"SELECT rid FROM read_parquet({files})").fetchall()}
    finally:
        con.close()


def _clean(folder: Path, manifest: Manifest, columns: list[analysis.Column]) -> None:
    now = time.time()
    keep = []
    for part, since in manifest.retired:
        if now - since < RETIRED_SECONDS:
            keep.append((part, since))
            continue
        for path in _part_files(folder, part, columns):
            path.unlink(missing_ok=True)
    manifest.retired = keep


def _forget_other_shapes(survey: Survey, folder: Path) -> None:
    """Copies for an earlier questionnaire shape, once nobody can be reading them."""
    now = time.time()
    for other in cache_dir().glob(f"survey-{survey.pk}-*"):
        if other == folder or now - other.stat().st_mtime < RETIRED_SECONDS:
            continue
        if other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
        else:
            other.unlink(missing_ok=True)


def refresh(survey: Survey, columns: list[analysis.Column]) -> list[Path]:
    """Bring the survey's copy up to date (see the module's description); returns its
    parts."""
    folder = _folder(survey, columns)
    _forget_other_shapes(survey, folder)
    with _locked(folder):
        manifest = _read_manifest(folder)
        count, top = _stats(survey)
        if (manifest.count, manifest.top) != (count, top):
            if top > manifest.top:
                _add_part(
                    survey, folder, manifest, columns, "id > %s AND id <= %s", [manifest.top, top]
                )
            if manifest.count != count:
                present = set(
                    survey.responses.filter(id__lte=top).values_list("id", flat=True).iterator()
                )
                copied = _copy_ids(folder, manifest)
                missing = sorted(present - copied)
                for start in range(0, len(missing), 5000):
                    chunk = missing[start : start + 5000]
                    _add_part(
                        survey,
                        folder,
                        manifest,
                        columns,
                        "id IN (" + ", ".join("%s" for _ in chunk) + ")",
                        list(chunk),
                    )
                gone = copied - present  # deleted (ids above ``top`` included)
                if gone:
                    _rewrite(folder, manifest, columns, gone)
                manifest.count = len(copied - gone) + len(missing)
                manifest.top = top
            if len(manifest.parts) > MAX_PARTS:
                _rewrite(folder, manifest, columns, set())
        if not manifest.parts:  # no responses yet: an empty part, so that queries work
            manifest.serial += 1
            name = f"part-{manifest.serial:06d}.parquet"
            raw = folder / f"raw-{manifest.serial:06d}.parquet"
            pq.write_table(_SCHEMA.empty_table(), raw)
            analysis.flatten(raw, columns, folder / name)
            raw.unlink(missing_ok=True)
            manifest.parts.append(name)
        _clean(folder, manifest, columns)
        _write_manifest(folder, manifest)
        return [folder / part for part in manifest.parts]


def _write_raw(survey: Survey, target: Path, condition: str, params: list[Any]) -> tuple[int, int]:
    """The responses that meet ``condition`` (SQL over the response table, ``%s``
    parameters) as raw Parquet (answers as JSON text); returns their number and the
    highest id."""
    tmp = target.with_suffix(".part")
    table = "surveys_response"
    where = f"survey_id = %s AND ({condition})"
    rows, top = 0, 0
    if connection.vendor == "postgresql":
        csv_path = target.with_suffix(".csv")
        with connection.cursor() as cursor, csv_path.open("wb") as handle:
            raw = cursor.cursor
            query = (
                f"COPY (SELECT id, wave_id, day, version_id, language, channel, answers::text "
                f"FROM {table} WHERE {where} ORDER BY id) TO STDOUT (FORMAT csv)"
            )
            with raw.copy(query, [survey.pk, *params]) as copy:
                for block in copy:
                    handle.write(block)
        try:
            if csv_path.stat().st_size == 0:
                return 0, 0
            con = analysis.connect()
            try:
                con.execute(
                    "COPY (SELECT * FROM read_csv(?, header=false, auto_detect=false, delim=',', "
                    "quote='\"', escape='\"', "
                    "columns={'rid': 'BIGINT', 'wave': 'BIGINT', 'day': 'DATE', "
                    "'version': 'BIGINT', 'language': 'VARCHAR', 'channel': 'VARCHAR', "
                    "'answers': 'VARCHAR'})) TO '"
                    + str(tmp).replace("'", "''")
                    + "' (FORMAT parquet)",
                    [str(csv_path)],
                )
                found = con.execute(
                    "SELECT count(*), max(rid) FROM read_parquet(?)", [str(tmp)]
                ).fetchone()
            finally:
                con.close()
        finally:
            csv_path.unlink(missing_ok=True)
        rows, top = (int(found[0]), int(found[1] or 0)) if found else (0, 0)
    else:
        writer = pq.ParquetWriter(tmp, _SCHEMA)
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, wave_id, day, version_id, language, channel, answers FROM {table} "
                    f"WHERE {where} ORDER BY id",
                    [survey.pk, *params],
                )
                while chunk := cursor.fetchmany(20_000):
                    columns = list(zip(*chunk, strict=True))
                    answers = [a if isinstance(a, str) else json.dumps(a) for a in columns[6]]
                    rows += len(chunk)
                    top = max(top, max(columns[0]))
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
    return rows, top


def _as_date(value: Any) -> Any:
    from datetime import date

    return value if isinstance(value, date) else date.fromisoformat(str(value))


def flat_files(
    survey: Survey, form: Form | None = None
) -> tuple[list[Path], list[analysis.Column]]:
    """The parts of the survey's current columnar copy, and its columns."""
    form = form or analysis_form(survey)
    columns = columns_of(form)
    return refresh(survey, columns), columns


def dataset_for(survey: Survey, form: Form | None = None) -> analysis.Dataset:
    paths, columns = flat_files(survey, form)
    return analysis.Dataset(paths, {c.name: c for c in columns})


def version_numbers(survey: Survey) -> dict[int, int]:
    return dict(QuestionnaireVersion.objects.filter(survey=survey).values_list("pk", "number"))
