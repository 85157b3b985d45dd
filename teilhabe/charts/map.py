"""Static SVG maps of areas from GeoJSON geometries (WGS 84).

Used where a page must work without JavaScript and in PDFs; pages with JavaScript
may enhance the same figure with Leaflet. The projection is equirectangular around
the map's centre latitude, which is accurate enough at the scale of a Land.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from shapely.geometry import Polygon, shape
from shapely.ops import polylabel, transform

#: Label boxes, estimated for the 11 px sans-serif labels: mean character width and
#: line height (the SVG is rendered without measuring text, also in PDFs).
_CHAR_WIDTH = 6.4
_LINE_HEIGHT = 13.0
#: Where a label may move when it would cover another one: up and down by a line or two.
_NUDGES = (0.0, _LINE_HEIGHT, -_LINE_HEIGHT, 2 * _LINE_HEIGHT, -2 * _LINE_HEIGHT)


@dataclass(frozen=True)
class MapFeature:
    geometry: dict[str, Any]  # GeoJSON Polygon or MultiPolygon
    name: str
    fill: str = "#b9d6db"
    stroke: str = "#0b5563"
    label: str = ""  # text drawn on the map (empty: none)
    # (lon, lat) of the label; None: inside the area, at the point farthest from its edge
    label_at: tuple[float, float] | None = None
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


def _inner_point(
    geometry: dict[str, Any], project: Callable[[float, float], tuple[float, float]]
) -> tuple[float, float] | None:
    """The point of the area's largest part farthest from its edges, holes included
    (the "pole of inaccessibility"), in map coordinates: a label there stays inside the
    area, unlike at a centroid or at the seat of its administration, which may lie at
    the edge or in an enclosed city."""
    try:
        area = transform(lambda lon, lat, *_: project(lon, lat), shape(geometry))
    except (ValueError, TypeError, AttributeError):
        return None
    if not area.is_valid:  # simplified boundaries may touch themselves
        area = area.buffer(0)
    parts = [p for p in getattr(area, "geoms", [area]) if isinstance(p, Polygon) and p.area > 0]
    if not parts:
        return None
    largest = max(parts, key=lambda p: p.area)
    point = polylabel(largest, tolerance=max(largest.length / 500, 0.01))
    return (point.x, point.y)


def _place(
    x: float, y: float, text: str, placed: list[tuple[float, float, float, float]]
) -> tuple[float, float]:
    """The first position, moving up or down by whole lines, whose box covers no label
    already placed; the wanted one if every position would."""
    half = len(text) * _CHAR_WIDTH / 2
    for dy in _NUDGES:
        box = (x - half, y + dy - _LINE_HEIGHT + 3, x + half, y + dy + 3)
        if not any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
            for other in placed
        ):
            placed.append(box)
            return x, y + dy
    placed.append((x - half, y - _LINE_HEIGHT + 3, x + half, y + 3))
    return x, y


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
    placed: list[tuple[float, float, float, float]] = []
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
        if feature.label:
            at = (
                project(*feature.label_at)
                if feature.label_at
                else _inner_point(feature.geometry, project)
            )
            if at is None:
                continue
            x, y = _place(*at, feature.label, placed)
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
