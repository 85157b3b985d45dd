# ruff: noqa: S608 - SQL is built only from the models' own table and column names; values are parameters
"""The public answer pages' hot path in plain SQL: one query to read, one statement to
store.

Every page a respondent sends reads the draft with its survey, district, questionnaire
version and open wave; the last page also stores the response. Through the ORM that
costs several milliseconds of query building per request, more than the rest of the
page (see ``benchmarks/surveys/README.md``). Here the SQL is written out once per
process from the models' metadata, and the rows become ordinary model instances
through the same converters Django's compiler applies, so callers see no difference.

* :func:`draft_row` – the gate's query (used by :func:`selectors.public_draft_get`).
* :func:`store_response` – on PostgreSQL, one statement that inserts the response
  unless its submission key is taken, marks the access code used, freezes the version
  and closes the draft, all or nothing (:func:`services.response_submit` uses it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Field, Model

from teilhabe.districts.models import District
from teilhabe.surveys.models import (
    AccessCode,
    QuestionnaireVersion,
    Response,
    ResponseDraft,
    Survey,
    Wave,
)


def _fields(model: type[Model], *, without: tuple[str, ...] = ()) -> list[Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in without]


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _select(alias: str, fields: list[Field[Any, Any]]) -> str:
    return ", ".join(f"{alias}.{connection.ops.quote_name(f.column)}" for f in fields)


#: The parts of the gate's row, in order: (model, its fields).
_PARTS: list[tuple[type[Model], list[Field[Any, Any]]]] = [
    (ResponseDraft, _fields(ResponseDraft)),
    (Survey, _fields(Survey)),
    (District, _fields(District)),
    # Not the definition: QuestionnaireVersion.reader keeps it parsed per process.
    (QuestionnaireVersion, _fields(QuestionnaireVersion, without=("definition",))),
]


@cache
def _draft_sql(vendor: str) -> str:
    del vendor  # the cache key: quoting differs between databases
    draft, survey, district, version = (fields for _model, fields in _PARTS)
    return (
        f"SELECT {_select('d', draft)}, {_select('s', survey)}, {_select('di', district)}, "
        f"{_select('v', version)}, "
        f"(SELECT w.id FROM {_table(Wave)} w WHERE w.survey_id = d.survey_id "
        "AND w.opens_on <= %s AND (w.closes_on IS NULL OR w.closes_on >= %s) "
        "ORDER BY w.opens_on DESC LIMIT 1) "
        f"FROM {_table(ResponseDraft)} d "
        f"JOIN {_table(Survey)} s ON s.id = d.survey_id "
        f"JOIN {_table(District)} di ON di.id = s.district_id "
        f"JOIN {_table(QuestionnaireVersion)} v ON v.id = d.version_id "
        "WHERE d.token_digest = %s AND d.updated_on >= %s AND s.slug = %s AND di.slug = %s "
        "AND di.is_active = %s AND s.published_version_id IS NOT NULL"
    )


def _instance(model: type[Model], fields: list[Field[Any, Any]], values: Sequence[Any]) -> Any:
    """A model instance from raw column values, converted as the ORM converts them."""
    converted = []
    for field, raw in zip(fields, values, strict=True):
        value = raw
        column = field.get_col(model._meta.db_table)
        for converter in connection.ops.get_db_converters(column) + column.get_db_converters(
            connection
        ):
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def draft_row(
    *, token_digest: str, district_slug: str, slug: str, on: date, oldest: date
) -> ResponseDraft | None:
    """The draft with this token digest of a published survey of an active district,
    saved on or after ``oldest``; with ``survey`` (and its ``district``) and
    ``version`` (definition deferred) attached and ``open_wave_id`` set (the wave
    taking answers on day ``on``, or None)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _draft_sql(connection.vendor),
            [on, on, token_digest, oldest, slug, district_slug, True],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    instances = []
    start = 0
    for model, fields in _PARTS:
        instances.append(_instance(model, fields, row[start : start + len(fields)]))
        start += len(fields)
    draft: ResponseDraft
    draft, survey, district, version = instances
    survey.district = district
    draft.survey = survey
    draft.version = version
    draft.open_wave_id = row[start]  # type: ignore[attr-defined]  # set only by this query
    return draft


@cache
def _store_sql() -> str:
    response, draft = _table(Response), _table(ResponseDraft)
    version, code = _table(QuestionnaireVersion), _table(AccessCode)
    return (
        f"WITH code AS (UPDATE {code} SET used = true WHERE id = %s AND NOT used RETURNING id), "
        f"ins AS (INSERT INTO {response} (survey_id, version_id, wave_id, submission_key, "
        "language, answers, channel, day, submitted_at, entered_by_id, is_demo) "
        "SELECT %s, %s, %s, %s, %s, %s::jsonb, %s, %s, %s, %s, false "
        "WHERE %s::bigint IS NULL OR EXISTS (SELECT 1 FROM code) "
        "ON CONFLICT (survey_id, submission_key) DO NOTHING RETURNING id), "
        f"finished AS (UPDATE {draft} SET completed = true, response_id = ins.id, "
        "answers = '{}'::jsonb, access_code_id = NULL, updated_on = %s "
        f"FROM ins WHERE {draft}.id = %s RETURNING 1), "
        f"frozen AS (UPDATE {version} SET frozen = true FROM ins "
        f"WHERE {version}.id = %s AND NOT {version}.frozen RETURNING 1) "
        "SELECT id FROM ins"
    )


def store_response(response: Response, *, draft_id: int, code_id: int | None) -> int | None:
    """PostgreSQL only: store ``response`` (not yet saved) in one statement, together
    with the used access code ``code_id``, the frozen version and the finished draft.

    Returns the new response's id; None when nothing was stored because the submission
    key is taken (a resend) or the access code was used in the meantime. Concurrent
    statements with one key queue on the unique index: exactly one inserts."""
    with connection.cursor() as cursor:
        cursor.execute(
            _store_sql(),
            [
                code_id,
                response.survey_id,
                response.version_id,
                response.wave_id,
                response.submission_key,
                response.language,
                json.dumps(response.answers, ensure_ascii=False),
                response.channel,
                response.day,
                response.submitted_at,
                response.entered_by_id,
                code_id,
                response.day,
                draft_id,
                response.version_id,
            ],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None
