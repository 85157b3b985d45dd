"""The dashboard, the indicator pages, their map data and downloads."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from teilhabe.areas.models import AreaBoundary
from teilhabe.core.exports import csv_bytes, xlsx_bytes
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability
from teilhabe.monitoring import pages
from teilhabe.monitoring.models import Indicator
from teilhabe.monitoring.selectors import indicator_get_for_user
from teilhabe.monitoring.views.common import cached_body, crumbs, map_sources, sources_for


@district_view(Capability.AGGREGATES_VIEW)
def dashboard(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    stamp = pages.values_stamp(access.district)
    body = cached_body(access, ("dashboard",), stamp, lambda: _dashboard_body(access, stamp))
    return render(
        request,
        "monitoring/dashboard.html",
        {"title": body.title, "breadcrumbs": body.breadcrumbs, "body": body},
    )


def _dashboard_body(
    access: DistrictAccess, stamp: tuple[object, ...]
) -> tuple[str, list[tuple[str, str]], str, dict[str, Any]]:
    groups = pages.dashboard(access.district, stamp)
    versions = [card.version for group in groups for card in group.cards]
    context = {
        "access": access,
        "groups": groups,
        "with_data": sum(len(g.cards) for g in groups),
        "without_data": sum(len(g.empty) for g in groups),
        "can_import": access.can(Capability.RECORDS_EDIT),
        "sources": sources_for(access, versions),
    }
    return _("Integration monitoring"), crumbs(access), "monitoring/_dashboard_body.html", context


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


@district_view(Capability.AGGREGATES_VIEW)
def indicator_detail(
    request: HttpRequest, access: DistrictAccess, indicator_code: str
) -> HttpResponse:
    indicator = indicator_get_for_user(
        access=access, code=indicator_code, capability=Capability.AGGREGATES_VIEW
    )
    stamp = pages.values_stamp(access.district)
    year = _year(request)
    body = cached_body(
        access,
        ("indicator", indicator.pk, year),
        stamp,
        lambda: _indicator_body(access, indicator, year, stamp),
    )
    return render(
        request,
        "monitoring/indicator.html",
        {"title": body.title, "breadcrumbs": body.breadcrumbs, "body": body},
    )


def _indicator_body(
    access: DistrictAccess, indicator: Indicator, year: int | None, stamp: tuple[object, ...]
) -> tuple[str, list[tuple[str, str]], str, dict[str, Any]]:
    page = pages.indicator_page(access.district, indicator, year=year, stamp=stamp)
    context = {
        "access": access,
        "page": page,
        "version": page.version,
        "sources": sources_for(access, [page.version]),
        "map_sources": map_sources(True),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    title = page.version.title
    return title, crumbs(access, (title, "")), "monitoring/_indicator_body.html", context


@district_view(Capability.AGGREGATES_VIEW)
def indicator_map(
    request: HttpRequest, access: DistrictAccess, indicator_code: str
) -> JsonResponse:
    """GeoJSON of the Kreise on the map with value, class colour and text."""
    indicator = indicator_get_for_user(
        access=access, code=indicator_code, capability=Capability.AGGREGATES_VIEW
    )
    version = indicator.definition
    year = _year(request)
    areas = pages.map_areas(access.district)
    values = pages.kreis_values(access.district, indicator, year, areas)
    shown = [x.value for x in values.values() if x is not None and x.value is not None]
    bounds = pages._colour_classes(shown)
    features = []
    for boundary in AreaBoundary.objects.filter(area__in=areas).select_related("area"):
        area = boundary.area
        value = values.get(area.pk)
        colour, _index = pages.colour_for(value.value if value else None, bounds)
        features.append(
            {
                "type": "Feature",
                "geometry": boundary.geometry,
                "properties": {
                    "code": area.code,
                    "name": area.display_name,
                    "role": "self" if area.pk == access.district.kreis_id else "",
                    "fill": colour,
                    "text": pages.fmt(value.value if value else None, version),
                    "reason": value.reason if value is not None and value.value is None else "",
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


@district_view(Capability.AGGREGATES_VIEW)
def indicator_download(
    request: HttpRequest, access: DistrictAccess, indicator_code: str, fmt: str
) -> HttpResponse:
    indicator = indicator_get_for_user(
        access=access, code=indicator_code, capability=Capability.AGGREGATES_VIEW
    )
    export = pages.indicator_export(
        access.district, indicator, sources_for(access, [indicator.definition])
    )
    header, rows, notes = export.header, export.rows, export.notes
    name = slugify(f"{access.district.slug}-{indicator.code}")
    if fmt == "csv":
        body = csv_bytes(header, rows + [[]] + [[note] for note in notes])
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        body = xlsx_bytes(header, rows, sheet_title=_("Values"), notes=notes)
        response = HttpResponse(
            body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    raise Http404
