"""What the public may see: published entries of an active district, found by text,
filters and distance. Nothing here depends on who asks."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from teilhabe.areas.models import Area
from teilhabe.directory.models import (
    AttendingType,
    Event,
    EventOccurrence,
    Location,
    Organisation,
    Schedule,
    SearchEntry,
    Service,
    ServiceAtLocation,
    State,
    TaxonomyTerm,
)
from teilhabe.directory.search.backends import backend
from teilhabe.directory.selectors.cards import add_distances, load_cards
from teilhabe.directory.selectors.localize import localize
from teilhabe.districts.models import District

KM_PER_DEGREE = 111.2
PAGE_SIZE = 20
#: A text search ranks at most this many entries in one query (no separate count).
MAX_RANKED = 500
KINDS = ("service", "event", "organisation")


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    kind: str = "service"
    categories: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    gemeinde: str = ""  # Gemeinde key (ARS)
    near: str = ""  # Gemeinde key of the place to measure from
    radius_km: int = 10
    date_from: date | None = None
    date_to: date | None = None
    free: bool = False
    accessible: bool = False
    mode: str = ""  # in_person / online
    page: int = 1

    @property
    def active_filters(self) -> int:
        """How many filters (besides the text) are set."""
        return sum(
            bool(v)
            for v in (
                self.categories,
                self.target_groups,
                self.languages,
                self.gemeinde,
                self.near,
                self.date_from,
                self.date_to,
                self.free,
                self.accessible,
                self.mode,
            )
        )

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.q
            or self.categories
            or self.target_groups
            or self.languages
            or self.gemeinde
            or self.near
            or self.date_from
            or self.date_to
            or self.free
            or self.accessible
            or self.mode
        )


@dataclass
class SearchResult:
    items: list[Any]
    total: int
    page: int
    pages: int
    origin: Area | None = None
    distances: dict[int, float] = field(default_factory=dict)
    #: More entries matched the text than are ranked (:data:`MAX_RANKED`).
    capped: bool = False


def _terms(district_id: int, vocabulary: str, codes: tuple[str, ...]) -> list[int]:
    if not codes:
        return []
    return list(
        TaxonomyTerm.objects.filter(
            Q(district__isnull=True) | Q(district_id=district_id),
            vocabulary=vocabulary,
            code__in=codes,
        ).values_list("pk", flat=True)
    ) or [-1]


def _has_term(through: Any, owner: str, term_ids: list[int]) -> Exists:
    return Exists(through.objects.filter(**{owner: OuterRef("pk")}, taxonomyterm_id__in=term_ids))


def _with_terms(
    qs: QuerySet[Any], model: Any, owner: str, district: District, params: SearchParams
) -> QuerySet[Any]:
    """Keep entries that have one of the chosen terms in each filtered vocabulary."""
    wanted = (
        ("categories", "category", params.categories),
        ("target_groups", "target_group", params.target_groups),
        ("languages", "language", params.languages),
    )
    for name, vocabulary, codes in wanted:
        if codes and hasattr(model, name):
            through = getattr(model, name).through
            qs = qs.filter(_has_term(through, owner, _terms(district.pk, vocabulary, codes)))
    return qs


def _common(qs: QuerySet[Any], params: SearchParams) -> QuerySet[Any]:
    if params.free:
        qs = qs.filter(free_of_charge=True)
    if params.mode in AttendingType.values:
        qs = qs.filter(attending_type__in=[params.mode, AttendingType.HYBRID])
    return qs


def _near_box(origin: Area, radius_km: int) -> Q:
    lat0, lon0 = origin.latitude or 0.0, origin.longitude or 0.0
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(lat0)), 0.1))
    return Q(
        latitude__gte=lat0 - dlat,
        latitude__lte=lat0 + dlat,
        longitude__gte=lon0 - dlon,
        longitude__lte=lon0 + dlon,
    )


def distance_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def gemeinde_of_district(
    district: District, code: str, gemeinden: list[Area] | None = None
) -> Area | None:
    """The district's current Gemeinde with this key; looked up in ``gemeinden`` (the
    district's current Gemeinden, kept per process by the public views) if given."""
    if not code:
        return None
    if gemeinden is not None:
        return next((g for g in gemeinden if g.code == code), None)
    return Area.objects.gemeinden().current().filter(parent=district.kreis_id, code=code).first()


