"""Tenant isolation and deny-by-default, for every URL pattern and every role.

The walk enumerates every pattern registered in the URL configuration (admin
included). For each one it builds an address pointing at district B's objects and
requests it (GET and POST) as every role of district A, as the programme office and
anonymously. Nothing of B may be shown or changed: the answer is a redirect to a
sign-in page, 403, 404 or 405, and B's data stay as they were. The same patterns
filled with A's objects must answer 200 exactly for the roles whose capabilities
allow it, and never contain B's sentinel text. Anonymous visitors reach only the
public allowlist below.

A new URL pattern with an argument the walk cannot fill fails the test. Modules plug
in with a ``teilhabe/<app>/tests/isolation.py`` that defines:

* ``PUBLIC_VIEWS``: names of views anonymous visitors may open (joins the allowlist);
* ``OBJECT_ARGUMENTS``: URL arguments that name an object of a district;
* ``url_values(world) -> {"a": {...}, "b": {...}}``: creates objects in districts A and B
  (put ``SENTINEL`` into B's names) and returns the URL argument values for each.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from teilhabe.accounts.models import User
from teilhabe.audit.models import AuditEntry
from teilhabe.audit.services import audit_record
from teilhabe.core.testing import SENTINEL, IsolationWorld, make_district, make_member, make_user
from teilhabe.districts.models import District, Membership, Office
from teilhabe.districts.roles import DISTRICT_ROLES, Role, capabilities_of
from teilhabe.districts.selectors import district_access_for_user
from teilhabe.districts.services import (
    office_create,
    programme_create,
    programme_member_grant,
)
from teilhabe.jobs.models import Job

pytestmark = pytest.mark.django_db


def plugins() -> list[ModuleType]:
    """The isolation modules of every Teilhabe app that has one."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("teilhabe."):
            continue
        name = f"{config.name}.tests.isolation"
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name not in {name, f"{config.name}.tests"}:
                raise
    return found


#: View names anonymous visitors may open. Adding a public view means adding it here
#: (or to the PUBLIC_VIEWS of the module's isolation plugin).
FOUNDATION_PUBLIC_VIEWS = {
    "accounts:login",
    "accounts:login_verify",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "core:language_set",
    "core:healthz",
    "public:root",
    "public:index",
    "public:district",
    "admin:login",
}
PUBLIC_ALLOWLIST = FOUNDATION_PUBLIC_VIEWS.union(
    *(getattr(p, "PUBLIC_VIEWS", set()) for p in plugins())
)
OBJECT_ARGUMENTS = {
    "district",
    "office_id",
    "membership_id",
    "job_id",
    "programme",
    "object_id",
}.union(*(getattr(p, "OBJECT_ARGUMENTS", set()) for p in plugins()))


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str
    callback: Any
    arguments: tuple[str, ...]


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Pattern]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            space = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else entry.namespace or namespace
            )
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            arguments = tuple(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))
            flat = tuple(a or b for a, b in arguments)
            yield Pattern(route, name, entry.callback, flat)


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver().url_patterns))


