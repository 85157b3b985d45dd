"""Reads of the monitoring module; permission-scoped reads go through one gate per type.

* ``indicator_get_for_user`` — an indicator visible in the district (standard or own);
* ``batch_get_for_user`` — an import of the district (office clerks: their office's);
* ``report_get_for_user`` — a report of the district;
* ``template_get_for_user``, ``group_get_for_user``, ``source_get_for_user``.

Values are read through :mod:`teilhabe.monitoring.values`, which applies no further
permission logic: its callers have passed a gate.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.models import District
from teilhabe.districts.roles import Capability
from teilhabe.monitoring.analytics.formula import CatalogueInfo, MeasureInfo
from teilhabe.monitoring.models import (
    AreaGroup,
    Category,
    ImportBatch,
    ImportTemplate,
    Indicator,
    IndicatorHidden,
    Measure,
    MeasureCategory,
    MonitoringSettings,
    Report,
    Source,
)
from teilhabe.monitoring.models.catalogue import CategoryOption


def _own_or_standard(district: District) -> Q:
    return Q(district__isnull=True) | Q(district=district)


def measures_for_district(*, district: District) -> QuerySet[Measure]:
    return Measure.objects.filter(_own_or_standard(district)).order_by("code")


def categories_for_district(*, district: District) -> QuerySet[Category]:
    return (
        Category.objects.filter(_own_or_standard(district))
        .prefetch_related("options")
        .order_by("code")
    )


def measure_slots(*, measure_ids: list[int] | None = None) -> dict[int, list[Category]]:
    """Categories of each measure by slot, in two queries."""
    rows = MeasureCategory.objects.select_related("category").order_by("measure_id", "position")
    if measure_ids is not None:
        rows = rows.filter(measure_id__in=measure_ids)
    result: dict[int, list[Category]] = {}
    for row in rows:
        result.setdefault(row.measure_id, []).append(row.category)
    return result


def catalogue_info(*, district: District | None) -> CatalogueInfo:
    """What the formula language needs to know about the measures a district can use."""
    measures = list(
        Measure.objects.filter(district__isnull=True)
        if district is None
        else measures_for_district(district=district)
    )
    slots = measure_slots(measure_ids=[m.pk for m in measures])
    category_ids = {c.pk for cats in slots.values() for c in cats}
    options: dict[int, dict[str, int]] = {}
    for category_id, code, pk in CategoryOption.objects.filter(
        category_id__in=category_ids
    ).values_list("category_id", "code", "pk"):
        options.setdefault(category_id, {})[code] = pk
    return CatalogueInfo(
        {
            m.code: MeasureInfo(
                id=m.pk,
                code=m.code,
                additive=m.is_additive,
                categories=tuple(c.code for c in slots.get(m.pk, [])),
                options={c.code: options.get(c.pk, {}) for c in slots.get(m.pk, [])},
                category_ids={c.code: c.pk for c in slots.get(m.pk, [])},
            )
            for m in measures
        }
    )


def indicators_for_district(
    *, district: District, include_hidden: bool = False
) -> QuerySet[Indicator]:
    """Active indicators a district sees (standard ones it has not hidden, and its own)."""
    rows = (
        Indicator.objects.filter(_own_or_standard(district), is_active=True, current__isnull=False)
        .select_related("current")
        .order_by("field", "sort_order", "code")
    )
    if not include_hidden:
        hidden = IndicatorHidden.objects.filter(district=district).values("indicator_id")
        rows = rows.exclude(pk__in=hidden)
    return rows


def hidden_indicator_ids(*, district: District) -> set[int]:
    return set(
        IndicatorHidden.objects.filter(district=district).values_list("indicator_id", flat=True)
    )


def indicator_get_for_user(*, access: DistrictAccess, code: str, capability: str) -> Indicator:
    """An indicator of the standard catalogue or of the access's district; 404 otherwise."""
    access.require(capability)
    indicator = (
        Indicator.objects.filter(_own_or_standard(access.district), code=code)
        .select_related("current", "current__published_measure")
        .order_by("district_id")  # the district's own comes after a standard one of the same code
        .first()
    )
    if indicator is None or indicator.current is None:
        raise Http404
    return indicator


def settings_for(*, district: District) -> MonitoringSettings:
    """The district's monitoring settings (defaults until someone saves them)."""
    found = (
        MonitoringSettings.objects.filter(district=district)
        .select_related("comparison_group")
        .first()
    )
    return found or MonitoringSettings(district=district)


def sources_for_user(*, access: DistrictAccess) -> QuerySet[Source]:
    """Sources a member may import into: office clerks only their office's."""
    access.require(Capability.RECORDS_EDIT)
    rows = Source.objects.filter(district=access.district).select_related("office")
    if access.office_ids and not access.can(Capability.PLANNING_EDIT):
        rows = rows.filter(office_id__in=access.office_ids)
    return rows.order_by("name")


def source_get_for_user(*, access: DistrictAccess, source_id: int) -> Source:
    try:
        return sources_for_user(access=access).get(pk=source_id)
    except Source.DoesNotExist:
        raise Http404 from None


def batches_for_user(*, access: DistrictAccess) -> QuerySet[ImportBatch]:
    access.require(Capability.RECORDS_EDIT)
    rows = ImportBatch.objects.filter(district=access.district).select_related(
        "source", "office", "created_by"
    )
    if access.office_ids and not access.can(Capability.PLANNING_EDIT):
        rows = rows.filter(source__office_id__in=access.office_ids)
    return rows.order_by("-created_at")


def batch_get_for_user(*, access: DistrictAccess, batch_id: int) -> ImportBatch:
    try:
        return batches_for_user(access=access).get(pk=batch_id)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


def templates_for_user(*, access: DistrictAccess) -> QuerySet[ImportTemplate]:
    access.require(Capability.RECORDS_EDIT)
    rows = ImportTemplate.objects.filter(district=access.district).select_related(
        "source", "office"
    )
    if access.office_ids and not access.can(Capability.PLANNING_EDIT):
        rows = rows.filter(source__office_id__in=access.office_ids)
    return rows.order_by("name")


def template_get_for_user(*, access: DistrictAccess, template_id: int) -> ImportTemplate:
    try:
        return templates_for_user(access=access).get(pk=template_id)
    except ImportTemplate.DoesNotExist:
        raise Http404 from None


def groups_for_district(*, access: DistrictAccess) -> QuerySet[AreaGroup]:
    access.require(Capability.AGGREGATES_VIEW)
    return (
        AreaGroup.objects.filter(district=access.district)
        .prefetch_related("members")
        .order_by("name")
    )


def group_get_for_user(*, access: DistrictAccess, group_id: int, capability: str) -> AreaGroup:
    access.require(capability)
    try:
        return AreaGroup.objects.prefetch_related("members").get(
            pk=group_id, district=access.district
        )
    except AreaGroup.DoesNotExist:
        raise Http404 from None


def reports_for_district(*, access: DistrictAccess) -> QuerySet[Report]:
    access.require(Capability.AGGREGATES_VIEW)
    return Report.objects.filter(district=access.district).order_by("-last_year", "-created_at")


def report_get_for_user(*, access: DistrictAccess, report_id: int, capability: str) -> Report:
    access.require(capability)
    try:
        return Report.objects.select_related("district", "published_by").get(
            pk=report_id, district=access.district
        )
    except Report.DoesNotExist:
        raise Http404 from None
