"""Expanding events into occurrences (no Django): RFC 5545 RRULE with exception
dates, evaluated in the event's own time zone so that a weekly 18:00 course stays at
18:00 across daylight-saving changes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

MAX_OCCURRENCES = 400


class RecurrenceError(ValueError):
    """The repetition rule cannot be read."""


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "Europe/Berlin")
    except (ZoneInfoNotFoundError, ValueError):
        raise RecurrenceError(f"unknown time zone {name!r}") from None


def validate_rrule(rule: str, *, start: datetime, tz: str = "Europe/Berlin") -> None:
    """Raise :class:`RecurrenceError` unless ``rule`` is a usable RRULE."""
    if not rule:
        return
    if "\n" in rule or rule.upper().startswith(("DTSTART", "EXDATE", "RDATE")):
        raise RecurrenceError("only the RRULE value is expected")
    local = start.astimezone(_zone(tz)).replace(tzinfo=None)
    try:
        rrulestr(_local_rule(rule, _zone(tz)), dtstart=local)
    except (ValueError, TypeError) as exc:
        raise RecurrenceError(str(exc)) from None


_UNTIL_UTC = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)


def _local_rule(rule: str, zone: ZoneInfo) -> str:
    """The rule with a UTC ``UNTIL`` turned into the zone's local time (dateutil wants
    ``UNTIL`` in the same form as the naive local ``DTSTART``)."""

    def local(match: re.Match[str]) -> str:
        moment = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        return "UNTIL=" + moment.astimezone(zone).strftime("%Y%m%dT%H%M%S")

    return _UNTIL_UTC.sub(local, rule.strip().removeprefix("RRULE:"))


def _excluded(exdates: Sequence[str]) -> tuple[set[date], set[datetime]]:
    days: set[date] = set()
    moments: set[datetime] = set()
    for raw in exdates:
        text = str(raw).strip()
        if not text:
            continue
        try:
            if len(text) == 10:
                days.add(date.fromisoformat(text))
            else:
                moments.add(datetime.fromisoformat(text).replace(tzinfo=None, microsecond=0))
        except ValueError:
            continue
    return days, moments


def occurrences(
    *,
    start: datetime,
    end: datetime | None,
    rrule: str,
    exdates: Sequence[str],
    tz: str,
    window_start: datetime,
    window_end: datetime,
    limit: int = MAX_OCCURRENCES,
) -> list[tuple[datetime, datetime | None]]:
    """Occurrences (start, end) in UTC that overlap the window, at most ``limit``.

    ``start``/``end`` are aware datetimes; ``exdates`` holds ISO dates (the whole day
    is left out) or local date-times (``2027-03-02T18:00``).
    """
    zone = _zone(tz)
    duration = (end - start) if end is not None else None
    if not rrule:
        finish = end or start
        if finish >= window_start and start <= window_end:
            return [(start.astimezone(UTC), end.astimezone(UTC) if end else None)]
        return []
    local_start = start.astimezone(zone).replace(tzinfo=None)
    try:
        rule = rrulestr(_local_rule(rrule, zone), dtstart=local_start)
    except (ValueError, TypeError) as exc:
        raise RecurrenceError(str(exc)) from None
    skip_days, skip_moments = _excluded(exdates)
    span = duration or timedelta(0)
    after = (window_start - span).astimezone(zone).replace(tzinfo=None)
    before = window_end.astimezone(zone).replace(tzinfo=None)
    found: list[tuple[datetime, datetime | None]] = []
    for local in rule.xafter(after - timedelta(seconds=1), count=limit * 2, inc=True):
        if local > before or len(found) >= limit:
            break
        if local.date() in skip_days or local.replace(microsecond=0) in skip_moments:
            continue
        aware = local.replace(tzinfo=zone)
        begin = aware.astimezone(UTC)
        found.append((begin, (aware + duration).astimezone(UTC) if duration else None))
    return found
