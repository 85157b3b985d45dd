"""The catalogue: syncing the standard catalogue, and a district's own measures,
categories and indicators (every change to an indicator is a new version)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from teilhabe.audit.services import audit_record
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.roles import Capability
from teilhabe.monitoring.analytics import formula
from teilhabe.monitoring.catalogue import standard
from teilhabe.monitoring.catalogue.spec import IndicatorSpec
from teilhabe.monitoring.messages import formula_problem_text
from teilhabe.monitoring.models import (
    Category,
    CategoryOption,
    Indicator,
    IndicatorHidden,
    IndicatorVersion,
    Measure,
    MeasureCategory,
)
from teilhabe.monitoring.models.catalogue import MAX_CATEGORIES
from teilhabe.monitoring.selectors import catalogue_info

_DEFINITION_FIELDS = (
    "numerator",
    "denominator",
    "kind",
    "direction",
    "breakdowns",
    "published_measure_id",
    "title_de",
    "title_en",
    "short_de",
    "short_en",
    "long_de",
    "long_en",
    "interpretation_de",
    "interpretation_en",
    "sources_de",
    "sources_en",
    "definition",
)


@dataclass
class SyncReport:
    categories: int = 0
    options: int = 0
    measures: int = 0
    indicators: int = 0
    new_versions: int = 0


def _sync_categories(report: SyncReport) -> dict[str, Category]:
    existing = {c.code: c for c in Category.objects.filter(district__isnull=True)}
    for spec in standard.CATEGORIES:
        category = existing.get(spec.code)
        if category is None:
            category = Category.objects.create(code=spec.code, name_de=spec.de, name_en=spec.en)
            existing[spec.code] = category
            report.categories += 1
        elif (category.name_de, category.name_en) != (spec.de, spec.en):
            category.name_de, category.name_en = spec.de, spec.en
            category.save(update_fields=["name_de", "name_en"])
    options = {
        (o.category_id, o.code): o
        for o in CategoryOption.objects.filter(category__district__isnull=True)
    }
    new: list[CategoryOption] = []
    for spec in standard.CATEGORIES:
        category = existing[spec.code]
        for order, (code, de, en) in enumerate(spec.options):
            option = options.get((category.pk, code))
            if option is None:
                new.append(
                    CategoryOption(
                        category=category, code=code, name_de=de, name_en=en, sort_order=order
                    )
                )
            elif (option.name_de, option.name_en, option.sort_order) != (de, en, order):
                option.name_de, option.name_en, option.sort_order = de, en, order
                option.save(update_fields=["name_de", "name_en", "sort_order"])
    CategoryOption.objects.bulk_create(new)
    report.options += len(new)
    return existing


def _sync_measures(report: SyncReport, categories: dict[str, Category]) -> dict[str, Measure]:
    existing = {m.code: m for m in Measure.objects.filter(district__isnull=True)}
    slots = _slots_by_measure([m.pk for m in existing.values()])
    for spec in standard.MEASURES:
        values = {
            "name_de": spec.de,
            "name_en": spec.en,
            "description_de": spec.description_de,
            "description_en": spec.description_en,
            "unit_de": spec.unit_de,
            "unit_en": spec.unit_en,
            "aggregation": Measure.Aggregation.SUM if spec.additive else Measure.Aggregation.NONE,
            "reference": spec.reference,
            "source_note": spec.source,
            "levels": spec.levels,
        }
        measure = existing.get(spec.code)
        if measure is None:
            measure = Measure.objects.create(code=spec.code, **values)
            existing[spec.code] = measure
            report.measures += 1
        elif any(getattr(measure, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(measure, key, value)
            measure.save()
        wanted = [categories[c].pk for c in spec.categories]
        if slots.get(measure.pk, []) != wanted:
            # New categories may only be added at the end: stored observations keep
            # their slots.
            current = slots.get(measure.pk, [])
            if current != wanted[: len(current)]:
                raise ValidationError(
                    f"The standard measure {spec.code} would change the order of its categories."
                )
            MeasureCategory.objects.bulk_create(
                MeasureCategory(measure=measure, category_id=cid, position=pos)
                for pos, cid in enumerate(wanted, start=1)
                if pos > len(current)
            )
    return existing


def _slots_by_measure(measure_ids: Sequence[int]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for measure_id, category_id in (
        MeasureCategory.objects.filter(measure_id__in=measure_ids)
        .order_by("measure_id", "position")
        .values_list("measure_id", "category_id")
    ):
        result.setdefault(measure_id, []).append(category_id)
    return result


def _definition(spec: IndicatorSpec, measures: dict[str, Measure]) -> dict[str, object]:
    return {
        "numerator": spec.numerator,
        "denominator": spec.denominator,
        "kind": spec.kind,
        "direction": spec.direction,
        "breakdowns": list(spec.breakdowns),
        "published_measure_id": measures[spec.published_measure].pk
        if spec.published_measure
        else None,
        "title_de": spec.title_de,
        "title_en": spec.title_en,
        "short_de": spec.short_de,
        "short_en": spec.short_en,
        "long_de": spec.long_de,
        "long_en": spec.long_en,
        "interpretation_de": spec.interpretation_de,
        "interpretation_en": spec.interpretation_en,
        "sources_de": spec.sources_de,
        "sources_en": spec.sources_en,
        "definition": spec.definition,
    }


def _sync_indicators(report: SyncReport, measures: dict[str, Measure]) -> None:
    existing = {
        i.code: i for i in Indicator.objects.filter(district__isnull=True).select_related("current")
    }
    for spec in standard.INDICATORS:
        indicator = existing.get(spec.code)
        definition = _definition(spec, measures)
        if indicator is None:
            indicator = Indicator.objects.create(
                code=spec.code, field=spec.field, sort_order=spec.order
            )
            report.indicators += 1
        elif (indicator.field, indicator.sort_order) != (spec.field, spec.order):
            indicator.field, indicator.sort_order = spec.field, spec.order
            indicator.save(update_fields=["field", "sort_order"])
        current = indicator.current
        if current is not None and all(getattr(current, k) == v for k, v in definition.items()):
            continue
        version = IndicatorVersion.objects.create(
            indicator=indicator,
            number=(current.number + 1) if current else 1,
            change_note="" if current is None else "Standardkatalog aktualisiert",
            **definition,
        )
        indicator.current = version
        indicator.save(update_fields=["current"])
        if current is not None:
            report.new_versions += 1


@transaction.atomic
def catalogue_sync() -> SyncReport:
    """Create or update the standard catalogue (idempotent; runs after every migrate)."""
    report = SyncReport()
    categories = _sync_categories(report)
    measures = _sync_measures(report, categories)
    _sync_indicators(report, measures)
    return report


# --- a district's own catalogue entries -----------------------------------------------------


def _check_code_free(
    model: type[Category] | type[Measure] | type[Indicator], access: DistrictAccess, code: str
) -> None:
    if (
        model.objects.filter(district__isnull=True, code=code).exists()
        or model.objects.filter(district=access.district, code=code).exists()
    ):
        raise ValidationError({"code": _("This code is taken; choose another one.")})


@transaction.atomic
def category_create(
    *,
    access: DistrictAccess,
    code: str,
    name_de: str,
    name_en: str = "",
    options: Sequence[tuple[str, str, str]],
) -> Category:
    """A district's own category with its options ``(code, German, English)``."""
    access.require(Capability.PLANNING_EDIT)
    _check_code_free(Category, access, code)
    if len(options) < 2:
        raise ValidationError({"options": _("A category needs at least two options.")})
    codes = [o[0] for o in options]
    if len(set(codes)) != len(codes):
        raise ValidationError({"options": _("Each option needs its own code.")})
    category = Category(district=access.district, code=code, name_de=name_de, name_en=name_en)
    category.full_clean()
    category.save()
    for order, (option_code, de, en) in enumerate(options):
        option = CategoryOption(
            category=category, code=option_code, name_de=de, name_en=en, sort_order=order
        )
        option.full_clean()
        option.save()
    audit_record(
        actor=access.user,
        action="monitoring.category.create",
        district_id=access.district.pk,
        obj=category,
    )
    return category


