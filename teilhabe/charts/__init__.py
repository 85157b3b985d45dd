"""Server-rendered SVG charts and maps.

A plain library: data in, SVG markup out, no Django imports, no scripts and no inline
styles (colours come from CSS classes, so the pages' Content-Security-Policy holds and
WeasyPrint renders the same SVG in PDFs). Every chart carries a ``<title>`` and a
``<desc>``; pages show the same numbers in a data table next to it.
"""

from .line import Point, Series, line_chart
from .map import MapFeature, map_svg
from .scale import nice_ticks

__all__ = ["MapFeature", "Point", "Series", "line_chart", "map_svg", "nice_ticks"]
