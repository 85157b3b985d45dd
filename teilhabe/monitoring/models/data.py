"""Sources, periods, imports, the observation store and the computed values.

**The observation store is columnar.** One import writes one :class:`ImportBatch`; its
observations are stored as :class:`ObservationBlock` rows, each an Arrow IPC stream
(zstd-compressed) of one measure's observations for one part of the territory (the
Gemeinden of one Kreis, or everything at Kreis level and above). Each row of a block is
one observation: area, period, one category option per slot of the measure, the value,
status flags and the original symbol of the source. :class:`ObservationSlice` records,
per source, measure and period, which batch holds the active version; re-importing makes
a new version and keeps the old one for comparison and restore.

Why blocks and not one database row per value: at national scale (ten million
observations) SQLite reads about 1.4 million rows a second and writes fewer, which
alone would take longer than the whole computation; blocks are read and written at disk
speed on SQLite and PostgreSQL alike, stay inside the database's transactions (an import
is all-or-nothing) and in its backups. ``benchmarks/monitoring`` measures it.

Computed values are stored the same way (:class:`ValueBlock`), per scope (a district,
or the shared official statistics) and part.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

#: Blocks for everything at Kreis level and above carry this part name; blocks of
#: Gemeinden carry the 5-digit key of their Kreis.
UPPER_PART = "upper"
GROUPS_PART = "groups"


class Source(models.Model):
    """Where data come from: an office of the district or an official statistic."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("official statistics")
        OFFICE = "office", _("office data")
        SURVEY = "survey", _("survey")
        DEMO = "demo", _("demo data (invented)")

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="monitoring_sources",
        help_text=_("Empty for official statistics shared by all districts."),
    )
    office = models.ForeignKey(
        "districts.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_sources",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    attribution = models.CharField(
        _("credit line"),
        max_length=300,
        blank=True,
        help_text=_("Shown wherever the data appear (required by dl-de/by-2-0 for official data)."),
    )
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    licence_url = models.URLField(_("licence URL"), blank=True)
    url = models.URLField(_("source URL"), blank=True)
    data_source = models.ForeignKey(
        "areas.DataSource",
        verbose_name=_("shipped dataset"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    external_key = models.CharField(
        _("delivered by"),
        max_length=60,
        blank=True,
        help_text=_("Set when another module delivers the figures, e.g. “surveys:12”."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="source_unique_name"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(district__isnull=True), name="source_official_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_demo(self) -> bool:
        return self.kind == self.Kind.DEMO


class Period(models.Model):
    """A year (``2023``) or a reference date (``2023-12-31``). Indicator values are per
    year; a reference date counts for its year."""

    class Kind(models.TextChoices):
        YEAR = "year", _("year")
        DATE = "date", _("reference date")

    code = models.CharField(_("code"), max_length=10, unique=True)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    reference_date = models.DateField(_("reference date"))

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["reference_date"]

    def __str__(self) -> str:
        if self.kind == self.Kind.YEAR:
            return str(self.year)
        return self.reference_date.strftime("%d.%m.%Y")

    @staticmethod
    def code_for(day: date | None = None, *, year: int | None = None) -> str:
        if day is not None:
            return day.isoformat()
        return str(year)


class ImportTemplate(models.Model):
    """A saved column mapping per office and source, so next year's upload is one step."""

    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="monitoring_templates"
    )
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="templates")
    office = models.ForeignKey(
        "districts.Office", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind of file"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    #: The mapping (see ``monitoring.imports.mapping``): JSON, no personal data.
    mapping = models.JSONField(_("mapping"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("import template")
        verbose_name_plural = _("import templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="importtemplate_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One import: a file (or a hand-over from another module) turned into observations."""

    class Kind(models.TextChoices):
        GENESIS = "genesis", _("GENESIS / Regionalstatistik table")
        OFFICE = "office", _("office table (CSV, XLSX)")
        RECORDS = "records", _("record-level list (aggregated on import)")
        RATES = "rates", _("published rates")
        SHIPPED = "shipped", _("official figures shipped with Teilhabe")
        SUBMITTED = "submitted", _("handed over by another module")
        DEMO = "demo", _("demo data (invented)")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        FAILED = "failed", _("refused")
        DONE = "done", _("imported")

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="monitoring_batches",
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="batches"
    )
    office = models.ForeignKey(
        "districts.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    template = models.ForeignKey(
        ImportTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="batches"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("checksum"), max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    #: The staged upload, deleted when the import ends (record lists are never kept).
    staged_path = models.CharField(max_length=300, blank=True)
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)
    observations = models.PositiveIntegerField(_("observations"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["district", "status"], name="importbatch_district")]

    def __str__(self) -> str:
        return f"{self.source} – {self.file_name or self.get_kind_display()}"


class ObservationBlock(models.Model):
    """Observations of one batch, measure and part, as a compressed Arrow IPC stream."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="blocks")
    measure = models.ForeignKey("Measure", on_delete=models.PROTECT, related_name="+")
    part = models.CharField(max_length=12)
    rows = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        verbose_name = _("block of observations")
        verbose_name_plural = _("blocks of observations")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "measure", "part"], name="observationblock_unique"
            )
        ]

    def __str__(self) -> str:
        return f"batch {self.batch_id} · {self.measure_id} · {self.part} ({self.rows})"


class ObservationSlice(models.Model):
    """The version of one source's values for one measure and period held by a batch.

    Exactly one slice per source, measure and period is active; a re-import makes a new
    version active and keeps the older ones for comparison and restore.
    """

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="slices")
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="slices")
    measure = models.ForeignKey("Measure", on_delete=models.PROTECT, related_name="slices")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="slices")
    version = models.PositiveIntegerField(_("version"))
    is_active = models.BooleanField(_("in use"), default=True)
    rows = models.PositiveIntegerField(_("observations"), default=0)
    total = models.FloatField(_("sum of values"), null=True, blank=True)

    class Meta:
        verbose_name = _("version of values")
        verbose_name_plural = _("versions of values")
        ordering = ["source", "measure", "period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "measure", "period"],
                condition=Q(is_active=True),
                name="observationslice_one_active",
            ),
            models.UniqueConstraint(
                fields=["source", "measure", "period", "version"],
                name="observationslice_version",
            ),
        ]
        indexes = [models.Index(fields=["district", "is_active"], name="obsslice_district")]

    def __str__(self) -> str:
        return f"{self.source} · {self.measure_id} · {self.period} · v{self.version}"


