"""Open Referral HSDS 3.0: export (JSON and the CSV package), validation against the
shipped schemas, and import (a district can take over a partner's directory).

Our entries map onto HSDS directly (organisation → organization, offer → service,
place → location with one address, offer at place → service_at_location, opening
hours → schedule, contacts, phones, taxonomy terms as attributes, change history as
metadata). What HSDS lacks travels in ``attributes`` with our own taxonomy
"teilhabe" (the Gemeinde key, translations are not exported). Events are not part of
HSDS; they are published as iCalendar instead.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Prefetch

from teilhabe.directory.models import (
    ChangeRecord,
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

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"
PROFILE = "https://openreferral.org/specification/3.0"
NAMESPACE = uuid.UUID("6f1c2a5e-59d4-4d7b-9a39-2f1f4c6e2b10")
TAXONOMY_IDS = {
    vocabulary: uuid.uuid5(NAMESPACE, f"taxonomy:{vocabulary}")
    for vocabulary in ("category", "target_group", "language", "accessibility", "topic", "teilhabe")
}
ORG_KIND_TERM = "organisation_type"


def derived_id(*parts: object) -> str:
    """A stable UUID for objects HSDS has and we keep inside another row (addresses)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


# --- validation -----------------------------------------------------------------------------


@cache
def _registry() -> Any:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (path.name, Resource.from_contents(schema, default_specification=DRAFT202012))
        )
    return Registry().with_resources(resources)


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


def validation_errors(name: str, item: dict[str, Any], *, limit: int = 20) -> list[str]:
    """Problems of one object against the HSDS schema ``name`` (empty when valid)."""
    errors = []
    for error in _validator(name).iter_errors(item):
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        errors.append(f"{name} {item.get('id', '?')}: {where}: {error.message}")
        if len(errors) >= limit:
            break
    return errors


def document_errors(document: dict[str, Any], *, limit: int = 50) -> list[str]:
    errors: list[str] = []
    for key, name in (
        ("organizations", "organization"),
        ("services", "service"),
        ("locations", "location"),
    ):
        for item in document.get(key, []):
            errors.extend(validation_errors(name, item, limit=limit - len(errors)))
            if len(errors) >= limit:
                return errors
    return errors


# --- export ---------------------------------------------------------------------------------


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "")}


def _term(term: TaxonomyTerm) -> dict[str, Any]:
    return _clean(
        {
            "id": str(term.uuid),
            "code": term.code,
            "name": term.name,
            "description": term.name,
            "taxonomy": term.vocabulary,
            "taxonomy_id": str(TAXONOMY_IDS.get(term.vocabulary, TAXONOMY_IDS["teilhabe"])),
            "language": "de",
        }
    )


def _attribute(link_id: object, link_type: str, term: TaxonomyTerm) -> dict[str, Any]:
    return {
        "id": derived_id("attribute", link_id, term.uuid),
        "link_id": str(link_id),
        "link_type": link_type,
        "link_entity": link_type,
        "taxonomy_term_id": str(term.uuid),
        "taxonomy_term": _term(term),
    }


def _phone(phone: Phone) -> dict[str, Any]:
    return _clean(
        {
            "id": str(phone.uuid),
            "number": phone.number,
            "type": phone.kind,
            "description": phone.description,
            "languages": [
                {
                    "id": derived_id("phone-language", phone.uuid, code),
                    "code": code.strip(),
                    "phone_id": str(phone.uuid),
                }
                for code in phone.languages.split(",")
                if code.strip()
            ],
        }
    )


def _contact(contact: Contact) -> dict[str, Any]:
    return _clean(
        {
            "id": str(contact.uuid),
            "name": contact.name,
            "title": contact.title,
            "department": contact.department,
            "email": contact.email,
            "phones": [_phone(p) for p in contact.phones.all()],
        }
    )


def _schedule(schedule: Schedule) -> dict[str, Any]:
    return _clean(
        {
            "id": str(schedule.uuid),
            "service_id": str(schedule.service.uuid)
            if schedule.service_id and schedule.service
            else None,
            "location_id": str(schedule.location.uuid)
            if schedule.location_id and schedule.location
            else None,
            "freq": schedule.freq,
            "byday": schedule.byday,
            "opens_at": schedule.opens_at.strftime("%H:%M") if schedule.opens_at else None,
            "closes_at": schedule.closes_at.strftime("%H:%M") if schedule.closes_at else None,
            "valid_from": schedule.valid_from.isoformat() if schedule.valid_from else None,
            "valid_to": schedule.valid_to.isoformat() if schedule.valid_to else None,
            "description": schedule.description
            or ("by appointment" if schedule.by_appointment else None),
            "notes": "by appointment only" if schedule.by_appointment else None,
        }
    )


