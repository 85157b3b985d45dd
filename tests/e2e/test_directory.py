"""Browser journeys of the directory (issue #5): an officer imports a contact list,
merges duplicates, logs a meeting with three migrant organisations and prints a
profile; a resident on a phone finds an Arabic-language women's swimming course near
their Gemeinde and proposes an event, which a moderator approves and which then
appears in the iCal feed. Every page visited is scanned with axe-core (zero
violations), Arabic (right to left) included."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def directory(demo):
    from teilhabe.directory.demo import seed_district
    from teilhabe.directory.vocabulary import sync_standard_terms
    from teilhabe.districts.models import District

    sync_standard_terms()
    seed_district(District.objects.get(slug="uckermark"))
    return demo


def scan(page, report: dict, name: str) -> None:
    report[name] = axe_violations(page)


def test_officer_imports_merges_logs_a_meeting_and_prints_a_profile(
    page, live_server, directory, tmp_path: Path
):
    base = live_server.url
    report: dict[str, list] = {}
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page, base, "uckermark.integration")
    page.goto(f"{base}/d/uckermark/directory/")
    assert page.locator("h1").inner_text() == "Verzeichnis"
    scan(page, report, "directory home")

    # Import a contact list: one row duplicates a demo organisation, two rows each other.
    csv_file = tmp_path / "kontakte.csv"
    csv_file.write_text(
        "Verein;E-Mail;Telefon;Ansprechperson\n"
        "Syrischer Kulturverein Uckermark;vorstand@skv.example;03332 1234;Frau Haddad\n"
        "Eritreische Gemeinde Prenzlau;info@eritrea.example;0170 1111;Herr Tesfay\n"
        "Eritreische Gemeinde Prenzlau e.V.;info@eritrea.example;;\n",
        encoding="utf-8",
    )
    page.click("text=Kontaktliste importieren")
    scan(page, report, "import upload")
    page.set_input_files("#id_file", str(csv_file))
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#map_name").input_value() == "0"  # the name column was recognised
    scan(page, report, "import mapping")
    page.select_option("#map_contact_name", "3")
    page.click("main form.form button[type=submit]")
    page.wait_for_load_state("networkidle")
    scan(page, report, "import review")
    first = page.locator("#row_1")
    assert first.input_value().startswith("merge:")  # the similar existing organisation
    assert page.locator("#row_3").input_value() == "skip"  # duplicate within the file
    page.click("main form.form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("text=zusammengeführt")
    page.goto(f"{base}/d/uckermark/directory/?q=Eritreische")
    assert page.locator("#organisation-rows tbody tr").count() == 1

    # Log one meeting with three migrant organisations.
    page.goto(f"{base}/d/uckermark/directory/log/new/")
    scan(page, report, "record a contact")
    page.select_option("#id_kind", "meeting")
    page.fill("#id_subject", "Runder Tisch der Migrantenorganisationen")
    for name in (
        "Syrischer Kulturverein Uckermark e. V.",
        "Ukrainische Gemeinschaft Prenzlau",
        "Afghanische Frauen im Norden",
    ):
        page.check(f"label:has-text('{name}')")
    page.fill("#id_follow_up_on", "2030-01-15")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Der Kontakt wurde erfasst." in page.inner_text("main"), page.locator(
        ".errors, .form-errors"
    ).all_inner_texts()
    scan(page, report, "contact log")

    # The profile shows the meeting, and prints as a PDF.
    page.goto(f"{base}/d/uckermark/directory/?q=Afghanische")
    page.click("#organisation-rows a")
    page.wait_for_load_state("networkidle")
    assert "Runder Tisch der Migrantenorganisationen" in page.inner_text("main")
    scan(page, report, "organisation profile")
    pdf_href = page.get_attribute("text=Steckbrief als PDF", "href")
    response = page.request.get(base + pdf_href)
    assert response.headers["content-type"] == "application/pdf" and response.body().startswith(
        b"%PDF"
    )

    page.goto(f"{base}/d/uckermark/directory/map/")
    page.wait_for_selector(".leaflet-container .leaflet-interactive")
    # Organisations in one town share a spot: one marker with their number, whose
    # popup links each of them.
    shared = page.locator(".leaflet-container .map-count").first
    count = int(shared.inner_text())
    assert count >= 2
    shared.click()
    page.wait_for_selector(".leaflet-popup .map-popup-list")
    assert page.locator(".leaflet-popup .map-popup-list a").count() == count
    # Wait for Leaflet's fade-in: a half-transparent popup has half the contrast.
    for _ in range(40):
        opacity = page.evaluate(
            "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity"
        )
        if opacity == "1":
            break
        page.wait_for_timeout(50)
    scan(page, report, "actor map")
    page.goto(f"{base}/d/uckermark/directory/network/")
    scan(page, report, "network")
    assert {name: found for name, found in report.items() if found} == {}
    assert all(url.startswith(base) for url in requests), [
        u for u in requests if not u.startswith(base)
    ]


def test_resident_finds_a_course_proposes_an_event_and_it_reaches_the_ical_feed(
    browser, live_server, directory
):
    base = live_server.url
    report: dict[str, list] = {}
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ar", is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(f"{base}/public/ar/uckermark/")
    page.click("main a[href$='/directory/']")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == "rtl"
    scan(page, report, "search [ar]")
    # Filters work without JavaScript: a plain GET form.
    page.fill("#id_q", "سباحة")
    page.click("summary:has-text('عوامل التصفية')")
    page.check("#lg-ar")
    page.check("#tg-women")
    schwedt = page.locator("#id_near option", has_text="Schwedt").first.get_attribute("value")
    page.select_option("#id_near", schwedt)
    page.click("text=طبّق عوامل التصفية")
    page.wait_for_load_state("networkidle")
    results = page.locator(".results .result")
    assert results.count() == 1
    assert "دورة سباحة للنساء" in results.first.inner_text()
    scan(page, report, "results [ar]")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width
    results.first.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "دورة سباحة للنساء"
    ld = page.locator("script[type='application/ld+json']").first.inner_text()
    assert '"@type": "Service"' in ld
    scan(page, report, "offer [ar]")

    # Propose an event (no account), confirm the address from the mail.
    page.goto(f"{base}/public/ar/uckermark/directory/propose/event/")
    scan(page, report, "propose [ar]")
    page.fill("#id_title", "مقهى الخياطة للنساء")
    page.fill("#id_description", "نخيط ونتحدث معًا.")
    page.fill("#id_organiser", "Nachbarschaftshilfe Schwedt")
    page.fill("#id_start_date", (timezone.localdate() + timedelta(days=10)).isoformat())
    page.fill("#id_start_time", "15:00")
    page.fill("#id_end_time", "17:00")
    page.fill("#id_place_name", "Bürgerhaus")
    page.fill("#id_address", "Lindenallee 1")
    page.select_option("#id_gemeinde", schwedt)
    page.check("label:has-text('العربية') >> nth=0")
    page.fill("#id_submitter_email", "resident@example.org")
    page.check("#id_consent")
    page.wait_for_timeout(3500)  # people take longer than the minimum fill time
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/propose/sent/" in page.url
    link = re.search(r"https?://\S+/submission/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.click("button:has-text('تأكيد')")
    page.wait_for_load_state("networkidle")
    scan(page, report, "submission [ar]")
    phone.close()

    # A moderator approves it.
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    mod = office.new_page()
    sign_in(mod, base, "uckermark.moderation")
    mod.goto(f"{base}/d/uckermark/directory/moderation/")
    scan(mod, report, "moderation queue")
    mod.click("text=مقهى الخياطة للنساء")
    mod.wait_for_load_state("networkidle")
    scan(mod, report, "proposal with diff")
    mod.click("text=Annehmen und veröffentlichen")
    mod.wait_for_load_state("networkidle")
    assert "veröffentlicht" in mod.inner_text("main")
    feed = mod.request.get(f"{base}/public/ar/uckermark/directory/calendar.ics")
    assert feed.headers["content-type"].startswith("text/calendar")
    assert "مقهى الخياطة للنساء" in feed.text()
    office.close()

    assert {name: found for name, found in report.items() if found} == {}
    assert all(url.startswith(base) for url in requests), [
        u for u in requests if not u.startswith(base)
    ]


def test_public_directory_pages_pass_axe_in_german_and_farsi(page, live_server, directory):
    base = live_server.url
    report: dict[str, list] = {}
    for lang in ("de", "fa"):
        page.goto(f"{base}/public/{lang}/uckermark/directory/?view=map")
        report[f"map [{lang}]"] = axe_violations(page)
        page.goto(f"{base}/public/{lang}/uckermark/directory/calendar/")
        report[f"calendar [{lang}]"] = axe_violations(page)
        page.goto(f"{base}/public/{lang}/uckermark/directory/?kind=event")
        page.locator(".results a").first.click()
        page.wait_for_load_state("networkidle")
        report[f"event [{lang}]"] = axe_violations(page)
        page.goto(f"{base}/public/{lang}/uckermark/directory/?kind=organisation")
        page.locator(".results a").first.click()
        page.wait_for_load_state("networkidle")
        report[f"organisation [{lang}]"] = axe_violations(page)
        page.click("text=" + ("Problem melden" if lang == "de" else "گزارش مشکل"))
        page.wait_for_load_state("networkidle")
        report[f"report [{lang}]"] = axe_violations(page)
    assert {name: found for name, found in report.items() if found} == {}


def test_officer_adds_a_term_in_arabic_and_changes_a_contact(page, live_server, directory):
    from teilhabe.directory.models import Contact, Organisation

    Contact.objects.create(
        organisation=Organisation.objects.get(name="Syrischer Kulturverein Uckermark e. V."),
        name="Frau Haddad",
    )
    base = live_server.url
    report: dict[str, list] = {}
    sign_in(page, base, "uckermark.integration")
    page.goto(f"{base}/d/uckermark/directory/terms/")
    scan(page, report, "terms")
    page.select_option("#id_vocabulary", "category")
    page.fill("#id_name", "Nähcafé")
    page.fill("#id_name_ar", "مقهى الخياطة")
    page.click("main form.form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Der Begriff wurde hinzugefügt." in page.inner_text("main")
    page.click("main table a:has-text('Nähcafé')")
    page.wait_for_load_state("networkidle")
    scan(page, report, "term")

    # A contact of an organisation is changed in place.
    page.goto(f"{base}/d/uckermark/directory/?q=Syrischer")
    page.click("#organisation-rows a")
    page.wait_for_load_state("networkidle")
    contact = page.locator("#contacts-heading ~ ul > li").first
    contact.locator("summary:has-text('Ändern')").click()
    scan(page, report, "organisation with a contact's form open")
    contact.locator("input[name$='-title']").fill("Vorsitzende")
    contact.locator("button:has-text('Speichern')").click()
    page.wait_for_load_state("networkidle")
    assert "Der Kontakt wurde geändert." in page.inner_text("main")
    assert "Vorsitzende" in page.inner_text("#contacts-heading ~ ul")

    # The public filter offers the new term in Arabic, right to left.
    page.goto(f"{base}/public/ar/uckermark/directory/")
    page.click("summary.dir-filters, details.dir-filters > summary")
    assert page.locator("label:has-text('مقهى الخياطة')").count() == 1
    scan(page, report, "search with the new term [ar]")
    assert {name: found for name, found in report.items() if found} == {}
