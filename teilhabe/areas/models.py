"""Germany's territory: Länder, Kreise and Gemeinden with their official keys.

An area is identified by its key (ARS: 2 digits for a Land, 5 for a Kreis, 12 for
a Gemeinde) *and* its validity period: keys are re-used and retired when the map
changes (Göttingen 03152 ended on 31.10.2016, 03159 began on 1.11.2016).
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DataSource(models.Model):
    """A published dataset we ship, with the credit its licence requires."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=300)
    licence = models.CharField(_("licence"), max_length=100, default="dl-de/by-2-0")
    licence_url = models.URLField(_("licence URL"), default="https://www.govdata.de/dl-de/by-2-0")
    attribution = models.CharField(_("attribution"), max_length=300)
    modified = models.BooleanField(
        _("modified by us"),
        default=False,
        help_text=_("Shown as “Daten verändert”, as the licence requires for changed data."),
    )
    url = models.URLField(_("source URL"), blank=True)
    note = models.TextField(_("note"), blank=True)
    checksum = models.CharField(_("checksum of the loaded file"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.attribution


class AreaQuerySet(models.QuerySet["Area"]):
    def valid_on(self, day: date) -> AreaQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def current(self) -> AreaQuerySet:
        return self.filter(valid_until__isnull=True)

    def gemeinden(self) -> AreaQuerySet:
        return self.filter(level=Area.Level.GEMEINDE)

    def kreise(self) -> AreaQuerySet:
        return self.filter(level=Area.Level.KREIS)


class Area(models.Model):
    class Level(models.TextChoices):
        COUNTRY = "country", _("Germany")
        LAND = "land", _("Land")
        KREIS = "kreis", _("Kreis")
        GEMEINDE = "gemeinde", _("Gemeinde")

    code = models.CharField(
        _("key (ARS)"), max_length=12, db_index=True, help_text=_("Amtlicher Regionalschlüssel")
    )
    ags = models.CharField(_("municipality key (AGS)"), max_length=8, blank=True, db_index=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("type"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    validity_approximate = models.BooleanField(
        _("validity dates approximate"),
        default=False,
        help_text=_("The shipped data bound the date of the change but do not name it."),
    )
    validity_note = models.CharField(_("validity note"), max_length=300, blank=True)
    # Cheap derived values, refreshed by areas_load, for lists and maps.
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_date = models.DateField(_("population date"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_until__isnull=True),
                name="area_one_current_per_code",
            ),
            models.UniqueConstraint(fields=["code", "valid_until"], name="area_code_period"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="area_validity_ordered",
            ),
        ]
        indexes = [models.Index(fields=["level", "parent"], name="area_level_parent")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_current(self) -> bool:
        return self.valid_until is None

    @property
    def display_name(self) -> str:
        """The name with its type where that tells areas apart ("Landkreis Harz")."""
        if self.level == self.Level.KREIS and self.kind:
            if self.kind in {"Landkreis", "Kreis"} and not self.name.endswith("kreis"):
                return f"{self.kind} {self.name}"
            return self.name
        return self.name

    @property
    def density(self) -> float | None:
        if self.population and self.area_km2:
            return self.population / float(self.area_km2)
        return None


class AreaFigure(models.Model):
    """A published figure for an area at a date (population, area, a share)."""

    class Kind(models.TextChoices):
        POPULATION = "population", _("population")
        POPULATION_MALE = "population_male", _("population, male")
        POPULATION_FEMALE = "population_female", _("population, female")
        AREA_KM2 = "area_km2", _("area in km²")
        FOREIGN_SHARE = "foreign_share_pct", _("share of foreign nationals in %")

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="figures")
    kind = models.CharField(_("figure"), max_length=32, choices=Kind.choices)
    reference_date = models.DateField(_("reference date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=3)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="figures")
    derived = models.BooleanField(
        _("derived by us"),
        default=False,
        help_text=_("Computed by Teilhabe from the source (for example summed over Gemeinden)."),
    )

    class Meta:
        verbose_name = _("area figure")
        verbose_name_plural = _("area figures")
        ordering = ["area", "kind", "reference_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kind", "reference_date", "source"], name="areafigure_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "reference_date"], name="areafigure_kind_date")]

    def __str__(self) -> str:
        return f"{self.area.code} {self.kind} {self.reference_date}: {self.value}"


class AreaBoundary(models.Model):
    """A simplified boundary (GeoJSON geometry in WGS 84) for maps and neighbourhood."""

    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="boundary")
    geometry = models.JSONField(_("geometry"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return f"boundary of {self.area.code}"


class AreaNeighbour(models.Model):
    """Two Kreise that share a border (stored in both directions)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="neighbour_links")
    neighbour = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    border_km = models.FloatField(_("shared border (km)"))

    class Meta:
        verbose_name = _("neighbour")
        verbose_name_plural = _("neighbours")
        ordering = ["area", "-border_km"]
        constraints = [
            models.UniqueConstraint(fields=["area", "neighbour"], name="areaneighbour_unique"),
            models.CheckConstraint(
                condition=~Q(area=models.F("neighbour")), name="areaneighbour_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} – {self.neighbour.code}"


class AreaChange(models.Model):
    """A territorial change: an area passed (all or part of) its territory to another."""

    class Kind(models.TextChoices):
        MERGED = "merged", _("merged into")
        PARTLY = "partly", _("partly merged into")
        REKEYED = "rekeyed", _("new key")

    predecessor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="predecessions")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    effective = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("territorial change")
        verbose_name_plural = _("territorial changes")
        ordering = ["effective", "predecessor"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="areachange_unique")
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.code} → {self.successor.code} ({self.effective})"
