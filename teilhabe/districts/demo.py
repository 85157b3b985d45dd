"""The demo installation: the districts of the Land.Zuhause.Zukunft programme as tenants,
with their real Kreise and Gemeinden, typical offices and invented users for every role.

Everything invented is marked: demo districts show a banner on every page, demo
accounts carry a badge. Official figures keep their sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from teilhabe.accounts.models import User
from teilhabe.areas.models import Area
from teilhabe.districts.models import District, Office
from teilhabe.districts.roles import Role
from teilhabe.districts.services import (
    district_create,
    membership_grant,
    programme_create,
    programme_member_grant,
)

PROGRAMME_SLUG = "land-zuhause-zukunft"
PROGRAMME_NAME = "Land.Zuhause.Zukunft"

#: Programme districts named in the project's issues: (Kreis key, address slug).
DEMO_DISTRICTS: tuple[tuple[str, str], ...] = (
    ("12069", "potsdam-mittelmark"),
    ("06635", "waldeck-frankenberg"),
    ("08436", "ravensburg"),
    ("09174", "dachau"),
    ("15090", "stendal"),
    ("05766", "lippe"),
    ("12073", "uckermark"),
    ("15085", "harz"),
    ("03153", "goslar"),
    ("08215", "landkreis-karlsruhe"),
    ("12070", "prignitz"),
    ("14523", "vogtlandkreis"),
    ("15083", "boerde"),
    ("03458", "landkreis-oldenburg"),
    ("15084", "burgenlandkreis"),
    ("12061", "dahme-spreewald"),
    ("09190", "weilheim-schongau"),
)

#: Districts with a demo user for every role.
STAFFED = ("uckermark", "potsdam-mittelmark")
_ROLE_LOGINS = (
    ("admin", Role.DISTRICT_ADMIN, None, "Verwaltung"),
    ("integration", Role.INTEGRATION_OFFICER, Office.Kind.INTEGRATION_OFFICE, "Integrationsbüro"),
    ("abh", Role.OFFICE_CLERK, Office.Kind.IMMIGRATION_AUTHORITY, "Ausländerbehörde"),
    ("analyse", Role.ANALYST, None, "Sozialplanung"),
    ("moderation", Role.MODERATOR, None, "Öffentlichkeitsarbeit"),
)
MULTI_DISTRICT_USER = "integration.demo"
MULTI_DISTRICTS = ("uckermark", "potsdam-mittelmark", "prignitz")
PROGRAMME_USER = "programmbuero.demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str


@dataclass
class DemoReport:
    districts: list[District] = field(default_factory=list)
    logins: list[DemoLogin] = field(default_factory=list)


def _demo_user(username: str, first: str, last: str, password: str) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.first_name, user.last_name = first, last
    user.email = f"{username}@demo.teilhabe.invalid"
    user.is_demo = True
    user.is_active = True
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def demo_setup(*, password: str) -> DemoReport:
    """Create (or refresh) the demo districts, offices, programme and logins. Idempotent."""
    report = DemoReport()
    by_slug: dict[str, District] = {}
    for code, slug in DEMO_DISTRICTS:
        kreis = Area.objects.kreise().current().get(code=code)
        district = District.objects.filter(kreis=kreis).first()
        if district is None:
            district = district_create(actor=None, kreis=kreis, slug=slug, is_demo=True)
        by_slug[slug] = district
        report.districts.append(district)

    for slug in STAFFED:
        district = by_slug[slug]
        place = district.kreis.name
        for suffix, role, office_kind, unit in _ROLE_LOGINS:
            username = f"{slug.split('-')[0]}.{suffix}"
            user = _demo_user(username, "Demo", f"{unit} {place}", password)
            office = (
                Office.objects.filter(district=district, kind=office_kind).first()
                if office_kind
                else None
            )
            membership_grant(actor=None, district=district, user=user, role=role, office=office)
            report.logins.append(DemoLogin(username, str(Role(role).label), district.name))

    multi = _demo_user(
        MULTI_DISTRICT_USER, "Demo", "Integrationsbeauftragte (mehrere Kreise)", password
    )
    for slug in MULTI_DISTRICTS:
        membership_grant(
            actor=None, district=by_slug[slug], user=multi, role=Role.INTEGRATION_OFFICER
        )
    report.logins.append(
        DemoLogin(
            MULTI_DISTRICT_USER,
            str(Role(Role.INTEGRATION_OFFICER).label),
            ", ".join(by_slug[s].name for s in MULTI_DISTRICTS),
        )
    )

    programme = programme_create(
        actor=None,
        slug=PROGRAMME_SLUG,
        name=PROGRAMME_NAME,
        districts=report.districts,
        description="Förderprogramm für die Integrationsarbeit in ländlichen Räumen (Demo).",
    )
    office_user = _demo_user(PROGRAMME_USER, "Demo", "Programmbüro", password)
    programme_member_grant(actor=None, programme=programme, user=office_user)
    report.logins.append(
        DemoLogin(PROGRAMME_USER, str(Role(Role.PROGRAMME_OFFICE).label), programme.name)
    )
    return report
