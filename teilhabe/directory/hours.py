"""Opening hours (HSDS schedules) in words, in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import pgettext

from teilhabe.directory.models import Schedule

_DAYS = {
    "MO": lambda: pgettext("public", "Mon"),
    "TU": lambda: pgettext("public", "Tue"),
    "WE": lambda: pgettext("public", "Wed"),
    "TH": lambda: pgettext("public", "Thu"),
    "FR": lambda: pgettext("public", "Fri"),
    "SA": lambda: pgettext("public", "Sat"),
    "SU": lambda: pgettext("public", "Sun"),
}


def _day(code: str) -> str:
    code = code.strip().upper()
    prefix, day = code[:-2], code[-2:]
    label = _DAYS[day]() if day in _DAYS else code
    if prefix:
        return pgettext("public", "%(nth)s. %(day)s of the month") % {"nth": prefix, "day": label}
    return label


def describe(schedule: Schedule) -> str:
    days = ", ".join(_day(d) for d in schedule.byday.split(",") if d.strip())
    if schedule.by_appointment:
        times = pgettext("public", "by appointment")
    elif schedule.opens_at and schedule.closes_at:
        times = f"{schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}"
    else:
        times = ""
    text = " ".join(p for p in (days, times) if p)
    return f"{text} ({schedule.description})" if schedule.description else text


def describe_all(schedules: Iterable[Schedule]) -> list[str]:
    return [describe(s) for s in schedules]
