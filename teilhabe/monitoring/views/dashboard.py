"""The dashboard, the indicator pages, their map data and downloads."""

from __future__ import annotations

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
from teilhabe.monitoring.selectors import indicator_get_for_user
from teilhabe.monitoring.views.common import crumbs, map_sources, sources_for


@district_view(Capability.AGGREGATES_VIEW)
def dashboard(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    stamp = pages.values_stamp(access.district)
    groups = pages.dashboard(access.district, stamp)
    versions = [card.version for group in groups for card in group.cards]
    sources = pages.cached(
        ("sources", access.district.pk, stamp), lambda: sources_for(access, versions)
    )
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "title": _("Integration monitoring"),
            "access": access,
            "groups": groups,
            "with_data": sum(len(g.cards) for g in groups),
            "without_data": sum(len(g.empty) for g in groups),
            "can_import": access.can(Capability.RECORDS_EDIT),
            "can_plan": access.can(Capability.PLANNING_EDIT),
            "sources": sources,
            "breadcrumbs": crumbs(access),
            "stamp": pages.stamp_key(stamp),
        },
    )


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
    page = pages.indicator_page(access.district, indicator, year=_year(request), stamp=stamp)
    sources = pages.cached(
        ("sources", access.district.pk, indicator.pk, stamp),
        lambda: sources_for(access, [page.version]),
    )
    return render(
        request,
        "monitoring/indicator.html",
        {
            "title": page.version.title,
            "access": access,
            "page": page,
            "version": page.version,
            "can_plan": access.can(Capability.PLANNING_EDIT),
            "sources": sources,
            "map_sources": map_sources(True),
            "breadcrumbs": crumbs(access, (page.version.title, "")),
            "stamp": pages.stamp_key(stamp),
        },
    )


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
