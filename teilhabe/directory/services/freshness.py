"""Scheduled work, run once a day by ``teilhabe directory-daily``:

* remind entry owners every 6 months to confirm their entry (a signed link, no account);
* flag entries not confirmed for 12 months, and unpublish them a grace period later
  (never deleted: confirming publishes them again);
* move recurring events' stored occurrences forward;
* mail staff their due follow-ups from the contact log;
* read subscribed calendars;
* forget rate-limit records older than two days.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from teilhabe.accounts.models import User
from teilhabe.directory.models import (
    Activity,
    CalendarSubscription,
    Event,
    Organisation,
    Service,
    State,
)
from teilhabe.directory.search.backends import backend
from teilhabe.directory.services.common import (
    MODEL_OF_TYPE,
    EntryModel,
    entity_type,
    occurrences_refresh,
)
from teilhabe.directory.services.entries import entry_state_change
from teilhabe.directory.spam import throttle_prune

logger = logging.getLogger(__name__)
CONFIRM_SALT = "teilhabe.directory.confirm"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 90
FRESHNESS_MODELS: tuple[type[Any], ...] = (Organisation, Service, Event)


def remind_after() -> timedelta:
    return timedelta(days=round(30.44 * settings.TEILHABE_DIRECTORY_REMIND_MONTHS))


def flag_after() -> timedelta:
    return timedelta(days=round(30.44 * settings.TEILHABE_DIRECTORY_FLAG_MONTHS))


def confirm_token(entry: EntryModel) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(f"{entity_type(entry)}:{entry.pk}")


def entry_for_confirm_token(token: str) -> EntryModel | None:
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    kind, _, pk = value.partition(":")
    model = MODEL_OF_TYPE.get(kind)
    if model is None or not pk.isdigit():
        return None
    entry: EntryModel | None = model.objects.filter(pk=int(pk)).first()
    return entry


@dataclass
class DailyReport:
    reminded: int = 0
    flagged: int = 0
    unpublished: int = 0
    occurrences: int = 0
    follow_up_mails: int = 0
    calendars: int = 0
    calendar_errors: list[str] = field(default_factory=list)
    throttle_deleted: int = 0
    search_terms: int = 0

    def lines(self) -> list[str]:
        return [
            f"reminders sent: {self.reminded}",
            f"entries flagged as not confirmed for {settings.TEILHABE_DIRECTORY_FLAG_MONTHS} months: {self.flagged}",
            f"entries unpublished: {self.unpublished}",
            f"event occurrences refreshed: {self.occurrences}",
            f"follow-up reminder mails: {self.follow_up_mails}",
            f"calendars read: {self.calendars}",
            *(f"calendar problem: {e}" for e in self.calendar_errors),
            f"rate-limit records deleted: {self.throttle_deleted}",
            f"words in the search vocabulary: {self.search_terms}",
        ]


def _owner_address(entry: EntryModel) -> str:
    return entry.owner_email or getattr(entry, "email", "") or ""


def send_reminders(*, base_url: str, today: date) -> int:
    """Mail the owners of entries last confirmed 6+ months ago (at most every 30 days)."""
    count = 0
    cutoff = today - remind_after()
    again = timezone.now() - timedelta(days=30)
    for model in FRESHNESS_MODELS:
        rows = (
            model.objects.filter(state=State.PUBLISHED, last_confirmed__lte=cutoff)
            .exclude(reminder_sent_at__gte=again)
            .select_related("district")
        )
        for entry in rows.iterator(chunk_size=500):
            address = _owner_address(entry)
            if not address:
                continue
            link = base_url.rstrip("/") + reverse(
                "directory_public:confirm",
                kwargs={
                    "lang": "de",
                    "district": entry.district.slug,
                    "token": confirm_token(entry),
                },
            )
            with translation.override("de"):
                context = {
                    "name": str(entry),
                    "district": entry.district,
                    "confirmed": entry.last_confirmed.strftime("%d.%m.%Y"),
                    "link": link,
                }
                subject = render_to_string("directory/email/reminder_subject.txt", context).strip()
                body = render_to_string("directory/email/reminder.txt", context)
            send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [address])
            model.objects.filter(pk=entry.pk).update(reminder_sent_at=timezone.now())
            count += 1
    return count


def flag_and_unpublish(*, today: date) -> tuple[int, int]:
    """Flag entries unconfirmed for 12 months; unpublish those flagged longer than the
    grace period. Both steps are recorded in the change history and the audit log."""
    cutoff = today - flag_after()
    now = timezone.now()
    grace = timedelta(days=settings.TEILHABE_DIRECTORY_UNPUBLISH_GRACE_DAYS)
    flagged = unpublished = 0
    for model in FRESHNESS_MODELS:
        flagged += model.objects.filter(
            state=State.PUBLISHED, last_confirmed__lte=cutoff, stale_flagged_at__isnull=True
        ).update(stale_flagged_at=now)
        due = model.objects.filter(
            state=State.PUBLISHED, last_confirmed__lte=cutoff, stale_flagged_at__lte=now - grace
        )
        for entry in due.iterator(chunk_size=200):
            with transaction.atomic():
                entry_state_change(
                    entry=entry,
                    state=State.UNPUBLISHED,
                    reason=f"not confirmed since {entry.last_confirmed.isoformat()}",
                    actor=None,
                )
            unpublished += 1
    return flagged, unpublished


def refresh_occurrences() -> int:
    count = 0
    for event in (
        Event.objects.exclude(rrule="").exclude(state=State.HIDDEN).iterator(chunk_size=500)
    ):
        with transaction.atomic():
            count += occurrences_refresh(event)
    return count


def mail_follow_ups(*, base_url: str, today: date) -> int:
    """One mail per person with the follow-ups that fall due today or earlier."""
    due = (
        Activity.objects.filter(
            follow_up_on__lte=today, follow_up_done_at__isnull=True, reminder_sent_on__isnull=True
        )
        .select_related("district", "follow_up_by", "staff")
        .prefetch_related("organisations")
    )
    by_person: dict[tuple[int, int], list[Activity]] = {}
    for activity in due:
        person: User | None = activity.follow_up_by or activity.staff
        if person is None or not person.email or not person.is_active:
            continue
        by_person.setdefault((person.pk, activity.district_id), []).append(activity)
    sent = 0
    for (person_id, _district_id), activities in by_person.items():
        person = User.objects.get(pk=person_id)
        district = activities[0].district
        link = base_url.rstrip("/") + reverse(
            "directory:activities", kwargs={"district": district.slug}
        )
        with translation.override(person.preferred_language or "de"):
            context = {"activities": activities, "district": district, "link": link}
            subject = render_to_string("directory/email/followups_subject.txt", context).strip()
            body = render_to_string("directory/email/followups.txt", context)
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [person.email])
        Activity.objects.filter(pk__in=[a.pk for a in activities]).update(reminder_sent_on=today)
        sent += 1
    return sent


def read_calendars(report: DailyReport) -> None:
    from teilhabe.directory.services.interop import subscription_refresh

    for subscription in CalendarSubscription.objects.filter(is_active=True).select_related(
        "district"
    ):
        try:
            subscription_refresh(subscription=subscription)
            report.calendars += 1
        except ValidationError as exc:
            report.calendar_errors.append(f"{subscription.name}: {' '.join(exc.messages)}")
            CalendarSubscription.objects.filter(pk=subscription.pk).update(
                last_fetched_at=timezone.now(), last_result=" ".join(exc.messages)[:300]
            )


def directory_daily(
    *, base_url: str, today: date | None = None, calendars: bool = True
) -> DailyReport:
    day = today or timezone.localdate()
    report = DailyReport()
    report.reminded = send_reminders(base_url=base_url, today=day)
    report.flagged, report.unpublished = flag_and_unpublish(today=day)
    report.occurrences = refresh_occurrences()
    report.follow_up_mails = mail_follow_ups(base_url=base_url, today=day)
    if calendars:
        read_calendars(report)
    report.throttle_deleted = throttle_prune()
    with transaction.atomic():
        # Words of entries that were changed or removed leave the vocabulary.
        report.search_terms = backend().rebuild_terms()
    return report
