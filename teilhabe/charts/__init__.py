"""Server-rendered SVG charts and maps.

A plain library: data in, SVG markup out, no Django imports, no scripts and no style
attributes: colours are SVG presentation attributes, which the pages'
Content-Security-Policy allows and WeasyPrint renders the same way in PDFs. Every chart carries a ``<title>`` and a
``<desc>``; pages show the same numbers in a data table next to it.
"""

from .line import PALETTE, Point, Series, line_chart
from .map import MapFeature, map_svg
from .scale import nice_ticks

__all__ = ["PALETTE", "MapFeature", "Point", "Series", "line_chart", "map_svg", "nice_ticks"]