@transaction.atomic
def measure_create(
    *,
    access: DistrictAccess,
    code: str,
    name_de: str,
    name_en: str = "",
    description_de: str = "",
    unit_de: str = "Personen",
    unit_en: str = "persons",
    aggregation: str = Measure.Aggregation.SUM,
    reference: str = Measure.Reference.STICHTAG,
    source_note: str = "",
    categories: Sequence[Category] = (),
) -> Measure:
    """A district's own measure, broken down by standard or own categories."""
    access.require(Capability.PLANNING_EDIT)
    _check_code_free(Measure, access, code)
    if len(categories) > MAX_CATEGORIES:
        raise ValidationError(
            {
                "categories": _("A measure can be broken down by at most %(n)s categories.")
                % {"n": MAX_CATEGORIES}
            }
        )
    for category in categories:
        if category.district_id not in (None, access.district.pk):
            raise ValidationError({"categories": _("Unknown category.")})
    measure = Measure(
        district=access.district,
        code=code,
        name_de=name_de,
        name_en=name_en,
        description_de=description_de,
        unit_de=unit_de,
        unit_en=unit_en,
        aggregation=aggregation,
        reference=reference,
        source_note=source_note,
    )
    measure.full_clean()
    measure.save()
    MeasureCategory.objects.bulk_create(
        MeasureCategory(measure=measure, category=c, position=i)
        for i, c in enumerate(categories, start=1)
    )
    audit_record(
        actor=access.user,
        action="monitoring.measure.create",
        district_id=access.district.pk,
        obj=measure,
    )
    return measure


