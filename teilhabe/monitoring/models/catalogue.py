"""The catalogue: measures (what is counted) and indicators (what is computed from them).

Modelled on DHIS2 and kept small. A **measure** (data element) is broken down by up to
four **categories** (sex, age group, nationality group, …), each with **options**. An
**indicator** divides a numerator expression by a denominator expression over measures
(with filters on category options) and multiplies by a factor. Every change to an
indicator's definition is a new **version**; computed values name the version they were
computed with.

Standard entries (``district`` empty) ship with Teilhabe and are the same for every
district; a district adds its own next to them and can hide standard indicators.
Texts exist in German and English (``*_de`` / ``*_en``); :func:`localized` picks the
active language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: Codes appear in formulas: lower-case letters, digits, underscores (no spaces).
code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,59}$",
    _("Use lower-case letters, digits and underscores, starting with a letter."),
)
option_code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_]{0,39}$",
    _("Use lower-case letters, digits and underscores."),
)

#: A measure is broken down by at most this many categories (the engine's cell slots).
MAX_CATEGORIES = 4


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """``obj.<field>_de`` or ``obj.<field>_en`` for the active language, falling back to
    German (every catalogue text exists in German)."""
    lang = (language or get_language() or "de")[:2]
    english = getattr(obj, f"{field}_en", "") if lang == "en" else ""
    return str(english or getattr(obj, f"{field}_de", ""))


class FieldOfAction(models.TextChoices):
    """The fields of the Länder integration monitoring (IntMK) and the KGSt sets."""

    DEMOGRAPHY = "demography", _("Demography")
    ASYLUM = "asylum", _("Asylum and refuge")
    LEGAL = "legal", _("Legal integration and naturalisation")
    CHILDCARE_LANGUAGE = "childcare_language", _("Childcare and language")
    EDUCATION = "education", _("Education")
    LABOUR = "labour", _("Labour market")
    INCOME = "income", _("Income and transfers")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    PARTICIPATION = "participation", _("Participation and intercultural opening")


class Category(models.Model):
    """A dimension a measure is broken down by (sex, age group, …)."""

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="monitoring_categories",
        help_text=_("Empty for the standard catalogue."),
    )
    code = models.CharField(_("code"), max_length=60, validators=[code_validator])
    name_de = models.CharField(_("name (German)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(district__isnull=True), name="category_standard_code"
            ),
            models.UniqueConstraint(fields=["district", "code"], name="category_district_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class CategoryOption(models.Model):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField(_("code"), max_length=40, validators=[option_code_validator])
    name_de = models.CharField(_("name (German)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category option")
        verbose_name_plural = _("category options")
        ordering = ["category", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="categoryoption_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Measure(models.Model):
    """A data element: what is counted, in which unit, broken down how, from where."""

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum (counts, amounts)")
        NONE = "none", _("not additive (published rates, averages)")

    class Reference(models.TextChoices):
        STICHTAG = "stichtag", _("reference date (Stichtag)")
        YEAR = "year", _("total over the year")

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="monitoring_measures",
        help_text=_("Empty for the standard catalogue."),
    )
    code = models.CharField(_("code"), max_length=60, validators=[code_validator])
    name_de = models.CharField(_("name (German)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    unit_de = models.CharField(_("unit (German)"), max_length=60, default="Personen")
    unit_en = models.CharField(_("unit (English)"), max_length=60, blank=True, default="persons")
    aggregation = models.CharField(
        _("aggregation"), max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    reference = models.CharField(
        _("reference"), max_length=12, choices=Reference.choices, default=Reference.STICHTAG
    )
    source_note = models.CharField(
        _("usual source"),
        max_length=300,
        blank=True,
        help_text=_("Statistic or office that usually delivers it, e.g. “AZR, Ausländerbehörde”."),
    )
    levels = models.CharField(
        _("levels"),
        max_length=40,
        default="gemeinde,kreis",
        help_text=_("Area levels the source usually delivers (gemeinde, kreis, land, country)."),
    )
    categories: models.ManyToManyField[Category, MeasureCategory] = models.ManyToManyField(
        Category,
        verbose_name=_("broken down by"),
        through="MeasureCategory",
        related_name="measures",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(district__isnull=True), name="measure_standard_code"
            ),
            models.UniqueConstraint(fields=["district", "code"], name="measure_district_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def unit(self) -> str:
        return localized(self, "unit")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def is_standard(self) -> bool:
        return self.district_id is None

    @property
    def is_additive(self) -> bool:
        return self.aggregation == self.Aggregation.SUM


class MeasureCategory(models.Model):
    """Which categories break a measure down, in a fixed order (the engine's slots)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="slots")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("breakdown of a measure")
        verbose_name_plural = _("breakdowns of measures")
        ordering = ["measure", "position"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "position"], name="measurecategory_slot"),
            models.UniqueConstraint(fields=["measure", "category"], name="measurecategory_once"),
            models.CheckConstraint(
                condition=Q(position__gte=1) & Q(position__lte=MAX_CATEGORIES),
                name="measurecategory_position_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code}[{self.position}] = {self.category.code}"


class Indicator(models.Model):
    """An indicator's identity; its definition lives in :class:`IndicatorVersion`."""

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="monitoring_indicators",
        help_text=_("Empty for the standard catalogue."),
    )
    code = models.CharField(_("code"), max_length=60, validators=[code_validator])
    field = models.CharField(_("field of action"), max_length=24, choices=FieldOfAction.choices)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    current = models.ForeignKey(
        "IndicatorVersion",
        verbose_name=_("current definition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Retired indicators keep their history.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["field", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(district__isnull=True),
                name="indicator_standard_code",
            ),
            models.UniqueConstraint(fields=["district", "code"], name="indicator_district_code"),
        ]

    def __str__(self) -> str:
        return self.current.title if self.current else self.code

    @property
    def is_standard(self) -> bool:
        return self.district_id is None

    @property
    def definition(self) -> IndicatorVersion:
        """The current definition (every indicator the pages reach has one)."""
        if self.current is None:
            raise LookupError(f"indicator {self.code} has no definition")
        return self.current


