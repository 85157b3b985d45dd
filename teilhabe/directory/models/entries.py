"""Directory entries shaped like Open Referral HSDS 3: organisations, offers (services),
places (locations) with their Gemeinde, offers at places, schedules, contacts and
phones; plus what HSDS lacks: typed dated relationships, dated events with
recurrence, per-field translations with a status, publication states and a
per-field change history."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.directory.models.taxonomy import TaxonomyTerm
from teilhabe.directory.safety import http_url_validator


class State(models.TextChoices):
    """Publication state of an entry (HSDS has none)."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by a moderator")
    UNPUBLISHED = "unpublished", _("Unpublished (not confirmed for 12 months)")


class AttendingType(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class Entry(models.Model):
    """What every directory entry has: its district, an HSDS identifier, a state, the
    source language of its texts, "last confirmed" and who changed it last."""

    #: Descriptive fields that are translated per language.
    TRANSLATABLE: tuple[str, ...] = ()
    #: Set by ``selectors.localize``: each translatable field in the reader's language.
    tr: dict[str, Any]

    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PUBLISHED, db_index=True
    )
    source_language = models.CharField(_("source language"), max_length=8, default="de")
    last_confirmed = models.DateField(_("last confirmed"), default=timezone.localdate)
    owner_email = models.EmailField(
        _("e-mail for confirmation reminders"),
        blank=True,
        help_text=_("Reminded every 6 months to confirm that the entry is still correct."),
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    stale_flagged_at = models.DateTimeField(_("flagged as outdated"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    external_ref = models.CharField(
        _("identifier in the source"),
        max_length=300,
        blank=True,
        help_text=_("Where the entry was imported from (HSDS, Integreat, iCalendar)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.state == State.PUBLISHED


class Organisation(Entry):
    class Kind(models.TextChoices):
        MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant self-organisation")
        CLUB = "club", _("Club or association")
        COUNSELLING = "counselling", _("Counselling service")
        AUTHORITY = "authority", _("Authority")
        RELIGIOUS = "religious", _("Religious community")
        COMPANY = "company", _("Company")
        SCHOOL = "school", _("School")
        COURSE_PROVIDER = "course_provider", _("Course provider")
        WELFARE = "welfare", _("Welfare association")
        INITIATIVE = "initiative", _("Volunteer initiative")
        OTHER = "other", _("Other")

    TRANSLATABLE = ("name", "description")

    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name or abbreviation"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(
        _("website"), blank=True, max_length=500, validators=[http_url_validator]
    )
    legal_status = models.CharField(_("legal form"), max_length=100, blank=True)
    logo = models.ImageField(_("logo"), upload_to="directory/logos/", blank=True)
    verified = models.BooleanField(
        _("verified by the office"),
        default=False,
        help_text=_(
            "Submissions confirmed from one of the addresses below are published at once "
            "and reviewed afterwards."
        ),
    )
    verified_emails = models.TextField(
        _("addresses that may publish directly"),
        blank=True,
        help_text=_("One e-mail address per line."),
    )
    target_groups = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("target groups"), blank=True, related_name="+"
    )
    topics = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("topics"), blank=True, related_name="+"
    )
    languages = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("languages spoken"), blank=True, related_name="+"
    )
    notes = models.TextField(_("internal notes"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["district", "state", "kind"], name="dir_org_filter")]

    def __str__(self) -> str:
        return self.name

    def verified_email_list(self) -> list[str]:
        return [line.strip().lower() for line in self.verified_emails.splitlines() if line.strip()]


class Relationship(models.Model):
    class Kind(models.TextChoices):
        MEMBER_OF = "member_of", _("is a member of")
        PARTNER_OF = "partner_of", _("is a partner of")
        FUNDS = "funds", _("funds")
        RUNS = "runs", _("runs")

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="relationships_out",
    )
    kind = models.CharField(_("relationship"), max_length=16, choices=Kind.choices)
    target = models.ForeignKey(
        Organisation,
        verbose_name=_("other organisation"),
        on_delete=models.CASCADE,
        related_name="relationships_in",
    )
    valid_from = models.DateField(_("since"), null=True, blank=True)
    valid_until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["source__name", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="directory_relationship_not_self"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="directory_relationship_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    def is_current(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )


class Location(Entry):
    class Kind(models.TextChoices):
        PHYSICAL = "physical", _("A place to visit")
        POSTAL = "postal", _("Postal address only")
        VIRTUAL = "virtual", _("Online")

    TRANSLATABLE = ("name", "description", "transportation", "accessibility_description")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.PHYSICAL)
    description = models.TextField(_("description"), blank=True)
    address_1 = models.CharField(_("street and number"), max_length=200, blank=True)
    address_2 = models.CharField(_("address addition"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=120, blank=True)
    gemeinde = models.ForeignKey(
        "areas.Area",
        verbose_name=_("Gemeinde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "gemeinde", "valid_until__isnull": True},
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    url = models.URLField(
        _("web address (online places)"),
        blank=True,
        max_length=500,
        validators=[http_url_validator],
    )
    transportation = models.TextField(_("how to get there"), blank=True)
    accessibility = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("accessibility"), blank=True, related_name="+"
    )
    accessibility_description = models.TextField(_("accessibility details"), blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["district", "state", "gemeinde"], name="dir_loc_filter"),
            models.Index(fields=["latitude", "longitude"], name="dir_loc_geo"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address_line(self) -> str:
        town = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.address_1, self.address_2, town) if p)

    @property
    def step_free(self) -> bool:
        return any(t.code == "step-free" for t in self.accessibility.all())


class Service(Entry):
    """An offer (HSDS service): one course or counselling service, at one or more places."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")
        DEFUNCT = "defunct", _("ended")
        TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")

    TRANSLATABLE = (
        "name",
        "description",
        "eligibility_description",
        "fees_description",
        "application_process",
    )

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    email = models.EmailField(_("e-mail"), blank=True)
    url = models.URLField(
        _("web address"), blank=True, max_length=500, validators=[http_url_validator]
    )
    attending_type = models.CharField(
        _("in person or online"),
        max_length=16,
        choices=AttendingType.choices,
        default=AttendingType.IN_PERSON,
    )
    free_of_charge = models.BooleanField(_("free of charge"), default=False)
    fees_description = models.TextField(_("costs"), blank=True)
    eligibility_description = models.TextField(_("who can take part"), blank=True)
    application_process = models.TextField(_("how to take part"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places in total"), null=True, blank=True)
    capacity_available = models.PositiveIntegerField(_("places free"), null=True, blank=True)
    categories = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("categories"), blank=True, related_name="+"
    )
    target_groups = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("target groups"), blank=True, related_name="+"
    )
    languages = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("languages of the offer"), blank=True, related_name="+"
    )
    locations: models.ManyToManyField[Location, ServiceAtLocation] = models.ManyToManyField(
        Location,
        verbose_name=_("places"),
        through="ServiceAtLocation",
        blank=True,
        related_name="services",
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["name"]
        indexes = [models.Index(fields=["district", "state"], name="dir_service_filter")]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="directory_service_ages_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceAtLocation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="at_services")
    description = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("offer at a place")
        verbose_name_plural = _("offers at places")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="directory_sal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class Schedule(models.Model):
    """Opening hours, iCal style (HSDS schedule): weekly or monthly on given days."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("every week")
        MONTHLY = "MONTHLY", _("every month")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    freq = models.CharField(_("repeats"), max_length=8, choices=Freq.choices, default=Freq.WEEKLY)
    byday = models.CharField(
        _("days"), max_length=40, help_text=_("MO,TU,WE,TH,FR,SA,SU; monthly: 1MO = first Monday")
    )
    opens_at = models.TimeField(_("opens"), null=True, blank=True)
    closes_at = models.TimeField(_("closes"), null=True, blank=True)
    by_appointment = models.BooleanField(_("by appointment only"), default=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    description = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(location__isnull=False),
                name="directory_schedule_has_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at}–{self.closes_at}"


class Contact(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(pgettext_lazy("contact", "role"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_public = models.BooleanField(
        _("show on public pages"),
        default=True,
        help_text=_("Contacts kept internal appear only in the office."),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name or self.email or str(self.uuid)


class Phone(models.Model):
    class Kind(models.TextChoices):
        VOICE = "voice", _("phone")
        MOBILE = "cell", _("mobile")
        FAX = "fax", _("fax")
        MESSENGER = "text", _("messenger")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=40)
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices, default=Kind.VOICE)
    languages = models.CharField(
        _("languages spoken on this line"), max_length=100, blank=True, help_text="de,ar,tr"
    )
    description = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.number


class Event(Entry):
    """A dated event: one-off or recurring (RFC 5545 RRULE with exception dates)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("takes place")
        CANCELLED = "cancelled", _("cancelled")
        POSTPONED = "postponed", _("postponed")

    TRANSLATABLE = ("title", "description")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    location = models.ForeignKey(
        Location,
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    start = models.DateTimeField(_("begins"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    all_day = models.BooleanField(_("all day"), default=False)
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    rrule = models.CharField(
        _("repetition (RRULE)"),
        max_length=300,
        blank=True,
        help_text=_("For example FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231T000000Z"),
    )
    exdates = models.JSONField(_("dates left out"), default=list, blank=True)
    attending_type = models.CharField(
        _("in person or online"),
        max_length=16,
        choices=AttendingType.choices,
        default=AttendingType.IN_PERSON,
    )
    online_url = models.URLField(
        _("link to join online"), blank=True, max_length=500, validators=[http_url_validator]
    )
    registration_url = models.URLField(
        _("registration link"), blank=True, max_length=500, validators=[http_url_validator]
    )
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    free_of_charge = models.BooleanField(_("free of charge"), default=False)
    categories = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("categories"), blank=True, related_name="+"
    )
    target_groups = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("target groups"), blank=True, related_name="+"
    )
    languages = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("languages"), blank=True, related_name="+"
    )
    subscription = models.ForeignKey(
        "directory.CalendarSubscription",
        verbose_name=_("imported from calendar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    external_uid = models.CharField(_("UID in the source calendar"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start"]
        indexes = [models.Index(fields=["district", "state"], name="dir_event_filter")]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "external_uid"],
                condition=Q(subscription__isnull=False),
                name="directory_event_unique_uid",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="directory_event_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def name(self) -> str:
        return self.title


class EventOccurrence(models.Model):
    """Occurrences of events, expanded when the event is saved (and daily), so that
    calendars and date filters never expand recurrences at request time."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["district", "start"], name="dir_occ_district_start")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.start:%Y-%m-%d %H:%M}"


class Translation(models.Model):
    """One descriptive field of one entry in one language, with its review status."""

    class Status(models.TextChoices):
        ORIGINAL = "original", _("original")
        REVIEWED = "reviewed", _("reviewed")
        NOT_REVIEWED = "not_reviewed", _("not reviewed")
        OUTDATED = "outdated", _("outdated: the source text changed")

    class EntityType(models.TextChoices):
        ORGANISATION = "organisation", _("organisation")
        SERVICE = "service", _("offer")
        LOCATION = "location", _("place")
        EVENT = "event", _("event")

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    entity_type = models.CharField(max_length=16, choices=EntityType.choices)
    entity_id = models.PositiveBigIntegerField()
    language = models.CharField(_("language"), max_length=8)
    field = models.CharField(_("field"), max_length=40)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_REVIEWED
    )
    #: Digest of the source text this translation was made from.
    source_digest = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["entity_type", "entity_id", "language", "field"],
                name="directory_translation_unique",
            )
        ]
        indexes = [models.Index(fields=["entity_type", "entity_id"], name="dir_translation_entity")]

    def __str__(self) -> str:
        return f"{self.entity_type}:{self.entity_id} {self.field} [{self.language}]"


class ChangeRecord(models.Model):
    """The change history of an entry, one row per changed field (HSDS metadata)."""

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    entity_type = models.CharField(max_length=16, choices=Translation.EntityType.choices)
    entity_id = models.PositiveBigIntegerField()
    entity_uuid = models.UUIDField()
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(_("action"), max_length=20)
    field_name = models.CharField(_("field"), max_length=60, blank=True)
    previous_value = models.TextField(_("before"), blank=True)
    replacement_value = models.TextField(_("after"), blank=True)
    updated_by = models.CharField(_("by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["entity_type", "entity_id", "-at"], name="dir_change_entity")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.action} {self.field_name}"


class CalendarSubscription(models.Model):
    """An external iCalendar feed whose events are imported (and updated) regularly."""

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(
        _("calendar address (.ics)"), max_length=500, validators=[http_url_validator]
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser of the events"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    categories = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("categories of its events"), blank=True, related_name="+"
    )
    publish_directly = models.BooleanField(
        _("publish imported events at once"),
        default=True,
        help_text=_("Otherwise imported events wait in the moderation queue."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_result = models.CharField(_("result of the last import"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
