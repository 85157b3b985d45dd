"""Taking over data from elsewhere: HSDS 3 files, an Integreat CMS instance's public
API, and subscribed iCalendar feeds. Every import validates first and then writes
all or nothing; a repeated import updates what it created before (matched by the
identifier in the source) instead of duplicating it."""

from __future__ import annotations

import html
import json
import re
import urllib.request
from datetime import datetime, time
from typing import Any
from urllib.parse import quote, urlparse
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.accounts.models import User
from teilhabe.areas.models import Area
from teilhabe.audit.services import audit_record
from teilhabe.directory import hsds
from teilhabe.directory.ical import CalendarError, parse_calendar
from teilhabe.directory.models import (
    CalendarSubscription,
    Event,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    State,
    TaxonomyTerm,
)
from teilhabe.directory.safety import clean_text, safe_url
from teilhabe.directory.services.entries import (
    entry_state_change,
    save_entry,
    service_locations_set,
)
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.models import District
from teilhabe.districts.roles import Capability

MAX_DOWNLOAD = 20 * 1024 * 1024
TIMEOUT = 20


class FetchError(ValidationError):
    pass


def fetch(url: str) -> bytes:
    """Download an http(s) address (size- and time-limited). Tests replace this."""
    if urlparse(url).scheme not in {"http", "https"}:
        raise FetchError(_("Only http and https addresses can be fetched."))
    request = urllib.request.Request(url, headers={"User-Agent": "Teilhabe directory import"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - scheme checked
            data: bytes = response.read(MAX_DOWNLOAD + 1)
    except (OSError, ValueError) as exc:
        raise FetchError(
            _("The address could not be fetched: %(error)s") % {"error": exc}
        ) from None
    if len(data) > MAX_DOWNLOAD:
        raise FetchError(_("The answer is larger than 20 MB."))
    return data


def _strip_html(text: str) -> str:
    text = re.sub(r"<br\s*/?>|</p>|</li>", "\n", text or "", flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", "", text)
    cleaned: str = clean_text(html.unescape(text))
    return cleaned.strip()


def _gemeinde(district: District, postal_code: str, town: str) -> Area | None:
    if not town:
        return None
    qs = Area.objects.gemeinden().current().filter(parent=district.kreis)
    return (
        qs.filter(name__iexact=town).first()
        or qs.filter(name__istartswith=town.split(" ")[0]).first()
    )


def _term_map(district: District) -> dict[tuple[str, str], TaxonomyTerm]:
    terms = TaxonomyTerm.objects.filter(district__isnull=True) | TaxonomyTerm.objects.filter(
        district=district
    )
    return {(t.vocabulary, t.code): t for t in terms}


def _upsert(
    model: type[Any],
    district: District,
    ref: str,
    data: dict[str, Any],
    actor: User | None,
    m2m: dict[str, Any] | None = None,
) -> Any:
    obj = model.objects.filter(district=district, external_ref=ref).first() or model(
        district=district, external_ref=ref
    )
    return save_entry(
        obj=obj, data=data, m2m=m2m, actor=actor, action="import" if obj.pk is None else ""
    )


# --- HSDS ----------------------------------------------------------------------------------


def hsds_document_from_upload(*, name: str, data: bytes) -> dict[str, Any]:
    """An HSDS document from a JSON file (ours, an API page or a list of services) or a
    CSV package (ZIP); validation errors are raised together."""
    if data[:2] == b"PK":
        errors = hsds.zip_errors(data)
        if errors:
            raise ValidationError([_("The package does not match HSDS 3:"), *errors[:20]])
        return _document_from_tables(hsds.read_zip_tables(data))
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_("The file is not JSON: %(error)s") % {"error": exc}) from None
    if isinstance(payload, list):
        payload = {"services": payload}
    elif isinstance(payload, dict) and "contents" in payload:
        payload = {"services": payload["contents"]}
    if not isinstance(payload, dict):
        raise ValidationError(_("The file holds no HSDS organisations, services or locations."))
    errors = hsds.document_errors(payload)
    if errors:
        raise ValidationError([_("The file does not match HSDS 3:"), *errors[:20]])
    return payload


def _document_from_tables(tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    addresses = {a.get("location_id"): a for a in tables.get("address", [])}
    locations = []
    for row in tables.get("location", []):
        loc = dict(row)
        if row["id"] in addresses:
            loc["addresses"] = [addresses[row["id"]]]
        locations.append(loc)
    sals: dict[str, list[dict[str, Any]]] = {}
    for sal in tables.get("service_at_location", []):
        sals.setdefault(sal.get("service_id", ""), []).append(sal)
    services = [
        {**row, "service_at_locations": sals.get(row["id"], [])}
        for row in tables.get("service", [])
    ]
    return {
        "organizations": tables.get("organization", []),
        "locations": locations,
        "services": services,
    }


@transaction.atomic
def hsds_import(
    *, access: DistrictAccess, document: dict[str, Any], publish: bool = False
) -> dict[str, int]:
    """Create or update organisations, places and offers from an HSDS document."""
    access.require(Capability.DIRECTORY_EDIT)
    district, actor = access.district, access.user
    state = State.PUBLISHED if publish else State.DRAFT
    terms = _term_map(district)
    counts = {"organisations": 0, "locations": 0, "services": 0}
    orgs: dict[str, Organisation] = {}

    def organisation(item: dict[str, Any]) -> Organisation:
        key = str(item["id"])
        if key not in orgs:
            orgs[key] = _upsert(
                Organisation,
                district,
                f"hsds:{key}",
                {
                    "name": str(item.get("name") or "")[:200],
                    "description": str(item.get("description") or ""),
                    "alternate_name": str(item.get("alternate_name") or "")[:200],
                    "email": str(item.get("email") or ""),
                    "website": safe_url(str(item.get("website") or "")),
                    "legal_status": str(item.get("legal_status") or "")[:100],
                    "kind": Organisation.Kind.OTHER,
                    "state": state,
                },
                actor,
            )
            counts["organisations"] += 1
        return orgs[key]

    for item in document.get("organizations", []):
        organisation(item)
    places: dict[str, Location] = {}

    def location(item: dict[str, Any]) -> Location:
        key = str(item["id"])
        if key not in places:
            address = (item.get("addresses") or [{}])[0]
            code = str(item.get("external_identifier") or "")
            gemeinde = (
                Area.objects.gemeinden().current().filter(parent=district.kreis, code=code).first()
                if code
                else None
            )
            gemeinde = gemeinde or _gemeinde(
                district, str(address.get("postal_code", "")), str(address.get("city", ""))
            )
            owner = orgs.get(str(item.get("organization_id") or ""))
            places[key] = _upsert(
                Location,
                district,
                f"hsds:{key}",
                {
                    "name": str(item.get("name") or address.get("address_1") or "–")[:200],
                    "kind": item.get("location_type")
                    if item.get("location_type") in Location.Kind.values
                    else Location.Kind.PHYSICAL,
                    "description": str(item.get("description") or ""),
                    "transportation": str(item.get("transportation") or ""),
                    "address_1": str(address.get("address_1") or "")[:200],
                    "postal_code": str(address.get("postal_code") or "")[:10],
                    "city": str(address.get("city") or "")[:120],
                    "gemeinde": gemeinde,
                    "latitude": item.get("latitude"),
                    "longitude": item.get("longitude"),
                    "url": safe_url(str(item.get("url") or "")),
                    "organisation": owner,
                    "state": state,
                },
                actor,
            )
            counts["locations"] += 1
        return places[key]

    listed = {str(item["id"]): item for item in document.get("locations", [])}
    for item in listed.values():
        location(item)
    for item in document.get("services", []):
        org_data = item.get("organization") or {"id": item.get("organization_id")}
        if not org_data.get("id"):
            raise ValidationError(
                _("Service %(id)s names no organisation.") % {"id": item.get("id")}
            )
        owner = orgs.get(str(org_data["id"])) or organisation(
            {"name": org_data.get("name") or "–", "description": "", **org_data}
        )
        picked: dict[str, list[TaxonomyTerm]] = {
            "categories": [],
            "target_groups": [],
            "languages": [],
        }
        for attribute in item.get("attributes", []):
            term = attribute.get("taxonomy_term") or {}
            vocab, code = term.get("taxonomy"), term.get("code")
            found = terms.get((str(vocab), str(code)))
            if found is not None and found.vocabulary in {"category", "target_group"}:
                picked["categories" if found.vocabulary == "category" else "target_groups"].append(
                    found
                )
        for language in item.get("languages", []):
            found = terms.get(("language", str(language.get("code") or "")))
            if found is not None:
                picked["languages"].append(found)
        service = _upsert(
            Service,
            district,
            f"hsds:{item['id']}",
            {
                "organisation": owner,
                "name": str(item.get("name") or "")[:200],
                "description": str(item.get("description") or ""),
                "status": item.get("status")
                if item.get("status") in Service.Status.values
                else Service.Status.ACTIVE,
                "url": safe_url(str(item.get("url") or "")),
                "email": str(item.get("email") or ""),
                "fees_description": str(item.get("fees_description") or ""),
                "eligibility_description": str(item.get("eligibility_description") or ""),
                "application_process": str(item.get("application_process") or ""),
                "minimum_age": int(item["minimum_age"])
                if item.get("minimum_age") is not None
                else None,
                "maximum_age": int(item["maximum_age"])
                if item.get("maximum_age") is not None
                else None,
                "state": state,
            },
            actor,
            m2m=picked,
        )
        counts["services"] += 1
        linked = []
        for sal in item.get("service_at_locations", []):
            place = sal.get("location") or listed.get(str(sal.get("location_id")))
            if place is not None:
                linked.append(location(place))
            elif str(sal.get("location_id")) in places:
                linked.append(places[str(sal["location_id"])])
        service_locations_set(service=service, locations=linked)
        if not service.phones.exists():
            for phone in item.get("phones", [])[:5]:
                Phone.objects.create(service=service, number=str(phone.get("number", ""))[:40])
    audit_record(
        actor=actor, action="directory.hsds.import", district_id=district.pk, changes=counts
    )
    return counts


# --- Integreat ----------------------------------------------------------------------------


def integreat_urls(*, base: str, region: str, language: str) -> tuple[str, str]:
    """The public API v3 addresses of a region's places and events."""
    parsed = urlparse(base)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise ValidationError(
            _("Enter the address of the Integreat instance, e.g. https://cms.integreat-app.de")
        )
    if not re.fullmatch(r"[a-z0-9-]{1,100}", region) or not re.fullmatch(
        r"[a-z]{2,3}(-[a-z]{2,4})?", language
    ):
        raise ValidationError(_("Region and language are short names such as 'augsburg' and 'de'."))
    root = f"{parsed.scheme}://{parsed.netloc}/api/v3/{quote(region)}/{quote(language)}"
    return f"{root}/locations/", f"{root}/events/"


_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _integreat_hours(location: Location, hours: list[dict[str, Any]]) -> None:
    Schedule.objects.filter(location=location).delete()
    slots: dict[tuple[str, str, bool], list[str]] = {}
    for index, day in enumerate(hours[:7]):
        if day.get("closed"):
            continue
        if day.get("appointmentOnly"):
            slots.setdefault(("", "", True), []).append(_DAYS[index])
        elif day.get("allDay"):
            slots.setdefault(("00:00", "23:59", False), []).append(_DAYS[index])
        for slot in day.get("timeSlots") or []:
            slots.setdefault(
                (str(slot.get("start", "")), str(slot.get("end", "")), False), []
            ).append(_DAYS[index])
    for (start, end, appointment), days in slots.items():
        schedule = Schedule(
            location=location,
            freq=Schedule.Freq.WEEKLY,
            byday=",".join(days),
            opens_at=time.fromisoformat(start) if start else None,
            closes_at=time.fromisoformat(end) if end else None,
            by_appointment=appointment,
        )
        schedule.full_clean()
        schedule.save()


@transaction.atomic
def integreat_import(
    *,
    access: DistrictAccess,
    locations_json: bytes,
    events_json: bytes,
    region: str,
    publish: bool = True,
) -> dict[str, int]:
    """Places (POIs) and events from an Integreat region (API v3 answers)."""
    access.require(Capability.DIRECTORY_EDIT)
    district, actor = access.district, access.user
    try:
        pois = json.loads(locations_json.decode("utf-8"))
        events = json.loads(events_json.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(
            _("The Integreat answer is not JSON: %(error)s") % {"error": exc}
        ) from None
    if not isinstance(pois, list) or not isinstance(events, list):
        raise ValidationError(_("The Integreat answer is not a list of places and events."))
    state = State.PUBLISHED if publish else State.DRAFT
    step_free = _term_map(district).get(("accessibility", "step-free"))
    counts = {"locations": 0, "events": 0}
    by_poi: dict[int, Location] = {}

    def place(poi: dict[str, Any]) -> Location | None:
        address = poi.get("location") or {}
        poi_id = address.get("id") or poi.get("id")
        if poi_id is None:
            return None
        if poi_id in by_poi:
            return by_poi[poi_id]
        town = str(address.get("town") or "")
        loc = _upsert(
            Location,
            district,
            f"integreat:{region}:poi:{poi_id}",
            {
                "name": clean_text(str(poi.get("title") or address.get("name") or "–"))[:200],
                "description": _strip_html(str(poi.get("content") or poi.get("excerpt") or "")),
                "address_1": str(address.get("address") or "")[:200],
                "postal_code": str(address.get("postcode") or "")[:10],
                "city": town[:120],
                "gemeinde": _gemeinde(district, str(address.get("postcode") or ""), town),
                "latitude": _float(address.get("latitude")),
                "longitude": _float(address.get("longitude")),
                "state": state,
            },
            actor,
            m2m={"accessibility": [step_free] if poi.get("barrier_free") and step_free else []},
        )
        if poi.get("opening_hours"):
            _integreat_hours(loc, poi["opening_hours"])
        if poi.get("phone_number") and not loc.phones.exists():
            Phone.objects.create(location=loc, number=str(poi["phone_number"])[:40])
        by_poi[poi_id] = loc
        counts["locations"] += 1
        return by_poi[poi_id]

    for poi in pois:
        place(poi)
    for item in events:
        details = item.get("event") or {}
        zone_name = str(details.get("timezone") or settings.TIME_ZONE)
        try:
            zone = ZoneInfo(zone_name)
            start = _aware(str(details["start"]), zone)
            end = _aware(str(details["end"]), zone) if details.get("end") else None
        except (KeyError, ValueError) as exc:
            raise ValidationError(
                _("Event %(id)s has no valid dates (%(error)s).")
                % {"id": item.get("id"), "error": exc}
            ) from None
        rule = str(item.get("recurrence_rule") or "").removeprefix("RRULE:").strip()
        _upsert(
            Event,
            district,
            f"integreat:{region}:event:{item.get('id')}",
            {
                "title": clean_text(str(item.get("title") or "–"))[:200],
                "description": _strip_html(str(item.get("content") or item.get("excerpt") or "")),
                "start": start,
                "end": end,
                "all_day": bool(details.get("all_day")),
                "timezone": zone_name,
                "rrule": rule,
                "location": place(item) if item.get("location") else None,
                "state": state,
            },
            actor,
        )
        counts["events"] += 1
    audit_record(
        actor=actor,
        action="directory.integreat.import",
        district_id=district.pk,
        changes={"region": region, **counts},
    )
    return counts


def _aware(value: str, zone: ZoneInfo) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _float(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# --- iCalendar subscriptions ----------------------------------------------------------------


@transaction.atomic
def subscription_save(
    *, access: DistrictAccess, subscription: CalendarSubscription, categories: list[TaxonomyTerm]
) -> CalendarSubscription:
    access.require(Capability.DIRECTORY_EDIT)
    subscription.district = access.district
    if subscription.organisation and subscription.organisation.district_id != access.district.pk:
        raise ValidationError(_("That organisation belongs to another district."))
    if subscription.pk is None:
        subscription.created_by = access.user
    subscription.full_clean()
    subscription.save()
    subscription.categories.set(categories)
    audit_record(
        actor=access.user,
        action="directory.subscription.save",
        district_id=access.district.pk,
        obj=subscription,
    )
    return subscription


def subscription_sync(
    *, subscription: CalendarSubscription, data: bytes, actor: User | None = None
) -> dict[str, int]:
    """Import a calendar's events: new ones are created, known ones (same UID) updated,
    vanished ones hidden. Raises :class:`ValidationError` for data that is no calendar
    (then no event changes and the subscription records the problem)."""
    try:
        parsed = parse_calendar(data, default_tz=settings.TIME_ZONE)
    except CalendarError as exc:
        CalendarSubscription.objects.filter(pk=subscription.pk).update(
            last_fetched_at=timezone.now(), last_result=str(exc)[:300]
        )
        raise ValidationError(
            _("The calendar cannot be read: %(error)s") % {"error": exc}
        ) from None
    return _sync_parsed(subscription=subscription, parsed=parsed, actor=actor)


@transaction.atomic
def _sync_parsed(
    *, subscription: CalendarSubscription, parsed: list[Any], actor: User | None
) -> dict[str, int]:
    district = subscription.district
    categories = list(subscription.categories.all())
    state = State.PUBLISHED if subscription.publish_directly else State.IN_REVIEW
    counts = {"created": 0, "updated": 0, "hidden": 0}
    seen = set()
    for item in parsed:
        seen.add(item.uid)
        event = Event.objects.filter(subscription=subscription, external_uid=item.uid).first()
        created = event is None
        if event is None:
            event = Event(
                district=district, subscription=subscription, external_uid=item.uid, state=state
            )
        location = None
        if item.location:
            location = Location.objects.filter(
                district=district, name__iexact=item.location[:200]
            ).first() or save_entry(
                obj=Location(district=district),
                data={
                    "name": item.location[:200],
                    "state": State.PUBLISHED,
                    "external_ref": f"ical:{subscription.pk}",
                },
                actor=actor,
            )
        data = {
            "title": item.title,
            "description": item.description,
            "start": item.start,
            "end": item.end,
            "all_day": item.all_day,
            "timezone": item.timezone,
            "rrule": item.rrule,
            "exdates": item.exdates,
            "location": location,
            "organisation": subscription.organisation,
            "registration_url": item.url,
            "online_url": item.online_url,
            "attending_type": "online"
            if item.online_url and not location
            else ("hybrid" if item.online_url else "in_person"),
            "status": Event.Status.CANCELLED if item.cancelled else Event.Status.SCHEDULED,
            "external_ref": f"ical:{subscription.pk}:{item.uid}"[:300],
        }
        try:
            save_entry(
                obj=event,
                data=data,
                m2m={"categories": categories},
                actor=actor,
                by=f"iCal: {subscription.name}",
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Event %(uid)s: %(error)s") % {"uid": item.uid, "error": " ".join(exc.messages)}
            ) from None
        counts["created" if created else "updated"] += 1
    for event in (
        Event.objects.filter(subscription=subscription)
        .exclude(external_uid__in=seen)
        .exclude(state=State.HIDDEN)
    ):
        entry_state_change(
            entry=event,
            state=State.HIDDEN,
            reason=_("removed from the source calendar"),
            actor=actor,
        )
        counts["hidden"] += 1
    subscription.last_fetched_at = timezone.now()
    subscription.last_result = (
        _("%(created)s new, %(updated)s updated, %(hidden)s removed") % counts
    )
    subscription.save(update_fields=["last_fetched_at", "last_result"])
    return counts


def subscription_refresh(*, subscription: CalendarSubscription) -> dict[str, int]:
    """Fetch the subscribed calendar and import it (the daily job calls this)."""
    return subscription_sync(subscription=subscription, data=fetch(subscription.url))