class IndicatorVersion(models.Model):
    """One definition of an indicator. Never changed once values were computed with it:
    a change makes a new version."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")
        NEUTRAL = "neutral", _("neither (context figure)")

    class Kind(models.TextChoices):
        PERCENT = "percent", _("percent (× 100)")
        PER_MILLE = "per_mille", _("per mille (× 1,000)")
        PER_1000 = "per_1000", _("per 1,000 inhabitants (× 1,000)")
        RATIO = "ratio", _("ratio (× 1)")
        COUNT = "count", _("count (no denominator)")

    FACTORS = {"percent": 100, "per_mille": 1000, "per_1000": 1000, "ratio": 1, "count": 1}

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    numerator = models.TextField(_("numerator"))
    denominator = models.TextField(_("denominator"), blank=True)
    kind = models.CharField(_("unit"), max_length=12, choices=Kind.choices, default=Kind.PERCENT)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.NEUTRAL
    )
    breakdowns = models.JSONField(
        _("breakdowns"),
        default=list,
        blank=True,
        help_text=_("Codes of the categories the indicator is shown broken down by."),
    )
    published_measure = models.ForeignKey(
        Measure,
        verbose_name=_("published rate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "A measure holding the rate as a source publishes it, used where the "
            "numerator is not known."
        ),
    )
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    short_de = models.CharField(_("short description (German)"), max_length=300, blank=True)
    short_en = models.CharField(_("short description (English)"), max_length=300, blank=True)
    long_de = models.TextField(_("description (German)"), blank=True)
    long_en = models.TextField(_("description (English)"), blank=True)
    interpretation_de = models.TextField(_("how to read it (German)"), blank=True)
    interpretation_en = models.TextField(_("how to read it (English)"), blank=True)
    sources_de = models.TextField(_("sources (German)"), blank=True)
    sources_en = models.TextField(_("sources (English)"), blank=True)
    definition = models.CharField(
        _("official definition"),
        max_length=400,
        blank=True,
        help_text=_("Where the definition comes from (e.g. “Destatis Integrationsindikator 2.0”)."),
    )
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicator definition")
        verbose_name_plural = _("indicator definitions")
        ordering = ["indicator", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="indicatorversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def short(self) -> str:
        return localized(self, "short")

    @property
    def long(self) -> str:
        return localized(self, "long")

    @property
    def interpretation(self) -> str:
        return localized(self, "interpretation")

    @property
    def sources(self) -> str:
        return localized(self, "sources")

    @property
    def factor(self) -> int:
        return self.FACTORS.get(self.kind, 1)

    @property
    def unit_symbol(self) -> str:
        return {"percent": "%", "per_mille": "‰", "per_1000": "‰"}.get(self.kind, "")


class IndicatorHidden(models.Model):
    """A standard indicator a district chose not to show."""

    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="monitoring_hidden"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="hidden_in")
    hidden_at = models.DateTimeField(_("hidden"), auto_now_add=True)

    class Meta:
        verbose_name = _("hidden indicator")
        verbose_name_plural = _("hidden indicators")
        constraints = [
            models.UniqueConstraint(fields=["district", "indicator"], name="indicatorhidden_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} hidden in {self.district_id}"
