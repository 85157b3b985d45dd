"""Permission-scoped reads of the office side. Every object reached from an address
goes through its gate (``*_get_for_user``): 404 for another district's object, 403
without the capability."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from django.db.models import Count, Max, Model, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.areas.models import Area
from teilhabe.directory.models import (
    Activity,
    CalendarSubscription,
    ChangeRecord,
    Contact,
    Event,
    ImportUpload,
    Location,
    Organisation,
    Relationship,
    Report,
    Schedule,
    Service,
    State,
    Submission,
    TaxonomyTerm,
    Translation,
    Vocabulary,
)
from teilhabe.directory.services.common import EntryModel, entity_type
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.models import Membership
from teilhabe.districts.roles import Capability

M = TypeVar("M", bound=Model)


def _get(access: DistrictAccess, queryset: QuerySet[M], pk: int, capability: str) -> M:
    access.require(capability)
    try:
        return queryset.get(pk=pk, district=access.district)
    except (queryset.model.DoesNotExist, ValueError):  # type: ignore[attr-defined]
        raise Http404 from None


def organisation_get_for_user(
    *, access: DistrictAccess, organisation_id: int, capability: str = Capability.DIRECTORY_EDIT
) -> Organisation:
    return _get(access, Organisation.objects.all(), organisation_id, capability)


def service_get_for_user(
    *, access: DistrictAccess, service_id: int, capability: str = Capability.DIRECTORY_EDIT
) -> Service:
    return _get(access, Service.objects.select_related("organisation"), service_id, capability)


def location_get_for_user(
    *, access: DistrictAccess, location_id: int, capability: str = Capability.DIRECTORY_EDIT
) -> Location:
    return _get(
        access, Location.objects.select_related("gemeinde", "organisation"), location_id, capability
    )


def event_get_for_user(
    *, access: DistrictAccess, event_id: int, capability: str = Capability.DIRECTORY_EDIT
) -> Event:
    return _get(
        access, Event.objects.select_related("organisation", "location"), event_id, capability
    )


def activity_get_for_user(
    *, access: DistrictAccess, activity_id: int, capability: str = Capability.DIRECTORY_EDIT
) -> Activity:
    return _get(access, Activity.objects.all(), activity_id, capability)


def relationship_get_for_user(
    *, access: DistrictAccess, relationship_id: int, capability: str = Capability.DIRECTORY_EDIT
) -> Relationship:
    return _get(access, Relationship.objects.all(), relationship_id, capability)


def submission_get_for_user(
    *, access: DistrictAccess, submission_id: int, capability: str = Capability.MODERATE
) -> Submission:
    return _get(access, Submission.objects.all(), submission_id, capability)


def report_get_for_user(
    *, access: DistrictAccess, report_id: int, capability: str = Capability.MODERATE
) -> Report:
    return _get(access, Report.objects.all(), report_id, capability)


def upload_get_for_user(
    *, access: DistrictAccess, upload_id: int, capability: str = Capability.DIRECTORY_EDIT
) -> ImportUpload:
    return _get(access, ImportUpload.objects.all(), upload_id, capability)


def subscription_get_for_user(
    *, access: DistrictAccess, subscription_id: int, capability: str = Capability.DIRECTORY_EDIT
) -> CalendarSubscription:
    return _get(access, CalendarSubscription.objects.all(), subscription_id, capability)


def term_get_for_user(
    *, access: DistrictAccess, term_id: int, capability: str = Capability.DIRECTORY_EDIT
) -> TaxonomyTerm:
    """One of the district's own terms (the standard vocabulary is not the district's)."""
    return _get(access, TaxonomyTerm.objects.all(), term_id, capability)


def terms_of_district(*, access: DistrictAccess) -> dict[str, dict[str, list[TaxonomyTerm]]]:
    """Per vocabulary: the standard terms and the district's own, in display order."""
    access.require(Capability.DIRECTORY_EDIT)
    result: dict[str, dict[str, list[TaxonomyTerm]]] = {
        v: {"standard": [], "own": []} for v in Vocabulary.values
    }
    for term in TaxonomyTerm.objects.filter(
        Q(district__isnull=True) | Q(district=access.district)
    ).order_by("vocabulary", "position", "name"):
        if term.vocabulary in result:
            result[term.vocabulary]["standard" if term.district_id is None else "own"].append(term)
    return result


def schedule_get_for_user(*, access: DistrictAccess, schedule_id: int) -> Schedule:
    access.require(Capability.DIRECTORY_EDIT)
    schedule = (
        Schedule.objects.filter(pk=schedule_id)
        .filter(Q(service__district=access.district) | Q(location__district=access.district))
        .first()
    )
    if schedule is None:
        raise Http404
    return schedule


def contact_get_for_user(*, access: DistrictAccess, contact_id: int) -> Contact:
    access.require(Capability.DIRECTORY_EDIT)
    contact = (
        Contact.objects.filter(pk=contact_id)
        .filter(
            Q(organisation__district=access.district)
            | Q(service__district=access.district)
            | Q(location__district=access.district)
        )
        .first()
    )
    if contact is None:
        raise Http404
    return contact


