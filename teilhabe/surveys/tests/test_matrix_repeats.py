"""Matrices drawn as an accessible grid (answer pages, preview, results) and questions
inside repeated blocks in the analysis (counted per entry, protected per respondent)."""

from __future__ import annotations

import random
import re
import uuid
from typing import Any

import pytest
from django.test import Client

from teilhabe.core.testing import make_member
from teilhabe.districts.roles import Role
from teilhabe.surveys import services
from teilhabe.surveys.models import QuestionnaireVersion, Response, Survey
from teilhabe.surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db

AGREE = [
    {"name": "1", "label": {"de": "Stimmt nicht"}},
    {"name": "2", "label": {"de": "Teils"}},
    {"name": "3", "label": {"de": "Stimmt"}},
]


def definition() -> dict[str, Any]:
    return {
        "title": {"de": "Wohnen"},
        "source_language": "de",
        "languages": ["de"],
        "reviewed": ["de"],
        "elements": [
            {
                "type": "group",
                "name": "flat",
                "label": {"de": "Ihre Wohnung"},
                "appearance": "table-list",
                "children": [
                    {
                        "type": "select_one",
                        "name": "quiet",
                        "list": "agree",
                        "label": {"de": "Es ist ruhig"},
                        "required": "yes",
                    },
                    {
                        "type": "select_one",
                        "name": "space",
                        "list": "agree",
                        "label": {"de": "Es ist genug Platz"},
                    },
                ],
            },
            {
                "type": "repeat",
                "name": "child",
                "label": {"de": "Kind"},
                "children": [
                    {"type": "integer", "name": "child_age", "label": {"de": "Alter des Kindes"}},
                    {
                        "type": "select_one",
                        "name": "child_kita",
                        "list": "yn",
                        "label": {"de": "Kita-Platz"},
                    },
                ],
            },
        ],
        "choice_lists": {
            "agree": AGREE,
            "yn": [{"name": "yes", "label": {"de": "Ja"}}, {"name": "no", "label": {"de": "Nein"}}],
        },
    }


@pytest.fixture
def survey() -> Survey:
    return make_survey(definition=definition(), title="Wohnen")


def test_a_matrix_is_a_table_of_radio_buttons_with_headers_and_full_labels(survey):
    client = Client()
    start = client.post(
        f"/public/de/{survey.district.slug}/surveys/{survey.slug}/", {"consent": "yes"}
    )
    location = start["Location"]
    html = client.get(location).content.decode()
    assert '<table class="answer-grid">' in html and "<script" not in html
    assert html.count('<th scope="col">') == 3 and html.count('<th scope="row">') == 2
    # Every radio button is named by statement and answer (read out in full; shown on phones).
    assert re.search(
        r'<input type="radio" name="quiet" id="quiet-3" value="3"> <label for="quiet-3" '
        r'class="answer-grid-label"><span class="visually-hidden">Es ist ruhig: </span>Stimmt</label>',
        html,
    )
    missing = client.post(location, {"shown": "quiet,space", "action": "next", "space": "2"})
    page = missing.content.decode()
    assert missing.status_code == 200 and 'href="#quiet-q"' in page and 'id="quiet-q"' in page
    assert 'aria-invalid="true"' in page and 'value="2" checked' in page
    moved = client.post(
        location, {"shown": "quiet,space", "action": "next", "quiet": "3", "space": "2"}
    )
    assert moved.status_code == 302
    client.post(
        location,
        {
            "shown": "child,child.0.child_age,child.0.child_kita",
            "child.count": "1",
            "action": "next",
            "child.0.child_age": "4",
            "child.0.child_kita": "yes",
        },
    )
    stored = Response.objects.get(survey=survey)
    assert stored.answers["quiet"] == "3" and stored.answers["child"] == [
        {"child_age": 4, "child_kita": "yes"}
    ]


def test_the_preview_draws_the_matrix_as_a_grid_too(survey):
    officer = make_member(survey.district, Role.INTEGRATION_OFFICER)
    client = Client()
    client.force_login(officer)
    page = client.get(f"/d/{survey.district.slug}/surveys/{survey.pk}/preview/de/?phone=1")
    assert page.status_code == 200 and 'class="answer-grid"' in page.content.decode()