def _location_filter(district: District, params: SearchParams, origin: Area | None) -> Q | None:
    """Conditions on places (Gemeinde, distance, step-free access), or None."""
    conditions = Q(district=district, state=State.PUBLISHED)
    used = False
    if params.gemeinde:
        conditions &= Q(gemeinde__code=params.gemeinde)
        used = True
    if origin is not None and origin.latitude is not None:
        conditions &= _near_box(origin, params.radius_km)
        used = True
    if params.accessible:
        conditions &= Q(accessibility__code="step-free")
        used = True
    return conditions if used else None


def _services(district: District, params: SearchParams, origin: Area | None) -> QuerySet[Service]:
    qs = Service.objects.filter(
        district=district,
        state=State.PUBLISHED,
        status__in=[Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED],
    )
    qs = _common(_with_terms(qs, Service, "service_id", district, params), params)
    places = _location_filter(district, params, origin)
    if places is not None:
        qs = qs.filter(
            Exists(
                ServiceAtLocation.objects.filter(
                    service_id=OuterRef("pk"),
                    location__in=Location.objects.filter(places).values("pk"),
                )
            )
        )
    return qs


def _window(params: SearchParams) -> tuple[datetime, datetime | None]:
    zone = timezone.get_current_timezone()
    start = (
        datetime.combine(params.date_from, time.min, tzinfo=zone)
        if params.date_from
        else timezone.now()
    )
    end = (
        datetime.combine(params.date_to + timedelta(days=1), time.min, tzinfo=zone)
        if params.date_to
        else None
    )
    return start, end


def _events(district: District, params: SearchParams, origin: Area | None) -> QuerySet[Event]:
    start, end = _window(params)
    occurrences = EventOccurrence.objects.filter(event_id=OuterRef("pk"), start__gte=start)
    if end is not None:
        occurrences = occurrences.filter(start__lt=end)
    qs = (
        Event.objects.filter(district=district, state=State.PUBLISHED)
        .filter(Exists(occurrences))
        .annotate(next_start=Subquery(occurrences.order_by("start").values("start")[:1]))
    )
    qs = _common(_with_terms(qs, Event, "event_id", district, params), params)
    places = _location_filter(district, params, origin)
    if places is not None:
        qs = qs.filter(location__in=Location.objects.filter(places).values("pk"))
    return qs


def _organisations(
    district: District, params: SearchParams, origin: Area | None
) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(district=district, state=State.PUBLISHED)
    qs = _with_terms(qs, Organisation, "organisation_id", district, params)
    places = _location_filter(district, params, origin)
    if places is not None:
        qs = qs.filter(Exists(Location.objects.filter(places, organisation_id=OuterRef("pk"))))
    return qs


def filtered(
    district: District, params: SearchParams, gemeinden: list[Area] | None = None
) -> tuple[QuerySet[Any], Area | None]:
    origin = gemeinde_of_district(district, params.near, gemeinden)
    if params.kind == "event":
        return _events(district, params, origin), origin
    if params.kind == "organisation":
        return _organisations(district, params, origin), origin
    return _services(district, params, origin), origin


