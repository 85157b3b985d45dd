"""Showing monitoring values: numbers in the reader's format, and a dot with its reason
where disclosure control (or the source) hides a value."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from teilhabe.monitoring import pages
from teilhabe.monitoring.analytics.flags import Status
from teilhabe.monitoring.values import Value, flag_texts, status_text

register = template.Library()


@register.simple_tag
def value_cell(value: Value | None, version: Any, part: str = "value") -> SafeString:
    """The value (or numerator/denominator) of a cell, or a dot with its reason."""
    if value is None:
        return format_html(
            '<span class="no-value" title="{0}">–<span class="visually-hidden"> {0}</span></span>',
            status_text(5),
        )
    number = {"value": value.value, "num": value.num, "den": value.den}[part]
    if number is None:
        status = value.status if part == "value" else (value.status or Status.MISSING)
        if part != "value" and value.status == Status.SHOWN:
            status = Status.MISSING
        reason = status_text(status)
        if status == Status.MISSING:
            return format_html(
                '<span class="no-value" title="{0}">–<span class="visually-hidden"> {0}</span></span>',
                reason,
            )
        return format_html(
            '<span class="suppressed" title="{0}">.<span class="visually-hidden"> ({0})</span></span>',
            reason,
        )
    text = pages.fmt(number, version) if part == "value" else pages.fmt_count(number)
    notes = flag_texts(value.flags) if part == "value" else []
    if notes:
        return format_html(
            '{} <span class="value-flags" title="{}">*<span class="visually-hidden"> ({})</span></span>',
            text,
            ", ".join(notes),
            ", ".join(notes),
        )
    return format_html("{}", text)


@register.filter
def reason(value: Value | None) -> str:
    return status_text(value.status) if value is not None else status_text(5)
