"""Data of the surveys module.

* :class:`Survey` – one survey of a district, with its settings (anonymity, the
  small-group threshold k, access codes, the Gemeinde question).
* :class:`QuestionnaireVersion` – the questionnaire as a JSON document
  (:class:`teilhabe.surveys.engine.form.Form`). A version that has answers is frozen:
  changes go into a new version, and every response keeps the version it answered.
* :class:`Wave` – a collection window (opens, closes); repeated waves of one survey
  can be compared.
* :class:`Response` – one respondent's answers. Anonymous surveys keep only the day.
* :class:`ResponseDraft` – answers in progress, reached again through a private link.
* :class:`AccessCode` – one response per code, for surveys of a defined group.
* :class:`SurveyMedia` – images and audio attached to questions and choices.
* :class:`MeasureLink` – a question that feeds a monitoring measure.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from teilhabe.surveys.engine.form import Form


class SurveyQuerySet(models.QuerySet["Survey"]):
    def for_district(self, district_id: int) -> SurveyQuerySet:
        return self.filter(district_id=district_id)


class Survey(models.Model):
    class Access(models.TextChoices):
        OPEN = "open", _("Anyone with the link")
        CODES = "codes", _("Only with an access code (one response per code)")

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    slug = models.SlugField(_("short name in addresses"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("internal description"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Anonymous surveys store no IP address, no browser details and only the day of "
            "each answer, never the time."
        ),
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group shown (k)"),
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(50)],
        help_text=_(
            "Results of fewer respondents than this are never shown or exported from the analysis."
        ),
    )
    access = models.CharField(
        _("who may answer"), max_length=8, choices=Access.choices, default=Access.OPEN
    )
    gemeinde_question = models.CharField(
        _("question that asks for the Gemeinde"),
        max_length=100,
        blank=True,
        help_text=_("Its answers are Gemeinde keys; results can then be shown per Gemeinde."),
    )
    published_version = models.ForeignKey(
        "QuestionnaireVersion",
        verbose_name=_("published version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "slug"],
                name="survey_unique_slug",
                violation_error_message=_(
                    "This district has a survey with this short name already."
                ),
            ),
            models.CheckConstraint(
                condition=Q(min_group_size__gte=3), name="survey_min_group_size_at_least_3"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionnaireVersion(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("questionnaire"))
    #: Set when the first response arrives; a frozen version never changes again.
    frozen = models.BooleanField(_("has answers"), default=False)
    #: Counts edits, so that two people editing at once do not overwrite each other.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "number"], name="questionnaire_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.number}"

    @property
    def form(self) -> Form:
        """The questionnaire, as a copy that may be changed."""
        return Form(self.definition)

    @cached_property
    def reader(self) -> Form:
        """The questionnaire for reading only (no copy; answering, results, exports).

        Parsed once per process for each saved state of the version (its id, revision
        and time of the last save): a frozen version never changes, so the many
        submissions to one survey share one parsed questionnaire, and the definition
        (all languages, often 100 KB and more) is read from the database only on the
        first use. Reflects the saved state: change a version through ``form`` and
        save it."""
        if self.pk is None or self.updated_at is None:
            return Form(self.definition, shared=True)
        key = (self.pk, self.revision, self.updated_at)
        with _READERS_LOCK:
            found = _READERS.get(key)
            if found is not None:
                _READERS.move_to_end(key)
                return found
        form = Form(self.definition, shared=True)  # a deferred definition is loaded here
        with _READERS_LOCK:
            _READERS[key] = form
            while len(_READERS) > READERS_KEPT:
                _READERS.popitem(last=False)
        return form


#: How many parsed questionnaires a process keeps (the most recently used).
READERS_KEPT = 16
_READERS: OrderedDict[tuple[int, int, datetime], Form] = OrderedDict()
_READERS_LOCK = threading.Lock()


class Wave(models.Model):
    """A collection window; responses belong to the wave in which they arrived."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="waves"
    )
    name = models.CharField(_("name"), max_length=100)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["survey", "opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="wave_closes_after_opening",
                violation_error_message=_("A wave cannot close before it opens."),
            ),
            models.UniqueConstraint(fields=["survey", "name"], name="wave_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.closes_on and self.opens_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A wave cannot close before it opens.")})


class Response(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("online")
        INTERVIEW = "interview", _("entered by staff (paper or phone)")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), on_delete=models.PROTECT, related_name="responses"
    )
    #: The key of the submission; a resent or doubled submission carries the same key.
    submission_key = models.UUIDField(_("submission key"))
    language = models.CharField(_("language"), max_length=12)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    #: The day only: anonymous answers carry no time of day.
    day = models.DateField(_("day"))
    #: Set only for surveys that are not anonymous.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "submission_key"], name="response_once_per_submission"
            )
        ]
        indexes = [models.Index(fields=["survey", "day"], name="response_survey_day")]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class ResponseDraft(models.Model):
    """Answers in progress. The respondent reaches them again by a private link whose
    token is stored only as a digest."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="drafts"
    )
    version = models.ForeignKey(
        QuestionnaireVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.UUIDField(_("submission key"), default=uuid.uuid4, unique=True)
    token_digest = models.CharField(max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=12)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    page = models.PositiveSmallIntegerField(_("page"), default=0)
    consented = models.BooleanField(_("consent given"), default=False)
    completed = models.BooleanField(_("sent"), default=False)
    response = models.OneToOneField(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    access_code = models.ForeignKey(
        "AccessCode", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10, default=Response.Channel.WEB)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: Days only, like the responses; drafts are deleted after a while.
    started_on = models.DateField(_("started"))
    updated_on = models.DateField(_("last saved"))

    class Meta:
        verbose_name = _("draft response")
        verbose_name_plural = _("draft responses")

    def __str__(self) -> str:
        return f"{self.survey} draft"


class AccessCode(models.Model):
    """A one-time code for surveys of a defined group. The code is never linked to the
    response it allowed: only that it was used is recorded."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="access_codes"
    )
    code = models.CharField(_("code"), max_length=16)
    batch = models.PositiveIntegerField(_("batch"), default=1)
    used = models.BooleanField(_("used"), default=False)
    created_on = models.DateField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")
        ordering = ["survey", "batch", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="access_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class SurveyMedia(models.Model):
    """A picture or a sound for a question or a choice, in one language."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="media"
    )
    name = models.CharField(_("file name"), max_length=120)
    file = models.FileField(_("file"), upload_to="surveys/media/%Y/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("media file")
        verbose_name_plural = _("media files")
        ordering = ["survey", "name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "name"], name="survey_media_unique")
        ]

    def __str__(self) -> str:
        return self.name


class MeasureLink(models.Model):
    """A question whose answers feed a monitoring measure ("intends to stay"): the share
    of respondents who chose one of ``counted_choices``."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="measure_links"
    )
    measure_key = models.SlugField(_("measure"), max_length=80)
    measure_label = models.CharField(_("measure name"), max_length=200)
    question = models.CharField(_("question"), max_length=100)
    counted_choices = models.JSONField(_("answers that count"), default=list, blank=True)
    per_gemeinde = models.BooleanField(_("per Gemeinde"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("link to a monitoring measure")
        verbose_name_plural = _("links to monitoring measures")
        ordering = ["survey", "measure_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "measure_key"],
                name="measure_link_unique",
                violation_error_message=_("This survey feeds this measure already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.measure_label}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure_key,
            "question": self.question,
            "choices": list(self.counted_choices),
        }
