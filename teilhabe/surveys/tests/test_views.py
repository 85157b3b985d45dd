"""Officers' pages: creating surveys, the builder, translations, preview, print material,
results with small groups protected, cross-tabs, exports."""

from __future__ import annotations

import csv
import io
import re
import uuid
import zlib
from pathlib import Path

import pyreadstat
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from teilhabe.core.testing import make_district, make_member
from teilhabe.districts.roles import Role
from teilhabe.jobs.models import Job
from teilhabe.surveys import services
from teilhabe.surveys.engine.tests.factories import KOBO_SURVEY, workbook
from teilhabe.surveys.models import QuestionnaireVersion, Response, Survey
from teilhabe.surveys.synthetic import synthetic_answers
from teilhabe.surveys.tests.factories import make_survey, simple_definition

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return make_district("12073", slug="uckermark")


@pytest.fixture
def officer(district):
    return make_member(district, Role.INTEGRATION_OFFICER)


@pytest.fixture
def client(officer):
    client = Client()
    client.force_login(officer)
    return client


def url(survey: Survey, rest: str = "") -> str:
    return f"/d/{survey.district.slug}/surveys/{survey.pk}/{rest}"


def add_responses(survey: Survey, count: int, seed: int = 1, answers_override=None) -> None:
    version = services.latest_version(survey)
    QuestionnaireVersion.objects.filter(pk=version.pk).update(frozen=True)
    wave = survey.waves.first()
    Response.objects.bulk_create(
        Response(
            survey=survey,
            version=version,
            wave=wave,
            submission_key=uuid.uuid4(),
            language="de",
            answers=answers_override(i, a) if answers_override else a,
            day=services.today(),
        )
        for i, a in enumerate(synthetic_answers(version.form, count=count, seed=seed))
    )


def test_create_from_a_template_and_from_an_xlsform(client, district):
    response = client.post(f"/d/{district.slug}/surveys/new/", {"start": "living", "title": ""})
    survey = Survey.objects.get(district=district)
    assert response["Location"] == url(survey, "questions/")
    assert survey.title == "Leben in unserem Landkreis"
    page = client.get(url(survey, "questions/")).content.decode()
    assert "Wie alt sind Sie?" in page
    upload = SimpleUploadedFile("form.xlsx", workbook(), content_type="application/vnd.ms-excel")
    response = client.post(
        f"/d/{district.slug}/surveys/new/", {"start": "xlsform", "title": "", "file": upload}
    )
    imported = Survey.objects.exclude(pk=survey.pk).get()
    report = client.get(response["Location"]).content.decode()
    assert "geopoint" in report and "row 19" in report.lower()
    assert imported.title == "Newcomer survey"


def test_an_xlsform_with_errors_is_refused_with_its_row(client, district):
    survey_rows = [list(r) for r in KOBO_SURVEY]
    survey_rows[7][9] = "${nowhere} = 1"
    upload = SimpleUploadedFile("bad.xlsx", workbook(survey=survey_rows))
    page = client.post(
        f"/d/{district.slug}/surveys/new/", {"start": "xlsform", "file": upload}
    ).content.decode()
    assert "row 8" in page and "nowhere" in page and not Survey.objects.exists()


