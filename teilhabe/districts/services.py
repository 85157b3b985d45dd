"""Writes for districts, offices, memberships and programmes. Each one is audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from teilhabe.accounts.models import User
from teilhabe.accounts.services import invitation_send
from teilhabe.areas.models import Area
from teilhabe.audit.services import audit_record, field_changes
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.models import District, Membership, Office, Programme
from teilhabe.districts.roles import Capability, Role

#: The offices a new district starts with; the administrator adds and renames more.
DEFAULT_OFFICES: tuple[tuple[str, str], ...] = (
    ("Integrationsbüro", Office.Kind.INTEGRATION_OFFICE),
    ("Ausländerbehörde", Office.Kind.IMMIGRATION_AUTHORITY),
    ("Jobcenter", Office.Kind.JOBCENTER),
    ("Jugendamt", Office.Kind.YOUTH_WELFARE),
    ("Sozialamt", Office.Kind.SOCIAL_WELFARE),
    ("Volkshochschule", Office.Kind.ADULT_EDUCATION),
)


def _district_name(kreis: Area) -> str:
    return kreis.display_name


@transaction.atomic
def district_create(
    *,
    actor: User | None,
    kreis: Area,
    slug: str = "",
    name: str = "",
    is_demo: bool = False,
    offices: Iterable[tuple[str, str]] = DEFAULT_OFFICES,
) -> District:
    """Make a Kreis a tenant of this installation, with its first offices."""
    if kreis.level != Area.Level.KREIS or not kreis.is_current:
        raise ValidationError(_("Only a current Kreis or kreisfreie Stadt can become a district."))
    district = District(
        kreis=kreis,
        slug=slug or slugify(kreis.name.replace("ß", "ss")),
        name=name or _district_name(kreis),
        is_demo=is_demo,
    )
    district.full_clean()
    district.save()
    audit_record(actor=actor, action="district.create", district_id=district.pk, obj=district)
    for office_name, kind in offices:
        office = Office(district=district, name=office_name, kind=kind)
        office.full_clean()
        office.save()
        audit_record(
            actor=actor,
            action="office.create",
            district_id=district.pk,
            office_id=office.pk,
            obj=office,
        )
    return district


@transaction.atomic
def district_update(*, access: DistrictAccess, name: str, require_two_factor: bool) -> District:
    access.require(Capability.DISTRICT_MANAGE)
    district = District.objects.select_for_update().get(pk=access.district.pk)
    before = {"name": district.name, "require_two_factor": district.require_two_factor}
    district.name = name
    district.require_two_factor = require_two_factor
    district.full_clean()
    district.save(update_fields=["name", "require_two_factor"])
    audit_record(
        actor=access.user,
        action="district.update",
        district_id=district.pk,
        obj=district,
        changes=field_changes(district, before, ["name", "require_two_factor"]),
    )
    return district


@transaction.atomic
def office_create(
    *, access: DistrictAccess, name: str, kind: str, email: str = "", phone: str = ""
) -> Office:
    access.require(Capability.OFFICES_MANAGE)
    office = Office(district=access.district, name=name, kind=kind, email=email, phone=phone)
    office.full_clean()
    office.save()
    audit_record(
        actor=access.user,
        action="office.create",
        district_id=access.district.pk,
        office_id=office.pk,
        obj=office,
    )
    return office


_OFFICE_FIELDS = ["name", "kind", "email", "phone", "is_active"]


@transaction.atomic
def office_update(*, access: DistrictAccess, office: Office, **values: Any) -> Office:
    access.require(Capability.OFFICES_MANAGE)
    if office.district_id != access.district.pk:
        raise PermissionDenied
    unknown = set(values) - set(_OFFICE_FIELDS)
    if unknown:
        raise TypeError(f"office_update got unknown fields {sorted(unknown)}")
    before = {name: getattr(office, name) for name in _OFFICE_FIELDS}
    for name, value in values.items():
        setattr(office, name, value)
    office.full_clean()
    office.save(update_fields=list(values))
    audit_record(
        actor=access.user,
        action="office.update",
        district_id=access.district.pk,
        office_id=office.pk,
        obj=office,
        changes=field_changes(office, before, _OFFICE_FIELDS),
    )
    return office


@transaction.atomic
def membership_grant(
    *,
    actor: User | None,
    district: District,
    user: User,
    role: str,
    office: Office | None = None,
) -> Membership:
    """Give a user a role in a district (idempotent: re-activates an existing grant)."""
    if role == Role.PROGRAMME_OFFICE:
        raise ValidationError(_("The programme office role belongs to programmes, not districts."))
    membership = Membership.objects.filter(
        user=user, district=district, office=office, role=role
    ).first()
    if membership is None:
        membership = Membership(user=user, district=district, office=office, role=role)
    membership.is_active = True
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="membership.grant",
        district_id=district.pk,
        office_id=office.pk if office else None,
        obj=membership,
        changes={"user": user.get_username(), "role": role},
    )
    return membership


@transaction.atomic
def member_invite(
    *,
    access: DistrictAccess,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    office: Office | None,
    base_url: str,
) -> Membership:
    """Create an account for a new colleague and mail them a link to set a password.

    An existing account with this user name gets the role instead (no mail: they can
    already sign in).
    """
    access.require(Capability.MEMBERS_MANAGE)
    if office is not None and office.district_id != access.district.pk:
        raise PermissionDenied
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        audit_record(
            actor=access.user, action="account.create", district_id=access.district.pk, obj=user
        )
        if email:
            invitation_send(user=user, base_url=base_url, district_name=access.district.name)
    return membership_grant(
        actor=access.user, district=access.district, user=user, role=role, office=office
    )


@transaction.atomic
def membership_deactivate(*, access: DistrictAccess, membership: Membership) -> Membership:
    access.require(Capability.MEMBERS_MANAGE)
    if membership.district_id != access.district.pk:
        raise PermissionDenied
    if membership.role == Role.DISTRICT_ADMIN:
        others = (
            Membership.objects.active()
            .filter(district=access.district, role=Role.DISTRICT_ADMIN)
            .exclude(pk=membership.pk)
        )
        if not others.exists():
            raise ValidationError(_("A district needs at least one active administrator."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_record(
        actor=access.user,
        action="membership.revoke",
        district_id=access.district.pk,
        office_id=membership.office_id,
        obj=membership,
        changes={"user": membership.user.get_username(), "role": membership.role},
    )
    return membership


@transaction.atomic
def programme_create(
    *,
    actor: User | None,
    slug: str,
    name: str,
    districts: Iterable[District],
    description: str = "",
) -> Programme:
    programme = Programme.objects.filter(slug=slug).first() or Programme(slug=slug)
    programme.name = name
    programme.description = description
    programme.full_clean()
    programme.save()
    programme.districts.add(*districts)
    audit_record(actor=actor, action="programme.save", obj=programme)
    return programme


@transaction.atomic
def programme_member_grant(*, actor: User | None, programme: Programme, user: User) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user, programme=programme, role=Role.PROGRAMME_OFFICE, defaults={"is_active": True}
    )
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    audit_record(actor=actor, action="programme.member_grant", obj=membership)
    return membership