def build_path(route: str, values: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        key = match.group(1) or match.group(2)
        return values[key]

    path = re.sub(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", replace, route)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path.lstrip("/")


@pytest.fixture
def world() -> IsolationWorld:
    a = make_district("12073", slug="uckermark")
    b = make_district("12069", slug="potsdam-mittelmark")
    users = {role: make_member(a, role, username=f"a-{role}") for role in DISTRICT_ROLES}
    b_admin = make_member(b, Role.DISTRICT_ADMIN, username=f"{SENTINEL.lower()}-admin")
    b_access = district_access_for_user(user=b_admin, slug=b.slug)
    b_office = office_create(access=b_access, name=f"{SENTINEL} Beratungsstelle", kind="partner")
    make_member(b, Role.INTEGRATION_OFFICER, username=f"{SENTINEL.lower()}-officer")
    b_membership = Membership.objects.filter(district=b).exclude(user=b_admin).first()
    b_job = Job.objects.create(owner=b_admin, district=b, kind="test", title=f"{SENTINEL} job")
    audit_record(actor=b_admin, action="test.sentinel", district_id=b.pk, obj=b_office)
    a_admin = users[Role.DISTRICT_ADMIN]
    a_office = Office.objects.filter(district=a).first()
    a_membership = Membership.objects.filter(district=a, user=users[Role.ANALYST]).first()
    a_job = Job.objects.create(owner=a_admin, district=a, kind="test", title="A job")
    # A programme the programme office belongs to (A only) and one it does not (B).
    mine = programme_create(actor=None, slug="programme-a", name="Programme A", districts=[a])
    programme_create(actor=None, slug="programme-b", name=f"{SENTINEL} programme", districts=[b])
    programme_user = make_user("programme-office")
    programme_member_grant(actor=None, programme=mine, user=programme_user)
    world = IsolationWorld(
        a,
        b,
        users,
        programme_user,
        b_office,
        b_membership,
        b_job,
        a_office,
        a_membership,
        a_job,
        b_admin,
    )
    # Each module's plugin creates its objects in A and B and names their URL values.
    for plugin in plugins():
        url_values = getattr(plugin, "url_values", None)
        if url_values is not None:
            values = url_values(world)
            world.extra["a"].update(values["a"])
            world.extra["b"].update(values["b"])
    return world


def fill_for(world: IsolationWorld, target: str) -> dict[str, str]:
    """Values for every URL argument, pointing at district ``target`` ("a" or "b")."""
    district = world.a if target == "a" else world.b
    office = world.a_office if target == "a" else world.b_office
    membership = world.a_membership if target == "a" else world.b_membership
    job = world.a_job if target == "a" else world.b_job
    return {
        "district": district.slug,
        "office_id": str(office.pk),
        "membership_id": str(membership.pk),
        "job_id": str(job.pk),
        "programme": "programme-a" if target == "a" else "programme-b",
        "lang": "ar",
        "uidb64": urlsafe_base64_encode(force_bytes(world.b_admin.pk)),
        "token": "set-password",
        # Admin site arguments: B's district in the districts app.
        "app_label": "districts",
        "object_id": str(district.pk),
        "content_type_id": "1",
        "url": "districts/district/",
        # Views of third-party admin pages (e.g. django-otp's QR code of a device).
        "pk": str(world.b_admin.pk),
        "id": str(world.b_admin.pk),
        **world.extra[target],
    }


def b_state(world: IsolationWorld) -> tuple[Any, ...]:
    b = District.objects.get(pk=world.b.pk)
    return (
        b.name,
        b.require_two_factor,
        tuple(
            Office.objects.filter(district=b)
            .order_by("pk")
            .values_list("name", "kind", "is_active")
        ),
        tuple(
            Membership.objects.filter(district=b)
            .order_by("pk")
            .values_list("user_id", "role", "is_active")
        ),
        Job.objects.filter(district=b).count(),
        AuditEntry.objects.filter(district_id=b.pk).count(),
    )


DENIED = {302, 403, 404, 405}


def _denied(response: Any) -> bool:
    if response.status_code not in DENIED:
        return False
    if response.status_code == 302:
        location = response["Location"]
        return "login" in location
    return True


def _client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_pattern_has_values(world: IsolationWorld) -> None:
    values = fill_for(world, "b")
    missing = {arg for pattern in all_patterns() for arg in pattern.arguments if arg not in values}
    assert not missing, f"add values for these URL arguments to fill_for(): {missing}"


def test_nothing_of_district_b_is_reachable_from_district_a(world: IsolationWorld) -> None:
    before = b_state(world)
    people = {**world.users, "programme_office": world.programme_user}
    failures = []
    b_values = fill_for(world, "b")
    # The second variant is the classic IDOR: one's own district in the address, the
    # identifier of another district's object behind it.
    mixed = {**b_values, "district": world.a.slug}
    object_arguments = OBJECT_ARGUMENTS
    for pattern in all_patterns():
        if pattern.name in PUBLIC_ALLOWLIST:
            continue
        paths = {build_path(pattern.route, b_values), build_path(pattern.route, mixed)}
        if set(pattern.arguments) & set(object_arguments) == {"district"}:
            paths.discard(build_path(pattern.route, mixed))  # that is simply A's own page
        targets_b = bool(set(pattern.arguments) & set(object_arguments))
        for path in sorted(paths):
            for role, user in people.items():
                client = _client_for(user)
                for method in ("get", "post"):
                    response = getattr(client, method)(path)
                    content = (
                        response.content.decode(errors="replace")
                        if hasattr(response, "content")
                        else ""
                    )
                    if targets_b and not _denied(response):
                        failures.append(f"{role} {method.upper()} {path} → {response.status_code}")
                    elif SENTINEL in content:
                        failures.append(f"{role} {method.upper()} {path} shows {SENTINEL}")
    assert not failures, "\n".join(failures)
    assert b_state(world) == before


def test_own_district_pages_follow_the_role_table(world: IsolationWorld) -> None:
    """Each district page answers 200 to the roles whose capabilities include the view's
    capability and 403 to the others; no page shows anything of district B."""
    a_values = fill_for(world, "a")
    checked = 0
    failures = []
    for pattern in all_patterns():
        capability = getattr(pattern.callback, "required_capability", None)
        if capability is None:
            continue
        path = build_path(pattern.route, a_values)
        for role, user in world.users.items():
            response = _client_for(user).get(path)
            allowed = capability in capabilities_of({role})
            post_only = response.status_code == 405
            expected = {405} if post_only else ({200} if allowed else {403})
            if response.status_code not in expected:
                failures.append(f"{role} GET {path} → {response.status_code}, expected {expected}")
            if SENTINEL in response.content.decode(errors="replace"):
                failures.append(f"{role} GET {path} shows {SENTINEL}")
            checked += 1
    assert checked >= 50
    assert not failures, "\n".join(failures)


def test_anonymous_visitors_reach_only_the_public_allowlist(world: IsolationWorld) -> None:
    client = Client()
    values = fill_for(world, "a")
    values["uidb64"] = "MQ"
    reachable = set()
    for pattern in all_patterns():
        path = build_path(pattern.route, values)
        response = client.get(path)
        if response.status_code == 200:
            reachable.add(pattern.name)
        elif response.status_code == 302:
            assert "login" in response["Location"] or pattern.name in PUBLIC_ALLOWLIST, path
        else:
            assert response.status_code in {404, 405}, (path, response.status_code)
    assert reachable <= PUBLIC_ALLOWLIST
    # The allowlist holds no stale names: every entry is still a real view.
    names = {p.name for p in all_patterns()}
    assert names >= PUBLIC_ALLOWLIST


def test_job_of_another_user_in_the_same_district_is_hidden(world: IsolationWorld) -> None:
    officer = world.users[Role.INTEGRATION_OFFICER]
    client = _client_for(officer)
    assert client.get(f"/jobs/{world.a_job.pk}/").status_code == 404
    assert client.get(f"/jobs/{world.a_job.pk}/download/").status_code == 404


def test_revoked_role_takes_effect_at_once(world: IsolationWorld) -> None:
    admin = world.users[Role.DISTRICT_ADMIN]
    client = _client_for(admin)
    assert client.get(f"/d/{world.a.slug}/settings/").status_code == 200
    Membership.objects.filter(user=admin, district=world.a).update(is_active=False)
    assert client.get(f"/d/{world.a.slug}/settings/").status_code == 404
    assert client.get(f"/d/{world.a.slug}/").status_code == 404


def test_exports_of_district_a_hold_nothing_of_district_b(
    world: IsolationWorld, django_capture_on_commit_callbacks
) -> None:
    admin = world.users[Role.DISTRICT_ADMIN]
    client = _client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/d/{world.a.slug}/audit/export/")
    download = client.get(response["Location"] + "download/")
    body = download.getvalue().decode("utf-8-sig")
    assert "membership.grant" in body  # A's own entries are there
    assert SENTINEL not in body and SENTINEL.lower() not in body
