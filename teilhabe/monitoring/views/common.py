"""Helpers shared by the monitoring views."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from teilhabe.areas.models import DataSource
from teilhabe.areas.sources import KREISE_GEOJSON
from teilhabe.districts.access import DistrictAccess
from teilhabe.monitoring import pages
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


@dataclass(frozen=True)
class PageBody:
    """A page's own part, rendered once per stamp of values and kept per process: the
    frame around it (user menu, CSRF token, messages, navigation) is rendered per request."""

    title: str
    breadcrumbs: list[tuple[str, str]]
    content: SafeString
    attribution: SafeString


def rights_key(access: DistrictAccess) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What of the user's rights can change what a page shows: roles and capabilities."""
    return tuple(sorted(access.roles)), tuple(sorted(access.capabilities))


def cached_body(
    access: DistrictAccess,
    key: tuple[object, ...],
    stamp: tuple[object, ...],
    build: Callable[[], tuple[str, list[tuple[str, str]], str, dict[str, Any]]],
) -> PageBody:
    """The body of a page from the per-process page cache, keyed by ``key`` (the page and
    its parameters), the district (with its name and slug), the user's rights, the language
    and the stamp of values.

    ``build`` returns the title, the breadcrumbs, the body template and its context. The
    body is rendered without the request, so that nothing per user or per request (the
    user's name, a CSRF token, messages) can get into the cached HTML.
    """

    def render() -> PageBody:
        title, breadcrumbs, template, context = build()
        return PageBody(
            title=title,
            breadcrumbs=breadcrumbs,
            content=SafeString(render_to_string(template, context)),
            attribution=SafeString(render_to_string("monitoring/_sources.html", context)),
        )

    district = access.district  # its name and address are on the page, not in the stamp
    place = (district.pk, district.slug, district.name)
    full_key = ("body", *key, *place, rights_key(access), get_language(), stamp)
    return pages.cached(full_key, render)
