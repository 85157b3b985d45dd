"""The directory's part of the isolation walk (tests/test_isolation.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from teilhabe.core.testing import SENTINEL, IsolationWorld
from teilhabe.directory.models import (
    Activity,
    CalendarSubscription,
    Event,
    ImportUpload,
    Location,
    Organisation,
    Report,
    Service,
    Submission,
    TaxonomyTerm,
)
from teilhabe.directory.services.entries import save_entry, service_locations_set

PUBLIC_VIEWS = {
    f"directory_public:{name}"
    for name in (
        "search",
        "map_data",
        "calendar",
        "feed",
        "feed_category",
        "feed_gemeinde",
        "feed_organisation",
        "service",
        "organisation",
        "logo",
        "event",
        "event_ics",
        "guide_index",
        "guide_pdf",
        "report",
        "correct",
        "propose_index",
        "propose_sent",
        "propose",
        "submission",
    )
} | {
    f"directory_api:{name}"
    for name in (
        "root",
        "services",
        "service",
        "organizations",
        "organization",
        "locations",
        "location",
        "openapi-json",
    )
}

OBJECT_ARGUMENTS = {
    "organisation_id",
    "service_id",
    "location_id",
    "event_id",
    "activity_id",
    "upload_id",
    "subscription_id",
    "submission_id",
    "report_id",
    "relationship_id",
    "term_id",
}


def _objects(district, label: str, user) -> dict[str, str]:
    gemeinde = (
        district.kreis.children.filter(level="gemeinde", valid_until__isnull=True)
        .order_by("code")
        .first()
    )
    org = save_entry(
        obj=Organisation(district=district),
        data={
            "name": f"{label} Verein",
            "kind": Organisation.Kind.CLUB,
            "description": f"{label} Beschreibung",
        },
        actor=None,
    )
    place = save_entry(
        obj=Location(district=district),
        data={"name": f"{label} Ort", "gemeinde": gemeinde},
        actor=None,
    )
    service = save_entry(
        obj=Service(district=district),
        data={"name": f"{label} Angebot", "organisation": org},
        actor=None,
    )
    service_locations_set(service=service, locations=[place])
    event = save_entry(
        obj=Event(district=district),
        data={
            "title": f"{label} Treffen",
            "organisation": org,
            "location": place,
            "start": datetime(2031, 5, 6, 18, tzinfo=ZoneInfo("Europe/Berlin")),
        },
        actor=None,
    )
    activity = Activity.objects.create(
        district=district, kind="call", happened_on="2026-01-05", subject=f"{label} Anruf"
    )
    activity.organisations.set([org])
    upload = ImportUpload.objects.create(
        district=district,
        created_by=user,
        file_name=f"{label}.csv",
        headers=["Name"],
        rows=[[f"{label} Neu"]],
        mapping={"name": 0},
    )
    subscription = CalendarSubscription.objects.create(
        district=district, name=f"{label} Kalender", url="https://example.org/cal.ics"
    )
    submission = Submission.objects.create(
        district=district,
        kind="event",
        data={"title": f"{label} Vorschlag"},
        email="a@example.org",
        token_digest=f"{label}-digest",
        state=Submission.State.PENDING,
    )
    term = TaxonomyTerm.objects.create(
        district=district,
        vocabulary="category",
        code=f"eigene-{district.pk}",
        name=f"{label} Begriff",
    )
    report = Report.objects.create(
        district=district, target_type="service", target_id=service.pk, reason="wrong"
    )
    return {
        "organisation_id": str(org.pk),
        "service_id": str(service.pk),
        "location_id": str(place.pk),
        "event_id": str(event.pk),
        "activity_id": str(activity.pk),
        "upload_id": str(upload.pk),
        "subscription_id": str(subscription.pk),
        "submission_id": str(submission.pk),
        "report_id": str(report.pk),
        "relationship_id": "0",
        "term_id": str(term.pk),
        "organization_id": str(org.uuid),
        "fmt": "csv",
        "code": "sport",
        "gemeinde": gemeinde.code,
        "entity_type": "service",
        "entity_id": str(service.pk),
        "kind": "event",
    }


def url_values(world: IsolationWorld) -> dict[str, dict[str, str]]:
    return {
        "a": _objects(world.a, "A", world.users["district_admin"]),
        "b": _objects(world.b, SENTINEL, world.b_admin),
    }
