"""Bulk import of contact lists (CSV or XLSX): read the file, map its columns,
find duplicates (similar name, address, phone, e-mail) among existing
organisations and within the file, then create or merge, all or nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.audit.services import audit_record
from teilhabe.directory.duplicates import Candidate, Match, find_duplicates
from teilhabe.directory.models import Contact, ImportUpload, Location, Organisation, Phone, State
from teilhabe.directory.safety import clean_text
from teilhabe.directory.services.entries import save_entry
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.roles import Capability

MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_CELL = 5000

#: Target fields of an import, with header words that suggest them.
TARGETS: dict[str, tuple[str, ...]] = {
    "name": ("name", "organisation", "organization", "verein", "träger", "einrichtung", "firma"),
    "kind": ("typ", "type", "art", "kategorie"),
    "description": ("beschreibung", "description", "angebot", "info"),
    "contact_name": (
        "ansprechperson",
        "ansprechpartner",
        "kontaktperson",
        "contact",
        "person",
        "vorname nachname",
    ),
    "contact_title": ("funktion", "rolle", "position", "title"),
    "email": ("e-mail", "email", "mail"),
    "phone": ("telefon", "phone", "tel", "mobil", "handy"),
    "website": ("website", "webseite", "homepage", "internet", "url"),
    "street": ("straße", "strasse", "street", "adresse", "anschrift"),
    "postal_code": ("plz", "postleitzahl", "postal", "zip"),
    "city": ("ort", "stadt", "gemeinde", "city", "town"),
    "languages": ("sprachen", "languages", "sprache"),
}


class ImportFileError(ValidationError):
    pass


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text."))


def read_table(*, name: str, data: bytes) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of a CSV or XLSX file, as text; clear errors for bad files."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if name.lower().endswith(".xlsx") or data[:2] == b"PK":
        rows = _read_xlsx(data)
    else:
        text = _decode(data)
        try:
            dialect = csv.Sniffer().sniff(text[:5000], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
            dialect.delimiter = ";"
        try:
            rows = list(csv.reader(io.StringIO(text), dialect))
        except csv.Error as exc:
            raise ImportFileError(
                _("The CSV file cannot be read: %(error)s") % {"error": exc}
            ) from None
    rows = [
        [clean_text(c).strip()[:MAX_CELL] for c in row[:MAX_COLUMNS]]
        for row in rows
        if any(c.strip() for c in row)
    ]
    if not rows:
        raise ImportFileError(_("The file has no rows."))
    headers, body = rows[0], rows[1:]
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS}
        )
    if not body:
        raise ImportFileError(_("The file has a header line but no data rows."))
    width = len(headers)
    headers = [h or _("column %(n)s") % {"n": i + 1} for i, h in enumerate(headers)]
    return headers, [(row + [""] * width)[:width] for row in body]


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise ImportFileError(
            _("The XLSX file cannot be read: %(error)s") % {"error": type(exc).__name__}
        ) from None
    sheet = book.worksheets[0]
    rows = []
    for count, row in enumerate(sheet.iter_rows(values_only=True)):
        if count > MAX_ROWS + 1:
            raise ImportFileError(
                _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS}
            )
        rows.append(["" if v is None else str(v) for v in row])
    book.close()
    return rows


@transaction.atomic
def upload_create(*, access: DistrictAccess, name: str, data: bytes) -> ImportUpload:
    access.require(Capability.DIRECTORY_EDIT)
    headers, rows = read_table(name=name, data=data)
    upload = ImportUpload(
        district=access.district,
        created_by=access.user,
        file_name=clean_text(name)[:200],
        headers=headers,
        rows=rows,
        mapping=guess_mapping(headers),
    )
    upload.full_clean()
    upload.save()
    return upload


def guess_mapping(headers: list[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for target, words in TARGETS.items():
        for index, header in enumerate(headers):
            low = header.casefold()
            if index not in mapping.values() and any(w in low for w in words):
                mapping[target] = index
                break
    return mapping


@dataclass
class ImportRow:
    number: int
    values: dict[str, str]
    existing: list[tuple[Organisation, Match]]
    in_file: list[int]  # earlier row numbers that look the same
    default: str  # "new", "skip", "merge:<pk>"


def rows_mapped(upload: ImportUpload) -> list[dict[str, str]]:
    result = []
    for row in upload.rows:
        result.append(
            {t: row[i] for t, i in upload.mapping.items() if isinstance(i, int) and i < len(row)}
        )
    return result


def review(*, access: DistrictAccess, upload: ImportUpload) -> list[ImportRow]:
    """Each row with its likely duplicates and the suggested decision."""
    access.require(Capability.DIRECTORY_EDIT)
    existing = list(
        Organisation.objects.filter(district=access.district).prefetch_related(
            "phones", "contacts__phones", "locations"
        )
    )
    by_pk = {o.pk: o for o in existing}
    pool = [
        Candidate(
            key=o.pk,
            name=o.name,
            email=o.email,
            phone=" ".join(p.number for p in o.phones.all())
            or " ".join(p.number for c in o.contacts.all() for p in c.phones.all()),
            address=next(
                (f"{loc.address_1} {loc.postal_code} {loc.city}" for loc in o.locations.all()), ""
            ),
        )
        for o in existing
    ]
    result = []
    seen: list[Candidate] = []
    for number, values in enumerate(rows_mapped(upload), start=1):
        candidate = Candidate(
            key=number,
            name=values.get("name", ""),
            email=values.get("email", ""),
            phone=values.get("phone", ""),
            address=" ".join(values.get(k, "") for k in ("street", "postal_code", "city")).strip(),
        )
        matches = [(by_pk[m.key], m) for m in find_duplicates(candidate, pool) if m.key in by_pk]  # type: ignore[index]
        earlier = [int(m.key) for m in find_duplicates(candidate, seen)]
        if not candidate.name:
            default = "skip"
        elif matches:
            default = f"merge:{matches[0][0].pk}"
        elif earlier:
            default = "skip"
        else:
            default = "new"
        result.append(ImportRow(number, values, matches, earlier, default))
        seen.append(candidate)
    return result


def _kind(value: str) -> str:
    low = value.casefold()
    for kind, label in Organisation.Kind.choices:
        if low in {kind, str(label).casefold()}:
            return kind
    if "migrant" in low or "mso" in low:
        return Organisation.Kind.MIGRANT_ORGANISATION
    if "verein" in low or "club" in low:
        return Organisation.Kind.CLUB
    if "beratung" in low:
        return Organisation.Kind.COUNSELLING
    return Organisation.Kind.OTHER


@transaction.atomic
def upload_apply(
    *, access: DistrictAccess, upload: ImportUpload, decisions: dict[int, str], publish: bool
) -> dict[str, int]:
    """Apply the decisions (row number → "new", "skip" or "merge:<pk>"), all or nothing."""
    access.require(Capability.DIRECTORY_EDIT)
    if upload.finished_at is not None:
        raise ValidationError(_("This file has already been imported."))
    counts = {"created": 0, "merged": 0, "skipped": 0}
    for number, values in enumerate(rows_mapped(upload), start=1):
        decision = decisions.get(number, "skip")
        if decision == "skip" or not values.get("name"):
            counts["skipped"] += 1
            continue
        try:
            if decision == "new":
                org = save_entry(
                    obj=Organisation(district=access.district),
                    data={
                        "name": values["name"],
                        "kind": _kind(values.get("kind", "")),
                        "description": values.get("description", ""),
                        "email": values.get("email", "").strip(),
                        "website": _website(values.get("website", "")),
                        "state": State.PUBLISHED if publish else State.DRAFT,
                        "external_ref": f"import:{upload.pk}:{number}",
                    },
                    actor=access.user,
                    action="import",
                )
                counts["created"] += 1
            elif decision.startswith("merge:"):
                org = Organisation.objects.get(
                    pk=int(decision.split(":", 1)[1]), district=access.district
                )
                fill = {
                    k: v
                    for k, v in {
                        "email": values.get("email", "").strip(),
                        "website": _website(values.get("website", "")),
                        "description": values.get("description", ""),
                    }.items()
                    if v and not getattr(org, k)
                }
                if fill:
                    save_entry(obj=org, data=fill, actor=access.user, action="import")
                counts["merged"] += 1
            else:
                raise ValidationError(_("Unknown decision for row %(n)s.") % {"n": number})
            _add_details(access, org, values)
        except (ValidationError, Organisation.DoesNotExist) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise ValidationError(
                _("Row %(n)s (%(name)s): %(error)s")
                % {"n": number, "name": values.get("name", ""), "error": " ".join(messages)}
            ) from None
    upload.finished_at = timezone.now()
    upload.result = counts
    upload.save(update_fields=["finished_at", "result"])
    audit_record(
        actor=access.user,
        action="directory.import",
        district_id=access.district.pk,
        obj=upload,
        changes=counts,
    )
    return counts


def _website(value: str) -> str:
    value = value.strip()
    if value and "://" not in value:
        value = "https://" + value
    return value


def _add_details(access: DistrictAccess, org: Organisation, values: dict[str, str]) -> None:
    """Contact person, phone and address of a row, unless the organisation has them."""
    phone = values.get("phone", "").strip()
    name = values.get("contact_name", "").strip()
    if name and not org.contacts.filter(name__iexact=name).exists():
        contact = Contact(
            organisation=org,
            name=name,
            title=values.get("contact_title", ""),
            email=values.get("email", ""),
            is_public=False,
        )
        contact.full_clean()
        contact.save()
        if phone:
            Phone.objects.create(contact=contact, number=phone[:40])
    elif phone and not org.phones.filter(number=phone[:40]).exists():
        Phone.objects.create(organisation=org, number=phone[:40])
    street = values.get("street", "").strip()
    if street and not org.locations.filter(address_1__iexact=street).exists():
        from teilhabe.areas.models import Area

        city = values.get("city", "").strip()
        gemeinde = (
            Area.objects.gemeinden()
            .current()
            .filter(parent=access.district.kreis, name__istartswith=city)
            .first()
            if city
            else None
        )
        save_entry(
            obj=Location(district=access.district),
            data={
                "name": org.name,
                "organisation": org,
                "address_1": street,
                "postal_code": values.get("postal_code", "")[:10],
                "city": city,
                "gemeinde": gemeinde,
                "state": org.state,
            },
            actor=access.user,
            action="import",
        )


def upload_set_mapping(
    *, access: DistrictAccess, upload: ImportUpload, mapping: dict[str, int]
) -> None:
    access.require(Capability.DIRECTORY_EDIT)
    if "name" not in mapping:
        raise ValidationError(_("Choose the column with the name of the organisation."))
    width = len(upload.headers)
    upload.mapping = {k: v for k, v in mapping.items() if k in TARGETS and 0 <= v < width}
    upload.save(update_fields=["mapping"])
