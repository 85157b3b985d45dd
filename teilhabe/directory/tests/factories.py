"""Factories for the directory's tests."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from teilhabe.areas.models import Area
from teilhabe.core.testing import make_district, make_member
from teilhabe.directory.models import Event, Location, Organisation, Service, TaxonomyTerm
from teilhabe.directory.services.entries import save_entry, service_locations_set
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.models import District
from teilhabe.districts.roles import Role
from teilhabe.districts.selectors import district_access_for_user

_n = itertools.count(1)
BERLIN = ZoneInfo("Europe/Berlin")


def term(vocabulary: str, code: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.get(vocabulary=vocabulary, code=code, district=None)


def uckermark() -> District:
    return make_district("12073", slug="uckermark")


def officer_access(
    district: District | None = None, role: str = Role.INTEGRATION_OFFICER
) -> DistrictAccess:
    district = district or uckermark()
    user = make_member(district, role)
    return district_access_for_user(user=user, slug=district.slug)


def gemeinde(district: District, name: str = "") -> Area:
    qs = Area.objects.gemeinden().current().filter(parent=district.kreis)
    if name:
        return qs.get(name__startswith=name)
    found = qs.order_by("code").first()
    assert found is not None
    return found


def organisation(district: District, **data: Any) -> Organisation:
    m2m = data.pop("m2m", {})
    data.setdefault("name", f"Verein {next(_n)}")
    data.setdefault("kind", Organisation.Kind.CLUB)
    data.setdefault("description", "Ein Verein")
    return save_entry(obj=Organisation(district=district), data=data, m2m=m2m, actor=None)


def location(district: District, **data: Any) -> Location:
    m2m = data.pop("m2m", {})
    data.setdefault("name", f"Ort {next(_n)}")
    data.setdefault("gemeinde", gemeinde(district))
    return save_entry(obj=Location(district=district), data=data, m2m=m2m, actor=None)


def service(district: District, *, locations: list[Location] | None = None, **data: Any) -> Service:
    m2m = data.pop("m2m", {})
    data.setdefault("name", f"Angebot {next(_n)}")
    if "organisation" not in data:
        data["organisation"] = organisation(district)
    obj = save_entry(obj=Service(district=district), data=data, m2m=m2m, actor=None)
    if locations:
        service_locations_set(service=obj, locations=locations)
    return obj


def event(district: District, **data: Any) -> Event:
    m2m = data.pop("m2m", {})
    data.setdefault("title", f"Treffen {next(_n)}")
    data.setdefault("start", datetime(2030, 3, 5, 18, 0, tzinfo=BERLIN))
    return save_entry(obj=Event(district=district), data=data, m2m=m2m, actor=None)
