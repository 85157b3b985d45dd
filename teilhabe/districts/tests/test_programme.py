import pytest
from django.test import Client

from teilhabe.core.testing import make_district, make_user
from teilhabe.districts.services import programme_create, programme_member_grant

pytestmark = pytest.mark.django_db


def test_programme_office_sees_official_figures_of_its_districts_only():
    a = make_district("12073")
    b = make_district("12069")
    c = make_district("15085")
    programme = programme_create(
        actor=None, slug="lzz", name="Land.Zuhause.Zukunft", districts=[a, b]
    )
    user = make_user("programm")
    programme_member_grant(actor=None, programme=programme, user=user)
    client = Client()
    client.force_login(user)
    html = client.get("/programme/lzz/").content.decode()
    assert "Landkreis Uckermark" in html and "Landkreis Potsdam-Mittelmark" in html
    assert "Landkreis Harz" not in html
    assert client.get("/").status_code == 302  # straight to the programme page
    assert client.get(f"/d/{a.slug}/").status_code == 404
    assert client.get(f"/d/{c.slug}/").status_code == 404
