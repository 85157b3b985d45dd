"""User content is inert everywhere: a payload corpus through pages, JSON-LD, PDFs,
exports and iCalendar; direction controls removed; only http(s) links; hypothesis
for the text cleaner, the duplicate finder, the importer and the recurrence engine."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teilhabe.core.exports import csv_bytes
from teilhabe.directory.duplicates import Candidate, find_duplicates
from teilhabe.directory.exports import contact_rows, vcard_bytes
from teilhabe.directory.models import Organisation
from teilhabe.directory.recurrence import RecurrenceError, occurrences
from teilhabe.directory.safety import clean_text, safe_url
from teilhabe.directory.services.imports import ImportFileError, read_table
from teilhabe.directory.tests import factories as f

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(2)</script>",
    "javascript:alert(3)",
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "@import url(x)",
    "{{ 7*7 }} {% debug %}",
    "\u202eevil\u202c txt.exe",
    "a\u2066b\u2069c\u200bd",
    "BEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT",
    "x\nEND:VCARD\nBEGIN:VCARD\nFN:injected",
]


def test_direction_controls_and_invisibles_are_removed():
    assert clean_text("\u202eevil\u202c") == "evil"
    assert clean_text("a\u2066b\u2069c\u200bd\x00") == "abcd"
    assert clean_text("Zeile 1\r\nZeile 2") == "Zeile 1\nZeile 2"


@given(st.text())
def test_clean_text_never_leaves_controls(text):
    cleaned = clean_text(text)
    assert not any(
        ch in cleaned for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\x00"
    )
    assert clean_text(cleaned) == cleaned


def test_only_http_links_survive():
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("data:text/html,<b>") == ""
    assert safe_url("ftp://example.org") == ""
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"


@pytest.mark.django_db
def test_payloads_are_inert_on_pages_json_ld_pdf_exports_and_ical(client):
    from django.test import Client
    from icalendar import Calendar

    from teilhabe.core.testing import make_member
    from teilhabe.districts.roles import Role

    district = f.uckermark()
    for n, payload in enumerate(PAYLOADS):
        org = f.organisation(
            district, name=f"{payload} {n}", description=payload, website="https://example.org"
        )
        offer = f.service(district, organisation=org, name=payload[:180], description=payload)
        event = f.event(district, title=payload[:180], description=payload, organisation=org)
        page = client.get(f"/public/en/uckermark/directory/offers/{offer.pk}/").content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert page.count('<script type="application/ld+json">') == 1
        assert "\u202e" not in page
        org_page = client.get(
            f"/public/en/uckermark/directory/organisations/{org.pk}/"
        ).content.decode()
        assert "<script>alert" not in org_page
        event_page = client.get(
            f"/public/en/uckermark/directory/events/{event.pk}/"
        ).content.decode()
        assert "<script>alert" not in event_page
    feed = client.get("/public/en/uckermark/directory/calendar.ics").content
    summaries = [str(c.get("summary")) for c in Calendar.from_ical(feed).walk("VEVENT")]
    assert "injected" not in summaries  # the payload stayed inside its SUMMARY
    staff = Client()
    staff.force_login(make_member(district, Role.INTEGRATION_OFFICER))
    body = staff.get("/d/uckermark/directory/contacts.csv").content.decode("utf-8-sig")
    for line in body.splitlines()[1:]:
        for cell in line.split(";"):
            assert not cell.strip('"').startswith(("=", "+", "@")), cell
    vcf = staff.get("/d/uckermark/directory/contacts.vcf").content.decode()
    assert "\nFN:injected" not in vcf
    first = Organisation.objects.filter(district=district).order_by("pk").first()
    pdf = staff.get(f"/d/uckermark/directory/organisations/{first.pk}/profile.pdf")
    assert pdf.content.startswith(b"%PDF")


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=40), max_size=6), st.text(max_size=40))
def test_duplicate_finder_never_fails(names, name):
    others = [Candidate(key=i, name=n, phone=n, address=n, email=n) for i, n in enumerate(names)]
    for match in find_duplicates(
        Candidate(key=-1, name=name, phone=name, address=name, email=name), others
    ):
        assert match.reasons


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_importer_reads_or_refuses_any_bytes(data):
    try:
        headers, rows = read_table(name="x.csv", data=data)
    except ImportFileError as exc:
        messages = exc.messages
        assert messages
        return
    assert all(len(row) == len(headers) for row in rows)


@settings(max_examples=80)
@given(st.text(max_size=60))
def test_recurrence_engine_refuses_or_expands(rule):
    start = datetime(2027, 1, 1, 10, tzinfo=UTC)
    try:
        found = occurrences(
            start=start,
            end=None,
            rrule=rule,
            exdates=[],
            tz="Europe/Berlin",
            window_start=start,
            window_end=datetime(2028, 1, 1, tzinfo=UTC),
            limit=50,
        )
    except RecurrenceError:
        return
    assert len(found) <= 50


def test_contact_export_helpers_escape():
    assert csv_bytes(["a"], [["=1+1"]]).decode("utf-8-sig").splitlines()[1] == "'=1+1"
    assert contact_rows([]) == [] and vcard_bytes([]) == b""


def test_xlsx_import_with_formulas_reads_values():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "E-Mail"])
    sheet.append(["=1+1", "a@example.org"])
    buffer = io.BytesIO()
    book.save(buffer)
    headers, rows = read_table(name="x.xlsx", data=buffer.getvalue())
    assert headers == ["Name", "E-Mail"] and rows[0][1] == "a@example.org"
