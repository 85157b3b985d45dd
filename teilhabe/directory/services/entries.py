"""Writing directory entries: organisations, offers, places, events, their
relationships, opening hours, contacts, translations, confirmation and visibility.

Every write cleans user text (direction controls), validates the model, saves inside
one transaction, appends the per-field change history, records an audit entry, marks
translations of changed source texts outdated, and refreshes the search index (and
an event's occurrences).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.accounts.models import User
from teilhabe.audit.services import audit_record
from teilhabe.directory.models import (
    Activity,
    Contact,
    Event,
    Location,
    Organisation,
    Phone,
    Relationship,
    Schedule,
    Service,
    ServiceAtLocation,
    State,
    TaxonomyTerm,
    Translation,
)
from teilhabe.directory.recurrence import RecurrenceError, validate_rrule
from teilhabe.directory.safety import clean_fields, clean_text, reencode_image
from teilhabe.directory.services.common import (
    EntryModel,
    actor_label,
    changes_between,
    digest,
    entity_type,
    occurrences_refresh,
    outdate_translations,
    plain,
    record_changes,
    search_reindex,
    snapshot,
)
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.models import District
from teilhabe.districts.roles import Capability

E = TypeVar("E", Organisation, Service, Location, Event)

#: Many-to-many taxonomy fields of each entry type.
TAXONOMY_FIELDS: dict[type, tuple[str, ...]] = {
    Organisation: ("target_groups", "topics", "languages"),
    Service: ("categories", "target_groups", "languages"),
    Location: ("accessibility",),
    Event: ("categories", "target_groups", "languages"),
}


def _require_any(access: DistrictAccess, *capabilities: str) -> None:
    for capability in capabilities:
        if access.can(capability):
            return
    access.require(capabilities[0])


def _check_same_district(district: District, *objs: Any) -> None:
    for obj in objs:
        if obj is not None and getattr(obj, "district_id", district.pk) != district.pk:
            raise ValidationError(_("That entry belongs to another district."))


def _check_terms(obj: EntryModel, m2m: dict[str, Sequence[TaxonomyTerm]]) -> None:
    allowed = TAXONOMY_FIELDS[type(obj)]
    for name, terms in m2m.items():
        if name not in allowed:
            raise ValidationError(f"{name} is not a taxonomy field of {type(obj).__name__}")
        for term in terms:
            if term.district_id not in {None, obj.district_id}:
                raise ValidationError(_("That term belongs to another district."))


def save_entry(
    *,
    obj: E,
    data: dict[str, Any],
    m2m: dict[str, Sequence[TaxonomyTerm]] | None = None,
    actor: User | None,
    by: str = "",
    action: str = "",
) -> E:
    """Create or update an entry (the one write path for offices, moderators and
    imports; callers check permissions)."""
    m2m = m2m or {}
    creating = obj.pk is None
    data = clean_fields(data)
    before = {} if creating else snapshot(obj, data.keys())
    before_m2m = {} if creating else {name: list(getattr(obj, name).all()) for name in m2m}
    for name, value in data.items():
        setattr(obj, name, value)
    if isinstance(obj, Event):
        try:
            validate_rrule(obj.rrule, start=obj.start, tz=obj.timezone)
        except RecurrenceError as exc:
            raise ValidationError(
                {"rrule": _("The repetition rule is not valid: %s") % exc}
            ) from None
    if isinstance(obj, Location) and obj.gemeinde is not None and obj.latitude is None:
        # Without a geocoded address, the Gemeinde's centre places it on the map.
        obj.latitude, obj.longitude = obj.gemeinde.latitude, obj.gemeinde.longitude
    _check_terms(obj, m2m)
    obj.full_clean()
    obj.save()
    for name, terms in m2m.items():
        getattr(obj, name).set(terms)
    changes = changes_between(before, data)
    changes.update(changes_between(before_m2m, {k: list(v) for k, v in m2m.items()}))
    if creating:
        changes = {k: v for k, v in changes.items() if v[1]}
    else:
        outdate_translations(obj, changes)
    kind = entity_type(obj)
    verb = action or ("create" if creating else "update")
    if creating or changes:
        record_changes(obj=obj, action=verb, changes=changes, by=by or actor_label(actor))
        audit_record(
            actor=actor,
            action=f"directory.{kind}.{verb}",
            district_id=obj.district_id,
            obj=obj,
            changes={k: v for k, v in changes.items() if k not in {"notes", "verified_emails"}},
        )
    if isinstance(obj, Event):
        occurrences_refresh(obj)
    search_reindex(obj)
    return obj


def _entry(access: DistrictAccess, model: type[E], data: dict[str, Any]) -> E:
    access.require(Capability.DIRECTORY_EDIT)
    return model(district=access.district, **{k: v for k, v in data.items() if k == "state"})


@transaction.atomic
def organisation_create(
    *,
    access: DistrictAccess,
    data: dict[str, Any],
    m2m: dict[str, Sequence[TaxonomyTerm]] | None = None,
) -> Organisation:
    obj = _entry(access, Organisation, data)
    return save_entry(obj=obj, data=data, m2m=m2m, actor=access.user)


@transaction.atomic
def organisation_update(
    *,
    access: DistrictAccess,
    organisation: Organisation,
    data: dict[str, Any],
    m2m: dict[str, Sequence[TaxonomyTerm]] | None = None,
) -> Organisation:
    access.require(Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, organisation)
    return save_entry(obj=organisation, data=data, m2m=m2m, actor=access.user)


@transaction.atomic
def service_create(
    *,
    access: DistrictAccess,
    data: dict[str, Any],
    m2m: dict[str, Sequence[TaxonomyTerm]] | None = None,
    locations: Sequence[Location] = (),
) -> Service:
    obj = _entry(access, Service, data)
    _check_same_district(access.district, data.get("organisation"), *locations)
    service = save_entry(obj=obj, data=data, m2m=m2m, actor=access.user)
    service_locations_set(service=service, locations=locations)
    return service


@transaction.atomic
def service_update(
    *,
    access: DistrictAccess,
    service: Service,
    data: dict[str, Any],
    m2m: dict[str, Sequence[TaxonomyTerm]] | None = None,
    locations: Sequence[Location] | None = None,
) -> Service:
    access.require(Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, service, data.get("organisation"), *(locations or []))
    service = save_entry(obj=service, data=data, m2m=m2m, actor=access.user)
    if locations is not None:
        service_locations_set(service=service, locations=locations)
    return service


def service_locations_set(*, service: Service, locations: Sequence[Location]) -> None:
    """Offer the service at exactly these places (HSDS service_at_location)."""
    wanted = {loc.pk for loc in locations}
    ServiceAtLocation.objects.filter(service=service).exclude(location_id__in=wanted).delete()
    have = set(
        ServiceAtLocation.objects.filter(service=service).values_list("location_id", flat=True)
    )
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(service=service, location_id=pk) for pk in wanted - have
    )
    if wanted != have:
        search_reindex(service)


@transaction.atomic
def location_create(
    *,
    access: DistrictAccess,
    data: dict[str, Any],
    m2m: dict[str, Sequence[TaxonomyTerm]] | None = None,
) -> Location:
    obj = _entry(access, Location, data)
    _check_same_district(access.district, data.get("organisation"))
    _check_gemeinde(access.district, data.get("gemeinde"))
    return save_entry(obj=obj, data=data, m2m=m2m, actor=access.user)


@transaction.atomic
def location_update(
    *,
    access: DistrictAccess,
    location: Location,
    data: dict[str, Any],
    m2m: dict[str, Sequence[TaxonomyTerm]] | None = None,
) -> Location:
    access.require(Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, location, data.get("organisation"))
    _check_gemeinde(access.district, data.get("gemeinde"))
    return save_entry(obj=location, data=data, m2m=m2m, actor=access.user)


def _check_gemeinde(district: District, gemeinde: Any) -> None:
    if gemeinde is not None and gemeinde.parent_id != district.kreis_id:
        raise ValidationError({"gemeinde": _("Choose a Gemeinde of this district.")})


@transaction.atomic
def event_create(
    *,
    access: DistrictAccess,
    data: dict[str, Any],
    m2m: dict[str, Sequence[TaxonomyTerm]] | None = None,
) -> Event:
    obj = _entry(access, Event, data)
    _check_same_district(access.district, data.get("organisation"), data.get("location"))
    return save_entry(obj=obj, data=data, m2m=m2m, actor=access.user)


@transaction.atomic
def event_update(
    *,
    access: DistrictAccess,
    event: Event,
    data: dict[str, Any],
    m2m: dict[str, Sequence[TaxonomyTerm]] | None = None,
) -> Event:
    access.require(Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, event, data.get("organisation"), data.get("location"))
    return save_entry(obj=event, data=data, m2m=m2m, actor=access.user)


@transaction.atomic
def entry_confirm(*, access: DistrictAccess, entry: EntryModel, on: date | None = None) -> None:
    """The entry is still correct: set "last confirmed" and publish it again if it
    was unpublished for being unconfirmed."""
    access.require(Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, entry)
    entry_confirm_by(entry=entry, actor=access.user, by=access.user.get_username(), on=on)


def entry_confirm_by(
    *, entry: EntryModel, actor: User | None, by: str, on: date | None = None
) -> None:
    previous = entry.last_confirmed
    entry.last_confirmed = on or timezone.localdate()
    entry.stale_flagged_at = None
    entry.reminder_sent_at = None
    changes = {"last_confirmed": [plain(previous), plain(entry.last_confirmed)]}
    if entry.state == State.UNPUBLISHED:
        changes["state"] = [entry.state, State.PUBLISHED]
        entry.state = State.PUBLISHED
    entry.save(
        update_fields=[
            "last_confirmed",
            "stale_flagged_at",
            "reminder_sent_at",
            "state",
            "updated_at",
        ]
    )
    record_changes(obj=entry, action="confirm", changes=changes, by=by)
    audit_record(
        actor=actor,
        action=f"directory.{entity_type(entry)}.confirm",
        district_id=entry.district_id,
        obj=entry,
        changes=changes,
    )
    search_reindex(entry)


@transaction.atomic
def entry_set_state(
    *, access: DistrictAccess, entry: EntryModel, state: str, reason: str = ""
) -> None:
    """Publish, hide (never delete) or return an entry to draft, with the reason."""
    _require_any(access, Capability.MODERATE, Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, entry)
    entry_state_change(entry=entry, state=state, reason=reason, actor=access.user)


def entry_state_change(*, entry: EntryModel, state: str, reason: str, actor: User | None) -> None:
    if state not in State.values:
        raise ValidationError(_("Unknown state."))
    if state == entry.state:
        return
    changes = {"state": [entry.state, state]}
    if reason:
        changes["reason"] = ["", clean_text(reason)[:1000]]
    entry.state = state
    entry.save(update_fields=["state", "updated_at"])
    record_changes(obj=entry, action=state, changes=changes, by=actor_label(actor, "Teilhabe"))
    audit_record(
        actor=actor,
        action=f"directory.{entity_type(entry)}.{state}",
        district_id=entry.district_id,
        obj=entry,
        changes=changes,
    )
    search_reindex(entry)


@transaction.atomic
def translation_save(
    *,
    access: DistrictAccess,
    entry: EntryModel,
    language: str,
    field: str,
    text: str,
    status: str = Translation.Status.NOT_REVIEWED,
) -> Translation | None:
    """Store (or, with empty text, remove) one field's translation."""
    access.require(Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, entry)
    if field not in entry.TRANSLATABLE:
        raise ValidationError(_("This field is not translated."))
    if language == entry.source_language:
        raise ValidationError(_("This is the source language; edit the entry itself."))
    if status not in {Translation.Status.REVIEWED, Translation.Status.NOT_REVIEWED}:
        raise ValidationError(_("Unknown status."))
    kind = entity_type(entry)
    text = clean_text(text).strip()
    existing = Translation.objects.filter(
        entity_type=kind, entity_id=entry.pk, language=language, field=field
    ).first()
    before = existing.text if existing else ""
    if not text:
        if existing is not None:
            existing.delete()
    else:
        row = existing or Translation(
            district_id=entry.district_id,
            entity_type=kind,
            entity_id=entry.pk,
            language=language,
            field=field,
        )
        row.text = text
        row.status = status
        row.source_digest = digest(getattr(entry, field) or "")
        row.full_clean()
        row.save()
        existing = row
    if before != text:
        record_changes(
            obj=entry,
            action="translate",
            changes={f"{field} [{language}]": [before, text]},
            by=access.user.get_username(),
        )
        audit_record(
            actor=access.user,
            action=f"directory.{kind}.translate",
            district_id=entry.district_id,
            obj=entry,
            changes={"language": language, "field": field},
        )
    search_reindex(entry)
    return existing if text else None


