"""The full HSDS 3 export of a district: JSON (streamed to a file in batches, so memory
stays flat however large the directory is) and the tabular CSV package (ZIP)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import datetime
from typing import IO, Any

from teilhabe.directory.hsds.build import (
    PROFILE,
    Builder,
    Row,
    published_locations,
    published_organisations,
    published_services,
)
from teilhabe.directory.hsds.schema import table_columns, tabular_schema
from teilhabe.districts.models import District

#: Entries read and serialised per batch.
BATCH = 2000
#: The three lists of the document, in the order they are written.
SECTIONS = ("organizations", "services", "locations")

Progress = Callable[[str, int, int], None]


def _ids(queryset: Any) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def _section(builder: Builder, section: str, ids: list[int]) -> Iterator[list[Row]]:
    """The section's objects, one batch at a time."""
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        if section == "organizations":
            yield builder.organizations(batch, with_locations=False)
        elif section == "services":
            yield builder.services(batch, with_locations=False)
        else:
            yield builder.locations(batch)


def _section_ids(district: District) -> dict[str, list[int]]:
    return {
        "organizations": _ids(published_organisations(district)),
        "services": _ids(published_services(district)),
        "locations": _ids(published_locations(district)),
    }


def _header(district: District) -> Row:
    return {
        "profile": PROFILE,
        "publisher": district.name,
        "generated": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def export_document(*, district: District) -> Row:
    """Every published organisation, offer and place of the district as one HSDS 3
    document in memory (for small directories and tests; see :func:`write_json`)."""
    builder = Builder(district)
    document = _header(district)
    for section, ids in _section_ids(district).items():
        document[section] = [item for batch in _section(builder, section, ids) for item in batch]
    return document


def write_json(*, district: District, out: IO[bytes], progress: Progress | None = None) -> int:
    """Write the district's HSDS 3 document to ``out`` batch by batch; returns the
    number of objects written. ``progress(section, done, total)`` follows each batch."""
    builder = Builder(district)
    ids = _section_ids(district)
    total = sum(len(v) for v in ids.values())
    done = 0
    header = json.dumps(_header(district), ensure_ascii=False)
    out.write(header[:-1].encode())
    for section in SECTIONS:
        out.write(f', "{section}": ['.encode())
        first = True
        for batch in _section(builder, section, ids[section]):
            if not batch:
                continue
            text = json.dumps(batch, ensure_ascii=False)[1:-1]
            out.write((text if first else ", " + text).encode())
            first = False
            done += len(batch)
            if progress is not None:
                progress(section, done, total)
        out.write(b"]")
    out.write(b"}")
    return done


# --- CSV package ----------------------------------------------------------------------------


def _flatten(section: str, item: Row) -> Iterator[tuple[str, Row]]:
    """The package's table rows of one object: (resource, row)."""

    def phones(items: list[Row], **links: Any) -> Iterator[tuple[str, Row]]:
        for phone in items:
            yield "phone", {**phone, **links}

    def attributes(items: list[Row]) -> Iterator[tuple[str, Row]]:
        for attribute in items:
            yield "attribute", attribute
            yield "taxonomy_term", attribute["taxonomy_term"]

    def contacts(items: list[Row], **links: Any) -> Iterator[tuple[str, Row]]:
        for contact in items:
            yield "contact", {**contact, **links}
            yield from phones(contact.get("phones", []), contact_id=contact["id"])

    if section == "organizations":
        yield "organization", item
        yield from phones(item.get("phones", []), organization_id=item["id"])
        yield from contacts(item.get("contacts", []), organization_id=item["id"])
        yield from attributes(item.get("attributes", []))
    elif section == "locations":
        yield "location", item
        for address in item.get("addresses", []):
            yield "address", address
        for accessibility in item.get("accessibility", []):
            yield "accessibility", accessibility
        for schedule in item.get("schedules", []):
            yield "schedule", {**schedule, "location_id": item["id"]}
        yield from phones(item.get("phones", []), location_id=item["id"])
        yield from attributes(item.get("attributes", []))
    else:
        yield "service", item
        yield from phones(item.get("phones", []), service_id=item["id"])
        for schedule in item.get("schedules", []):
            yield "schedule", {**schedule, "service_id": item["id"]}
        for sal in item.get("service_at_locations", []):
            yield "service_at_location", sal
        for language in item.get("languages", []):
            yield "language", language
        yield from contacts(item.get("contacts", []), service_id=item["id"])
        yield from attributes(item.get("attributes", []))
        for meta in item.get("metadata", []):
            yield "metadata", meta


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_zip(*, district: District, out: IO[bytes], progress: Progress | None = None) -> int:
    """Write the HSDS CSV package (one CSV per table plus datapackage.json) as a ZIP to
    ``out``. Tables are collected in temporary files, batch by batch; a row that
    appears twice (a term used by many entries, opening hours of an offer at a
    place) is written once."""
    builder = Builder(district)
    ids = _section_ids(district)
    total = sum(len(v) for v in ids.values())
    resources = sorted(tabular_schema()["properties"])
    columns = {resource: table_columns(resource)[1] for resource in resources}
    seen: dict[str, set[str]] = {resource: set() for resource in resources}
    done = 0
    with ExitStack() as stack:
        files = {
            resource: stack.enter_context(
                tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
            )
            for resource in resources
        }
        writers = {
            resource: csv.writer(files[resource], lineterminator="\n") for resource in resources
        }
        for resource in resources:
            writers[resource].writerow(columns[resource])
        # Places before offers, so that tables shared by both list the places' rows first.
        for section in ("organizations", "locations", "services"):
            for batch in _section(builder, section, ids[section]):
                for item in batch:
                    for resource, row in _flatten(section, item):
                        if row["id"] in seen[resource]:
                            continue
                        seen[resource].add(row["id"])
                        writers[resource].writerow([_cell(row.get(c)) for c in columns[resource]])
                done += len(batch)
                if progress is not None:
                    progress(section, done, total)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for resource in resources:
                path = table_columns(resource)[0]
                files[resource].seek(0)
                with (
                    archive.open(path, "w") as member,
                    io.TextIOWrapper(member, encoding="utf-8", newline="") as text,
                ):
                    while chunk := files[resource].read(1 << 20):
                        text.write(chunk)
            archive.writestr(
                "datapackage.json",
                json.dumps(
                    {
                        "name": f"hsds-{district.slug}",
                        "profile": "tabular-data-package",
                        "resources": [
                            {
                                "name": resource,
                                "path": table_columns(resource)[0],
                                "profile": "tabular-data-resource",
                                "format": "csv",
                            }
                            for resource in resources
                        ],
                        "licenses": [{"name": "CC-BY-4.0"}],
                        "sources": [{"title": district.name}],
                    },
                    ensure_ascii=False,
                    indent=1,
                ),
            )
    return done


def export_zip(*, district: District) -> bytes:
    """The HSDS CSV package as bytes (small directories and tests; see :func:`write_zip`)."""
    buffer = io.BytesIO()
    write_zip(district=district, out=buffer)
    return buffer.getvalue()


def read_zip_tables(data: bytes) -> dict[str, list[Row]]:
    """The tables of a CSV package, with numbers typed as the tabular schema says."""
    result: dict[str, list[Row]] = {}
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
                row: Row = {}
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
