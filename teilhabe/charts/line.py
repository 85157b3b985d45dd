"""Line charts for time series (one line per area or group)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from .scale import nice_ticks

#: Marker shapes per series, so that lines differ by more than colour.
_MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square")
#: (colour, dash pattern) per series: colours with at least 4.5:1 contrast on white,
#: dashes so that lines also differ in black-and-white prints.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#0b5563", ""),
    ("#b34700", "6 3"),
    ("#5b3f9e", "2 3"),
    ("#2f6f32", "8 3 2 3"),
    ("#9f1239", ""),
    ("#4a5560", "1 2"),
)
INK = "#1b1f24"
GRID = "#d5dce3"


@dataclass(frozen=True)
class Point:
    x: str  # the label on the x axis (a year, a date)
    y: float | None  # None leaves a gap


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[Point]
    emphasis: bool = False


def _number(label: str) -> float | None:
    try:
        return float(label)
    except ValueError:
        return None


def _label_indices(xs: Sequence[float], *, min_gap: float) -> list[int]:
    """Which x labels to draw so that none overlap; the first and last always show."""
    if not xs:
        return []
    chosen = [0]
    for index in range(1, len(xs)):
        if xs[index] - xs[chosen[-1]] >= min_gap:
            chosen.append(index)
    last = len(xs) - 1
    if chosen[-1] != last:
        if len(chosen) > 1 and xs[last] - xs[chosen[-1]] < min_gap:
            chosen.pop()
        chosen.append(last)
    return chosen


def _stroke(colour: str, dash: str, emphasis: bool) -> str:
    width = "3.5" if emphasis else "2"
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'class="chart-line" fill="none" stroke="{colour}" stroke-width="{width}"{dashes}'


def _default_format(value: float) -> str:
    return f"{value:g}"


def _marker(kind: str, x: float, y: float, colour: str, title: str) -> str:
    tip = f"<title>{escape(title)}</title>"
    paint = f'class="chart-marker" fill="{colour}" stroke="#ffffff" stroke-width="1"'
    if kind == "square":
        return (
            f'<rect {paint} x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7">{tip}</rect>'
        )
    if kind == "diamond":
        d = f"M{x:.1f},{y - 4.5:.1f} L{x + 4.5:.1f},{y:.1f} L{x:.1f},{y + 4.5:.1f} L{x - 4.5:.1f},{y:.1f} Z"
        return f'<path {paint} d="{d}">{tip}</path>'
    if kind == "triangle":
        d = f"M{x:.1f},{y - 4.5:.1f} L{x + 4.5:.1f},{y + 3.5:.1f} L{x - 4.5:.1f},{y + 3.5:.1f} Z"
        return f'<path {paint} d="{d}">{tip}</path>'
    return f'<circle {paint} cx="{x:.1f}" cy="{y:.1f}" r="3.5">{tip}</circle>'


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    y_label: str = "",
    width: int = 640,
    height: int = 300,
    format_value: Callable[[float], str] = _default_format,
    include_zero: bool = True,
    chart_id: str = "chart",
) -> str:
    """Render an accessible SVG line chart.

    The x axis takes the union of the series' labels in first-seen order. The legend
    sits below the plot; each point has a tooltip (``<title>``) with its value.
    """
    labels: list[str] = []
    for s in series:
        for p in s.points:
            if p.x not in labels:
                labels.append(p.x)
    values = [p.y for s in series for p in s.points if p.y is not None]
    legend_rows = (len(series) + 2) // 3
    left, right, top = 56, 16, 16
    bottom = 40 + 22 * legend_rows
    plot_w, plot_h = width - left - right, height - top - bottom
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-line" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" focusable="false">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    if not values or not labels:
        parts.append(
            f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" fill="{INK}">–</text></svg>'
        )
        return "".join(parts)
    ticks = nice_ticks(min(values), max(values), include_zero=include_zero)
    low, high = ticks[0], ticks[-1]

    # Years (or other numbers) are spaced by value, so that 2019 → 2022 looks longer
    # than 2018 → 2019; other labels are spaced evenly.
    numbers = [n for n in (_number(label) for label in labels) if n is not None]
    if len(numbers) == len(labels) and len(labels) > 1 and max(numbers) > min(numbers):
        x_fraction = [(n - min(numbers)) / (max(numbers) - min(numbers)) for n in numbers]
    else:
        x_fraction = [i / (len(labels) - 1) if len(labels) > 1 else 0.5 for i in range(len(labels))]

    def sx(index: int) -> float:
        return left + plot_w * x_fraction[index]

    def sy(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    text = f'fill="{INK}" font-size="12"'
    parts.append(f'<g class="chart-grid" aria-hidden="true" stroke="{GRID}" stroke-width="1">')
    for tick in ticks:
        y = sy(tick)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}"/>')
    parts.append("</g>")
    parts.append(f'<g class="chart-axes" aria-hidden="true" {text}>')
    for tick in ticks:
        parts.append(
            f'<text x="{left - 6}" y="{sy(tick) + 4:.1f}" text-anchor="end">'
            f"{escape(format_value(tick))}</text>"
        )
    for index in _label_indices([sx(i) for i in range(len(labels))], min_gap=56):
        parts.append(
            f'<text x="{sx(index):.1f}" y="{top + plot_h + 18}" text-anchor="middle">'
            f"{escape(labels[index])}</text>"
        )
    if y_label:
        parts.append(f'<text x="{left}" y="{top - 4}" text-anchor="start">{escape(y_label)}</text>')
    parts.append("</g>")

    for number, s in enumerate(series):
        colour, dash = PALETTE[number % len(PALETTE)]
        stroke = _stroke(colour, dash, s.emphasis)
        positions = {p.x: p.y for p in s.points}
        segments: list[list[tuple[float, float]]] = [[]]
        for index, label in enumerate(labels):
            value = positions.get(label)
            if value is None:
                if segments[-1]:
                    segments.append([])
                continue
            segments[-1].append((sx(index), sy(value)))
        parts.append(f'<g class="chart-series"><title>{escape(s.name)}</title>')
        for segment in segments:
            if len(segment) > 1:
                d = " ".join(
                    f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(segment)
                )
                parts.append(f'<path {stroke} d="{d}"/>')
        for index, label in enumerate(labels):
            value = positions.get(label)
            if value is not None:
                parts.append(
                    _marker(
                        _MARKERS[number % len(_MARKERS)],
                        sx(index),
                        sy(value),
                        colour,
                        f"{s.name}, {label}: {format_value(value)}",
                    )
                )
        parts.append("</g>")

    parts.append('<g class="chart-legend" aria-hidden="true">')
    column_w = plot_w / 3
    for number, s in enumerate(series):
        colour, dash = PALETTE[number % len(PALETTE)]
        x = left + (number % 3) * column_w
        y = top + plot_h + 40 + (number // 3) * 22
        parts.append(
            f'<line {_stroke(colour, dash, s.emphasis)} x1="{x:.1f}" x2="{x + 22:.1f}" '
            f'y1="{y - 4}" y2="{y - 4}"/>'
        )
        parts.append(_marker(_MARKERS[number % len(_MARKERS)], x + 11, y - 4, colour, s.name))
        name = s.name if len(s.name) <= 34 else s.name[:33] + "…"
        parts.append(f'<text x="{x + 28:.1f}" y="{y}" {text}>{escape(name)}</text>')
    parts.append("</g></svg>")
    return "".join(parts)
