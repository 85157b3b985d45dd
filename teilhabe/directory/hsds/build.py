"""HSDS 3 objects from our entries, built from plain rows.

Our entries map onto HSDS directly (organisation → organization, offer → service,
place → location with one address, offer at place → service_at_location, opening
hours → schedule, contacts, phones, taxonomy terms as attributes). What HSDS lacks
travels in ``attributes`` (the attending type) and in the location's external
identifier (the Gemeinde key); translations are not exported. Events are not part of
HSDS; they are published as iCalendar instead.

A :class:`Builder` reads a batch of entries with a handful of set-based queries
(``values_list``: no model instances, no per-object prefetching) and turns the rows
into HSDS dicts. The full export (tens of thousands of entries, in batches) and the
API (one page) use the same code.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Model
from django.utils import translation

from teilhabe.directory.models import (
    AttendingType,
    Contact,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    State,
    TaxonomyTerm,
)
from teilhabe.directory.safety import safe_url
from teilhabe.districts.models import District

PROFILE = "https://openreferral.org/specification/3.0"
NAMESPACE = uuid.UUID("6f1c2a5e-59d4-4d7b-9a39-2f1f4c6e2b10")
_NAMESPACE_BYTES = NAMESPACE.bytes
TAXONOMY_IDS = {
    vocabulary: uuid.uuid5(NAMESPACE, f"taxonomy:{vocabulary}")
    for vocabulary in ("category", "target_group", "language", "accessibility", "topic", "teilhabe")
}
#: Keys an HSDS address must have even when empty.
_ADDRESS_REQUIRED = {
    "id",
    "address_1",
    "city",
    "state_province",
    "postal_code",
    "country",
    "address_type",
}

Row = dict[str, Any]


def derived_id(*parts: object) -> str:
    """A stable UUID for objects HSDS has and we keep inside another row (addresses):
    ``uuid.uuid5(NAMESPACE, "part:part:…")``, computed without building UUID objects
    (the export derives hundreds of thousands of them)."""
    digest = bytearray(
        hashlib.sha1(
            _NAMESPACE_BYTES + ":".join(map(str, parts)).encode(), usedforsecurity=False
        ).digest()
    )
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _clean(data: Row) -> Row:
    return {k: v for k, v in data.items() if v not in (None, "")}


def _grouped(rows: Any) -> defaultdict[int, list[Any]]:
    """``(owner id, value)`` pairs as lists of values per owner, in the rows' order."""
    result: defaultdict[int, list[Any]] = defaultdict(list)
    for owner, value in rows:
        result[owner].append(value)
    return result


