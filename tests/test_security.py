"""Headers, CSRF and escaping that every page gets."""

import pytest
from django.test import Client

from teilhabe.core.testing import make_district, make_member
from teilhabe.districts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    district = make_district("12073", slug="uckermark")
    admin = make_member(district, Role.DISTRICT_ADMIN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "path", ["/account/login/", "/public/de/", "/public/ar/uckermark/", "/d/uckermark/"]
)
def test_security_headers_on_every_kind_of_page(admin_client, path):
    client = Client() if path.startswith("/account/login") else admin_client
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts_or_styles(admin_client):
    for path in ["/d/uckermark/", "/d/uckermark/gemeinden/", "/account/", "/public/fa/uckermark/"]:
        html = admin_client.get(path).content.decode()
        assert "style=" not in html, path
        assert "<style" not in html, path
        for chunk in html.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            assert "src=" in head or 'type="application/json"' in head, (path, head)
        assert "https://" not in html.split("<body", 1)[0], path  # no third-party assets


@pytest.mark.parametrize(
    "path",
    [
        "/d/uckermark/settings/",
        "/d/uckermark/offices/new/",
        "/d/uckermark/members/new/",
        "/d/uckermark/audit/export/",
        "/account/",
        "/account/logout/",
        "/language/",
    ],
)
def test_posts_without_csrf_token_are_refused(admin_client, path):
    assert admin_client.post(path, {"name": "x"}).status_code == 403


def test_user_text_is_escaped(admin_client):
    district = make_district("12073")
    district.offices.create(name='<script>alert("x")</script>\u202eevil', kind="partner")
    html = admin_client.get("/d/uckermark/offices/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_health_check_is_public_and_cheap():
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