@transaction.atomic
def organisation_logo_set(
    *, access: DistrictAccess, organisation: Organisation, data: bytes | None
) -> None:
    """Store an uploaded logo, decoded and re-encoded as PNG (or remove it)."""
    access.require(Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, organisation)
    if organisation.logo:
        organisation.logo.delete(save=False)
    if data:
        png = reencode_image(data)
        organisation.logo.save(f"{organisation.uuid}.png", ContentFile(png), save=False)
    organisation.save(update_fields=["logo", "updated_at"])
    record_changes(
        obj=organisation,
        action="update",
        changes={"logo": ["", "new" if data else ""]},
        by=access.user.get_username(),
    )
    audit_record(
        actor=access.user,
        action="directory.organisation.logo",
        district_id=organisation.district_id,
        obj=organisation,
    )


@transaction.atomic
def relationship_create(
    *,
    access: DistrictAccess,
    source: Organisation,
    kind: str,
    target: Organisation,
    valid_from: date | None = None,
    valid_until: date | None = None,
    note: str = "",
) -> Relationship:
    access.require(Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, source, target)
    relation = Relationship(
        district=access.district,
        source=source,
        kind=kind,
        target=target,
        valid_from=valid_from,
        valid_until=valid_until,
        note=clean_text(note),
    )
    relation.full_clean()
    relation.save()
    audit_record(
        actor=access.user,
        action="directory.relationship.create",
        district_id=access.district.pk,
        obj=relation,
    )
    return relation


