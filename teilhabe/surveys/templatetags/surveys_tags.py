"""Template helpers of the surveys module."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ mapping|get_item:key }}``: a dictionary value by a variable key."""
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return None