def _metadata(rows: list[ChangeRecord]) -> list[dict[str, Any]]:
    return [
        {
            "id": derived_id("metadata", row.pk),
            "resource_id": str(row.entity_uuid),
            "resource_type": row.entity_type,
            "last_action_date": row.at.date().isoformat(),
            "last_action_type": row.action,
            "field_name": row.field_name or "-",
            "previous_value": row.previous_value[:500],
            "replacement_value": row.replacement_value[:500],
            "updated_by": row.updated_by or "Teilhabe",
        }
        for row in rows
    ]


_ADDRESS_REQUIRED = {
    "id",
    "address_1",
    "city",
    "state_province",
    "postal_code",
    "country",
    "address_type",
}


def location_json(location: Location) -> dict[str, Any]:
    addresses = []
    if location.address_1 and location.city:
        addresses.append(
            {
                "id": derived_id("address", location.uuid),
                "location_id": str(location.uuid),
                "address_1": location.address_1,
                "address_2": location.address_2 or None,
                "city": location.city,
                "region": location.gemeinde.name if location.gemeinde else None,
                "state_province": location.district.kreis.parent.name
                if location.district.kreis.parent
                else "",
                "postal_code": location.postal_code or "",
                "country": "DE",
                "address_type": "physical" if location.kind != Location.Kind.POSTAL else "postal",
            }
        )
    attributes = [_attribute(location.uuid, "location", t) for t in location.accessibility.all()]
    return _clean(
        {
            "id": str(location.uuid),
            "location_type": location.kind,
            "url": safe_url(location.url) or None,
            "organization_id": str(location.organisation.uuid) if location.organisation else None,
            "name": location.name,
            "description": location.description,
            "transportation": location.transportation,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "external_identifier": location.gemeinde.code if location.gemeinde else None,
            "external_identifier_type": "ARS (Amtlicher Regionalschlüssel der Gemeinde)"
            if location.gemeinde
            else None,
            # Required address fields stay even when empty (HSDS demands the keys).
            "addresses": [
                {k: v for k, v in a.items() if v is not None or k in _ADDRESS_REQUIRED}
                for a in addresses
            ],
            "accessibility": (
                [
                    _clean(
                        {
                            "id": derived_id("accessibility", location.uuid),
                            "location_id": str(location.uuid),
                            "description": ", ".join(t.name for t in location.accessibility.all()),
                            "details": location.accessibility_description or None,
                        }
                    )
                ]
                if location.accessibility.all() or location.accessibility_description
                else []
            ),
            "phones": [_phone(p) for p in location.phones.all()],
            "schedules": [_schedule(s) for s in location.schedules.all()],
            "attributes": attributes,
        }
    )


def organisation_json(
    org: Organisation, *, nested: bool = True, with_locations: bool = True
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(org.uuid),
        "name": org.name,
        "alternate_name": org.alternate_name,
        "description": org.description or org.name,
        "email": org.email or None,
        "website": safe_url(org.website) or None,
        "legal_status": org.legal_status,
    }
    if nested:
        data |= {
            "contacts": [_contact(c) for c in org.contacts.all() if c.is_public],
            "phones": [_phone(p) for p in org.phones.all()],
            "locations": [
                location_json(loc) for loc in org.locations.all() if loc.state == State.PUBLISHED
            ]
            if with_locations
            else [],
            "attributes": [
                *(_attribute(org.uuid, "organization", t) for t in org.target_groups.all()),
                *(_attribute(org.uuid, "organization", t) for t in org.topics.all()),
                *(_attribute(org.uuid, "organization", t) for t in org.languages.all()),
            ],
        }
    return _clean(data)


