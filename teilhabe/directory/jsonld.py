"""schema.org JSON-LD for public entry pages (Organization, Place, Event, Service).

The JSON is written with ``<``, ``>`` and ``&`` escaped as ``\\u003c`` etc. (as
Django's ``json_script`` does), so that no user text can close the script element.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.html import _json_script_escapes  # type: ignore[attr-defined]
from django.utils.safestring import SafeString, mark_safe

from teilhabe.directory.models import AttendingType, Event, Location, Organisation, Service
from teilhabe.directory.safety import safe_url

ATTENDANCE: dict[str, str] = {
    AttendingType.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    AttendingType.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendingType.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
STATUS: dict[str, str] = {
    Event.Status.SCHEDULED: "https://schema.org/EventScheduled",
    Event.Status.CANCELLED: "https://schema.org/EventCancelled",
    Event.Status.POSTPONED: "https://schema.org/EventPostponed",
}


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _text(entry: Any, field: str) -> str:
    tr = getattr(entry, "tr", None)
    return str(tr[field]) if tr and field in tr else str(getattr(entry, field, "") or "")


def place(location: Location, url: str = "") -> dict[str, Any]:
    return _clean(
        {
            "@type": "Place",
            "name": _text(location, "name"),
            "url": url,
            "address": _clean(
                {
                    "@type": "PostalAddress",
                    "streetAddress": location.address_1,
                    "postalCode": location.postal_code,
                    "addressLocality": location.city,
                    "addressCountry": "DE",
                }
            ),
            "geo": _clean(
                {
                    "@type": "GeoCoordinates",
                    "latitude": location.latitude,
                    "longitude": location.longitude,
                }
            )
            if location.latitude is not None
            else None,
            "amenityFeature": [
                {"@type": "LocationFeatureSpecification", "name": term.label, "value": True}
                for term in location.accessibility.all()
            ],
        }
    )


def organisation(org: Organisation, url: str = "") -> dict[str, Any]:
    return _clean(
        {
            "@type": "Organization",
            "name": _text(org, "name"),
            "alternateName": org.alternate_name,
            "description": _text(org, "description"),
            "url": safe_url(org.website),
            "email": org.email,
            "telephone": [p.number for p in org.phones.all()],
            "sameAs": url,
        }
    )


def service(svc: Service, url: str, language: str) -> dict[str, Any]:
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Service",
            "name": _text(svc, "name"),
            "description": _text(svc, "description"),
            "url": url,
            "inLanguage": language,
            "availableLanguage": [t.code for t in svc.languages.all()],
            "provider": organisation(svc.organisation),
            "areaServed": [place(loc) for loc in svc.locations.all()],
            "audience": [
                {"@type": "Audience", "audienceType": t.label} for t in svc.target_groups.all()
            ],
            "isAccessibleForFree": svc.free_of_charge or None,
            "serviceType": [t.label for t in svc.categories.all()],
        }
    )


def organisation_page(org: Organisation, url: str, language: str) -> dict[str, Any]:
    data = organisation(org, url)
    data["@context"] = "https://schema.org"
    data["url"] = safe_url(org.website) or url
    data["location"] = [place(loc) for loc in org.locations.all()]
    data["knowsLanguage"] = [t.code for t in org.languages.all()]
    return _clean(data)


def event(ev: Event, url: str, language: str) -> dict[str, Any]:
    locations: list[dict[str, Any]] = []
    if ev.location is not None and ev.attending_type != AttendingType.ONLINE:
        locations.append(place(ev.location))
    if ev.online_url and ev.attending_type != AttendingType.IN_PERSON:
        locations.append({"@type": "VirtualLocation", "url": safe_url(ev.online_url)})
    upcoming = getattr(ev, "upcoming", None)
    start = upcoming[0].start if upcoming else ev.start
    end = upcoming[0].end if upcoming else ev.end
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": _text(ev, "title"),
            "description": _text(ev, "description"),
            "url": url,
            "startDate": start.date().isoformat() if ev.all_day else start.isoformat(),
            "endDate": (end.date().isoformat() if ev.all_day else end.isoformat()) if end else None,
            "eventStatus": STATUS.get(ev.status),
            "eventAttendanceMode": ATTENDANCE.get(ev.attending_type),
            "location": locations[0] if len(locations) == 1 else locations,
            "organizer": organisation(ev.organisation) if ev.organisation else None,
            "inLanguage": [t.code for t in ev.languages.all()] or language,
            "isAccessibleForFree": ev.free_of_charge or None,
            "maximumAttendeeCapacity": ev.capacity,
            "offers": {"@type": "Offer", "url": safe_url(ev.registration_url)}
            if ev.registration_url
            else None,
        }
    )


def script(data: dict[str, Any]) -> SafeString:
    """A ``<script type="application/ld+json">`` element that no content can break out of."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above
