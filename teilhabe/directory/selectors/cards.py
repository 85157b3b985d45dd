"""Result cards of the public search: what a result list shows of each entry, read with
a few set-based queries (``values_list``: no model instances, no prefetching) and
localised into the reader's language."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Min
from django.utils import timezone

from teilhabe.areas.models import Area
from teilhabe.directory.labels import public_label
from teilhabe.directory.models import (
    Event,
    EventOccurrence,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    State,
    TaxonomyTerm,
)
from teilhabe.directory.selectors.localize import Text, localized, translations

#: How many towns a card names.
TOWNS = {"service": 3, "organisation": 2}


@dataclass
class Card:
    """One search result."""

    pk: int
    kind: str
    name: str  # in the source language
    title: Text
    description: Text
    free_of_charge: bool = False
    attending_type: str = ""
    attending_label: str = ""
    organisation: str = ""  # offers: the organisation's name
    kind_label: str = ""  # organisations: their type
    towns: list[str] = field(default_factory=list)
    next_start: datetime | None = None  # events
    repeats: bool = False
    place: str = ""  # events: name and town of the place
    place_town: str = ""
    categories: list[str] = field(default_factory=list)
    languages: list[tuple[str, str]] = field(default_factory=list)  # (code, label)
    distance: float | None = None
    #: (latitude, longitude) of the entry's places, for the distance.
    points: list[tuple[float, float]] = field(default_factory=list)


def _term_lists(
    model: Any, name: str, owner: str, ids: Sequence[int], terms: dict[int, TaxonomyTerm]
) -> defaultdict[int, list[TaxonomyTerm]]:
    through = getattr(model, name).through
    result: defaultdict[int, list[TaxonomyTerm]] = defaultdict(list)
    for owner_id, term_id in through.objects.filter(**{f"{owner}__in": ids}).values_list(
        owner, "taxonomyterm_id"
    ):
        if term_id in terms:
            result[owner_id].append(terms[term_id])
    order = {pk: n for n, pk in enumerate(terms)}
    for found in result.values():
        found.sort(key=lambda t: order[t.pk])
    return result


def load_cards(
    kind: str, ids: Sequence[int], language: str, terms: dict[int, TaxonomyTerm]
) -> list[Card]:
    """Cards of the entries ``ids`` (in that order). ``terms``: every term the district
    may use, in display order, by primary key."""
    if not ids:
        return []
    loader = {"event": _events, "organisation": _organisations}.get(kind, _services)
    cards = loader(ids, language, terms)
    labels = {code: public_label("attending", code) for code in ("online", "hybrid", "in_person")}
    for card in cards.values():
        card.attending_label = labels.get(card.attending_type, "")
    return [cards[pk] for pk in ids if pk in cards]


def _languages(found: list[TaxonomyTerm]) -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in found]


def _services(ids: Sequence[int], language: str, terms: dict[int, TaxonomyTerm]) -> dict[int, Card]:
    texts = translations("service", ids, language, ("name", "description"))
    categories = _term_lists(Service, "categories", "service_id", ids, terms)
    languages = _term_lists(Service, "languages", "service_id", ids, terms)
    places: defaultdict[int, list[tuple[str, str, float | None, float | None]]] = defaultdict(list)
    for service_id, *place in (
        ServiceAtLocation.objects.filter(service_id__in=ids, location__state=State.PUBLISHED)
        .order_by("location__name", "location_id")
        .values_list(
            "service_id",
            "location__name",
            "location__city",
            "location__latitude",
            "location__longitude",
        )
    ):
        places[service_id].append(tuple(place))  # type: ignore[arg-type]
    cards = {}
    for pk, name, description, source, org, attending, free in Service.objects.filter(
        pk__in=ids
    ).values_list(
        "pk",
        "name",
        "description",
        "source_language",
        "organisation__name",
        "attending_type",
        "free_of_charge",
    ):
        own = places.get(pk, [])
        cards[pk] = Card(
            pk=pk,
            kind="service",
            name=name,
            title=localized(name, source, language, texts.get((pk, "name"))),
            description=localized(description, source, language, texts.get((pk, "description"))),
            free_of_charge=free,
            attending_type=attending,
            organisation=org,
            towns=[city or place for place, city, _lat, _lon in own[: TOWNS["service"]]],
            categories=[t.label for t in categories.get(pk, [])],
            languages=_languages(languages.get(pk, [])),
            points=[(lat, lon) for _p, _c, lat, lon in own if lat is not None and lon is not None],
        )
    return cards


def _events(ids: Sequence[int], language: str, terms: dict[int, TaxonomyTerm]) -> dict[int, Card]:
    texts = translations("event", ids, language, ("title", "description"))
    categories = _term_lists(Event, "categories", "event_id", ids, terms)
    languages = _term_lists(Event, "languages", "event_id", ids, terms)
    starts = dict(
        EventOccurrence.objects.filter(event_id__in=ids, start__gte=timezone.now())
        .values("event_id")
        .annotate(first=Min("start"))
        .values_list("event_id", "first")
    )
    cards = {}
    for (
        pk,
        title,
        description,
        source,
        attending,
        free,
        rrule,
        place,
        town,
        lat,
        lon,
    ) in Event.objects.filter(pk__in=ids).values_list(
        "pk",
        "title",
        "description",
        "source_language",
        "attending_type",
        "free_of_charge",
        "rrule",
        "location__name",
        "location__city",
        "location__latitude",
        "location__longitude",
    ):
        cards[pk] = Card(
            pk=pk,
            kind="event",
            name=title,
            title=localized(title, source, language, texts.get((pk, "title"))),
            description=localized(description, source, language, texts.get((pk, "description"))),
            free_of_charge=free,
            attending_type=attending,
            next_start=starts.get(pk),
            repeats=bool(rrule),
            place=place or "",
            place_town=town or "",
            categories=[t.label for t in categories.get(pk, [])],
            languages=_languages(languages.get(pk, [])),
            points=[(lat, lon)] if lat is not None and lon is not None else [],
        )
    return cards


def _organisations(
    ids: Sequence[int], language: str, terms: dict[int, TaxonomyTerm]
) -> dict[int, Card]:
    texts = translations("organisation", ids, language, ("name", "description"))
    languages = _term_lists(Organisation, "languages", "organisation_id", ids, terms)
    places: defaultdict[int, list[tuple[str, str, float | None, float | None]]] = defaultdict(list)
    for org_id, *place in (
        Location.objects.filter(organisation_id__in=ids, state=State.PUBLISHED)
        .order_by("name", "pk")
        .values_list("organisation_id", "name", "city", "latitude", "longitude")
    ):
        places[org_id].append(tuple(place))  # type: ignore[arg-type]
    cards = {}
    for pk, name, description, source, kind in Organisation.objects.filter(pk__in=ids).values_list(
        "pk", "name", "description", "source_language", "kind"
    ):
        own = places.get(pk, [])
        cards[pk] = Card(
            pk=pk,
            kind="organisation",
            name=name,
            title=localized(name, source, language, texts.get((pk, "name"))),
            description=localized(description, source, language, texts.get((pk, "description"))),
            kind_label=public_label("kind", kind),
            towns=[city or place for place, city, _lat, _lon in own[: TOWNS["organisation"]]],
            languages=_languages(languages.get(pk, [])),
            points=[(lat, lon) for _p, _c, lat, lon in own if lat is not None and lon is not None],
        )
    return cards


def add_distances(cards: list[Card], origin: Area | None, distance: Any) -> dict[int, float]:
    """Each card's distance (km) from ``origin``: its nearest place."""
    result: dict[int, float] = {}
    if origin is None or origin.latitude is None or origin.longitude is None:
        return result
    for card in cards:
        found = [distance(origin.latitude, origin.longitude, lat, lon) for lat, lon in card.points]
        if found:
            card.distance = result[card.pk] = min(found)
    return result
