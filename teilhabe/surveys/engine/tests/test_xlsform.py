"""XLSForm import (through pyxform) and export, with a realistic multilingual KoBo form."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from teilhabe.surveys.engine.form import Form
from teilhabe.surveys.engine.tests.factories import (
    KOBO_CHOICES,
    KOBO_SURVEY,
    workbook,
)
from teilhabe.surveys.engine.xlsform import language_code, read_xlsform, structure, write_xlsform


def messages(notes):
    return [str(n.message) for n in notes]


def test_a_multilingual_kobo_form_is_read_with_its_languages_and_logic():
    result = read_xlsform(workbook())
    assert result.ok, messages(result.errors)
    form = result.form
    assert form.languages == ["en", "ar", "prs"]
    assert form.source_language == "en"
    assert form.title("ar") == "Newcomer survey"
    age = form.element("age")
    assert age["label"]["ar"] == "كم عمرك؟"
    assert age["constraint"] == ". >= 16 and . <= 110"
    assert age["constraint_message"] == {
        "en": "Please enter an age between 16 and 110.",
        "ar": "الرجاء إدخال عمر بين 16 و 110.",
    }
    assert age["required"] == "yes"
    assert form.element("city")["choice_filter"] == "country=${origin}"
    assert form.element("welcome")["media"] == {"audio": {"ar": "welcome_ar.mp3"}}
    assert (form.parent_of("child_age") or {}).get("type") == "repeat"
    assert form.element("has_children")["default"] == "no"
    assert form.choice_lists["city"][0]["extra"] == {"country": "sy"}
    assert [p.group["name"] for p in form.pages() if p.group] == ["about", "family", "child"]


def test_what_teilhabe_cannot_represent_is_reported_with_its_row():
    result = read_xlsform(workbook())
    notes = {(n.row, str(n.message).split(":")[0]) for n in result.notes}
    assert (2, "Row 2") in notes  # start
    assert (3, "Row 3") in notes  # today
    assert any("'geopoint' was left out" in m for m in messages(result.notes))
    assert not result.form.has("where")
    # pyxform's warnings about missing translations are passed on, not hidden.
    assert any("Dari (prs)" in m for m in messages(result.warnings))


def test_pyxform_errors_come_back_with_their_row_in_plain_words():
    survey = [list(row) for row in KOBO_SURVEY]
    survey[7][9] = "${nowhere} != ''"  # the 'relevant' of row 8
    result = read_xlsform(workbook(survey=survey))
    assert not result.ok
    (error,) = result.errors
    assert error.row == 8
    assert "nowhere" in str(error.message)
    assert "[row" not in str(error.message)

    survey = [list(row) for row in KOBO_SURVEY]
    survey[5][0] = "integr"
    result = read_xlsform(workbook(survey=survey))
    assert result.errors[0].row == 6
    assert "integr" in str(result.errors[0].message)


@pytest.mark.parametrize("data", [b"", b"not a workbook", b"PK\x03\x04broken"])
def test_files_that_are_not_workbooks_are_refused_clearly(data):
    result = read_xlsform(data)
    assert not result.ok
    assert (
        "Excel workbook" in str(result.errors[0].message)
        or "could not be read" in str(result.errors[0].message)
        or "form checker" in str(result.errors[0].message)
    )


def test_export_converts_with_pyxform_without_errors_or_warnings_and_round_trips():
    first = read_xlsform(workbook()).form
    first.data["consent"] = {"en": "I agree.", "ar": "أوافق."}
    first.data["reviewed"] = ["en"]
    exported = write_xlsform(first)
    warnings: list[str] = []
    xform = convert(xlsform=exported, file_type=".xlsx", warnings=warnings).xform
    assert "<h:title>Newcomer survey</h:title>" in xform
    assert warnings == []
    second = read_xlsform(exported)
    assert second.ok and second.notes == []
    assert structure(second.form) == structure(first)


def test_round_trip_keeps_outdated_translations_outdated():
    form = read_xlsform(workbook()).form
    form.set_text("q:age:label", "en", "What is your age?")
    assert "q:age:label" in form.translation_status()["ar"].outdated
    again = read_xlsform(write_xlsform(form)).form
    assert "q:age:label" in again.translation_status()["ar"].outdated


def test_leichte_sprache_and_language_names():
    assert language_code("Arabic (ar)") == "ar"
    assert language_code("Leichte Sprache (de)") == "de-ls"
    assert language_code("Deutsch") == "de"
    assert language_code("Klingon") is None
    form = Form(
        {
            "title": {"de": "Test", "de-ls": "Test leicht"},
            "source_language": "de",
            "languages": ["de", "de-ls", "ar"],
            "elements": [
                {
                    "type": "text",
                    "name": "q",
                    "label": {"de": "Frage", "de-ls": "Eine Frage", "ar": "سؤال"},
                }
            ],
            "choice_lists": {},
        }
    )
    form.mark_all_current()
    exported = write_xlsform(form)
    header = [c.value for c in next(load_workbook(io.BytesIO(exported))["survey"].iter_rows())]
    assert "label::Leichte Sprache (de)" in header and "label::Arabic (ar)" in header
    again = read_xlsform(exported).form
    assert again.languages == ["de", "de-ls", "ar"]
    assert again.element("q")["label"]["de-ls"] == "Eine Frage"


def test_an_unnamed_label_column_is_read_as_the_default_language_and_said_so():
    survey = [["type", "name", "label", "label::Arabic (ar)"], ["text", "q", "Name?", "الاسم؟"]]
    result = read_xlsform(
        workbook(
            survey=survey,
            choices=[["list_name", "name", "label"]],
            settings=[["form_title", "default_language"], ["T", "Deutsch (de)"]],
        )
    )
    assert result.ok
    assert result.form.element("q")["label"] == {"de": "Name?", "ar": "الاسم؟"}
    assert any("no language" in m for m in messages(result.notes))


def test_settings_and_choice_columns_survive(tmp_path):
    form = read_xlsform(workbook()).form
    assert form.data["settings"]["version"] == "2024-05"
    assert form.data["settings"]["form_id"] == "newcomers"
    assert len(form.choice_lists["country"]) == len([r for r in KOBO_CHOICES if r[0] == "country"])