@dataclass(frozen=True)
class Definition:
    """What an indicator version says; the form and the API fill it."""

    numerator: str
    denominator: str
    kind: str
    direction: str
    breakdowns: tuple[str, ...]
    title_de: str
    title_en: str = ""
    short_de: str = ""
    short_en: str = ""
    long_de: str = ""
    long_en: str = ""
    interpretation_de: str = ""
    interpretation_en: str = ""
    sources_de: str = ""
    sources_en: str = ""
    definition: str = ""
    change_note: str = ""


def formula_problems(*, access: DistrictAccess, definition: Definition) -> dict[str, list[str]]:
    """Every problem of the formulas and breakdowns, in plain words, by field."""
    info = catalogue_info(district=access.district)
    problems: dict[str, list[str]] = {}
    parsed: dict[str, formula.Expr] = {}
    for field, text in (
        ("numerator", definition.numerator),
        ("denominator", definition.denominator),
    ):
        if field == "denominator" and definition.kind == IndicatorVersion.Kind.COUNT:
            if text.strip():
                problems.setdefault(field, []).append(
                    _("A count has no denominator; leave it empty or choose another unit.")
                )
            continue
        try:
            expr = formula.parse(text)
        except formula.FormulaError as exc:
            problems[field] = [formula_problem_text(p, text) for p in exc.problems]
            continue
        found = formula.validate(expr, info)
        if found:
            problems[field] = [formula_problem_text(p, text) for p in found]
        else:
            parsed[field] = expr
    numerator = parsed.get("numerator")
    if numerator is not None:
        measures = [info.measures[o.measure] for o in formula.operands(numerator)]
        for code in definition.breakdowns:
            if not any(code in m.categories for m in measures):
                problems.setdefault("breakdowns", []).append(
                    _("No measure of the numerator is broken down by “%(category)s”.")
                    % {"category": code}
                )
    return problems