@transaction.atomic
def relationship_delete(*, access: DistrictAccess, relationship: Relationship) -> None:
    access.require(Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, relationship)
    audit_record(
        actor=access.user,
        action="directory.relationship.delete",
        district_id=access.district.pk,
        obj=relationship,
        changes={"relationship": str(relationship)},
    )
    relationship.delete()


@transaction.atomic
def schedule_add(
    *, access: DistrictAccess, owner: Service | Location, data: dict[str, Any]
) -> Schedule:
    access.require(Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, owner)
    schedule = Schedule(**clean_fields(data))
    if isinstance(owner, Service):
        schedule.service = owner
    else:
        schedule.location = owner
    schedule.full_clean()
    schedule.save()
    record_changes(
        obj=owner,
        action="update",
        changes={"opening hours": ["", str(schedule)]},
        by=access.user.get_username(),
    )
    return schedule


@transaction.atomic
def schedule_delete(*, access: DistrictAccess, schedule: Schedule) -> None:
    access.require(Capability.DIRECTORY_EDIT)
    owner = schedule.service or schedule.location
    _check_same_district(access.district, owner)
    if owner is not None:
        record_changes(
            obj=owner,
            action="update",
            changes={"opening hours": [str(schedule), ""]},
            by=access.user.get_username(),
        )
    schedule.delete()


