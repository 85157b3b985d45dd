"""Static SVG maps of areas from GeoJSON geometries (WGS 84).

Used where a page must work without JavaScript and in PDFs; pages with JavaScript
may enhance the same figure with Leaflet. The projection is equirectangular around
the map's centre latitude, which is accurate enough at the scale of a Land.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any


@dataclass(frozen=True)
class MapFeature:
    geometry: dict[str, Any]  # GeoJSON Polygon or MultiPolygon
    name: str
    fill: str = "#b9d6db"
    stroke: str = "#0b5563"
    label: str = ""  # text drawn on the map (empty: none)
    label_at: tuple[float, float] | None = None  # (lon, lat) of the label
    href: str = ""


def _rings(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coordinates
    elif kind == "MultiPolygon":
        for polygon in coordinates:
            yield from polygon
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries") or []:
            yield from _rings(part)


def map_svg(
    features: Sequence[MapFeature],
    *,
    title: str,
    description: str,
    width: int = 640,
    height: int = 520,
    padding: int = 12,
    map_id: str = "map",
) -> str:
    """Render the features fitted into the view box, labels on top."""
    xs: list[float] = []
    ys: list[float] = []
    for feature in features:
        for ring in _rings(feature.geometry):
            for lon, lat, *_ in ring:
                xs.append(lon)
                ys.append(lat)
    title_id, desc_id = f"{map_id}-title", f"{map_id}-desc"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map-svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" focusable="false">'
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(description)}</desc>'
    )
    if not xs:
        return head + "</svg>"
    lat0 = math.radians((min(ys) + max(ys)) / 2)
    kx = math.cos(lat0)
    min_x, max_x = min(xs) * kx, max(xs) * kx
    min_y, max_y = min(ys), max(ys)
    scale = min(
        (width - 2 * padding) / max(max_x - min_x, 1e-9),
        (height - 2 * padding) / max(max_y - min_y, 1e-9),
    )
    offset_x = (width - (max_x - min_x) * scale) / 2
    offset_y = (height - (max_y - min_y) * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (
            offset_x + (lon * kx - min_x) * scale,
            offset_y + (max_y - lat) * scale,
        )

    parts = [head, '<g class="map-areas">']
    labels = []
    for feature in features:
        d = []
        for ring in _rings(feature.geometry):
            points = [project(lon, lat) for lon, lat, *_ in ring]
            if len(points) < 3:
                continue
            d.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z")
        path = (
            f'<path class="map-area" d="{" ".join(d)}" fill-rule="evenodd" fill="{escape(feature.fill)}" '
            f'stroke="{escape(feature.stroke)}" stroke-width="1"><title>{escape(feature.name)}</title></path>'
        )
        if feature.href:
            path = f'<a href="{escape(feature.href)}">{path}</a>'
        parts.append(path)
        if feature.label and feature.label_at:
            x, y = project(*feature.label_at)
            labels.append(
                f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{escape(feature.label)}</text>'
            )
    parts.append("</g>")
    if labels:
        parts.append(
            '<g class="map-labels" aria-hidden="true" font-size="11" fill="#102a30" stroke="#ffffff" '
            'stroke-width="3" stroke-linejoin="round" paint-order="stroke">'
            + "".join(labels)
            + "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)
