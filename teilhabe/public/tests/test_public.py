import pytest
from django.test import Client

from teilhabe.core.testing import make_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def uckermark():
    return make_district("12073", slug="uckermark")


@pytest.mark.parametrize(
    ("lang", "direction"),
    [("ar", "rtl"), ("fa", "rtl"), ("prs", "rtl"), ("uk", "ltr"), ("de", "ltr"), ("tr", "ltr")],
)
def test_public_pages_set_language_and_direction(uckermark, lang, direction):
    response = Client().get(f"/public/{lang}/uckermark/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert response["Content-Language"] == lang
    # Every language is offered, each named in its own script and direction.
    assert 'hreflang="ar" dir="rtl"' in html and 'hreflang="de" dir="ltr"' in html
    assert f'href="/public/{lang}/uckermark/" lang="{lang}"' in html
    assert "Landkreis Uckermark" in html
    assert "© GeoBasis-DE / BKG 2021 (Daten verändert)" in html


def test_unknown_language_and_district_are_404(uckermark):
    assert Client().get("/public/xx/uckermark/").status_code == 404
    assert Client().get("/public/de/atlantis/").status_code == 404


def test_public_root_follows_the_browser_language(uckermark):
    response = Client().get("/public/", HTTP_ACCEPT_LANGUAGE="uk,en;q=0.5")
    assert response.status_code == 302 and response["Location"] == "/public/uk/"
    response = Client().get("/public/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response["Location"] == "/public/de/"


def test_inactive_districts_are_not_public(uckermark):
    uckermark.is_active = False
    uckermark.save()
    assert Client().get("/public/de/uckermark/").status_code == 404
    assert "Uckermark" not in Client().get("/public/de/").content.decode()


def test_staff_pages_speak_only_german_and_english():
    assert Client(HTTP_ACCEPT_LANGUAGE="ar").get("/account/login/")["Content-Language"] == "de"
    assert (
        Client(HTTP_ACCEPT_LANGUAGE="en-GB,de;q=0.3").get("/account/login/")["Content-Language"]
        == "en"
    )


def test_module_pages_are_linked_from_the_public_district_page(uckermark, monkeypatch):
    from teilhabe.core import navigation

    monkeypatch.setattr(navigation, "_public_registry", {})
    page = Client().get("/public/ar/uckermark/").content.decode()
    assert "services-heading" not in page  # no module has a public page: no empty section
    navigation.register_public(
        navigation.PublicNavItem(
            key="home", label="Die Startseite", url_name="public:district", description="Hier"
        )
    )
    page = Client().get("/public/ar/uckermark/").content.decode()
    assert 'id="services-heading"' in page and "اعثر على المساعدة وشارك" in page
    assert '<a href="/public/ar/uckermark/">Die Startseite</a>' in page
    assert '<p class="muted">Hier</p>' in page
