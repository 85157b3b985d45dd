"""iCalendar (RFC 5545 with RFC 7986's CONFERENCE): feeds of our events, and reading
external calendars for subscriptions.

Feeds keep recurring events as one VEVENT with RRULE and EXDATE in the event's own
time zone (VTIMEZONE included), so calendar apps show the right local times across
daylight-saving changes. Reading accepts time zones, all-day events, recurrences and
moved single occurrences (RECURRENCE-ID), and refuses what is not a calendar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, vRecur
from icalendar import Event as VEvent
from icalendar.prop import vText

from teilhabe.directory.models import AttendingType, Event
from teilhabe.directory.safety import clean_text, safe_url

PRODID = "-//Teilhabe//Directory//DE"
STATUS_OUT: dict[str, str] = {
    Event.Status.SCHEDULED: "CONFIRMED",
    Event.Status.CANCELLED: "CANCELLED",
    Event.Status.POSTPONED: "TENTATIVE",
}


def feed_bytes(
    events: Iterable[Event],
    *,
    name: str,
    url_for: Callable[[Event], str],
    now: datetime | None = None,
) -> bytes:
    """One calendar with every event (recurrences as RRULE/EXDATE)."""
    stamp = now or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", clean_text(name))
    cal.add("name", clean_text(name))
    cal.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    for event in events:
        cal.add_component(_vevent(event, stamp, url_for(event)))
    cal.add_missing_timezones()
    return cal.to_ical()


def _vevent(event: Event, stamp: datetime, url: str) -> VEvent:
    zone = ZoneInfo(event.timezone or "Europe/Berlin")
    item = VEvent()
    item.add("uid", f"{event.uuid}@teilhabe")
    item.add("dtstamp", stamp)
    item.add("last-modified", event.updated_at or stamp)
    if event.all_day:
        first = event.start.astimezone(zone).date()
        item.add("dtstart", first)
        last = event.end.astimezone(zone).date() if event.end else first
        item.add("dtend", last + timedelta(days=1))
    else:
        item.add("dtstart", event.start.astimezone(zone))
        if event.end:
            item.add("dtend", event.end.astimezone(zone))
    if event.rrule:
        item.add("rrule", vRecur.from_ical(event.rrule.removeprefix("RRULE:")))
        for raw in event.exdates:
            text = str(raw)
            try:
                if len(text) == 10:
                    day = date.fromisoformat(text)
                    if event.all_day:
                        item.add("exdate", day)
                    else:
                        local = event.start.astimezone(zone).timetz().replace(tzinfo=None)
                        item.add("exdate", datetime.combine(day, local, tzinfo=zone))
                else:
                    item.add("exdate", datetime.fromisoformat(text).replace(tzinfo=zone))
            except ValueError:
                continue
    item.add("summary", event.title)
    if event.description:
        item.add("description", event.description)
    if event.location is not None:
        where = ", ".join(p for p in (event.location.name, event.location.address_line) if p)
        item.add("location", where)
        if event.location.latitude is not None and event.location.longitude is not None:
            item.add("geo", (event.location.latitude, event.location.longitude))
    if event.online_url and event.attending_type != AttendingType.IN_PERSON:
        link = safe_url(event.online_url)
        if link:
            item.add("conference", link, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
    item.add("url", url)
    item.add("status", STATUS_OUT.get(event.status, "CONFIRMED"))
    labels = [t.label for t in event.categories.all()]
    if labels:
        item.add("categories", labels)
    if event.organisation is not None:
        item.add("x-teilhabe-organiser", vText(event.organisation.name))
    return item


# --- reading -------------------------------------------------------------------------------


class CalendarError(ValueError):
    """The data is not a readable iCalendar file."""


@dataclass
class ParsedEvent:
    uid: str
    title: str
    description: str = ""
    start: datetime = field(default_factory=lambda: datetime.now(UTC))
    end: datetime | None = None
    all_day: bool = False
    timezone: str = "Europe/Berlin"
    rrule: str = ""
    exdates: list[str] = field(default_factory=list)
    location: str = ""
    url: str = ""
    online_url: str = ""
    cancelled: bool = False


def _moment(value: date | datetime, default_zone: ZoneInfo) -> tuple[datetime, bool, str]:
    """(aware datetime, all day?, time-zone name) of a DTSTART/DTEND value."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=default_zone), False, default_zone.key
        key = getattr(value.tzinfo, "key", None) or str(value.tzinfo)
        try:
            ZoneInfo(key)
        except (ValueError, KeyError, OSError):
            key = "UTC" if value.utcoffset() == timedelta(0) else default_zone.key
        return value, False, key
    return datetime.combine(value, time.min, tzinfo=default_zone), True, default_zone.key


def parse_calendar(data: bytes, *, default_tz: str = "Europe/Berlin") -> list[ParsedEvent]:
    """The events of an iCalendar file; moved occurrences become events of their own."""
    try:
        cal = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise CalendarError(f"not a calendar: {exc}") from None
    if cal.name != "VCALENDAR":
        raise CalendarError("not a calendar: no VCALENDAR")
    zone = ZoneInfo(default_tz)
    found: dict[str, ParsedEvent] = {}
    moved: list[tuple[str, ParsedEvent, str]] = []
    for component in cal.walk("VEVENT"):
        uid = str(component.get("uid") or "").strip()[:250]
        start_prop = component.get("dtstart")
        if not uid or start_prop is None:
            continue
        start, all_day, tz_name = _moment(start_prop.dt, zone)
        end_prop = component.get("dtend")
        end: datetime | None = None
        if end_prop is not None:
            end, _all, _tz = _moment(end_prop.dt, zone)
            if all_day:
                end = end - timedelta(days=1)  # DTEND of an all-day event is exclusive
        elif component.get("duration") is not None:
            end = start + component.get("duration").dt
        item = ParsedEvent(
            uid=uid,
            title=clean_text(str(component.get("summary") or "")).strip()[:200] or "–",
            description=clean_text(str(component.get("description") or "")).strip(),
            start=start,
            end=end if end is None or end >= start else None,
            all_day=all_day,
            timezone=tz_name,
            location=clean_text(str(component.get("location") or "")).strip()[:200],
            url=safe_url(str(component.get("url") or "")),
            online_url=safe_url(str(component.get("conference") or "")),
            cancelled=str(component.get("status") or "").upper() == "CANCELLED",
        )
        rule = component.get("rrule")
        if rule is not None:
            item.rrule = rule.to_ical().decode()[:300]
        for exdate in _list(component.get("exdate")):
            for value in getattr(exdate, "dts", []):
                item.exdates.append(_exdate_text(value.dt, start.tzinfo))
        recurrence_id = component.get("recurrence-id")
        if recurrence_id is not None:
            moved.append((uid, item, _exdate_text(recurrence_id.dt, start.tzinfo)))
        else:
            found[uid] = item
    for uid, item, original in moved:
        master = found.get(uid)
        if master is not None:
            master.exdates.append(original)
        item.uid = f"{uid}#{original}"[:300]
        item.rrule = ""
        found[item.uid] = item
    return list(found.values())


def _list(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _exdate_text(value: date | datetime, zone: object) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None and isinstance(zone, ZoneInfo | type(UTC)):
            value = value.astimezone(zone)
        return value.replace(tzinfo=None).isoformat(timespec="minutes")
    return value.isoformat()
