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
