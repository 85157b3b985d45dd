"""Community submissions without an account, reports of public entries, the per-IP
rate limit, and the office's bulk-import uploads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teilhabe.directory.models.entries import Translation


class Submission(models.Model):
    """A proposal from the public: a new organisation, offer or event, or a correction.

    The submitter confirms the e-mail address (double opt-in) through a link that
    also serves as the private link to edit the proposal later. Only the digests of
    the secret tokens are stored.
    """

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("new organisation")
        SERVICE = "service", _("new offer")
        EVENT = "event", _("new event")
        CORRECTION = "correction", _("correction")

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("e-mail not confirmed yet")
        PENDING = "pending", _("waiting for review")
        PUBLISHED_UNREVIEWED = "published_unreviewed", _("published, review afterwards")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("submission", "withdrawn")

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    target_type = models.CharField(
        max_length=16, choices=Translation.EntityType.choices, blank=True
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    data = models.JSONField(_("proposed content"), default=dict)
    name = models.CharField(_("name of the submitter"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail of the submitter"))
    language = models.CharField(_("language"), max_length=8, default="de")
    token_digest = models.CharField(max_length=64, unique=True)
    state = models.CharField(
        _("state"), max_length=24, choices=State.choices, default=State.UNCONFIRMED, db_index=True
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for the rejection"), blank=True)
    result_type = models.CharField(
        max_length=16, choices=Translation.EntityType.choices, blank=True
    )
    result_id = models.PositiveBigIntegerField(null=True, blank=True)
    verified_organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("sent by a verified organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["district", "state"], name="dir_submission_queue")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.data.get('name') or self.data.get('title') or ''}"

    @property
    def title(self) -> str:
        return str(self.data.get("name") or self.data.get("title") or "")


class Report(models.Model):
    """A visitor's report of a public entry (wrong, outdated, offensive, spam)."""

    class Reason(models.TextChoices):
        WRONG = "wrong", _("wrong information")
        OUTDATED = "outdated", _("outdated")
        OFFENSIVE = "offensive", _("offensive")
        SPAM = "spam", _("spam or advertising")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        KEPT = "kept", _("checked, entry kept")
        HIDDEN = "hidden", _("entry hidden")
        CORRECTED = "corrected", _("entry corrected")

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    target_type = models.CharField(max_length=16, choices=Translation.EntityType.choices)
    target_id = models.PositiveBigIntegerField()
    reason = models.CharField(
        pgettext_lazy("moderation", "reason"), max_length=12, choices=Reason.choices
    )
    message = models.TextField(pgettext_lazy("submission", "message"), blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.OPEN, db_index=True
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["district", "state"], name="dir_report_queue")]

    def __str__(self) -> str:
        return f"{self.target_type}:{self.target_id} {self.reason}"


class Throttle(models.Model):
    """One public write (submission, report) by a visitor, for the per-IP rate limit.

    The address is stored only as a keyed digest that changes every day, and rows
    older than two days are deleted by ``directory_daily``.
    """

    key = models.CharField(max_length=64, db_index=True)
    action = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["key", "action", "at"], name="dir_throttle_lookup")]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class ImportUpload(models.Model):
    """A contact list uploaded for bulk import, kept between the mapping steps."""

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=200)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
