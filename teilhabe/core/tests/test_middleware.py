import pytest
from django.test import Client

from teilhabe.core.testing import make_district, make_member
from teilhabe.districts.roles import Role

pytestmark = pytest.mark.django_db


def test_htmx_requests_after_the_session_ended_reload_the_sign_in_page():
    response = Client().get("/d/uckermark/gemeinden/", {"q": "x"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/account/login/?next=")


def test_htmx_fragment_requests_that_succeed_are_untouched():
    district = make_district("12073", slug="uckermark")
    client = Client()
    client.force_login(make_member(district, Role.ANALYST))
    response = client.get("/d/uckermark/gemeinden/", {"q": "Templin"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Templin" in response.content.decode()