class _ExistsPerRow(Exists):
    """``EXISTS (…)`` that PostgreSQL checks row by row. ``OFFSET 0`` keeps the planner
    from turning it into a semi-join, which builds the whole filtered set (every free
    offer within 50 km: 12,000 rows, 50–70 ms in the benchmark) to keep a few hundred
    text matches; checked per text match, the filter costs a few index look-ups each."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


def ranked_ids(
    district: District,
    params: SearchParams,
    queryset: QuerySet[Any],
    language: str,
    limit: int,
    vocabulary_key: int | None = None,
) -> list[int]:
    """Ids of the (at most ``limit``) entries matching the text, best first.

    The full-text index finds the text matches of this kind (a partial index per
    kind on PostgreSQL); only those are checked against the filters and ranked.
    ``vocabulary_key``: see :meth:`SearchBackend.match`."""
    entries = SearchEntry.objects.filter(district=district, entity_type=params.kind)
    if connection.vendor == "postgresql":
        entries = entries.filter(_ExistsPerRow(queryset.filter(pk=OuterRef("entity_id"))))
    else:
        entries = entries.filter(entity_id__in=queryset.values("pk"))
    languages = list(dict.fromkeys([language, "de"]))
    hits = backend().match(entries, query=params.q, languages=languages, cache_key=vocabulary_key)
    ranked = hits.values("entity_id").annotate(best=Max("rank")).order_by("-best", "entity_id")
    if connection.vendor != "postgresql":
        return [row["entity_id"] for row in ranked[:limit]]
    with transaction.atomic():
        # PostgreSQL estimates the per-row check high and would JIT-compile the query
        # (20–30 ms of compiling for a query that runs in 3–15 ms); not for this one.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        return [row["entity_id"] for row in ranked[:limit]]


def _load(kind: str, ids: list[int], language: str) -> list[Any]:
    if kind == "event":
        qs: QuerySet[Any] = (
            Event.objects.filter(pk__in=ids)
            .select_related("organisation", "location", "location__gemeinde")
            .prefetch_related("categories", "languages")
            .annotate(
                next_start=Min(
                    "occurrences__start", filter=Q(occurrences__start__gte=timezone.now())
                )
            )
        )
    elif kind == "organisation":
        qs = Organisation.objects.filter(pk__in=ids).prefetch_related(
            "target_groups",
            "languages",
            Prefetch(
                "locations",
                queryset=Location.objects.filter(state=State.PUBLISHED).select_related("gemeinde"),
            ),
        )
    else:
        qs = (
            Service.objects.filter(pk__in=ids)
            .select_related("organisation")
            .prefetch_related(
                "categories",
                "languages",
                "target_groups",
                "schedules",
                "phones",
                Prefetch(
                    "locations",
                    queryset=Location.objects.filter(state=State.PUBLISHED)
                    .select_related("gemeinde")
                    .prefetch_related("accessibility"),
                ),
            )
        )
    by_id = {obj.pk: obj for obj in qs}
    items = [by_id[i] for i in ids if i in by_id]
    localize(items, language)
    return items


def public_terms(district: District) -> dict[int, TaxonomyTerm]:
    """Every term the district's entries may use (standard and its own), in display
    order, by primary key."""
    terms = TaxonomyTerm.objects.filter(
        Q(district__isnull=True) | Q(district_id=district.pk)
    ).order_by("vocabulary", "position", "name", "pk")
    return {term.pk: term for term in terms}


def public_search(
    *,
    district: District,
    params: SearchParams,
    language: str,
    page_size: int = PAGE_SIZE,
    cards: bool = True,
    terms: dict[int, TaxonomyTerm] | None = None,
    gemeinden: list[Area] | None = None,
    vocabulary_key: int | None = None,
) -> SearchResult:
    """One page of what matches. ``cards``: the items are result cards
    (:mod:`~teilhabe.directory.selectors.cards`), else model instances with what the
    printable guide shows. ``terms``: :func:`public_terms`, ``gemeinden``: the
    district's current Gemeinden, if the caller has them; ``vocabulary_key``: see
    :meth:`SearchBackend.match`."""
    queryset, origin = filtered(district, params, gemeinden)
    capped = False
    if params.q.strip():
        # One query ranks the best matches; the page is cut from them, so the search
        # runs once instead of once for the count and once for the page.
        ranked = ranked_ids(district, params, queryset, language, MAX_RANKED + 1, vocabulary_key)
        capped = len(ranked) > MAX_RANKED
        ranked = ranked[:MAX_RANKED]
        total = len(ranked)
        pages = max(1, math.ceil(total / page_size))
        page = min(max(1, params.page), pages)
        ids = ranked[(page - 1) * page_size : page * page_size]
    else:
        ordered = (
            queryset.order_by("next_start", "pk")
            if params.kind == "event"
            else queryset.order_by("name", "pk")
        )
        total = ordered.count()
        pages = max(1, math.ceil(total / page_size))
        page = min(max(1, params.page), pages)
        ids = list(ordered.values_list("pk", flat=True)[(page - 1) * page_size : page * page_size])
    result = SearchResult(items=[], total=total, page=page, pages=pages, origin=origin)
    result.capped = bool(params.q.strip()) and capped
    if cards:
        found = load_cards(
            params.kind, ids, language, terms if terms is not None else public_terms(district)
        )
        result.distances = add_distances(found, origin, distance_km)
        result.items = found
        return result
    result.items = _load(params.kind, ids, language)
    if origin is not None and origin.latitude is not None and origin.longitude is not None:
        for item in result.items:
            places = (
                [item.location]
                if params.kind == "event" and item.location
                else list(item.locations.all())
                if params.kind != "event"
                else []
            )
            distances = [
                distance_km(origin.latitude, origin.longitude, p.latitude, p.longitude)
                for p in places
                if p is not None and p.latitude is not None and p.longitude is not None
            ]
            if distances:
                result.distances[item.pk] = min(distances)
    return result


# --- single entries --------------------------------------------------------------------


def public_service_get(*, district: District, service_id: int, language: str) -> Service:
    service = (
        Service.objects.filter(pk=service_id, district=district, state=State.PUBLISHED)
        .select_related("organisation")
        .prefetch_related(
            "categories",
            "target_groups",
            "languages",
            "phones",
            Prefetch("contacts", queryset=_public_contacts()),
            Prefetch("schedules", queryset=Schedule.objects.order_by("pk")),
            Prefetch(
                "locations",
                queryset=Location.objects.filter(state=State.PUBLISHED)
                .select_related("gemeinde")
                .prefetch_related("accessibility", "schedules", "phones"),
            ),
        )
        .first()
    )
    if service is None or service.organisation.state != State.PUBLISHED:
        raise Http404
    localize([service, service.organisation, *service.locations.all()], language)
    return service


def _public_contacts() -> QuerySet[Any]:
    from teilhabe.directory.models import Contact

    return Contact.objects.filter(is_public=True).prefetch_related("phones")


def public_organisation_get(
    *, district: District, organisation_id: int, language: str
) -> Organisation:
    organisation = (
        Organisation.objects.filter(pk=organisation_id, district=district, state=State.PUBLISHED)
        .prefetch_related(
            "target_groups",
            "languages",
            "topics",
            "phones",
            Prefetch("contacts", queryset=_public_contacts()),
            Prefetch(
                "services",
                queryset=Service.objects.filter(state=State.PUBLISHED).order_by("name"),
            ),
            Prefetch(
                "locations",
                queryset=Location.objects.filter(state=State.PUBLISHED)
                .select_related("gemeinde")
                .prefetch_related("accessibility", "schedules"),
            ),
        )
        .first()
    )
    if organisation is None:
        raise Http404
    localize([organisation, *organisation.services.all(), *organisation.locations.all()], language)
    return organisation


def public_event_get(*, district: District, event_id: int, language: str) -> Event:
    event = (
        Event.objects.filter(pk=event_id, district=district, state=State.PUBLISHED)
        .select_related("organisation", "location", "location__gemeinde")
        .prefetch_related("categories", "target_groups", "languages", "location__accessibility")
        .first()
    )
    if event is None:
        raise Http404
    shown: list[Any] = [event]
    if event.organisation is not None:
        shown.append(event.organisation)
    if event.location is not None:
        shown.append(event.location)
    localize(shown, language)
    event.upcoming = list(  # type: ignore[attr-defined]
        EventOccurrence.objects.filter(event=event, start__gte=timezone.now()).order_by("start")[
            :10
        ]
    )
    return event


def public_calendar(
    *, district: District, start: date, days: int, language: str
) -> list[tuple[date, list[tuple[EventOccurrence, Event]]]]:
    """Occurrences of published events per day, from ``start`` for ``days`` days."""
    zone = timezone.get_current_timezone()
    begin = datetime.combine(start, time.min, tzinfo=zone)
    end = begin + timedelta(days=days)
    rows = list(
        EventOccurrence.objects.filter(
            district=district, start__gte=begin, start__lt=end, event__state=State.PUBLISHED
        )
        .select_related("event", "event__location", "event__location__gemeinde")
        .order_by("start")[:500]
    )
    by_id = {row.event_id: row.event for row in rows}
    localize(list(by_id.values()), language)
    by_day: dict[date, list[tuple[EventOccurrence, Event]]] = {}
    for row in rows:
        by_day.setdefault(timezone.localtime(row.start, zone).date(), []).append(
            (row, by_id[row.event_id])
        )
    return sorted(by_day.items())


def public_map_points(
    *,
    district: District,
    params: SearchParams,
    language: str,
    limit: int = 2000,
    gemeinden: list[Area] | None = None,
    vocabulary_key: int | None = None,
) -> list[dict[str, Any]]:
    """Places of the entries that match, as plain dicts for GeoJSON (one query for the
    ids, one for the places); ``gemeinden`` and ``vocabulary_key`` as for
    :func:`public_search`."""
    queryset, _origin = filtered(district, params, gemeinden)
    if params.q.strip():
        ids = ranked_ids(district, params, queryset, language, limit, vocabulary_key)
    else:
        ids = list(queryset.values_list("pk", flat=True)[:limit])
    link = {"event": "events__pk", "organisation": "organisation_id"}.get(
        params.kind, "at_services__service_id"
    )
    values = Location.objects.filter(
        **{f"{link}__in": ids},
        state=State.PUBLISHED,
        latitude__isnull=False,
        longitude__isnull=False,
    ).values("pk", "name", "latitude", "longitude", "city", link)
    points: dict[int, dict[str, Any]] = {}
    for row in values[: limit * 4]:
        point = points.setdefault(
            row["pk"],
            {
                "id": row["pk"],
                "name": row["name"],
                "lat": row["latitude"],
                "lon": row["longitude"],
                "city": row["city"],
                "entries": [],
            },
        )
        if row[link] not in point["entries"]:
            point["entries"].append(row[link])
    return list(points.values())