class Builder:
    """HSDS dicts for batches of one district's entries (read with a few queries each)."""

    def __init__(self, district: District) -> None:
        self.district = district
        land = district.kreis.parent
        self.state_province = land.name if land is not None else ""
        # Every term in the database's order (the order of the old per-object lists).
        self.terms: dict[int, Row] = {}
        self.rank: dict[int, int] = {}
        for position, (pk, term_uuid, code, name, vocabulary) in enumerate(
            TaxonomyTerm.objects.order_by("vocabulary", "position", "name", "pk").values_list(
                "pk", "uuid", "code", "name", "vocabulary"
            )
        ):
            self.rank[pk] = position
            self.terms[pk] = {"uuid": str(term_uuid), "code": code, "name": name}
            self.terms[pk]["json"] = _clean(
                {
                    "id": str(term_uuid),
                    "code": code,
                    "name": name,
                    "description": name,
                    "taxonomy": vocabulary,
                    "taxonomy_id": str(TAXONOMY_IDS.get(vocabulary, TAXONOMY_IDS["teilhabe"])),
                    "language": "de",
                }
            )
        self._attending_labels: dict[str, str] = {}

    # --- shared parts -------------------------------------------------------------------

    def _term_ids(self, model: type[Model], field: str, owner: str, ids: Sequence[int]) -> Any:
        through = getattr(model, field).through
        grouped = _grouped(
            through.objects.filter(**{f"{owner}__in": ids}).values_list(owner, "taxonomyterm_id")
        )
        for terms in grouped.values():
            terms.sort(key=self.rank.__getitem__)
        return grouped

    def _attribute(self, link_id: str, link_type: str, term_id: int) -> Row:
        term = self.terms[term_id]
        return {
            "id": derived_id("attribute", link_id, term["uuid"]),
            "link_id": link_id,
            "link_type": link_type,
            "link_entity": link_type,
            "taxonomy_term_id": term["uuid"],
            "taxonomy_term": term["json"],
        }

    def _phones(self, owner: str, ids: Sequence[int]) -> defaultdict[int, list[Row]]:
        rows = (
            Phone.objects.filter(**{f"{owner}__in": ids})
            .order_by("pk")
            .values_list(owner, "uuid", "number", "kind", "description", "languages")
        )
        result: defaultdict[int, list[Row]] = defaultdict(list)
        for owner_id, phone_uuid, number, kind, description, languages in rows:
            phone_id = str(phone_uuid)
            result[owner_id].append(
                _clean(
                    {
                        "id": phone_id,
                        "number": number,
                        "type": kind,
                        "description": description,
                        "languages": [
                            {
                                "id": derived_id("phone-language", phone_id, code),
                                "code": code.strip(),
                                "phone_id": phone_id,
                            }
                            for code in languages.split(",")
                            if code.strip()
                        ],
                    }
                )
            )
        return result

    def _contacts(self, owner: str, ids: Sequence[int]) -> defaultdict[int, list[Row]]:
        """Public contacts (with their phones) per owner."""
        rows = list(
            Contact.objects.filter(**{f"{owner}__in": ids}, is_public=True)
            .order_by("name", "pk")
            .values_list("pk", owner, "uuid", "name", "title", "department", "email")
        )
        phones = self._phones("contact_id", [row[0] for row in rows])
        result: defaultdict[int, list[Row]] = defaultdict(list)
        for pk, owner_id, contact_uuid, name, title, department, email in rows:
            result[owner_id].append(
                _clean(
                    {
                        "id": str(contact_uuid),
                        "name": name,
                        "title": title,
                        "department": department,
                        "email": email,
                        "phones": phones.get(pk, []),
                    }
                )
            )
        return result

    def _schedules(self, owner: str, ids: Sequence[int]) -> defaultdict[int, list[Row]]:
        rows = (
            Schedule.objects.filter(**{f"{owner}__in": ids})
            .order_by("pk")
            .values_list(
                owner,
                "uuid",
                "service__uuid",
                "location__uuid",
                "freq",
                "byday",
                "opens_at",
                "closes_at",
                "valid_from",
                "valid_to",
                "description",
                "by_appointment",
            )
        )
        result: defaultdict[int, list[Row]] = defaultdict(list)
        for (
            owner_id,
            schedule_uuid,
            service_uuid,
            location_uuid,
            freq,
            byday,
            opens_at,
            closes_at,
            valid_from,
            valid_to,
            description,
            by_appointment,
        ) in rows:
            result[owner_id].append(
                _clean(
                    {
                        "id": str(schedule_uuid),
                        "service_id": str(service_uuid) if service_uuid else None,
                        "location_id": str(location_uuid) if location_uuid else None,
                        "freq": freq,
                        "byday": byday,
                        "opens_at": opens_at.strftime("%H:%M") if opens_at else None,
                        "closes_at": closes_at.strftime("%H:%M") if closes_at else None,
                        "valid_from": valid_from.isoformat() if valid_from else None,
                        "valid_to": valid_to.isoformat() if valid_to else None,
                        "description": description
                        or ("by appointment" if by_appointment else None),
                        "notes": "by appointment only" if by_appointment else None,
                    }
                )
            )
        return result

    def _attending_type(self, service_id: str, value: str) -> Row:
        if value not in self._attending_labels:
            # In German, like the names of the other terms, whoever asks.
            with translation.override("de"):
                self._attending_labels[value] = str(dict(AttendingType.choices).get(value, value))
        term_id = derived_id("term", "attending_type", value)
        return {
            "id": derived_id("attribute", service_id, "attending_type"),
            "link_id": service_id,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": term_id,
            "value": value,
            "taxonomy_term": {
                "id": term_id,
                "code": value,
                "name": self._attending_labels[value],
                "description": "attending type (DE-Landkreis profile)",
                "taxonomy": "attending_type",
            },
        }

    # --- the three HSDS objects ---------------------------------------------------------

    def locations(self, ids: Sequence[int]) -> list[Row]:
        """HSDS locations, in the order of ``ids``."""
        built = self._locations(ids)
        return [built[pk] for pk in ids if pk in built]

    def _locations(self, ids: Sequence[int]) -> dict[int, Row]:
        rows = Location.objects.filter(pk__in=ids).values_list(
            "pk",
            "uuid",
            "kind",
            "url",
            "organisation__uuid",
            "name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "gemeinde_id",
            "gemeinde__name",
            "gemeinde__code",
            "address_1",
            "address_2",
            "city",
            "postal_code",
            "accessibility_description",
        )
        accessibility = self._term_ids(Location, "accessibility", "location_id", ids)
        phones = self._phones("location_id", ids)
        schedules = self._schedules("location_id", ids)
        built: dict[int, Row] = {}
        for (
            pk,
            location_uuid,
            kind,
            url,
            organisation_uuid,
            name,
            description,
            transportation,
            latitude,
            longitude,
            gemeinde_id,
            gemeinde_name,
            gemeinde_code,
            address_1,
            address_2,
            city,
            postal_code,
            accessibility_description,
        ) in rows:
            location_id = str(location_uuid)
            addresses = []
            if address_1 and city:
                address = {
                    "id": derived_id("address", location_id),
                    "location_id": location_id,
                    "address_1": address_1,
                    "address_2": address_2 or None,
                    "city": city,
                    "region": gemeinde_name if gemeinde_id else None,
                    "state_province": self.state_province,
                    "postal_code": postal_code or "",
                    "country": "DE",
                    "address_type": "physical" if kind != Location.Kind.POSTAL else "postal",
                }
                addresses.append(
                    {k: v for k, v in address.items() if v is not None or k in _ADDRESS_REQUIRED}
                )
            terms = accessibility.get(pk, [])
            built[pk] = _clean(
                {
                    "id": location_id,
                    "location_type": kind,
                    "url": safe_url(url) or None,
                    "organization_id": str(organisation_uuid) if organisation_uuid else None,
                    "name": name,
                    "description": description,
                    "transportation": transportation,
                    "latitude": latitude,
                    "longitude": longitude,
                    "external_identifier": gemeinde_code if gemeinde_id else None,
                    "external_identifier_type": "ARS (Amtlicher Regionalschlüssel der Gemeinde)"
                    if gemeinde_id
                    else None,
                    "addresses": addresses,
                    "accessibility": [
                        _clean(
                            {
                                "id": derived_id("accessibility", location_id),
                                "location_id": location_id,
                                "description": ", ".join(self.terms[t]["name"] for t in terms),
                                "details": accessibility_description or None,
                            }
                        )
                    ]
                    if terms or accessibility_description
                    else [],
                    "phones": phones.get(pk, []),
                    "schedules": schedules.get(pk, []),
                    "attributes": [self._attribute(location_id, "location", t) for t in terms],
                }
            )
        return built

    def organizations(self, ids: Sequence[int], *, with_locations: bool = True) -> list[Row]:
        """HSDS organizations (with contacts, phones, attributes and, if asked, their
        published locations), in the order of ``ids``."""
        rows = Organisation.objects.filter(pk__in=ids).values_list(
            "pk",
            "uuid",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "legal_status",
        )
        contacts = self._contacts("organisation_id", ids)
        phones = self._phones("organisation_id", ids)
        term_lists = [
            self._term_ids(Organisation, field, "organisation_id", ids)
            for field in ("target_groups", "topics", "languages")
        ]
        places: defaultdict[int, list[Row]] = defaultdict(list)
        if with_locations:
            owned = list(
                Location.objects.filter(organisation_id__in=ids, state=State.PUBLISHED)
                .order_by("name", "pk")
                .values_list("pk", "organisation_id")
            )
            found = self._locations([pk for pk, _ in owned])
            for pk, owner in owned:
                places[owner].append(found[pk])
        built: dict[int, Row] = {}
        for pk, org_uuid, *fields in rows:
            org_id = str(org_uuid)
            built[pk] = _clean(
                {
                    **self._organisation_fields(org_id, *fields),
                    "contacts": contacts.get(pk, []),
                    "phones": phones.get(pk, []),
                    "locations": places.get(pk, []),
                    "attributes": [
                        self._attribute(org_id, "organization", term)
                        for terms in term_lists
                        for term in terms.get(pk, [])
                    ],
                }
            )
        return [built[pk] for pk in ids if pk in built]

    @staticmethod
    def _organisation_fields(
        org_id: str,
        name: str,
        alternate_name: str,
        description: str,
        email: str,
        website: str,
        legal_status: str,
    ) -> Row:
        return {
            "id": org_id,
            "name": name,
            "alternate_name": alternate_name,
            "description": description or name,
            "email": email or None,
            "website": safe_url(website) or None,
            "legal_status": legal_status,
        }

    def services(self, ids: Sequence[int], *, with_locations: bool = True) -> list[Row]:
        """HSDS services, in the order of ``ids``. ``with_locations=False`` names their
        published locations by id only (the export lists every location once)."""
        rows = Service.objects.filter(pk__in=ids).values_list(
            "pk",
            "uuid",
            "organisation__uuid",
            "organisation__name",
            "organisation__alternate_name",
            "organisation__description",
            "organisation__email",
            "organisation__website",
            "organisation__legal_status",
            "name",
            "description",
            "url",
            "email",
            "status",
            "application_process",
            "fees_description",
            "free_of_charge",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "last_confirmed",
            "updated_at",
            "attending_type",
        )
        at_locations = list(
            ServiceAtLocation.objects.filter(service_id__in=ids, location__state=State.PUBLISHED)
            .order_by("pk")
            .values_list("service_id", "uuid", "location_id", "location__uuid", "description")
        )
        nested: dict[int, Row] = {}
        if with_locations:
            place_ids = list(dict.fromkeys(row[2] for row in at_locations))
            nested = self._locations(place_ids)
        phones = self._phones("service_id", ids)
        schedules = self._schedules("service_id", ids)
        contacts = self._contacts("service_id", ids)
        categories, target_groups, languages = (
            self._term_ids(Service, field, "service_id", ids)
            for field in ("categories", "target_groups", "languages")
        )
        sals: defaultdict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for service_pk, *at_location in at_locations:
            sals[service_pk].append(tuple(at_location))
        built: dict[int, Row] = {}
        for (
            pk,
            service_uuid,
            org_uuid,
            org_name,
            org_alternate_name,
            org_description,
            org_email,
            org_website,
            org_legal_status,
            name,
            description,
            url,
            email,
            status,
            application_process,
            fees_description,
            free_of_charge,
            eligibility_description,
            minimum_age,
            maximum_age,
            last_confirmed,
            updated_at,
            attending_type,
        ) in rows:
            service_id = str(service_uuid)
            built[pk] = _clean(
                {
                    "id": service_id,
                    "organization_id": str(org_uuid),
                    "name": name,
                    "description": description,
                    "url": safe_url(url) or None,
                    "email": email or None,
                    "status": status,
                    "application_process": application_process,
                    "fees_description": fees_description
                    or ("kostenlos" if free_of_charge else None),
                    "eligibility_description": eligibility_description,
                    "minimum_age": minimum_age,
                    "maximum_age": maximum_age,
                    "assured_date": last_confirmed.isoformat(),
                    "last_modified": updated_at.isoformat() if updated_at else None,
                    "phones": phones.get(pk, []),
                    "schedules": schedules.get(pk, []),
                    "service_at_locations": [
                        _clean(
                            {
                                "id": str(sal_uuid),
                                "service_id": service_id,
                                "location_id": str(location_uuid),
                                "description": sal_description,
                                "location": nested.get(location_pk),
                            }
                        )
                        for sal_uuid, location_pk, location_uuid, sal_description in sals.get(
                            pk, []
                        )
                    ],
                    "languages": [
                        {
                            "id": derived_id("language", service_id, self.terms[t]["code"]),
                            "service_id": service_id,
                            "name": self.terms[t]["name"],
                            "code": self.terms[t]["code"],
                        }
                        for t in languages.get(pk, [])
                    ],
                    "organization": _clean(
                        self._organisation_fields(
                            str(org_uuid),
                            org_name,
                            org_alternate_name,
                            org_description,
                            org_email,
                            org_website,
                            org_legal_status,
                        )
                    ),
                    "contacts": contacts.get(pk, []),
                    "attributes": [
                        *(
                            self._attribute(service_id, "service", t)
                            for t in categories.get(pk, [])
                        ),
                        *(
                            self._attribute(service_id, "service", t)
                            for t in target_groups.get(pk, [])
                        ),
                        self._attending_type(service_id, attending_type),
                    ],
                    "metadata": [],
                }
            )
        return [built[pk] for pk in ids if pk in built]


# --- what is public -----------------------------------------------------------------------


def published_services(district: District) -> Any:
    return Service.objects.filter(
        district=district, state=State.PUBLISHED, organisation__state=State.PUBLISHED
    )


def published_organisations(district: District) -> Any:
    return Organisation.objects.filter(district=district, state=State.PUBLISHED)


def published_locations(district: District) -> Any:
    return Location.objects.filter(district=district, state=State.PUBLISHED)
