"""Entry services: change history, translations' status, audit, merge, relationships,
events' occurrences, confirmation and hiding."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from teilhabe.audit.models import AuditEntry
from teilhabe.directory.models import (
    ChangeRecord,
    Contact,
    EventOccurrence,
    Organisation,
    Relationship,
    Service,
    State,
    Translation,
)
from teilhabe.directory.selectors.localize import localize
from teilhabe.directory.services import entries as svc
from teilhabe.directory.tests import factories as f
from teilhabe.districts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def _frozen():
    import time_machine

    with time_machine.travel(datetime(2027, 1, 10, 12, tzinfo=f.BERLIN), tick=False):
        yield


@pytest.fixture
def access():
    return f.officer_access()


def test_create_and_update_record_history_and_audit(access):
    org = svc.organisation_create(
        access=access,
        data={
            "name": "Verein A",
            "kind": Organisation.Kind.MIGRANT_ORGANISATION,
            "description": "Alt",
        },
        m2m={"languages": [f.term("language", "ar")]},
    )
    svc.organisation_update(access=access, organisation=org, data={"description": "Neu"})
    changes = ChangeRecord.objects.filter(entity_type="organisation", entity_id=org.pk)
    assert changes.filter(action="create", field_name="name", replacement_value="Verein A").exists()
    assert changes.filter(
        action="update", field_name="description", previous_value="Alt", replacement_value="Neu"
    ).exists()
    assert AuditEntry.objects.filter(
        action="directory.organisation.update", object_id=str(org.pk)
    ).exists()


def test_source_change_outdates_translations_but_not_others(access):
    org = f.organisation(access.district, name="Verein", description="Text")
    svc.translation_save(
        access=access, entry=org, language="ar", field="description", text="نص", status="reviewed"
    )
    svc.translation_save(
        access=access, entry=org, language="ar", field="name", text="جمعية", status="reviewed"
    )
    svc.organisation_update(access=access, organisation=org, data={"description": "Neuer Text"})
    rows = dict(Translation.objects.filter(entity_id=org.pk).values_list("field", "status"))
    assert rows == {"description": "outdated", "name": "reviewed"}
    localize([org], "ar")
    assert org.tr["name"].text == "جمعية" and org.tr["name"].lang == "ar"
    localize([org], "uk")
    assert org.tr["name"].is_fallback and org.tr["name"].lang == "de"


def test_source_language_cannot_be_translated(access):
    org = f.organisation(access.district)
    with pytest.raises(ValidationError):
        svc.translation_save(access=access, entry=org, language="de", field="name", text="x")


def test_clerk_may_edit_but_analyst_may_not(access):
    analyst = f.officer_access(access.district, Role.ANALYST)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        svc.organisation_create(access=analyst, data={"name": "X", "kind": "club"})


def test_entries_of_another_district_cannot_be_linked(access):
    other = f.make_district("12069", slug="potsdam-mittelmark")
    foreign = f.organisation(other)
    with pytest.raises(ValidationError):
        svc.service_create(access=access, data={"name": "Kurs", "organisation": foreign})


def test_relationships_are_typed_dated_and_never_self(access):
    a, b = f.organisation(access.district), f.organisation(access.district)
    rel = svc.relationship_create(
        access=access, source=a, kind="funds", target=b, valid_from=date(2024, 1, 1)
    )
    assert rel.is_current(date(2025, 1, 1)) and not rel.is_current(date(2023, 1, 1))
    with pytest.raises(ValidationError):
        svc.relationship_create(access=access, source=a, kind="member_of", target=a)
    with pytest.raises(ValidationError):
        svc.relationship_create(
            access=access,
            source=a,
            kind="funds",
            target=b,
            valid_from=date(2025, 1, 1),
            valid_until=date(2024, 1, 1),
        )


def test_merge_moves_everything_and_fills_gaps(access):
    keep = f.organisation(access.district, name="Kulturverein", email="")
    dup = f.organisation(access.district, name="Kulturverein e.V.", email="info@kv.example")
    offer = f.service(access.district, organisation=dup)
    Contact.objects.create(organisation=dup, name="Frau A")
    other = f.organisation(access.district)
    Relationship.objects.create(
        district=access.district, source=dup, kind="partner_of", target=other
    )
    svc.organisation_merge(access=access, keep=keep, duplicate=dup)
    keep.refresh_from_db()
    assert keep.email == "info@kv.example"
    assert Service.objects.get(pk=offer.pk).organisation_id == keep.pk
    assert keep.contacts.filter(name="Frau A").exists()
    assert keep.relationships_out.filter(target=other).exists()
    assert not Organisation.objects.filter(pk=dup.pk).exists()
    assert AuditEntry.objects.filter(
        action="directory.organisation.merge", changes__merged_uuid=str(dup.uuid)
    ).exists()


@pytest.mark.usefixtures("_frozen")
def test_recurring_event_has_occurrences_with_exceptions(access):
    event = svc.event_create(
        access=access,
        data={
            "title": "Treff",
            "start": datetime(2027, 3, 2, 18, tzinfo=f.BERLIN),
            "rrule": "FREQ=WEEKLY;COUNT=4",
            "exdates": ["2027-03-09"],
        },
    )
    starts = [
        o.start.astimezone(f.BERLIN).date().isoformat()
        for o in EventOccurrence.objects.filter(event=event)
    ]
    assert starts == ["2027-03-02", "2027-03-16", "2027-03-23"]


def test_invalid_rrule_is_refused_with_a_message(access):
    with pytest.raises(ValidationError) as info:
        svc.event_create(
            access=access,
            data={
                "title": "X",
                "start": datetime(2030, 1, 1, tzinfo=f.BERLIN),
                "rrule": "FREQ=SOMETIMES",
            },
        )
    assert "rrule" in info.value.message_dict


def test_hide_keeps_the_entry_and_confirm_republishes(access):
    offer = f.service(access.district)
    svc.entry_set_state(access=access, entry=offer, state=State.HIDDEN, reason="Spam")
    offer.refresh_from_db()
    assert offer.state == State.HIDDEN
    assert ChangeRecord.objects.filter(
        entity_id=offer.pk, action="hidden", replacement_value="Spam"
    ).exists()
    offer.state = State.UNPUBLISHED
    offer.save()
    svc.entry_confirm(access=access, entry=offer, on=date(2030, 1, 2))
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED and offer.last_confirmed == date(2030, 1, 2)


def test_logo_is_reencoded_and_garbage_refused(access):
    import io

    from PIL import Image

    org = f.organisation(access.district)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="JPEG", exif=b"Exif\x00\x00secret")
    svc.organisation_logo_set(access=access, organisation=org, data=buffer.getvalue())
    org.refresh_from_db()
    stored = org.logo.read()
    assert stored.startswith(b"\x89PNG") and b"secret" not in stored
    with pytest.raises(ValidationError):
        svc.organisation_logo_set(access=access, organisation=org, data=b"<svg onload=alert(1)>")
