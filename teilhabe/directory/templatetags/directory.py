"""Template helpers of the directory: translated texts in their own language and
direction, and links that are only ever http(s)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe

from teilhabe.directory.safety import safe_url

register = template.Library()


@register.filter
def tx(value: Any) -> SafeString:
    """A translated text, isolated (``<bdi>``) and marked with its language."""
    if value is None:
        return mark_safe("")
    lang = getattr(value, "lang", "")
    text = getattr(value, "text", value)
    if lang:
        return format_html('<bdi lang="{}">{}</bdi>', lang, text)
    return format_html("<bdi>{}</bdi>", text)


@register.filter
def txblock(value: Any) -> SafeString:
    """A translated multi-line text as paragraphs, marked with its language."""
    if not value:
        return mark_safe("")
    lang = getattr(value, "lang", "")
    text = str(getattr(value, "text", value))
    body = mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - linebreaks escaped the text
    if lang:
        return format_html('<div lang="{}" dir="auto" class="entry-text">{}</div>', lang, body)
    return format_html('<div dir="auto" class="entry-text">{}</div>', body)


@register.filter
def public_label(value: Any, kind: str) -> str:
    """The public (every-language) label of an organisation type, offer or event status,
    or attending type."""
    from teilhabe.directory.labels import public_label as label

    return label(kind, str(value))


@register.filter
def http_only(value: Any) -> str:
    """The address if it is an http(s) link, else nothing (never javascript: etc.)."""
    return safe_url(str(value or ""))


@register.simple_tag(takes_context=True)
def public_url(context: Any, name: str, **kwargs: Any) -> str:
    from django.urls import reverse

    return reverse(
        f"directory_public:{name}",
        kwargs={"lang": context["lang"], "district": context["district"].slug, **kwargs},
    )


@register.simple_tag
def checkbox_items(
    name: str, prefix: str, choices: Any, chosen: Any, lang_attr: bool = False
) -> str:
    """The ``<li>`` checkboxes of a filter (rendered here: search pages show a hundred
    of them, and a template loop costs ten times as much)."""
    selected = {str(v) for v in chosen or ()}
    template = (
        '<li><input type="checkbox" name="{}" value="{}" id="{}-{}"{}> '
        '<label for="{}-{}"' + (' lang="{}"' if lang_attr else "{}") + ">{}</label></li>"
    )
    return format_html_join(
        "",
        template,
        (
            (
                name,
                value,
                prefix,
                value,
                mark_safe(" checked") if str(value) in selected else "",
                prefix,
                value,
                value if lang_attr else "",
                label,
            )
            for value, label in choices
        ),
    )


@register.simple_tag
def option_items(choices: Any, chosen: Any) -> str:
    """The ``<option>`` elements of a select, the chosen one selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) == str(chosen) else "", label)
            for value, label in choices
        ),
    )
