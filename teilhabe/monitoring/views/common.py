"""Helpers shared by the monitoring views."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from teilhabe.areas.models import DataSource
from teilhabe.areas.sources import KREISE_GEOJSON
from teilhabe.districts.access import DistrictAccess
from teilhabe.monitoring.analytics.formula import operands, parse
from teilhabe.monitoring.models import IndicatorVersion, ObservationSlice, Source


def crumbs(access: DistrictAccess, *items: tuple[str, str]) -> list[tuple[str, str]]:
    home = reverse("districts:home", kwargs={"district": access.district.slug})
    monitoring = reverse("monitoring:dashboard", kwargs={"district": access.district.slug})
    return [(access.district.name, home), (_("Monitoring"), monitoring), *items]


def measure_codes(version: IndicatorVersion) -> set[str]:
    codes = set()
    for text in (version.numerator, version.denominator):
        if text.strip():
            codes |= {o.measure for o in operands(parse(text))}
    if version.published_measure_id:
        codes.add(version.published_measure.code if version.published_measure else "")
    return codes


def sources_for(
    access: DistrictAccess, versions: Iterable[IndicatorVersion], *, with_map: bool = False
) -> list[Source]:
    """Sources whose active data feed these indicators in this district (its own and the
    official statistics), for the attribution every page shows."""
    codes: set[str] = set()
    for version in versions:
        codes |= measure_codes(version)
    source_ids = set(
        ObservationSlice.objects.filter(is_active=True, measure__code__in=codes)
        .filter(district__isnull=True)
        .values_list("source_id", flat=True)
        .distinct()
    ) | set(
        ObservationSlice.objects.filter(
            is_active=True, measure__code__in=codes, district=access.district
        )
        .values_list("source_id", flat=True)
        .distinct()
    )
    sources = list(
        Source.objects.filter(pk__in=source_ids)
        .select_related("data_source", "office")
        .order_by("name")
    )
    return sources


def map_sources(with_map: bool) -> list[DataSource]:
    return list(DataSource.objects.filter(code=KREISE_GEOJSON.code)) if with_map else []
