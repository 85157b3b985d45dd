"""The analysis copy grows incrementally and always equals a copy built from scratch:
new answers, answers committed late with lower ids, deletions, many small additions
(merged), questions in repeated blocks, a new questionnaire version."""

from __future__ import annotations

import random
import uuid
from pathlib import Path
from typing import Any

import pytest

from teilhabe.surveys import dataset, services
from teilhabe.surveys.engine import edit
from teilhabe.surveys.engine.analysis import Dataset, repeat_table
from teilhabe.surveys.models import QuestionnaireVersion, Response, Survey
from teilhabe.surveys.tests.factories import make_survey, officer_access, simple_definition

pytestmark = pytest.mark.django_db


def _definition() -> dict[str, Any]:
    definition = simple_definition()
    definition["elements"].append(
        {
            "type": "repeat",
            "name": "child",
            "label": {"de": "Kind"},
            "children": [
                {"type": "integer", "name": "child_age", "label": {"de": "Alter"}},
                {"type": "select_one", "name": "child_kita", "list": "yn", "label": {"de": "Kita"}},
                {"type": "select_multiple", "name": "child_langs", "list": "langs", "label": {}},
            ],
        }
    )
    return definition


def _add(survey: Survey, count: int, rng: random.Random, pk: int | None = None) -> None:
    version = survey.published_version
    wave = survey.waves.first()
    responses = []
    for _ in range(count):
        children = [
            {
                "child_age": rng.randint(0, 17),
                "child_kita": rng.choice(["yes", "no"]),
                "child_langs": rng.sample(["ar", "de", "en"], rng.randint(0, 2)),
            }
            for _ in range(rng.randint(0, 3))
        ]
        answers: dict[str, Any] = {"kids": rng.choice(["yes", "no"]), "age": rng.randint(16, 90)}
        if children:
            answers["child"] = children
        responses.append(
            Response(
                pk=pk,
                survey=survey,
                version=version,
                wave=wave,
                submission_key=uuid.uuid4(),
                language="de",
                answers=answers,
                day=services.today(),
            )
        )
    Response.objects.bulk_create(responses)
    QuestionnaireVersion.objects.filter(pk=version.pk).update(frozen=True)


def _rows(survey: Survey) -> dict[str, list[tuple[Any, ...]]]:
    form = dataset.analysis_form(survey)
    with dataset.dataset_for(survey, form) as data:
        tables = {"r": data.con.execute("SELECT * FROM r ORDER BY rid").fetchall()}
        for repeat in sorted({c.repeat for c in data.columns.values() if c.repeat}):
            tables[repeat] = data.con.execute(
                f"SELECT * FROM {repeat_table(repeat)} ORDER BY rid, instance"  # noqa: S608
            ).fetchall()
    return tables


def _rebuilt(survey: Survey, settings: Any, folder: Path) -> dict[str, list[tuple[Any, ...]]]:
    kept = settings.TEILHABE_SURVEYS_CACHE_DIR
    settings.TEILHABE_SURVEYS_CACHE_DIR = folder / uuid.uuid4().hex
    try:
        return _rows(survey)
    finally:
        settings.TEILHABE_SURVEYS_CACHE_DIR = kept


def _parts(survey: Survey) -> list[Path]:
    return dataset.refresh(survey, dataset.columns_of(dataset.analysis_form(survey)))


def test_the_incremental_copy_equals_a_full_rebuild(settings, tmp_path):
    settings.TEILHABE_SURVEYS_CACHE_DIR = tmp_path / "cache"
    survey = make_survey(definition=_definition(), title="Inkrementell")
    rng = random.Random(3)
    _add(survey, 30, rng)
    first = _rows(survey)
    assert len(first["r"]) == 30 and first["child"]  # one row per child
    assert first == _rebuilt(survey, settings, tmp_path)

    _add(survey, 4, rng)  # new answers are appended as a part
    assert len(_parts(survey)) == 2
    assert _rows(survey) == _rebuilt(survey, settings, tmp_path)

    # Deleted answers (the newest among them) leave the copy.
    ids = sorted(Response.objects.filter(survey=survey).values_list("pk", flat=True))
    Response.objects.filter(pk__in=[ids[3], ids[10], ids[-1]]).delete()
    current = _rows(survey)
    assert len(current["r"]) == 31 and ids[-1] not in {row[0] for row in current["r"]}
    assert current == _rebuilt(survey, settings, tmp_path)

    # An answer committed late with an id below the newest one is found and added.
    _add(survey, 1, rng, pk=ids[10])
    current = _rows(survey)
    assert ids[10] in {row[0] for row in current["r"]}
    assert current == _rebuilt(survey, settings, tmp_path)

    # Many small additions are merged into one part.
    for _ in range(dataset.MAX_PARTS + 1):
        _add(survey, 1, rng)
        _parts(survey)
    assert len(_parts(survey)) <= dataset.MAX_PARTS
    assert _rows(survey) == _rebuilt(survey, settings, tmp_path)


def test_a_new_version_with_a_new_question_starts_a_new_copy(settings, tmp_path):
    settings.TEILHABE_SURVEYS_CACHE_DIR = tmp_path / "cache"
    survey = make_survey(definition=_definition(), title="Versionen")
    _add(survey, 8, random.Random(1))
    before = _parts(survey)
    access = officer_access(survey.district)
    services.questionnaire_change(
        access=access,
        survey=survey,
        revision=None,
        change=lambda f: edit.add_element(
            f, {"type": "text", "name": "wish", "label": {"de": "Wunsch"}}, parent="p3"
        ),
    )
    after = _parts(survey)
    assert before[0].parent != after[0].parent
    with Dataset(after, {}) as data:
        names = [d[0] for d in data.con.execute("DESCRIBE r").fetchall()]
    assert "wish" in names
    assert _rows(survey) == _rebuilt(survey, settings, tmp_path)


def test_a_survey_without_answers_has_an_empty_copy(settings, tmp_path):
    settings.TEILHABE_SURVEYS_CACHE_DIR = tmp_path / "cache"
    survey = make_survey(definition=_definition(), title="Leer")
    assert _rows(survey) == {"r": [], "child": []}
