"""Template helpers used across modules: accessible form fields, numbers, attribution."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.formats import number_format
from django.utils.safestring import SafeString

register = template.Library()


@register.inclusion_tag("_field.html")
def field(bound: BoundField, **attrs: Any) -> dict[str, Any]:
    """A form field with its label, help text and errors, tied together for screen readers."""
    described = []
    if bound.help_text:
        described.append(f"{bound.auto_id}_help")
    if bound.errors:
        described.append(f"{bound.auto_id}_errors")
    widget_attrs = dict(attrs)
    if described:
        widget_attrs["aria-describedby"] = " ".join(described)
    if bound.errors:
        widget_attrs["aria-invalid"] = "true"
    widget: SafeString = bound.as_widget(attrs=widget_attrs)
    return {"field": bound, "widget": widget}


@register.filter
def num(value: Any, decimals: int = 0) -> str:
    """A number in the active language's format, with thousands grouped."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except ArithmeticError:
            return value
    return number_format(value, decimal_pos=decimals, force_grouping=True)


@register.inclusion_tag("_attribution.html")
def attribution(sources: Any) -> dict[str, Any]:
    """The credit the dl-de/by-2-0 licence requires for every dataset shown."""
    return {"sources": list(sources or [])}
