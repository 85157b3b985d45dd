"""The network of relationships between organisations as an SVG (no JavaScript): a
circle layout, arrows per relationship type, every organisation linked to its
profile. The table beside it carries the same information for screen readers."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from teilhabe.directory.models import Relationship

COLOURS: dict[str, str] = {
    Relationship.Kind.MEMBER_OF: "#0b5563",
    Relationship.Kind.PARTNER_OF: "#6b21a8",
    Relationship.Kind.FUNDS: "#166534",
    Relationship.Kind.RUNS: "#c2410c",
}


def network_svg(
    relations: Sequence[Relationship],
    *,
    link_for: Callable[[int], str],
    title: str = "",
    size: int = 640,
) -> SafeString:
    nodes: dict[int, str] = {}
    for relation in relations:
        nodes.setdefault(relation.source_id, relation.source.name)
        nodes.setdefault(relation.target_id, relation.target.name)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network-svg" viewBox="0 0 {size} {size}" '
        'role="group" aria-labelledby="network-title"><title id="network-title">'
        f"{escape(title or str(len(relations)))}</title>"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#4a5560"/></marker></defs>'
    )
    if not nodes:
        return mark_safe(head + "</svg>")  # noqa: S308 - static markup
    centre, radius = size / 2, size / 2 - 110
    order = sorted(nodes, key=lambda pk: nodes[pk].casefold())
    position = {
        pk: (
            centre + radius * math.cos(2 * math.pi * i / len(order) - math.pi / 2),
            centre + radius * math.sin(2 * math.pi * i / len(order) - math.pi / 2),
        )
        for i, pk in enumerate(order)
    }
    parts = [head]
    for relation in relations:
        (x1, y1), (x2, y2) = position[relation.source_id], position[relation.target_id]
        length = math.hypot(x2 - x1, y2 - y1) or 1
        # Stop the line short of the target's dot so that the arrow head shows.
        x2s, y2s = x2 - (x2 - x1) / length * 9, y2 - (y2 - y1) / length * 9
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2s:.1f}" y2="{y2s:.1f}" '
            f'stroke="{COLOURS.get(relation.kind, "#4a5560")}" '
            f'stroke-width="2" marker-end="url(#arrow)"><title>{escape(str(relation))}</title></line>'
        )
    for pk in order:
        x, y = position[pk]
        anchor = "start" if x >= centre else "end"
        dx = 10 if x >= centre else -10
        parts.append(
            f'<a href="{escape(link_for(pk))}"><circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="#ffffff" stroke="#073b45" '
            f'stroke-width="2"/><text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" font-size="12" '
            f'fill="#1b1f24">{escape(nodes[pk][:40])}</text></a>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