def service_json(
    service: Service, metadata: list[ChangeRecord] | None = None, *, with_locations: bool = True
) -> dict[str, Any]:
    """One service; ``with_locations=False`` names its locations by id only (the export
    document lists every location once at the top level)."""
    at_locations = [
        _clean(
            {
                "id": str(sal.uuid),
                "service_id": str(service.uuid),
                "location_id": str(sal.location.uuid),
                "description": sal.description,
                "location": location_json(sal.location) if with_locations else None,
            }
        )
        for sal in service.at_locations.all()
        if sal.location.state == State.PUBLISHED
    ]
    return _clean(
        {
            "id": str(service.uuid),
            "organization_id": str(service.organisation.uuid),
            "name": service.name,
            "description": service.description,
            "url": safe_url(service.url) or None,
            "email": service.email or None,
            "status": service.status,
            "application_process": service.application_process,
            "fees_description": service.fees_description
            or ("kostenlos" if service.free_of_charge else None),
            "eligibility_description": service.eligibility_description,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.last_confirmed.isoformat(),
            "last_modified": service.updated_at.isoformat() if service.updated_at else None,
            "phones": [_phone(p) for p in service.phones.all()],
            "schedules": [_schedule(s) for s in service.schedules.all()],
            "service_at_locations": at_locations,
            "languages": [
                {
                    "id": derived_id("language", service.uuid, t.code),
                    "service_id": str(service.uuid),
                    "name": t.name,
                    "code": t.code,
                }
                for t in service.languages.all()
            ],
            "organization": organisation_json(service.organisation, nested=False),
            "contacts": [_contact(c) for c in service.contacts.all() if c.is_public],
            "attributes": [
                *(_attribute(service.uuid, "service", t) for t in service.categories.all()),
                *(_attribute(service.uuid, "service", t) for t in service.target_groups.all()),
                {
                    "id": derived_id("attribute", service.uuid, "attending_type"),
                    "link_id": str(service.uuid),
                    "link_type": "service",
                    "link_entity": "service",
                    "taxonomy_term_id": derived_id(
                        "term", "attending_type", service.attending_type
                    ),
                    "value": service.attending_type,
                    "taxonomy_term": {
                        "id": derived_id("term", "attending_type", service.attending_type),
                        "code": service.attending_type,
                        "name": service.get_attending_type_display(),
                        "description": "attending type (DE-Landkreis profile)",
                        "taxonomy": "attending_type",
                    },
                },
            ],
            "metadata": _metadata(metadata or []),
        }
    )


def _locations_qs(published_only: bool = True) -> Any:
    qs = Location.objects.select_related(
        "gemeinde", "organisation", "district__kreis__parent"
    ).prefetch_related("accessibility", "phones", "schedules__service", "schedules__location")
    return qs.filter(state=State.PUBLISHED) if published_only else qs


def services_queryset(district: District, *, with_locations: bool = True) -> Any:
    places = ServiceAtLocation.objects.select_related("location")
    if with_locations:
        places = ServiceAtLocation.objects.select_related(
            "location",
            "location__gemeinde",
            "location__organisation",
            "location__district__kreis__parent",
        ).prefetch_related("location__accessibility", "location__phones", "location__schedules")
    return (
        Service.objects.filter(
            district=district, state=State.PUBLISHED, organisation__state=State.PUBLISHED
        )
        .select_related("organisation")
        .prefetch_related(
            "categories",
            "target_groups",
            "languages",
            "phones",
            Prefetch("contacts", queryset=Contact.objects.prefetch_related("phones")),
            Prefetch("schedules", queryset=Schedule.objects.select_related("service", "location")),
            Prefetch("at_locations", queryset=places),
        )
        .order_by("pk")
    )


def organisations_queryset(district: District, *, with_locations: bool = True) -> Any:
    related: list[Any] = [
        "target_groups",
        "topics",
        "languages",
        "phones",
        Prefetch("contacts", queryset=Contact.objects.prefetch_related("phones")),
    ]
    if with_locations:
        related.append(Prefetch("locations", queryset=_locations_qs()))
    return (
        Organisation.objects.filter(district=district, state=State.PUBLISHED)
        .prefetch_related(*related)
        .order_by("pk")
    )