def _responses(survey: Survey, answers: list[dict[str, Any]]) -> None:
    version = survey.published_version
    QuestionnaireVersion.objects.filter(pk=version.pk).update(frozen=True)
    Response.objects.bulk_create(
        Response(
            survey=survey,
            version=version,
            wave=survey.waves.first(),
            submission_key=uuid.uuid4(),
            language="de",
            answers=a,
            day=services.today(),
        )
        for a in answers
    )


def test_results_show_the_matrix_as_a_grid_and_count_repeat_entries_per_respondent(survey):
    rng = random.Random(2)
    answers = []
    for n in range(12):
        entry: dict[str, Any] = {"quiet": rng.choice("123"), "space": rng.choice("123")}
        if n < 8:  # eight families with two children each, all without a Kita place
            entry["child"] = [
                {"child_age": 3, "child_kita": "no"},
                {"child_age": 5, "child_kita": "no"},
            ]
        if n == 0:  # one family's third child has a place: one respondent only
            entry["child"].append({"child_age": 2, "child_kita": "yes"})
        answers.append(entry)
    _responses(survey, answers)
    officer = make_member(survey.district, Role.INTEGRATION_OFFICER)
    client = Client()
    client.force_login(officer)
    html = client.get(f"/d/{survey.district.slug}/surveys/{survey.pk}/results/").content.decode()
    assert 'class="result-grid"' in html and "Es ist genug Platz" in html
    assert html.count('id="r-quiet"') == 0  # drawn inside the grid, not on its own
    section = html[html.index('id="r-child_kita"') :]
    section = section[: section.index("</section>")]
    # 17 children: 16 without a place (eight families) shown; the one with a place is
    # hidden (one family), and so is the total that would reveal it.
    assert "Counted per entry of “Kind”" in section or "Eintrag" in section
    assert ">16<" in section and ">1<" not in section and ">17<" not in section
    ages = html[html.index('id="r-child_age"') :]
    ages = ages[: ages.index("</section>")]
    assert "17" in ages and ("3.8" in ages or "3,8" in ages)  # over the 17 children


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "sav"])
def test_exports_carry_repeated_blocks_in_long_format(
    survey, file_format, django_capture_on_commit_callbacks, tmp_path
):
    import csv
    import io
    import zipfile

    import pyreadstat
    from openpyxl import load_workbook

    from teilhabe.jobs.models import Job

    _responses(
        survey,
        [
            {"quiet": "1", "child": [{"child_age": 4, "child_kita": "yes"}, {"child_age": 9}]},
            {"quiet": "=cmd()"},
        ],
    )
    officer = make_member(survey.district, Role.INTEGRATION_OFFICER)
    client = Client()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/d/{survey.district.slug}/surveys/{survey.pk}/export/start/",
            {"format": file_format, "values": "labels", "language": "de"},
        )
    job = Job.objects.get(owner=officer)
    assert job.status == Job.Status.SUCCEEDED, job.error
    download = client.get(f"/jobs/{job.pk}/download/")
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    first = Response.objects.filter(survey=survey).order_by("pk").first()
    if file_format == "xlsx":
        book = load_workbook(io.BytesIO(content), read_only=True)
        rows = [list(r) for r in book["child"].iter_rows(values_only=True)]
        assert rows[0][:4] == ["response", "entry", "child_age", "child_kita"]
        assert rows[2][:4] == [first.pk, 1, 4, "Ja"] and rows[3][:3] == [first.pk, 2, 9]
        assert len(rows) == 4
        return
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = sorted(archive.namelist())
    assert len(names) == 2 and any(n.endswith(f"-child.{file_format}") for n in names)
    child = next(n for n in names if n.endswith(f"-child.{file_format}"))
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(archive.read(child).decode("utf-8-sig")), delimiter=";"))
        assert rows[0] == ["response", "entry", "child_age", "child_kita"]
        assert rows[2:] == [[str(first.pk), "1", "4.0", "Ja"], [str(first.pk), "2", "9.0", ""]]
        main = next(n for n in names if n != child)
        assert "'=cmd()" in archive.read(main).decode("utf-8-sig")  # no formula
    else:
        path = tmp_path / "child.sav"
        path.write_bytes(archive.read(child))
        frame, meta = pyreadstat.read_sav(str(path), output_format="dict")
        assert list(frame["child_age"]) == [4.0, 9.0]
        assert meta.variable_value_labels["child_kita"] == {1.0: "Ja", 2.0: "Nein"}
