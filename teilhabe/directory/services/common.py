"""Helpers shared by the directory's services: entity types, change history,
translations' status, the search index and event occurrences."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import models
from django.utils import timezone, translation

from teilhabe.accounts.models import User
from teilhabe.directory.models import (
    ChangeRecord,
    Event,
    EventOccurrence,
    Location,
    Organisation,
    SearchEntry,
    Service,
    State,
    Translation,
)
from teilhabe.directory.recurrence import occurrences
from teilhabe.directory.search.backends import backend

EntryModel = Organisation | Service | Location | Event
ET = Translation.EntityType

MODEL_OF_TYPE: dict[str, type[Organisation] | type[Service] | type[Location] | type[Event]] = {
    ET.ORGANISATION: Organisation,
    ET.SERVICE: Service,
    ET.LOCATION: Location,
    ET.EVENT: Event,
}
TYPE_OF_MODEL: dict[type[models.Model], str] = {v: k for k, v in MODEL_OF_TYPE.items()}
#: Entity types found by the public search.
SEARCHABLE = (ET.SERVICE, ET.EVENT, ET.ORGANISATION)
OCCURRENCE_DAYS_BACK = 31
OCCURRENCE_DAYS_AHEAD = 400


def entity_type(obj: models.Model) -> str:
    return TYPE_OF_MODEL[type(obj)]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def actor_label(actor: User | None, fallback: str = "") -> str:
    if actor is not None and actor.is_authenticated:
        return actor.get_username()
    return fallback


def plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(plain(v) for v in value))
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[str]]:
    return {
        name: [plain(before.get(name)), plain(value)]
        for name, value in after.items()
        if plain(before.get(name)) != plain(value)
    }


def record_changes(*, obj: EntryModel, action: str, changes: dict[str, list[str]], by: str) -> None:
    """Append the change history (one row per field; one row for actions without fields)."""
    base = {
        "district_id": obj.district_id,
        "entity_type": entity_type(obj),
        "entity_id": obj.pk,
        "entity_uuid": obj.uuid,
        "action": action,
        "updated_by": by[:200],
    }
    rows = [
        ChangeRecord(field_name=name, previous_value=old, replacement_value=new, **base)
        for name, (old, new) in changes.items()
    ] or [ChangeRecord(**base)]
    ChangeRecord.objects.bulk_create(rows)


def outdate_translations(obj: EntryModel, changed_fields: Iterable[str]) -> int:
    """Translations of fields whose source text changed are marked outdated."""
    fields = [f for f in changed_fields if f in obj.TRANSLATABLE]
    if not fields:
        return 0
    return (
        Translation.objects.filter(entity_type=entity_type(obj), entity_id=obj.pk, field__in=fields)
        .exclude(status__in=[Translation.Status.ORIGINAL, Translation.Status.OUTDATED])
        .update(status=Translation.Status.OUTDATED)
    )


def _labels(terms: Iterable[Any]) -> str:
    return " ".join(t.label for t in terms)


def _index_text(obj: EntryModel, texts: dict[str, str]) -> tuple[str, str]:
    """(title, body) of an entry for the search index, in the active language."""
    title = texts.get("name") or texts.get("title") or ""
    body = [texts.get(f, "") for f in obj.TRANSLATABLE if f not in {"name", "title"}]
    if isinstance(obj, Service):
        body += [obj.organisation.name, _labels(obj.categories.all())]
        body += [_labels(obj.target_groups.all())]
        for location in obj.locations.all():
            body += [location.city, location.gemeinde.name if location.gemeinde else ""]
    elif isinstance(obj, Event):
        body += [obj.organisation.name if obj.organisation else "", _labels(obj.categories.all())]
        body += [_labels(obj.target_groups.all())]
        if obj.location is not None:
            body += [obj.location.name, obj.location.city]
    elif isinstance(obj, Organisation):
        body += [obj.alternate_name, obj.get_kind_display(), _labels(obj.topics.all())]
        body += [_labels(obj.target_groups.all())]
    return title, " ".join(b for b in body if b)


def search_reindex(obj: EntryModel) -> None:
    """Rebuild the entry's rows in the search index (none unless it is published)."""
    kind = entity_type(obj)
    SearchEntry.objects.filter(entity_type=kind, entity_id=obj.pk).delete()
    if kind not in SEARCHABLE or obj.state != State.PUBLISHED:
        return
    search = backend()
    source = {f: getattr(obj, f) or "" for f in obj.TRANSLATABLE}
    per_language: dict[str, dict[str, str]] = {obj.source_language: dict(source)}
    for row in Translation.objects.filter(entity_type=kind, entity_id=obj.pk):
        per_language.setdefault(row.language, dict(source))[row.field] = row.text
    rows = []
    for language, texts in per_language.items():
        with translation.override(language):
            title, body = _index_text(obj, texts)
        rows.append(
            SearchEntry(
                district_id=obj.district_id,
                entity_type=kind,
                entity_id=obj.pk,
                language=language,
                title=title[:300],
                text=body,
                stemmed=search.stemmed(f"{title} {body}", language),
            )
        )
    SearchEntry.objects.bulk_create(rows)
    search.add_terms([row.pk for row in rows])


def occurrences_refresh(event: Event, *, now: datetime | None = None) -> int:
    """Expand the event into stored occurrences from a month ago to 400 days ahead."""
    moment = now or timezone.now()
    EventOccurrence.objects.filter(event=event).delete()
    found = occurrences(
        start=event.start,
        end=event.end,
        rrule=event.rrule,
        exdates=event.exdates,
        tz=event.timezone,
        window_start=moment - timedelta(days=OCCURRENCE_DAYS_BACK),
        window_end=moment + timedelta(days=OCCURRENCE_DAYS_AHEAD),
    )
    EventOccurrence.objects.bulk_create(
        EventOccurrence(event=event, district_id=event.district_id, start=s, end=e)
        for s, e in found
    )
    return len(found)


def utc_now() -> datetime:
    return datetime.now(UTC)