# --- lists -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationFilter:
    q: str = ""
    kind: str = ""
    target_group: int | None = None
    topic: int | None = None
    language: int | None = None
    gemeinde: int | None = None
    not_contacted_months: int | None = None
    state: str = ""


def organisations_for_office(
    *, access: DistrictAccess, filters: OrganisationFilter
) -> QuerySet[Organisation]:
    access.require(Capability.DIRECTORY_EDIT)
    qs = (
        Organisation.objects.filter(district=access.district)
        .annotate(
            last_contact=Max("activities__happened_on"),
            service_count=Count("services", distinct=True),
        )
        .order_by("name")
    )
    if filters.q:
        qs = qs.filter(
            Q(name__icontains=filters.q)
            | Q(alternate_name__icontains=filters.q)
            | Q(email__icontains=filters.q)
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.target_group:
        qs = qs.filter(target_groups=filters.target_group)
    if filters.topic:
        qs = qs.filter(topics=filters.topic)
    if filters.language:
        qs = qs.filter(languages=filters.language)
    if filters.gemeinde:
        qs = qs.filter(locations__gemeinde=filters.gemeinde)
    if filters.not_contacted_months:
        cutoff = timezone.localdate() - timedelta(days=round(30.44 * filters.not_contacted_months))
        qs = qs.filter(Q(last_contact__lt=cutoff) | Q(last_contact__isnull=True))
    return qs.distinct()


def services_for_office(
    *, access: DistrictAccess, q: str = "", state: str = ""
) -> QuerySet[Service]:
    access.require(Capability.DIRECTORY_EDIT)
    qs = Service.objects.filter(district=access.district).select_related("organisation")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(organisation__name__icontains=q))
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("name")


def locations_for_office(*, access: DistrictAccess, q: str = "") -> QuerySet[Location]:
    access.require(Capability.DIRECTORY_EDIT)
    qs = Location.objects.filter(district=access.district).select_related(
        "gemeinde", "organisation"
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(city__icontains=q) | Q(address_1__icontains=q))
    return qs.order_by("name")


def events_for_office(
    *, access: DistrictAccess, q: str = "", upcoming: bool = True
) -> QuerySet[Event]:
    access.require(Capability.DIRECTORY_EDIT)
    qs = Event.objects.filter(district=access.district).select_related("organisation", "location")
    if q:
        qs = qs.filter(title__icontains=q)
    if upcoming:
        qs = qs.filter(
            Q(occurrences__start__gte=timezone.now()) | Q(start__gte=timezone.now())
        ).distinct()
    return qs.order_by("start")


def activities_for_office(
    *, access: DistrictAccess, organisation: Organisation | None = None
) -> QuerySet[Activity]:
    access.require(Capability.DIRECTORY_EDIT)
    qs = (
        Activity.objects.filter(district=access.district)
        .select_related("staff", "follow_up_by")
        .prefetch_related(Prefetch("organisations", queryset=Organisation.objects.order_by("name")))
    )
    if organisation is not None:
        qs = qs.filter(organisations=organisation)
    return qs.order_by("-happened_on", "-pk")


def follow_ups_due(*, access: DistrictAccess, on: date | None = None) -> QuerySet[Activity]:
    access.require(Capability.DIRECTORY_EDIT)
    day = on or timezone.localdate()
    return (
        activities_for_office(access=access)
        .filter(follow_up_on__isnull=False, follow_up_on__lte=day, follow_up_done_at__isnull=True)
        .order_by("follow_up_on")
    )


def staff_of_district(*, access: DistrictAccess) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=Membership.objects.active().filter(district=access.district).values("user_id")
    ).order_by("last_name", "username")


def history_of(*, entry: EntryModel, limit: int = 200) -> QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(entity_type=entity_type(entry), entity_id=entry.pk)[:limit]


def translations_of(*, entry: EntryModel) -> QuerySet[Translation]:
    return Translation.objects.filter(entity_type=entity_type(entry), entity_id=entry.pk).order_by(
        "language", "field"
    )


def relationships_for_district(*, access: DistrictAccess) -> QuerySet[Relationship]:
    access.require(Capability.DIRECTORY_EDIT)
    return Relationship.objects.filter(district=access.district).select_related("source", "target")


def terms_for(*, district_id: int, vocabulary: str) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(
        Q(district__isnull=True) | Q(district_id=district_id), vocabulary=vocabulary
    ).order_by("position", "name")


def gemeinden_for(*, kreis: Area) -> QuerySet[Area]:
    return Area.objects.gemeinden().current().filter(parent=kreis).order_by("name")


@dataclass(frozen=True)
class QueueCounts:
    pending: int
    post_review: int
    reports: int
    stale: int


def moderation_counts(*, access: DistrictAccess) -> QueueCounts:
    access.require(Capability.MODERATE)
    subs = Submission.objects.filter(district=access.district)
    return QueueCounts(
        pending=subs.filter(state=Submission.State.PENDING).count(),
        post_review=subs.filter(state=Submission.State.PUBLISHED_UNREVIEWED).count(),
        reports=Report.objects.filter(district=access.district, state=Report.State.OPEN).count(),
        stale=sum(
            m.objects.filter(district=access.district, stale_flagged_at__isnull=False)
            .exclude(state=State.HIDDEN)
            .count()
            for m in (Organisation, Service, Event)
        ),
    )
