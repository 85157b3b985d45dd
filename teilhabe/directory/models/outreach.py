"""The outreach and dialogue log: visits, calls, meetings and agreements with
organisations, with follow-ups. One meeting with several organisations is one entry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.directory.models.entries import Organisation


class Activity(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        CALL = "call", _("Phone call")
        MEETING = "meeting", _("Meeting")
        EMAIL = "email", _("E-mail or letter")
        AGREEMENT = "agreement", _("Agreement")
        EVENT = "event", _("Event together")

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    notes = models.TextField(pgettext_lazy("outreach", "notes"), blank=True)
    agreement = models.TextField(_("what was agreed"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="activities"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follow-up by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    follow_up_done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)
    reminder_sent_on = models.DateField(_("reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact log entry")
        verbose_name_plural = _("contact log")
        ordering = ["-happened_on", "-pk"]
        indexes = [
            models.Index(fields=["district", "-happened_on"], name="dir_activity_date"),
            models.Index(fields=["district", "follow_up_on"], name="dir_activity_followup"),
        ]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.subject}"