_MERGE_FIELDS = ("alternate_name", "description", "email", "website", "legal_status", "owner_email")


@transaction.atomic
def organisation_merge(
    *, access: DistrictAccess, keep: Organisation, duplicate: Organisation
) -> Organisation:
    """Merge a duplicate into ``keep``: its offers, places, events, contacts, phones,
    relationships, contact log and terms move over, empty fields are filled from it,
    and the duplicate is removed (its content lives on in ``keep`` and the audit log)."""
    access.require(Capability.DIRECTORY_EDIT)
    _check_same_district(access.district, keep, duplicate)
    if keep.pk == duplicate.pk:
        raise ValidationError(_("An organisation cannot be merged with itself."))
    filled = {}
    for name in _MERGE_FIELDS:
        if not getattr(keep, name) and getattr(duplicate, name):
            filled[name] = getattr(duplicate, name)
    Service.objects.filter(organisation=duplicate).update(organisation=keep)
    Location.objects.filter(organisation=duplicate).update(organisation=keep)
    Event.objects.filter(organisation=duplicate).update(organisation=keep)
    Contact.objects.filter(organisation=duplicate).update(organisation=keep)
    Phone.objects.filter(organisation=duplicate).update(organisation=keep)
    for relation in Relationship.objects.filter(source=duplicate).exclude(target=keep):
        relation.source = keep
        relation.save(update_fields=["source"])
    for relation in Relationship.objects.filter(target=duplicate).exclude(source=keep):
        relation.target = keep
        relation.save(update_fields=["target"])
    for activity in Activity.objects.filter(organisations=duplicate):
        activity.organisations.add(keep)
    for name in TAXONOMY_FIELDS[Organisation]:
        getattr(keep, name).add(*getattr(duplicate, name).all())
    audit_record(
        actor=access.user,
        action="directory.organisation.merge",
        district_id=access.district.pk,
        obj=keep,
        changes={
            "merged": str(duplicate),
            "merged_uuid": str(duplicate.uuid),
            **{k: plain(getattr(duplicate, k)) for k in ("name", "email", "website")},
        },
    )
    record_changes(
        obj=keep,
        action="merge",
        changes={"merged": ["", f"{duplicate.name} ({duplicate.uuid})"]},
        by=access.user.get_username(),
    )
    duplicate.delete()
    if filled:
        save_entry(obj=keep, data=filled, actor=access.user, action="merge")
    else:
        search_reindex(keep)
    for service in keep.services.all():
        search_reindex(service)
    return keep
