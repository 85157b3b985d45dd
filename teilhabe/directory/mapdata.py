"""Map data shared by the office actor map and the public map: places at the same spot
become one marker with a count (eight organisations in one house are one dot with
"8", and its popup lists all eight), and the map's initial view (``bbox``) covers the
whole Kreis and every marker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from teilhabe.areas.models import Area, AreaBoundary

#: Places closer than this (degrees; 1e-5 is about a metre) are one marker.
SAME_SPOT = 5  # decimals


def group_points(points: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The points grouped by position (rounded to :data:`SAME_SPOT` decimals), in the
    order of their first point."""
    groups: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for point in points:
        spot = (round(point["lat"], SAME_SPOT), round(point["lon"], SAME_SPOT))
        groups.setdefault(spot, []).append(point)
    return list(groups.values())


def kreis_bounds(kreis: Area) -> list[float] | None:
    """[west, south, east, north] of the Kreis's shipped boundary, if it has one."""
    row = (
        AreaBoundary.objects.filter(area=kreis)
        .values_list("min_lon", "min_lat", "max_lon", "max_lat")
        .first()
    )
    return list(row) if row else None


def bounds(
    points: Sequence[dict[str, Any]], around: list[float] | None = None
) -> list[float] | None:
    """[west, south, east, north] covering the points and ``around`` (a Kreis)."""
    lons = [p["lon"] for p in points]
    lats = [p["lat"] for p in points]
    if around:
        lons += [around[0], around[2]]
        lats += [around[1], around[3]]
    if not lons:
        return None
    return [min(lons), min(lats), max(lons), max(lats)]


def points_geojson(
    points: Sequence[dict[str, Any]],
    *,
    url_for: Callable[[dict[str, Any]], str],
    around: list[float] | None = None,
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one feature per spot with ``count`` and ``items``
    (name, place, town and address of each point there); ``bbox`` as :func:`bounds`."""
    features = []
    for group in group_points(points):
        first = group[0]
        items = [
            {
                "name": p["name"],
                "place": p.get("place", ""),
                "city": p.get("city") or "",
                "url": url_for(p),
            }
            for p in group
        ]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [first["lon"], first["lat"]]},
                "properties": {
                    "name": first["name"],
                    "city": first.get("city") or "",
                    "url": items[0]["url"],
                    "count": len(group),
                    "items": items,
                },
            }
        )
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    box = bounds(points, around)
    if box is not None:
        collection["bbox"] = box
    return collection
