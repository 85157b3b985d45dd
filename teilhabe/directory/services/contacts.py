"""Contacts of organisations, offers and places (HSDS contact with phones): add, change,
remove. Each change is recorded in the owner's change history and the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.audit.services import audit_record
from teilhabe.directory.models import Contact, Location, Organisation, Phone, Service
from teilhabe.directory.safety import clean_fields, clean_text
from teilhabe.directory.services.common import changes_between, record_changes, snapshot
from teilhabe.directory.services.entries import _check_same_district
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.roles import Capability

#: What a contact form edits (besides the phone line).
CONTACT_FIELDS = ("name", "title", "department", "email", "is_public")


def _owner(contact: Contact) -> Organisation | Service | Location:
    owner = contact.organisation or contact.service or contact.location
    if owner is None:
        raise ValidationError(_("The contact belongs to no entry."))
    return owner


@transaction.atomic
def contact_add(
    *,
    access: DistrictAccess,
    owner: Organisation | Service | Location,
    data: dict[str, Any],
    phone: str = "",
    phone_languages: str = "",
) -> Contact:
    access.require(Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, owner)
    contact = Contact(**clean_fields(data))
    setattr(
        contact,
        {Organisation: "organisation", Service: "service", Location: "location"}[type(owner)],
        owner,
    )
    contact.full_clean()
    contact.save()
    if phone:
        number = Phone(contact=contact, number=clean_text(phone), languages=phone_languages)
        number.full_clean()
        number.save()
    record_changes(
        obj=owner,
        action="update",
        changes={"contact": ["", str(contact)]},
        by=access.user.get_username(),
    )
    audit_record(
        actor=access.user,
        action="directory.contact.create",
        district_id=access.district.pk,
        obj=contact,
    )
    return contact


@transaction.atomic
def contact_update(
    *,
    access: DistrictAccess,
    contact: Contact,
    data: dict[str, Any],
    phone: str = "",
    phone_languages: str = "",
) -> Contact:
    """Change a contact. ``phone`` replaces its first number (an empty one removes it);
    further numbers stay as they are."""
    access.require(Capability.DIRECTORY_EDIT)
    owner = _owner(contact)
    _check_same_district(access.district, owner)
    data = {k: v for k, v in clean_fields(data).items() if k in CONTACT_FIELDS}
    before = snapshot(contact, CONTACT_FIELDS)
    for name, value in data.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    changes = changes_between(before, snapshot(contact, CONTACT_FIELDS))
    first = contact.phones.order_by("pk").first()
    number, languages = clean_text(phone).strip(), clean_text(phone_languages).strip()
    old_phone = f"{first.number} {first.languages}".strip() if first else ""
    if number and first is None:
        first = Phone(contact=contact)
    if number and first is not None:
        first.number, first.languages = number, languages
        first.full_clean()
        first.save()
    elif first is not None:
        first.delete()
    new_phone = f"{number} {languages}".strip() if number else ""
    if new_phone != old_phone:
        changes["phone"] = [old_phone, new_phone]
    if changes:
        record_changes(
            obj=owner,
            action="update",
            changes={f"contact {k}": v for k, v in changes.items()},
            by=access.user.get_username(),
        )
        audit_record(
            actor=access.user,
            action="directory.contact.update",
            district_id=access.district.pk,
            obj=contact,
            changes=changes,
        )
    return contact


@transaction.atomic
def contact_delete(*, access: DistrictAccess, contact: Contact) -> None:
    access.require(Capability.DIRECTORY_EDIT)
    owner = _owner(contact)
    _check_same_district(access.district, owner)
    record_changes(
        obj=owner,
        action="update",
        changes={"contact": [str(contact), ""]},
        by=access.user.get_username(),
    )
    audit_record(
        actor=access.user,
        action="directory.contact.delete",
        district_id=access.district.pk,
        obj=contact,
        changes={"contact": str(contact)},
    )
    contact.delete()
