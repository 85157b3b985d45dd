"""The Integrationsbericht: a district's report for a reporting period, with a narrative
per section (versioned until publication) and, once published, its frozen figures."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="monitoring_reports",
    )
    title = models.CharField(_("title"), max_length=200)
    first_year = models.PositiveSmallIntegerField(
        _("from year"), validators=[MinValueValidator(1995), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("to year"), validators=[MinValueValidator(1995), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    include_english = models.BooleanField(
        _("also in English"), default=False, help_text=_("Offer the report in English as well.")
    )
    #: The figures as published: an Arrow IPC stream, frozen at publication.
    frozen_values = models.BinaryField(null=True, blank=True)
    frozen_meta = models.JSONField(default=dict, blank=True)
    pdf_de = models.FileField(upload_to="monitoring/reports/", blank=True)
    pdf_en = models.FileField(upload_to="monitoring/reports/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("integration report")
        verbose_name_plural = _("integration reports")
        ordering = ["-last_year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_year__lte=models.F("last_year")),
                name="report_years_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Narrative(models.Model):
    """One version of the text of one report section. The newest version is current;
    every save adds a version, so nothing written is lost."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narratives")
    section = models.CharField(_("section"), max_length=24)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        ordering = ["report", "section", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section", "version"], name="narrative_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} · {self.section} · v{self.version}"


class PublishedValues(models.Model):
    """The aggregates a district made available by publishing a report: the values of its
    Kreis and Gemeinden after disclosure control. Other districts compare with these, and
    the programme office reads them."""

    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="monitoring_published"
    )
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="published")
    rows = models.PositiveIntegerField(default=0)
    data = models.BinaryField()
    published_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("published values")
        verbose_name_plural = _("published values")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"published values of {self.district_id} ({self.published_at:%Y-%m-%d})"
