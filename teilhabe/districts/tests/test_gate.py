"""The district gate and the district switcher share one read of the user's memberships
per request; both stay exactly as strict as reading them separately."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext

from teilhabe.core.testing import make_district, make_member
from teilhabe.districts.models import Membership
from teilhabe.districts.roles import Role
from teilhabe.districts.selectors import (
    district_access_for_user,
    districts_for_user,
    memberships_of_user,
    programmes_for_user,
    switcher_for_user,
)
from teilhabe.districts.services import programme_create, programme_member_grant

pytestmark = pytest.mark.django_db


def _same_gate(user, slug):
    """The gate from the shared memberships, or Http404, equals the gate's own query."""
    results: list[object] = []
    for memberships in (None, memberships_of_user(user=user)):
        try:
            access = district_access_for_user(user=user, slug=slug, memberships=memberships)
        except Http404:
            results.append(None)
        else:
            results.append((access.district.pk, access.roles, access.office_ids))
    assert results[0] == results[1]
    return results[0]


def test_shared_memberships_give_the_same_gate_and_switcher():
    a = make_district("12073")  # Uckermark
    b = make_district("12069")  # Potsdam-Mittelmark
    c = make_district("15085")  # Harz
    user = make_member(a, Role.INTEGRATION_OFFICER, "jana")
    Membership.objects.create(user=user, district=b, role=Role.ANALYST)
    gone = Membership.objects.create(user=user, district=c, role=Role.INTEGRATION_OFFICER)
    programme = programme_create(actor=None, slug="lzz", name="Land.Zuhause.Zukunft", districts=[a])
    programme_member_grant(actor=None, programme=programme, user=user)
    other = make_member(c, Role.INTEGRATION_OFFICER, "kai")

    def switcher():
        found = switcher_for_user(memberships=memberships_of_user(user=user))
        assert found == (list(districts_for_user(user=user)), list(programmes_for_user(user=user)))
        return [d.slug for d in found[0]], [p.slug for p in found[1]]

    by_name = sorted([a, b, c], key=lambda d: d.name)
    assert switcher() == ([d.slug for d in by_name], ["lzz"])
    assert _same_gate(user, a.slug)[1] == frozenset({Role.INTEGRATION_OFFICER})
    assert _same_gate(user, c.slug) is not None
    gone.is_active = False  # removed from Harz
    gone.save()
    assert _same_gate(user, c.slug) is None
    assert c.slug not in switcher()[0]
    b.is_active = False  # a district switched off
    b.save()
    assert _same_gate(user, b.slug) is None
    assert b.slug not in switcher()[0]
    assert _same_gate(user, "no-such-district") is None
    # Another user's memberships never open a district.
    with pytest.raises(Http404):
        district_access_for_user(
            user=other, slug=a.slug, memberships=memberships_of_user(user=user)
        )
    user.is_active = False  # a locked account
    user.save()
    assert _same_gate(user, a.slug) is None
    assert switcher() == ([], [])


def test_a_district_page_reads_the_memberships_once_and_changes_count_next_request():
    a = make_district("12073")
    b = make_district("12069")
    user = make_member(a, Role.INTEGRATION_OFFICER, "lena")
    second = Membership.objects.create(user=user, district=b, role=Role.INTEGRATION_OFFICER)
    client = Client()
    client.force_login(user)
    url = f"/d/{a.slug}/"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    reads = [q for q in ctx.captured_queries if 'FROM "districts_membership"' in q["sql"]]
    # One read of the memberships for gate and switcher (the other is the EXISTS of the
    # two-factor rule).
    assert len([q for q in reads if "EXISTS" not in q["sql"]]) == 1
    assert f'href="/d/{b.slug}/"' in html  # the switcher lists both districts
    second.is_active = False
    second.save()
    assert f'href="/d/{b.slug}/"' not in client.get(url).content.decode()
    assert client.get(url + "members/").status_code == 200
    Membership.objects.filter(user=user, district=a).update(role=Role.ANALYST)
    assert client.get(url + "members/").status_code == 403  # the new role counts at once
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=user, district=a).update(is_active=False)
    assert client.get(url).status_code == 404