def _chunks(queryset: Any, size: int = 1000) -> Iterator[Any]:
    """Iterate a prefetching queryset in primary-key chunks (flat memory)."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last)[:size])
        if not batch:
            return
        yield from batch
        last = batch[-1].pk


def export_document(*, district: District) -> dict[str, Any]:
    """Every published organisation, offer and place of the district as HSDS 3 JSON."""
    return {
        "profile": PROFILE,
        "publisher": district.name,
        "generated": datetime.now().astimezone().isoformat(timespec="seconds"),
        "organizations": [
            organisation_json(o, with_locations=False)
            for o in _chunks(organisations_queryset(district, with_locations=False))
        ],
        "services": [
            service_json(s, with_locations=False)
            for s in _chunks(services_queryset(district, with_locations=False))
        ],
        "locations": [
            location_json(loc)
            for loc in _chunks(_locations_qs().filter(district=district).order_by("pk"))
        ],
    }


# --- CSV package ----------------------------------------------------------------------------


@cache
def tabular_schema() -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / "tabular.json").read_text(encoding="utf-8"))


def table_columns(resource: str) -> tuple[str, list[str]]:
    """(file name, scalar columns) of one table of the CSV package."""
    item = tabular_schema()["properties"][resource]["items"]
    columns = [
        name
        for name, spec in item["properties"].items()
        if spec.get("type") not in {"array", "object"} and "$ref" not in spec and spec.get("type")
    ]
    return item["path"], columns


def _flatten(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, dict[str, dict[str, Any]]] = {}

    def add(resource: str, row: dict[str, Any], **links: Any) -> None:
        tables.setdefault(resource, {})[row["id"]] = {
            **row,
            **{k: v for k, v in links.items() if v},
        }

    def phones(items: list[dict[str, Any]], **links: Any) -> None:
        for phone in items:
            add("phone", phone, **links)

    for org in document.get("organizations", []):
        add("organization", org)
        phones(org.get("phones", []), organization_id=org["id"])
        for contact in org.get("contacts", []):
            add("contact", contact, organization_id=org["id"])
            phones(contact.get("phones", []), contact_id=contact["id"])
        for attribute in org.get("attributes", []):
            add("attribute", attribute)
            add("taxonomy_term", attribute["taxonomy_term"])
    for location in document.get("locations", []):
        add("location", location)
        for address in location.get("addresses", []):
            add("address", address)
        for item in location.get("accessibility", []):
            add("accessibility", item)
        for schedule in location.get("schedules", []):
            add("schedule", schedule, location_id=location["id"])
        phones(location.get("phones", []), location_id=location["id"])
        for attribute in location.get("attributes", []):
            add("attribute", attribute)
            add("taxonomy_term", attribute["taxonomy_term"])
    for service in document.get("services", []):
        add("service", service)
        phones(service.get("phones", []), service_id=service["id"])
        for schedule in service.get("schedules", []):
            add("schedule", schedule, service_id=service["id"])
        for sal in service.get("service_at_locations", []):
            add("service_at_location", sal)
        for language in service.get("languages", []):
            add("language", language)
        for contact in service.get("contacts", []):
            add("contact", contact, service_id=service["id"])
            phones(contact.get("phones", []), contact_id=contact["id"])
        for attribute in service.get("attributes", []):
            add("attribute", attribute)
            add("taxonomy_term", attribute["taxonomy_term"])
        for meta in service.get("metadata", []):
            add("metadata", meta)
    return {resource: list(rows.values()) for resource, rows in tables.items()}


def export_zip(*, district: District) -> bytes:
    """The HSDS CSV package (one CSV per table plus datapackage.json) as a ZIP."""
    tables = _flatten(export_document(district=district))
    buffer = io.BytesIO()
    resources = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for resource in sorted(tabular_schema()["properties"]):
            path, columns = table_columns(resource)
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            for row in tables.get(resource, []):
                writer.writerow([_cell(row.get(c)) for c in columns])
            archive.writestr(path, out.getvalue())
            resources.append(
                {
                    "name": resource,
                    "path": path,
                    "profile": "tabular-data-resource",
                    "format": "csv",
                }
            )
        archive.writestr(
            "datapackage.json",
            json.dumps(
                {
                    "name": f"hsds-{district.slug}",
                    "profile": "tabular-data-package",
                    "resources": resources,
                    "licenses": [{"name": "CC-BY-4.0"}],
                    "sources": [{"title": district.name}],
                },
                ensure_ascii=False,
                indent=1,
            ),
        )
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read_zip_tables(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """The tables of a CSV package, with numbers typed as the tabular schema says."""
    result: dict[str, list[dict[str, Any]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        for resource in tabular_schema()["properties"]:
            path, _columns = table_columns(resource)
            if path not in names:
                continue
            spec = tabular_schema()["properties"][resource]["items"]["properties"]
            text = archive.read(path).decode("utf-8-sig")
            rows = []
            for raw in csv.DictReader(io.StringIO(text)):
                row: dict[str, Any] = {}
                for key, value in raw.items():
                    if key is None or value in (None, ""):
                        continue
                    kind = spec.get(key, {}).get("type")
                    try:
                        row[key] = float(value) if kind == "number" else value
                    except ValueError:
                        row[key] = value
                rows.append(row)
            result[resource] = rows
    return result


def zip_errors(data: bytes, *, limit: int = 50) -> list[str]:
    """Problems of a CSV package against the tabular schema (empty when valid)."""
    from jsonschema import Draft202012Validator, FormatChecker

    tables = read_zip_tables(data)
    validator = Draft202012Validator(tabular_schema(), format_checker=FormatChecker())
    errors = []
    for error in validator.iter_errors(tables):
        errors.append("/".join(str(p) for p in error.absolute_path) + ": " + error.message)
        if len(errors) >= limit:
            break
    return errors
