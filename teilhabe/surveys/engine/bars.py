"""Bar charts as SVG (results per answer, responses over time).

Like :mod:`teilhabe.charts`: presentation attributes only (no style, no script), a
``<title>`` and ``<desc>``, and the page shows the same numbers in a table. Hidden
(suppressed) values are drawn as an empty outline marked "hidden", never as a bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

INK = "#1b1f24"
BAR = "#0b5563"
BAR_ALT = "#b34700"
GRID = "#d5dce3"
MUTED = "#4a5560"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: hidden by small-group protection
    note: str = ""  # text after the bar, e.g. "42 %"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def horizontal_bars(
    bars: list[Bar],
    *,
    title: str,
    description: str,
    hidden_label: str = "hidden",
    maximum: float | None = None,
) -> str:
    """One bar per answer, labels on the left."""
    label_width, bar_width, row, top = 230, 300, 26, 8
    height = top + row * len(bars) + 8
    width = label_width + bar_width + 90
    top_value = maximum or max((b.value or 0.0 for b in bars), default=0.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="bt-{id(bars)} bd-{id(bars)}">',
        f'<title id="bt-{id(bars)}">{escape(title)}</title><desc id="bd-{id(bars)}">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = top + index * row
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="12" fill="{INK}">'
            f"{escape(_clip(bar.label, 34))}</text>"
        )
        if bar.value is None:
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="40" height="16" fill="none" stroke="{MUTED}" '
                f'stroke-dasharray="3 2"/><text x="{label_width + 48}" y="{y + 16}" font-size="11" '
                f'fill="{MUTED}">{escape(hidden_label)}</text>'
            )
            continue
        length = max(0.0, bar.value) / top_value * bar_width
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="16" fill="{BAR}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 16}" font-size="11" fill="{INK}">'
            f"{escape(bar.note)}</text>"
        )
    parts.append(
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - 8}" stroke="{GRID}"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def columns_chart(
    bars: list[Bar], *, title: str, description: str, hidden_label: str = "hidden"
) -> str:
    """Vertical bars over time (one per week or month); labels every few bars."""
    count = max(len(bars), 1)
    width, height, left, bottom, top = 640, 200, 40, 30, 10
    step = (width - left - 10) / count
    top_value = max((b.value or 0.0 for b in bars), default=0.0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="ct-{id(bars)} cd-{id(bars)}">',
        f'<title id="ct-{id(bars)}">{escape(title)}</title><desc id="cd-{id(bars)}">{escape(description)}</desc>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="{GRID}"/>',
        f'<text x="{left - 4}" y="{top + 10}" text-anchor="end" font-size="10" fill="{MUTED}">{int(top_value)}</text>',
    ]
    every = max(1, count // 8)
    for index, bar in enumerate(bars):
        x = left + index * step
        bar_w = max(2.0, step * 0.7)
        if bar.value is None:
            parts.append(
                f'<rect x="{x:.1f}" y="{height - bottom - 12}" width="{bar_w:.1f}" height="12" fill="none" '
                f'stroke="{MUTED}" stroke-dasharray="2 2">'
                f"<title>{escape(bar.label)}: {escape(hidden_label)}</title></rect>"
            )
        else:
            h = (height - bottom - top) * max(0.0, bar.value) / top_value
            parts.append(
                f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{BAR}">'
                f"<title>{escape(bar.label)}: {escape(bar.note)}</title></rect>"
            )
        if index % every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 14}" font-size="10" fill="{MUTED}">{escape(bar.label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
