"""The map without JavaScript: the Kreis outline (shipped VG5000 boundary) with the
places as linked dots, drawn on the server as SVG. Leaflet enhances the same figure
when JavaScript runs; without it, this map and the list below it carry everything."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from teilhabe.areas.models import Area, AreaBoundary
from teilhabe.directory.mapdata import group_points


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return list(geometry.get("coordinates") or [])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry.get("coordinates") or [] for ring in polygon]
    return []


def points_svg(
    *,
    kreis: Area,
    points: Sequence[dict[str, Any]],
    title: str,
    link_for: Callable[[dict[str, Any]], str],
    width: int = 640,
    height: int = 520,
    pad: int = 14,
) -> SafeString:
    boundary = AreaBoundary.objects.filter(area=kreis).first()
    rings = _rings(boundary.geometry) if boundary else []
    lons = [c[0] for ring in rings for c in ring] + [p["lon"] for p in points]
    lats = [c[1] for ring in rings for c in ring] + [p["lat"] for p in points]
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map-svg directory-map" viewBox="0 0 {width} {height}" '
        f'role="group" aria-labelledby="dir-map-title"><title id="dir-map-title">{escape(title)}</title>'
    )
    if not lons:
        return mark_safe(head + "</svg>")  # noqa: S308 - only escaped text inside
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
    min_x, max_x, min_y, max_y = min(lons) * kx, max(lons) * kx, min(lats), max(lats)
    scale = min(
        (width - 2 * pad) / max(max_x - min_x, 1e-9), (height - 2 * pad) / max(max_y - min_y, 1e-9)
    )
    ox = (width - (max_x - min_x) * scale) / 2
    oy = (height - (max_y - min_y) * scale) / 2

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return ox + (lon * kx - min_x) * scale, oy + (max_y - lat) * scale

    parts = [head]
    if rings:
        d = " ".join(
            "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in (xy(c[0], c[1]) for c in ring)) + " Z"
            for ring in rings
        )
        parts.append(
            f'<path d="{d}" fill="#dcecef" stroke="#0b5563" stroke-width="1.5" fill-rule="evenodd"/>'
        )
    for group in group_points(points):
        # Places at the same spot are one dot with their number (the list below the
        # map names each).
        point = group[0]
        x, y = xy(point["lon"], point["lat"])
        names = [f"{p['name']} ({p['city']})" if p.get("city") else p["name"] for p in group]
        label = escape(", ".join(names))
        if len(group) == 1:
            parts.append(
                f'<a href="{escape(link_for(point))}" aria-label="{label}">'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#c2410c" '
                f'stroke="#ffffff" stroke-width="2"><title>{label}</title></circle></a>'
            )
        else:
            parts.append(
                f'<a href="{escape(link_for(point))}" aria-label="{len(group)}: {label}">'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="#c2410c" '
                f'stroke="#ffffff" stroke-width="2"><title>{len(group)}: {label}</title></circle>'
                f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="11" '
                f'font-weight="bold" fill="#ffffff" aria-hidden="true">{len(group)}</text></a>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