class RecomputeRun(models.Model):
    """One computation of indicator values for a scope (a district or the official data)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    values = models.PositiveIntegerField(_("values"), default=0)
    #: What the computation saw (highest slice and definition ids); an older computation
    #: that finishes later does not overwrite a newer one.
    stamp = models.BigIntegerField(default=0)
    suppressed = models.PositiveIntegerField(_("suppressed values"), default=0)
    seconds = models.FloatField(_("duration in seconds"), default=0)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("computation")
        verbose_name_plural = _("computations")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.get_status_display()})"


class ValueBlock(models.Model):
    """Computed indicator values of one scope and part (Arrow IPC, zstd). Each row names
    the indicator definition version it was computed with."""

    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    part = models.CharField(max_length=12)
    run = models.ForeignKey(RecomputeRun, on_delete=models.CASCADE, related_name="blocks")
    #: Identifies the content for the per-process cache (ids can be reused after deletes).
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    rows = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        verbose_name = _("block of computed values")
        verbose_name_plural = _("blocks of computed values")
        indexes = [models.Index(fields=["district", "part"], name="valueblock_scope_part")]

    def __str__(self) -> str:
        return f"values {self.district_id or 'official'} · {self.part}"


class AreaGroup(models.Model):
    """A user-defined group of areas: “Region Nord” (Gemeinden of the district) or a set of
    Kreise to compare with. Its values are Σ numerator / Σ denominator over its members."""

    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="monitoring_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(
        _("level"),
        max_length=8,
        choices=[("gemeinde", _("Gemeinden")), ("kreis", _("Kreise"))],
    )
    members = models.ManyToManyField(
        "areas.Area", verbose_name=_("members"), related_name="+", blank=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("area group")
        verbose_name_plural = _("area groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="areagroup_unique")
        ]

    def __str__(self) -> str:
        return self.name


class MonitoringSettings(models.Model):
    """Per-district rules of the monitoring (kept here, not on the District model)."""

    class Comparison(models.TextChoices):
        PROGRAMME = "programme", _("the districts of my programme")
        LAND = "land", _("the Kreise of my Land")
        GROUP = "group", _("a group of Kreise I define")

    district = models.OneToOneField(
        "districts.District", on_delete=models.CASCADE, related_name="monitoring_settings"
    )
    min_count = models.PositiveSmallIntegerField(
        _("smallest count shown"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Counts from 1 up to one below this number are shown as a dot."),
    )
    min_denominator = models.PositiveSmallIntegerField(
        _("smallest base for a rate"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("Rates whose base (denominator) is smaller are not shown."),
    )
    comparison = models.CharField(
        _("compare with"), max_length=10, choices=Comparison.choices, default=Comparison.PROGRAMME
    )
    comparison_group = models.ForeignKey(
        AreaGroup,
        verbose_name=_("comparison group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")

    def __str__(self) -> str:
        return f"monitoring settings of {self.district_id}"
