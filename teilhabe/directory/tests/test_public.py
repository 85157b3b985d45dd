"""The public site through the test client: search without JavaScript, entry pages
with escaped JSON-LD, proposals with double opt-in and moderation into the iCal feed,
reports, spam protection."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from teilhabe.directory.models import Event, Organisation, Report, State, Submission
from teilhabe.directory.services.community import submission_approve
from teilhabe.directory.tests import factories as f
from teilhabe.districts.roles import Role

pytestmark = pytest.mark.django_db
BASE = "/public/{lang}/uckermark/directory/"


@pytest.fixture
def district():
    district = f.uckermark()
    pool = f.location(
        district,
        name="Stadtbad",
        gemeinde=f.gemeinde(district, "Schwedt/Oder"),
        m2m={"accessibility": [f.term("accessibility", "step-free")]},
    )
    f.service(
        district,
        name="Schwimmkurs für Frauen",
        description="Schwimmen lernen nur für Frauen.",
        free_of_charge=True,
        locations=[pool],
        m2m={
            "categories": [f.term("category", "sport")],
            "target_groups": [f.term("target_group", "women")],
            "languages": [f.term("language", "ar")],
        },
    )
    return district


def url(lang: str = "en", rest: str = "") -> str:
    return BASE.format(lang=lang) + rest


def test_search_with_filters_works_without_javascript(client, district):
    schwedt = f.gemeinde(district, "Schwedt/Oder")
    response = client.get(
        url("ar"),
        {
            "q": "Schwimmkurs",
            "language": "ar",
            "target": "women",
            "near": schwedt.code,
            "radius": 10,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in body
    assert "Schwimmkurs für Frauen" in body
    assert "<script" not in body.split("</head>")[1]  # no script needed in the page body
    assert (
        client.get(url("en"), {"q": "Schwimmkurs", "language": "uk"})
        .content.decode()
        .count('class="result"')
        == 0
    )


def test_map_view_has_a_server_side_map_and_geojson(client, district):
    page = client.get(url("en"), {"view": "map"})
    assert b"<svg" in page.content and b"Stadtbad" in page.content
    data = client.get(url("en", "map.geojson")).json()
    assert data["features"][0]["properties"]["name"] == "Stadtbad"


def test_entry_page_has_escaped_json_ld_and_last_confirmed(client, district):
    offer = f.service(district, name="</script><script>alert(1)</script>", description="a & b")
    body = client.get(url("en", f"offers/{offer.pk}/")).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert len(blocks) == 1
    assert "</script" not in blocks[0].lower() and "\\u003c" in blocks[0].lower()
    data = json.loads(blocks[0])
    assert data["@type"] == "Service" and data["name"] == "</script><script>alert(1)</script>"
    assert "Last confirmed on" in body
    assert "&lt;/script&gt;" in body


def test_hidden_and_foreign_entries_are_not_public(client, district):
    other = f.make_district("12069", slug="potsdam-mittelmark")
    foreign = f.service(other, name="Fremd")
    assert client.get(url("en", f"offers/{foreign.pk}/")).status_code == 404
    hidden = f.service(district, name="Versteckt", state=State.HIDDEN)
    assert client.get(url("en", f"offers/{hidden.pk}/")).status_code == 404


def _proposal(district, **extra):
    schwedt = f.gemeinde(district, "Schwedt/Oder")
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    return {
        "title": "Nähcafé für Frauen",
        "description": "Gemeinsam nähen und reden.",
        "organiser": "Nachbarschaftshilfe Schwedt",
        "start_date": day,
        "start_time": "15:00",
        "end_time": "17:00",
        "attending_type": "in_person",
        "place_name": "Bürgerhaus",
        "address": "Lindenallee 1",
        "gemeinde": schwedt.code,
        "languages": ["ar", "de"],
        "submitter_email": "resident@example.org",
        "consent": "on",
        "homepage": "",
        **extra,
    }


def _stamp(client, district):
    page = client.get(url("ar", "propose/event/")).content.decode()
    return re.search(r'name="stamp" value="([^"]+)"', page).group(1)


def test_proposal_double_opt_in_moderation_and_ical(district, django_capture_on_commit_callbacks):
    client = Client()
    stamp = _stamp(client, district)
    with (
        time_machine.travel(timezone.now() + timedelta(seconds=5)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(url("ar", "propose/event/"), _proposal(district, stamp=stamp))
    assert response.status_code == 302
    link = re.search(r"https?://\S+/submission/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    client.post(path, {"action": "confirm"})
    item = Submission.objects.get()
    assert item.state == Submission.State.PENDING and item.language == "ar"
    # Nothing is public before a moderator approves.
    assert not Event.objects.filter(title="Nähcafé für Frauen").exists()
    moderator = f.officer_access(district, Role.MODERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(
            access=moderator,
            submission=item,
            link_base="https://example.org/public/ar/uckermark/directory/",
        )
    assert mail.outbox[-1].to == ["resident@example.org"]
    event = Event.objects.get(title="Nähcafé für Frauen")
    assert event.state == State.PUBLISHED and event.location.gemeinde.name.startswith("Schwedt")
    feed = client.get(url("ar", "calendar.ics"))
    assert feed["Content-Type"].startswith("text/calendar")
    summaries = [str(c.get("summary")) for c in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert "Nähcafé für Frauen" in summaries


def test_rejection_reason_is_mailed(district, django_capture_on_commit_callbacks):
    from teilhabe.directory.services.community import (
        submission_confirm,
        submission_create,
        submission_reject,
    )

    item, _token = submission_create(
        district=district,
        kind="event",
        data={"title": "Werbung"},
        name="",
        email="x@example.org",
        language="de",
        link_base="https://example.org/",
    )
    submission_confirm(submission=item)
    moderator = f.officer_access(district, Role.MODERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        submission_reject(
            access=moderator, submission=item, reason="Kommerzielle Werbung ist nicht erlaubt."
        )
    assert "Kommerzielle Werbung ist nicht erlaubt." in mail.outbox[-1].body


def test_verified_organisation_publishes_directly_for_review_afterwards(district):
    from teilhabe.directory.services.community import submission_confirm, submission_create

    f.organisation(
        district, name="Beratung", verified=True, verified_emails="team@beratung.example"
    )
    item, _ = submission_create(
        district=district,
        kind="service",
        data={"title": "Sprechstunde", "description": "Montags"},
        name="",
        email="Team@Beratung.example",
        language="de",
        link_base="https://example.org/",
    )
    submission_confirm(submission=item)
    item.refresh_from_db()
    assert item.state == Submission.State.PUBLISHED_UNREVIEWED
    assert (
        Organisation.objects.get(name="Beratung").services.get(name="Sprechstunde").state
        == State.PUBLISHED
    )


def test_honeypot_and_too_fast_forms_are_refused(client, district):
    stamp = _stamp(client, district)
    fast = client.post(url("en", "propose/event/"), _proposal(district, stamp=stamp))
    assert fast.status_code == 200 and "very fast" in fast.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        bot = client.post(
            url("en", "propose/event/"), _proposal(district, stamp=stamp, homepage="http://spam")
        )
    assert "automated" in bot.content.decode()
    assert not Submission.objects.exists()


def test_report_button_and_rate_limit(client, district):
    offer = f.service(district, name="Kurs")
    page = client.get(url("en", f"offers/{offer.pk}/")).content.decode()
    assert f"report/service/{offer.pk}/" in page
    stamp = re.search(
        r'name="stamp" value="([^"]+)"',
        client.get(url("en", f"report/service/{offer.pk}/")).content.decode(),
    ).group(1)
    statuses = []
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        for _ in range(11):
            statuses.append(
                client.post(
                    url("en", f"report/service/{offer.pk}/"), {"reason": "outdated", "stamp": stamp}
                ).status_code
            )
    assert statuses[:10] == [200] * 10 and statuses[10] == 429
    assert Report.objects.filter(target_id=offer.pk).count() == 10


def test_public_forms_set_no_cookies(client, district):
    for path in ("", "propose/event/", "calendar/"):
        response = client.get(url("en", path))
        assert not response.cookies, path


def test_printable_guide_is_a_pdf(client, district):
    schwedt = f.gemeinde(district, "Schwedt/Oder")
    response = client.get(url("ar", f"guide/{schwedt.code}.pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