def test_builder_add_edit_move_delete(client, district):
    survey = make_survey(district, definition=simple_definition(), publish=False)
    revision = services.revision_token(services.latest_version(survey))
    response = client.post(
        url(survey, "questions/new/"),
        {
            "kind": "single",
            "label": "Wie gefällt es Ihnen?",
            "choices": "Gut\nSchlecht",
            "parent": "p3",
            "revision": revision,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    form = services.latest_version(survey).form
    element = form.element("wie_gefaellt_es_ihnen")
    assert [c["name"] for c in form.choices(element)] == ["gut", "schlecht"]
    assert (form.parent_of("wie_gefaellt_es_ihnen") or {}).get("name") == "p3"
    # Renaming writes the new name into every condition that used the old one.
    revision = services.revision_token(services.latest_version(survey))
    page = client.get(url(survey, "questions/kids/")).content.decode()
    assert "Haben Sie Kinder?" in page
    response = client.post(
        url(survey, "questions/kids/"),
        {
            "kind": "single",
            "label": "Haben Sie Kinder?",
            "name": "has_kids",
            "choices": "yes = Ja\nno = Nein",
            "required": "on",
            "revision": revision,
        },
    )
    assert response.status_code == 302
    form = services.latest_version(survey).form
    assert form.element("p2")["relevant"] == "${has_kids} = 'yes'"
    # Moving, with htmx (fragment) and without (redirect).
    revision = services.revision_token(services.latest_version(survey))
    fragment = client.post(
        url(survey, "questions/p3/move/"),
        {"direction": "up", "revision": revision},
        HTTP_HX_REQUEST="true",
    )
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert [e["name"] for e in services.latest_version(survey).form.elements] == ["p1", "p3", "p2"]
    # Deleting a question other conditions need is refused with the reason.
    revision = services.revision_token(services.latest_version(survey))
    response = client.post(
        url(survey, "questions/has_kids/delete/"), {"revision": revision}, follow=True
    )
    assert "refer to it" in response.content.decode()
    assert services.latest_version(survey).form.has("has_kids")


def test_a_stale_form_is_refused_with_a_message(client, district):
    survey = make_survey(district, definition=simple_definition(), publish=False)
    response = client.post(
        url(survey, "questions/p3/move/"), {"direction": "up", "revision": "1.99"}, follow=True
    )
    assert "Someone else changed" in response.content.decode()


def test_translation_status_and_side_by_side_editing(client, district):
    survey = make_survey(district, definition=simple_definition(), publish=False)
    revision = services.revision_token(services.latest_version(survey))
    client.post(
        url(survey, "languages/"), {"action": "add", "language": "uk", "revision": revision}
    )
    page = client.get(url(survey, "languages/")).content.decode()
    assert "Українська" in page and "missing" in page
    editor = client.get(url(survey, "languages/uk/")).content.decode()
    assert "Haben Sie Kinder?" in editor and 'lang="uk"' in editor
    revision = services.revision_token(services.latest_version(survey))
    client.post(
        url(survey, "languages/uk/"),
        {"text:q:kids:label": "Чи є у вас діти?", "revision": revision},
    )
    form = services.latest_version(survey).form
    status = form.translation_status()["uk"]
    assert "q:kids:label" not in status.missing and not status.reviewed
    # The German source changes: the Ukrainian text is now outdated.
    revision = services.revision_token(services.latest_version(survey))
    client.post(
        url(survey, "questions/kids/"),
        {
            "kind": "single",
            "label": "Leben Kinder bei Ihnen?",
            "choices": "yes = Ja\nno = Nein",
            "revision": revision,
        },
    )
    assert (
        "q:kids:label" in services.latest_version(survey).form.translation_status()["uk"].outdated
    )


def test_preview_in_arabic_and_at_phone_size(client, district):
    survey = make_survey(district, definition=simple_definition(), publish=False)
    page = client.get(url(survey, "preview/ar/?phone=1&restart=1")).content.decode()
    assert "phone-frame" in page and 'dir="rtl"' in page and "هل لديك أطفال (Kinder)؟" in page
    response = client.post(
        url(survey, "preview/ar/?phone=1"),
        {"shown": "kids,age", "action": "next", "kids": "no", "age": "30"},
    )
    assert response.status_code == 302
    assert "في الختام" in client.get(response["Location"]).content.decode()
    assert not Response.objects.exists()


def test_print_material_renders_pdfs_with_arabic(client, district):
    survey = make_survey(district)
    for path in ("poster.pdf", "flyer.pdf?lang=ar", "qr.svg"):
        response = client.get(url(survey, path))
        assert response.status_code == 200, path
    poster = client.get(url(survey, "poster.pdf")).content
    assert poster.startswith(b"%PDF")
    fonts = set(re.findall(rb"/BaseFont\s*/\w+\+([\w-]+)", pdf_text(poster)))
    assert {b"Teilhabe-Sans", b"Teilhabe-Arabic"} <= fonts  # Arabic, Farsi and Dari calls to action
    services.survey_update(
        access=services_access(district), survey=survey, changes={"access": "codes"}
    )
    services.access_codes_create(access=services_access(district), survey=survey, count=3)
    letters = client.get(url(survey, "codes/letters.pdf?batch=1"))
    assert letters.status_code == 200 and letters.content.startswith(b"%PDF")


def pdf_text(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (font names live in object streams)."""

    inflated = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"".join(inflated)


def services_access(district):
    from teilhabe.surveys.tests.factories import officer_access

    return officer_access(district)


def test_results_hide_small_groups_and_refuse_small_selections(client, district):
    survey = make_survey(district)
    # 40 responses; exactly 2 say "probably_not" to "stay" → primary suppression.
    add_responses(
        survey,
        40,
        answers_override=lambda i, a: {
            **a,
            "stay": "probably_not" if i < 2 else "yes",
            "wish": "Ruhe" if i < 3 else "",
        },
    )
    page = client.get(url(survey, "results/")).content.decode()
    assert "Responses over time" in page and "<svg" in page
    stay = page.split('id="r-stay"')[1].split("</section>")[0]
    assert ">2<" not in stay and "–" in stay
    wish = page.split('id="r-wish"')[1].split("</section>")[0]
    assert "Ruhe" not in wish and "Fewer than 5" in wish
    refused = client.get(url(survey, "results/?f=stay:probably_not")).content.decode()
    assert "This selection cannot be shown." in refused and "It contains 2 respondents" in refused
    crosstab = client.get(
        url(survey, "results/crosstab/?row=stay&col=age_group&pct=row")
    ).content.decode()
    assert "Total" in crosstab and "row per cent" in crosstab
    table = client.get(url(survey, "results/crosstab/?row=stay&col=age_group&format=csv"))
    rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Would you like to stay in our district for the next five years?"
    numbers = [cell for row in rows[1:-1] for cell in row[1:] if cell.isdigit()]
    assert all(int(n) == 0 or int(n) >= 5 for n in numbers)
    waves = client.get(url(survey, "results/waves/?q=stay")).content.decode()
    assert survey.waves.first().name in waves


def test_results_page_query_count_does_not_grow_with_responses(
    client, district, django_assert_max_num_queries
):
    survey = make_survey(district)
    add_responses(survey, 20)
    with django_assert_max_num_queries(40):
        assert client.get(url(survey, "results/")).status_code == 200
    add_responses(survey, 60, seed=2)
    with django_assert_max_num_queries(40):
        assert client.get(url(survey, "results/")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/d/{district.slug}/surveys/").status_code == 200


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "sav"])
def test_exports_in_every_format(
    client, district, officer, file_format, django_capture_on_commit_callbacks
):
    survey = make_survey(district)
    add_responses(
        survey,
        12,
        answers_override=lambda i, a: {**a, "wish": '=HYPERLINK("http://x")' if i == 0 else "Kita"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(survey, "export/start/"),
            {"format": file_format, "values": "labels", "language": "ar"},
        )
    job = Job.objects.get(owner=officer)
    assert job.status == Job.Status.SUCCEEDED, job.error
    data = client.get(f"/jobs/{job.pk}/download/")
    content = b"".join(data.streaming_content)
    assert response.status_code == 302
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) == 2 + 12
        header = rows[0]
        assert "stay" in header and "course_barriers.no_place" in header
        wish = [row[header.index("wish")] for row in rows[2:]]
        assert wish[0].startswith("'=")  # no formula
        assert (
            rows[1][header.index("stay")] == "هل تود البقاء في مقاطعتنا خلال السنوات الخمس القادمة؟"
        )
    elif file_format == "xlsx":
        book = load_workbook(io.BytesIO(content), read_only=True)
        sheet = book["Responses"]
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 14
        header = list(rows[0])
        cell = rows[2][header.index("wish")]
        assert cell.startswith("'=")
        assert rows[2][header.index("stay")] in {
            "نعم، بالتأكيد",
            "على الأرجح",
            "لا أعرف بعد",
            "على الأرجح لا",
            "لا",
        }
        assert "Notes" in book.sheetnames
    else:
        path = Path(__file__).parent / "_export_test.sav"
        path.write_bytes(content)
        try:
            frame, meta = pyreadstat.read_sav(str(path), output_format="dict")
        finally:
            path.unlink()
        assert len(frame["stay"]) == 12
        assert (
            meta.column_names_to_labels["stay"]
            == "هل تود البقاء في مقاطعتنا خلال السنوات الخمس القادمة؟"
        )
        assert meta.variable_value_labels["at_home"][5.0] == "أوافق تمامًا"
        assert meta.variable_value_labels["stay"][1.0] == "نعم، بالتأكيد"


def test_roles_without_the_capability_cannot_export_or_edit(district):
    survey = make_survey(district)
    analyst = make_member(district, Role.ANALYST)
    client = Client()
    client.force_login(analyst)
    assert client.get(url(survey, "results/")).status_code == 200
    assert client.get(url(survey, "export/")).status_code == 403
    assert client.post(url(survey, "export/start/"), {"format": "csv"}).status_code == 403
    assert client.get(url(survey, "questions/")).status_code == 403


def test_interviewer_enters_an_answer(district):
    survey = make_survey(district, definition=simple_definition())
    clerk = make_member(district, Role.OFFICE_CLERK)
    client = Client()
    client.force_login(clerk)
    start = client.post(url(survey, "interview/"), {"language": "ar"})
    assert start.status_code == 302
    page = start["Location"]
    client.post(page, {"shown": "kids,age", "action": "next", "kids": "no", "age": "50"})
    done = client.post(page, {"shown": "langs,comment", "action": "next"})
    assert done["Location"].endswith("?entered=1")
    stored = Response.objects.get(survey=survey)
    assert stored.channel == "interview" and stored.entered_by is None  # anonymous survey
    assert stored.language == "ar"


def test_gemeinde_question_and_measure_per_gemeinde(client, district):
    from teilhabe.surveys.measures import measure_observations

    survey = make_survey(district, definition=simple_definition())
    revision = services.revision_token(services.latest_version(survey))
    client.post(url(survey, "questions/gemeinde/"), {"revision": revision})
    survey.refresh_from_db()
    form = services.latest_version(survey).form
    question = form.element(survey.gemeinde_question)
    choices = form.choices(question)
    assert len(choices) == 30 and question["label"]["ar"] == "في أي بلدية تسكن؟"
    services.survey_publish(access=services_access(district), survey=survey)
    survey.refresh_from_db()
    version = services.latest_version(survey)
    first, second, third = choices[0]["name"], choices[1]["name"], choices[2]["name"]
    wave = survey.waves.first()
    Response.objects.bulk_create(
        Response(
            survey=survey,
            version=version,
            wave=wave,
            submission_key=uuid.uuid4(),
            language="de",
            day=services.today(),
            answers={
                "kids": "yes" if i % 2 else "no",
                "age": 30,
                survey.gemeinde_question: first if i < 20 else second if i < 32 else third,
            },
        )
        for i in range(35)
    )
    services.measure_link_create(
        access=services_access(district),
        survey=survey,
        measure_key="has-children",
        measure_label="Kinder",
        question="kids",
        counted_choices=["yes"],
        per_gemeinde=True,
    )
    observations = measure_observations(district=district)
    whole = next(o for o in observations if o.gemeinde == "")
    assert whole.denominator == 35 and whole.numerator == 17
    by_gemeinde = {o.gemeinde: o for o in observations if o.gemeinde}
    assert by_gemeinde[first[1:]].denominator == 20 and not by_gemeinde[first[1:]].suppressed
    # Three people: withheld; and the next smallest too, or they could be recovered from the total.
    assert by_gemeinde[third[1:]].suppressed and by_gemeinde[third[1:]].numerator is None
    assert by_gemeinde[second[1:]].suppressed


def test_results_are_current_with_every_view_and_the_copy_grows_incrementally(client, district):
    from teilhabe.surveys.dataset import analysis_form, columns_of, refresh

    survey = make_survey(district)
    add_responses(survey, 10)
    assert "10 responses" in client.get(url(survey, "results/")).content.decode()
    add_responses(survey, 5, seed=3)
    assert "15 responses" in client.get(url(survey, "results/")).content.decode()
    parts = refresh(survey, columns_of(analysis_form(survey)))
    assert len(parts) == 2  # the five new answers were appended, nothing rebuilt
