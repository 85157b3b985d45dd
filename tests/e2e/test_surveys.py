"""Surveys in a real browser: an officer imports a multilingual XLSForm, adjusts it,
publishes it and prints the poster; a respondent answers in Arabic on a phone with skip
logic; the officer reads a cross-tab with small groups hidden and exports .sav. Every
page is scanned with axe-core (WCAG 2.1 AA), right-to-left pages included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def survey_demo(demo):
    from teilhabe.districts.models import District
    from teilhabe.surveys.demo import surveys_demo_create

    return surveys_demo_create(district=District.objects.get(slug="uckermark"), responses=(60, 90))


def _watch(page, base):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on(
        "request",
        lambda r: (
            problems.append(f"foreign request {r.url}")
            if not r.url.startswith((base, "data:"))
            else None
        ),
    )
    return problems


def test_officer_imports_adjusts_publishes_prints_and_exports(
    page, live_server, survey_demo, tmp_path
):
    from teilhabe.surveys.engine.tests.factories import workbook

    base = live_server.url
    problems = _watch(page, base)
    report: dict[str, list] = {}
    sign_in(page, base, "uckermark.integration")
    page.goto(f"{base}/d/uckermark/surveys/")
    report["list"] = axe_violations(page)
    page.click("text=Neue Befragung")
    report["create"] = axe_violations(page)
    form_file = tmp_path / "kobo.xlsx"
    form_file.write_bytes(workbook())
    page.check("input[value='xlsform']")
    page.set_input_files("#id_file", str(form_file))
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Fragebogen importiert" in page.inner_text("h1")
    text = page.inner_text("main")
    assert "geopoint" in text and "Zeile 19" in text  # reported, not dropped
    report["import report"] = axe_violations(page)
    page.click("text=Fragen prüfen")
    report["builder"] = axe_violations(page)
    page.click("a[href$='/questions/age/']")
    page.fill("#id_label", "How old are you today?")
    page.click("main form.form button[type=submit]:has-text('Speichern')")
    page.wait_for_load_state("networkidle")
    assert "How old are you today?" in page.inner_text("main")
    page.goto(page.url.replace("/questions/", "/languages/"))
    report["languages"] = axe_violations(page)
    page.click("a[href$='/languages/ar/']")
    assert "veraltet" in page.inner_text("main")  # the Arabic label is now outdated
    report["translation editor (ar)"] = axe_violations(page)
    page.goto(page.url.replace("/languages/ar/", "/preview/ar/?phone=1&restart=1"))
    assert page.locator(".phone-frame .answer[dir=rtl]").count() == 1
    report["preview at phone size (ar)"] = axe_violations(page)
    page.goto(page.url.split("/preview/")[0] + "/")
    page.click("button:has-text('veröffentlichen')")
    page.wait_for_load_state("networkidle")
    assert "veröffentlicht" in page.inner_text(".messages")
    report["overview"] = axe_violations(page)
    with page.expect_response(re.compile(r"/poster\.pdf")) as poster:
        page.evaluate("url => fetch(url)", page.get_attribute("a:has-text('Plakat A4')", "href"))
    assert poster.value.headers["content-type"] == "application/pdf"

    # Results of the demo survey: a cross-tab with small cells hidden.
    page.goto(f"{base}/d/uckermark/surveys/{survey_demo.pk}/results/")
    report["results"] = axe_violations(page)
    page.goto(
        f"{base}/d/uckermark/surveys/{survey_demo.pk}/results/crosstab/?row=stay&col=housing&pct=row"
    )
    table = page.inner_text("main table")
    assert "Summe" in table
    numbers = [int(n) for n in re.findall(r"(?<![\d,.])(\d+)(?![\d,.%])", table.split("\n", 1)[1])]
    assert all(n == 0 or n >= 5 for n in numbers), numbers
    report["cross-tab"] = axe_violations(page)
    page.goto(
        f"{base}/d/uckermark/surveys/{survey_demo.pk}/results/?f=stay:no&f=housing:other&f=age_group:65_plus"
    )
    assert "kann nicht gezeigt werden" in page.inner_text("main")
    report["refused selection"] = axe_violations(page)
    page.goto(f"{base}/d/uckermark/surveys/{survey_demo.pk}/export/")
    report["export"] = axe_violations(page)
    page.select_option("#id_format", "sav")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Herunterladen")
    with page.expect_download() as download:
        page.click("text=Herunterladen")
    path = Path(download.value.path())
    import pyreadstat

    frame, meta = pyreadstat.read_sav(str(path), output_format="dict")
    assert len(frame["stay"]) == 150 and meta.variable_value_labels["stay"]

    found = {name: v for name, v in report.items() if v}
    assert found == {}, found
    assert problems == []


def test_respondent_answers_in_arabic_on_a_phone(browser, live_server, survey_demo):
    from teilhabe.surveys.models import Response

    base = live_server.url
    before = Response.objects.filter(survey=survey_demo).count()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar")
    page = context.new_page()
    problems = _watch(page, base)
    report: dict[str, list] = {}
    page.goto(f"{base}/public/ar/uckermark/")
    page.click("a[href='/public/ar/uckermark/surveys/']")
    report["survey list"] = axe_violations(page)
    page.click("main .card a")
    assert page.locator("html").get_attribute("dir") == "rtl"
    report["start"] = axe_violations(page)
    page.click("button[type=submit]")  # without consent: refused with a message
    assert page.locator("#consent-error").is_visible()
    report["consent missing"] = axe_violations(page)
    page.check("#id_consent")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    report["page 1"] = axe_violations(page)
    page.click("button[value='next']")  # the required age group is missing
    assert page.locator("#answer-errors").is_visible()
    report["page with errors"] = axe_violations(page)
    page.check("input[name=age_group][value='25_34']")
    page.click("button[value='next']")
    # Work: with no qualification, the recognition question does not appear.
    page.check("input[name=work][value='looking']")
    page.check("input[name=qualification][value='none']")
    page.click("button[value='next']")
    assert page.locator("input[name=recognition]").count() == 0
    page.check("input[name=german][value='little']")
    page.check("input[name=course][value='waiting']")
    page.click("button[value='next']")
    # "Waiting for a course" opened a question on the same page: it comes back with it.
    assert page.locator("input[name=course_barriers]").count() > 0
    report["opened question"] = axe_violations(page)
    page.check("input[name=course_barriers][value='childcare']")
    page.click("button[value='next']")
    page.check("input[name=housing][value='shared']")
    page.click("button[value='next']")
    page.fill("input[name=children]", "0")
    page.click("button[value='next']")
    page.click("button[value='next']")  # health: nothing required
    page.check("input[name=at_home][value='4']")
    page.check("input[name=stay][value='probably']")
    page.fill("textarea[name=wish]", "دورات لغة في المساء – Abendkurse")
    report["last page"] = axe_violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width
    page.click("button[value='next']")
    page.wait_for_url(re.compile(r"/done/$"))
    report["thank you"] = axe_violations(page)
    page.go_back()
    page.go_back()
    assert Response.objects.filter(survey=survey_demo).count() == before + 1
    stored = Response.objects.filter(survey=survey_demo).order_by("-id").first()
    assert stored.language == "ar" and stored.answers["stay"] == "probably"
    assert "recognition" not in stored.answers and stored.answers["course_barriers"] == [
        "childcare"
    ]
    found = {name: v for name, v in report.items() if v}
    assert found == {}, found
    assert problems == []
    context.close()


@pytest.mark.parametrize("width", [1100, 360])
def test_a_matrix_is_an_accessible_grid_on_a_wide_screen_and_a_list_on_a_phone(
    browser, live_server, demo, width
):
    from teilhabe.districts.models import District
    from teilhabe.surveys.models import Response
    from teilhabe.surveys.tests.factories import make_survey
    from teilhabe.surveys.tests.test_matrix_repeats import definition

    survey = make_survey(
        District.objects.get(slug="uckermark"), definition=definition(), title=f"Raster {width}"
    )
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    problems = _watch(page, live_server.url)
    page.goto(f"{live_server.url}/public/de/uckermark/surveys/{survey.slug}/")
    page.check("#id_consent")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("table.answer-grid").count() == 1
    header_shown = page.locator("table.answer-grid thead").is_visible()
    assert header_shown == (width > 640)  # on a phone the answers are listed per statement
    assert axe_violations(page) == []
    page.click("button[value='next']")  # "Es ist ruhig" is required
    assert page.locator("#answer-errors").is_visible() and axe_violations(page) == []
    # Click the labels, as a person would (visible on the phone, the buttons on a screen).
    if width > 640:
        page.check("#quiet-3")
        page.check("#space-1")
    else:
        page.click("label[for=quiet-3]")
        page.click("label[for=space-1]")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.click("button[value='next']")
    page.click("button[value='next']")  # the repeated block: nothing required
    page.wait_for_url(re.compile(r"/done/$"))
    stored = Response.objects.get(survey=survey)
    assert stored.answers["quiet"] == "3" and stored.answers["space"] == "1"
    assert problems == []
    context.close()
