"""Factories and helpers for tests of every module (import in tests only)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from teilhabe.accounts.models import User
from teilhabe.areas.models import Area
from teilhabe.districts.models import District, Membership, Office
from teilhabe.districts.roles import Role
from teilhabe.districts.services import district_create, membership_grant
from teilhabe.jobs.models import Job

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test fixture
_counter = itertools.count(1)


def make_user(username: str = "", *, password: str = PASSWORD, **fields: Any) -> User:
    username = username or f"user{next(_counter)}"
    fields.setdefault("preferred_language", "en")  # tests read the English source strings
    user = User(username=username, email=f"{username}@example.org", **fields)
    user.set_password(password)
    user.save()
    return user


def make_district(code: str, *, slug: str = "", **fields: Any) -> District:
    kreis = Area.objects.kreise().current().get(code=code)
    district = District.objects.filter(kreis=kreis).first()
    if district is None:
        district = district_create(actor=None, kreis=kreis, slug=slug, **fields)
    return district


def office_of(district: District, kind: str = Office.Kind.INTEGRATION_OFFICE) -> Office:
    return Office.objects.filter(district=district, kind=kind).first() or Office.objects.create(
        district=district, name=f"Office {next(_counter)}", kind=kind
    )


def make_member(district: District, role: str, username: str = "", **fields: Any) -> User:
    user = make_user(username, **fields)
    office = (
        office_of(district, Office.Kind.IMMIGRATION_AUTHORITY)
        if role == Role.OFFICE_CLERK
        else None
    )
    membership_grant(actor=None, district=district, user=user, role=role, office=office)
    return user


def grant(user: User, district: District, role: str) -> Membership:
    office = (
        office_of(district, Office.Kind.IMMIGRATION_AUTHORITY)
        if role == Role.OFFICE_CLERK
        else None
    )
    return membership_grant(actor=None, district=district, user=user, role=role, office=office)


#: Text put into district B's objects; no page or export of district A may show it.
SENTINEL = "SENTINEL-B"


@dataclass
class IsolationWorld:
    """Two districts and their people, for the isolation walk (tests/test_isolation.py)."""

    a: District
    b: District
    users: dict[str, User]  # one user per district role, all in district A
    programme_user: User
    b_office: Office
    b_membership: Membership
    b_job: Job
    a_office: Office
    a_membership: Membership
    a_job: Job
    b_admin: User
    extra: dict[str, dict[str, str]] = field(default_factory=lambda: {"a": {}, "b": {}})
