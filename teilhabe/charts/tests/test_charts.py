import itertools
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from teilhabe.charts import MapFeature, Point, Series, line_chart, map_svg, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"


def test_line_chart_is_accessible_svg_with_escaped_text():
    svg = line_chart(
        [
            Series(
                "<script>alert(1)</script>",
                [Point("2020", 1.5), Point("2021", None), Point("2022", 2.5)],
            )
        ],
        title="Title & more",
        description="Description",
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-title chart-desc"
    assert root.find(f"{SVG}title").text == "Title & more"
    assert "<script>" not in svg
    assert "style=" not in svg  # colours come from CSS classes (CSP)
    # The gap in 2021 splits the line: no path segment joins 2020 and 2022.
    paths = [p for p in root.iter(f"{SVG}path") if p.get("class") == "chart-line-path"]
    assert paths == []
    markers = [m for m in root.iter() if m.get("class") == "chart-marker"]
    assert len(markers) == 2 + 1  # two points plus the legend sample


def test_line_chart_markers_carry_values_as_tooltips():
    svg = line_chart(
        [Series("A", [Point("2020", 1), Point("2021", 2)]), Series("B", [Point("2021", 3)])],
        title="t",
        description="d",
        format_value=lambda v: f"{v:.1f} %",
    )
    assert "A, 2021: 2.0 %" in svg
    assert "B, 2021: 3.0 %" in svg


def test_empty_chart_still_valid():
    root = ET.fromstring(line_chart([], title="t", description="d"))
    assert root.tag == f"{SVG}svg"


def test_map_svg_fits_features_and_labels():
    square = {
        "type": "Polygon",
        "coordinates": [[[10, 50], [11, 50], [11, 51], [10, 51], [10, 50]]],
    }
    svg = map_svg(
        [MapFeature(square, name="A & B", label="A", label_at=(10.5, 50.5))],
        title="Karte",
        description="Eine Fläche",
        width=200,
        height=200,
    )
    root = ET.fromstring(svg)
    path = next(root.iter(f"{SVG}path"))
    coordinates = [
        float(v)
        for part in path.get("d").replace("M", "").replace("L", "").replace("Z", "").split()
        for v in part.split(",")
    ]
    assert min(coordinates) >= 0 and max(coordinates) <= 200
    assert next(root.iter(f"{SVG}text")).text == "A"


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
)
def test_nice_ticks_cover_the_range(low, span):
    high = low + span
    ticks = nice_ticks(low, high)
    assert ticks[0] <= min(low, 0) + 1e-9
    assert ticks[-1] >= max(high, 0) - 1e-9
    assert 2 <= len(ticks) <= 12
    steps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(steps) - min(steps) <= 1e-6 * max(steps)


def _label_positions(svg: str) -> dict[str, tuple[float, float]]:
    return {
        str(t.text): (float(t.get("x") or 0), float(t.get("y") or 0))
        for t in ET.fromstring(svg).iter(f"{SVG}text")
    }


def test_map_labels_without_a_position_sit_inside_the_area_away_from_a_hole():
    # A ring-shaped Kreis around a city (a hole in the middle): the label must not sit
    # in the hole, where the centroid is.
    outer = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[2, 2], [8, 2], [8, 8], [2, 8], [2, 2]]
    ring = {"type": "Polygon", "coordinates": [outer, hole]}
    svg = map_svg(
        [MapFeature(ring, name="Landkreis", label="Landkreis")],
        title="t",
        description="d",
        width=200,
        height=200,
        padding=0,
    )
    x, y = _label_positions(svg)["Landkreis"]
    # The hole spans 40–160 px in both directions of the 200 px map.
    assert not (40 < x < 160 and 40 < y < 160)


def test_map_labels_that_would_overlap_are_moved_apart():
    left = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    right = {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]}
    # Both seats at almost the same spot, on the shared border.
    svg = map_svg(
        [
            MapFeature(left, name="Oberhavel", label="Oberhavel", label_at=(1.0, 0.5)),
            MapFeature(right, name="Barnim", label="Barnim", label_at=(1.01, 0.5)),
        ],
        title="t",
        description="d",
        width=400,
        height=200,
    )
    positions = _label_positions(svg)
    (x1, y1), (x2, y2) = positions["Oberhavel"], positions["Barnim"]
    assert abs(y1 - y2) >= 13 or abs(x1 - x2) >= (len("Oberhavel") + len("Barnim")) * 6.4 / 2
