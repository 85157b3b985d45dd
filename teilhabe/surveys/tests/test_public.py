"""The respondent's side: answering page by page without JavaScript, in Arabic, with
skip logic on the server, save and resume, consent, access codes, anonymity and
submissions that are stored exactly once."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from teilhabe.core.testing import make_district
from teilhabe.surveys import services
from teilhabe.surveys.models import AccessCode, Response, ResponseDraft, Survey
from teilhabe.surveys.tests.factories import make_survey, officer_access, simple_definition

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey() -> Survey:
    return make_survey(definition=simple_definition(), title="Kurzumfrage")


def start(client: Client, survey: Survey, lang: str = "ar", **extra) -> str:
    url = f"/public/{lang}/{survey.district.slug}/surveys/{survey.slug}/"
    response = client.post(url, {"consent": "yes", **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_arabic_respondent_answers_with_skip_logic_and_the_response_is_stored_once(survey):
    client = Client()
    page = client.get(f"/public/ar/{survey.district.slug}/surveys/{survey.slug}/")
    html = page.content.decode()
    assert 'dir="rtl"' in html and "استبيان قصير" in html
    assert "<script" not in html  # answer pages need no JavaScript
    location = start(client, survey)
    first = client.get(location).content.decode()
    assert "هل لديك أطفال (Kinder)؟" in first  # mixed-script label, page stays right to left
    assert re.search(r'<div class="answer" lang="ar" dir="rtl">', first)
    # Missing required answers: the page comes back with the questionnaire's messages.
    response = client.post(location, {"shown": "kids,age", "action": "next", "age": "12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "من 16 إلى 109" in html and 'aria-invalid="true"' in html
    # "No children": the children's page is skipped on the server.
    response = client.post(
        location, {"shown": "kids,age", "action": "next", "kids": "no", "age": "34"}
    )
    assert response.status_code == 302
    third = client.get(response["Location"]).content.decode()
    assert "في الختام" in third and "كم؟" not in third
    final = client.post(
        location,
        {"shown": "langs,comment", "action": "next", "langs": ["ar", "de"], "comment": "شكرا lots"},
    )
    assert final.status_code == 302 and final["Location"].endswith("/done/")
    stored = Response.objects.get(survey=survey)
    assert stored.answers == {
        "kids": "no",
        "age": 34,
        "langs": ["ar", "de"],
        "comment": "شكرا lots",
        "adult": "yes",
    }
    assert stored.language == "ar"
    # A resend of the last page, a double click, or going back: still one response.
    again = client.post(location, {"shown": "langs,comment", "action": "next", "langs": ["en"]})
    assert again.status_code == 302 and again["Location"].endswith("/done/")
    assert Response.objects.filter(survey=survey).count() == 1
    done = client.get(final["Location"]).content.decode()
    assert "شكرًا!" in done


def test_answers_on_a_page_can_open_further_questions_on_the_same_page(survey):
    client = Client()
    location = start(client, survey, lang="de")
    client.post(location, {"shown": "kids,age", "action": "next", "kids": "yes", "age": "40"})
    page = client.get(location).content.decode()
    assert "Wie viele?" in page and "Kita-Platz?" not in page
    response = client.post(location, {"shown": "n_kids", "action": "next", "n_kids": "2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Kita-Platz?" in html
        and "Ihre Antwort hat auf dieser Seite weitere Fragen geöffnet." in html
    )


def test_consent_is_required_and_anonymous_responses_keep_only_the_day(survey):
    client = Client()
    url = f"/public/de/{survey.district.slug}/surveys/{survey.slug}/"
    refused = client.post(url, {})
    assert refused.status_code == 200 and ResponseDraft.objects.count() == 0
    assert "id_consent" in refused.content.decode()
    location = start(client, survey, lang="de")
    client.post(
        location,
        {"shown": "kids,age", "action": "next", "kids": "no", "age": "20"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Agent/1.0",
    )
    client.post(location, {"shown": "langs,comment", "action": "next"})
    stored = Response.objects.get(survey=survey)
    assert stored.submitted_at is None and stored.entered_by is None
    values = " ".join(str(v) for v in Response.objects.values().first().values())
    assert "203.0.113.9" not in values and "Agent/1.0" not in values
    # No cookie is needed or set on the respondent's pages.
    assert not client.cookies


def test_save_and_resume_by_the_private_link(survey):
    client = Client()
    location = start(client, survey, lang="de")
    saved = client.post(location, {"shown": "kids,age", "action": "save", "kids": "yes"})
    assert saved.status_code == 302 and saved["Location"].endswith("/saved/")
    page = client.get(saved["Location"]).content.decode()
    assert location in page
    other_device = Client()
    resumed = other_device.get(location).content.decode()
    assert 'value="yes" checked' in resumed
    assert (
        Client().get(location.replace(location.split("/")[-2], "not-the-token")).status_code == 404
    )


def test_language_switch_on_every_page_keeps_the_answers(survey):
    client = Client()
    location = start(client, survey, lang="de")
    page = client.get(location).content.decode()
    assert "?fl=ar" in page and 'hreflang="ar"' in page
    arabic = client.get(location.replace("/public/de/", "/public/ar/")).content.decode()
    assert "هل لديك أطفال (Kinder)؟" in arabic
    assert ResponseDraft.objects.get().language == "ar"


def test_access_codes_allow_one_response_each(survey):
    access = officer_access(survey.district)
    services.survey_update(access=access, survey=survey, changes={"access": "codes"})
    (code,) = services.access_codes_create(access=access, survey=survey, count=1)
    client = Client()
    url = f"/public/de/{survey.district.slug}/surveys/{survey.slug}/"
    wrong = client.post(url, {"consent": "yes", "code": "WRONG-CODE"})
    assert "code-error" in wrong.content.decode() and not ResponseDraft.objects.exists()
    location = start(client, survey, lang="de", code=code.code.lower().replace("-", " "))
    client.post(location, {"shown": "kids,age", "action": "next", "kids": "no", "age": "20"})
    client.post(location, {"shown": "langs,comment", "action": "next"})
    assert AccessCode.objects.get(pk=code.pk).used
    assert ResponseDraft.objects.get().access_code is None  # the code is not linked to the answers
    again = client.post(url, {"consent": "yes", "code": code.code})
    assert again.status_code == 200 and "schon verwendet" in again.content.decode()


def test_closed_and_unpublished_surveys_take_no_answers():
    district = make_district("12073", slug="uckermark")
    draft = make_survey(district, definition=simple_definition(), publish=False, title="Entwurf")
    assert Client().get(f"/public/de/{district.slug}/surveys/{draft.slug}/").status_code == 404
    survey = make_survey(district, definition=simple_definition(), title="Geschlossen")
    survey.waves.update(
        closes_on=services.today().replace(year=2000), opens_on=services.today().replace(year=1999)
    )
    page = Client().get(f"/public/de/{district.slug}/surveys/{survey.slug}/").content.decode()
    assert "not taking answers" in page or "nimmt" in page or 'role="status"' in page
    assert (
        Client()
        .post(f"/public/de/{district.slug}/surveys/{survey.slug}/", {"consent": "yes"})
        .status_code
        == 200
    )
    assert ResponseDraft.objects.filter(survey=survey).count() == 0


def test_public_district_page_links_current_surveys(survey):
    page = Client().get(f"/public/tr/{survey.district.slug}/").content.decode()
    assert f"/public/tr/{survey.district.slug}/surveys/" in page
    index = Client().get(f"/public/tr/{survey.district.slug}/surveys/").content.decode()
    assert survey.slug in index


def test_a_survey_of_another_district_is_not_reachable_through_this_district(survey):
    other = make_district("12069", slug="potsdam-mittelmark")
    assert Client().get(f"/public/de/{other.slug}/surveys/{survey.slug}/").status_code == 404


def test_the_code_from_a_letters_qr_code_is_filled_in(survey):
    access = officer_access(survey.district)
    services.survey_update(access=access, survey=survey, changes={"access": "codes"})
    page = (
        Client()
        .get(f"/public/de/{survey.district.slug}/surveys/{survey.slug}/?code=ABCD-EFGH")
        .content.decode()
    )
    assert 'value="ABCD-EFGH"' in page


def test_the_last_page_is_read_and_stored_in_few_queries(survey, django_assert_max_num_queries):
    from django.db import connection

    client = Client()
    location = start(client, survey, lang="de")
    client.post(location, {"shown": "kids,age", "action": "next", "kids": "no", "age": "20"})
    client.get(location)  # the questionnaire is parsed once per process, here at the latest
    # PostgreSQL: the gate's query and one statement that stores everything; SQLite: the
    # gate's query and a transaction (savepoint, insert, draft, release).
    with django_assert_max_num_queries(2 if connection.vendor == "postgresql" else 6):
        final = client.post(location, {"shown": "langs,comment", "action": "next"})
    assert final["Location"].endswith("/done/")
    stored = Response.objects.get(survey=survey)
    assert stored.answers == {"kids": "no", "age": 20, "adult": "yes"}
    assert stored.wave == survey.waves.get() and stored.version.frozen
    draft = ResponseDraft.objects.get()
    assert draft.completed and draft.response == stored and draft.answers == {}


def test_the_gate_refuses_drafts_of_closed_off_surveys_and_districts(survey):
    client = Client()
    location = start(client, survey, lang="de")
    assert client.get(location).status_code == 200
    wrong_survey = location.replace(f"/surveys/{survey.slug}/", "/surveys/andere/")
    assert client.get(wrong_survey).status_code == 404
    Survey.objects.filter(pk=survey.pk).update(published_version=None)
    assert client.get(location).status_code == 404
    Survey.objects.filter(pk=survey.pk).update(published_version=survey.published_version)
    survey.district.is_active = False
    survey.district.save()
    assert client.get(location).status_code == 404
    survey.district.is_active = True
    survey.district.save()
    ResponseDraft.objects.update(updated_on=services.today().replace(year=2000))
    assert client.get(location).status_code == 404  # expired


def test_a_closed_wave_stops_answers_on_the_last_page(survey):
    client = Client()
    location = start(client, survey, lang="de")
    client.post(location, {"shown": "kids,age", "action": "next", "kids": "no", "age": "20"})
    survey.waves.update(
        closes_on=services.today().replace(year=2000), opens_on=services.today().replace(year=1999)
    )
    page = client.post(location, {"shown": "langs,comment", "action": "next"})
    assert page.status_code == 200 and not Response.objects.exists()


def test_an_access_code_used_by_another_draft_meanwhile_is_refused(survey):
    access = officer_access(survey.district)
    services.survey_update(access=access, survey=survey, changes={"access": "codes"})
    (code,) = services.access_codes_create(access=access, survey=survey, count=1)
    # Two people start with the same letter before either has finished.
    first, _t1 = services.draft_start(survey=survey, language="de", code=code.code)
    second, _t2 = services.draft_start(survey=survey, language="de", code=code.code)
    answers = {"kids": "no", "age": 30}
    stored = services.response_submit(draft=first, answers=answers)
    with pytest.raises(services.CodeRefusedError):
        services.response_submit(draft=second, answers=answers)
    assert list(Response.objects.values_list("pk", flat=True)) == [stored.pk]
    assert not ResponseDraft.objects.get(pk=second.pk).completed
    # The first one's resend still gets its response.
    assert services.response_submit(draft=first, answers=answers).pk == stored.pk


def test_open_surveys_limit_starts_per_address_but_never_pages_or_resends(survey, settings):
    from django.core.cache import cache

    cache.clear()
    settings.TEILHABE_SURVEYS_STARTS_PER_ADDRESS = 2
    url = f"/public/de/{survey.district.slug}/surveys/{survey.slug}/"
    client = Client(REMOTE_ADDR="198.51.100.7")
    location = start(client, survey, lang="de")
    start(client, survey, lang="de")
    refused = client.post(url, {"consent": "yes"})
    assert refused.status_code == 200 and "Verbindung" in refused.content.decode()
    assert ResponseDraft.objects.count() == 2
    # Another address may start; the pages and the resent last page still work.
    start(Client(REMOTE_ADDR="198.51.100.8"), survey, lang="de")
    client.post(location, {"shown": "kids,age", "action": "next", "kids": "no", "age": "20"})
    for _ in range(2):
        final = client.post(location, {"shown": "langs,comment", "action": "next"})
        assert final["Location"].endswith("/done/")
    assert Response.objects.count() == 1
    # Nothing about the address is stored in the database.
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("surveys_response", "surveys_responsedraft"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            assert "198.51.100" not in str(cursor.fetchall())


def test_a_filled_honeypot_starts_nothing(survey):
    url = f"/public/de/{survey.district.slug}/surveys/{survey.slug}/"
    page = Client().get(url).content.decode()
    assert 'name="website"' in page and 'aria-hidden="true"' in page
    refused = Client().post(url, {"consent": "yes", "website": "http://spam.example"})
    assert refused.status_code == 200 and not ResponseDraft.objects.exists()
