"""Contact lists: rows for CSV/XLSX (written by ``core.exports``, formula-safe) and
vCard 3.0 (written with vobject, which escapes every value)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import vobject
from django.utils.translation import gettext as _

from teilhabe.directory.models import Organisation
from teilhabe.directory.safety import safe_url

CONTACT_HEADER = [
    "Organisation",
    "Typ",
    "Ansprechperson",
    "Funktion",
    "E-Mail",
    "Telefon",
    "Website",
    "Adresse",
    "Gemeinde",
    "Letzter Kontakt",
    "Zuletzt bestätigt",
]


def _phones(org: Organisation) -> list[str]:
    return [p.number for p in org.phones.all()]


def contact_rows(orgs: Iterable[Organisation]) -> list[Sequence[Any]]:
    """One row per contact person (or one per organisation without contacts)."""
    rows: list[Sequence[Any]] = []
    for org in orgs:
        place = next(iter(org.locations.all()), None)
        address = place.address_line if place else ""
        gemeinde = place.gemeinde.name if place and place.gemeinde else ""
        last = getattr(org, "last_contact", None)
        base = [org.name, org.get_kind_display()]
        tail = [
            safe_url(org.website),
            address,
            gemeinde,
            last.isoformat() if last else "",
            org.last_confirmed.isoformat(),
        ]
        contacts = list(org.contacts.all())
        if not contacts:
            rows.append([*base, "", "", org.email, ", ".join(_phones(org)), *tail])
        for contact in contacts:
            numbers = [p.number for p in contact.phones.all()] or _phones(org)
            rows.append(
                [
                    *base,
                    contact.name,
                    contact.title,
                    contact.email or org.email,
                    ", ".join(numbers),
                    *tail,
                ]
            )
    return rows


def vcard_bytes(orgs: Iterable[Organisation]) -> bytes:
    """vCards: one per contact person, and one for each organisation itself."""
    cards: list[str] = []
    for org in orgs:
        cards.append(_card(org.name, org, None))
        for contact in org.contacts.all():
            if contact.name:
                cards.append(_card(contact.name, org, contact))
    return "".join(cards).encode("utf-8")


def _card(name: str, org: Organisation, contact: Any) -> str:
    card = vobject.vCard()
    card.add("fn").value = name
    parts = name.rsplit(" ", 1) if contact is not None else [name]
    card.add("n").value = vobject.vcard.Name(
        family=parts[-1] if len(parts) > 1 else name, given=parts[0] if len(parts) > 1 else ""
    )
    card.add("org").value = [org.name]
    if contact is not None and contact.title:
        card.add("title").value = contact.title
    email = (contact.email if contact is not None else "") or org.email
    if email:
        item = card.add("email")
        item.value = email
        item.type_param = "WORK"
    numbers = [p.number for p in contact.phones.all()] if contact is not None else []
    for number in numbers or [p.number for p in org.phones.all()]:
        tel = card.add("tel")
        tel.value = number
        tel.type_param = "WORK"
    website = safe_url(org.website)
    if website:
        card.add("url").value = website
    place = next(iter(org.locations.all()), None)
    if place is not None and place.address_1:
        card.add("adr").value = vobject.vcard.Address(
            street=place.address_1, city=place.city, code=place.postal_code, country="Deutschland"
        )
    card.add("note").value = _("Exported from the directory of %(district)s") % {
        "district": org.district.name
    }
    return str(card.serialize())