def _version_values(definition: Definition, access: DistrictAccess) -> dict[str, object]:
    return {
        "numerator": definition.numerator.strip(),
        "denominator": definition.denominator.strip()
        if definition.kind != IndicatorVersion.Kind.COUNT
        else "",
        "kind": definition.kind,
        "direction": definition.direction,
        "breakdowns": list(definition.breakdowns),
        "title_de": definition.title_de,
        "title_en": definition.title_en,
        "short_de": definition.short_de,
        "short_en": definition.short_en,
        "long_de": definition.long_de,
        "long_en": definition.long_en,
        "interpretation_de": definition.interpretation_de,
        "interpretation_en": definition.interpretation_en,
        "sources_de": definition.sources_de,
        "sources_en": definition.sources_en,
        "definition": definition.definition,
        "change_note": definition.change_note,
        "created_by": access.user,
    }


def _raise_problems(problems: dict[str, list[str]]) -> None:
    if problems:
        raise ValidationError(dict(problems))


@transaction.atomic
def indicator_create(
    *, access: DistrictAccess, code: str, field: str, definition: Definition
) -> Indicator:
    access.require(Capability.PLANNING_EDIT)
    _check_code_free(Indicator, access, code)
    _raise_problems(formula_problems(access=access, definition=definition))
    indicator = Indicator(district=access.district, code=code, field=field, sort_order=500)
    indicator.full_clean()
    indicator.save()
    version = IndicatorVersion(indicator=indicator, number=1, **_version_values(definition, access))
    version.full_clean()
    version.save()
    indicator.current = version
    indicator.save(update_fields=["current"])
    audit_record(
        actor=access.user,
        action="monitoring.indicator.create",
        district_id=access.district.pk,
        obj=indicator,
    )
    _recompute_after_commit(access)
    return indicator


@transaction.atomic
def indicator_update(
    *, access: DistrictAccess, indicator: Indicator, field: str, definition: Definition
) -> IndicatorVersion:
    """A new version of one of the district's own indicators (standard ones are read-only)."""
    access.require(Capability.PLANNING_EDIT)
    if indicator.district_id != access.district.pk:
        raise ValidationError(_("Standard indicators cannot be changed; hide it and add your own."))
    _raise_problems(formula_problems(access=access, definition=definition))
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    current = indicator.current
    values = _version_values(definition, access)
    if (
        current is not None
        and all(
            getattr(current, k) == v
            for k, v in values.items()
            if k not in {"change_note", "created_by"}
        )
        and indicator.field == field
    ):
        return current
    last = indicator.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = IndicatorVersion(indicator=indicator, number=last + 1, **values)
    version.full_clean()
    version.save()
    indicator.current = version
    indicator.field = field
    indicator.save(update_fields=["current", "field"])
    audit_record(
        actor=access.user,
        action="monitoring.indicator.version",
        district_id=access.district.pk,
        obj=indicator,
        changes={"version": [current.number if current else None, version.number]},
    )
    _recompute_after_commit(access)
    return version


@transaction.atomic
def indicator_visibility_set(*, access: DistrictAccess, indicator: Indicator, hidden: bool) -> None:
    """Hide a standard indicator in the district, or show it again."""
    access.require(Capability.PLANNING_EDIT)
    if not indicator.is_standard:
        raise ValidationError(_("Only standard indicators can be hidden; retire your own instead."))
    if hidden:
        try:
            with transaction.atomic():
                IndicatorHidden.objects.create(district=access.district, indicator=indicator)
        except IntegrityError:
            return
    else:
        IndicatorHidden.objects.filter(district=access.district, indicator=indicator).delete()
    audit_record(
        actor=access.user,
        action="monitoring.indicator.hide" if hidden else "monitoring.indicator.show",
        district_id=access.district.pk,
        obj=indicator,
    )


def _recompute_after_commit(access: DistrictAccess) -> None:
    from teilhabe.monitoring.services.recompute import recompute_enqueue

    recompute_enqueue(district=access.district, user=access.user, reason="definition")
