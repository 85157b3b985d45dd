"""Template helpers of the directory: translated texts in their own language and
direction, and links that are only ever http(s)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django import template
from django.template.defaultfilters import floatformat, truncatewords
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from teilhabe.directory.links import entry_links
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
    of them, and a template loop costs ten times as much; the same choices with the
    same selection are rendered once per process)."""
    return _checkbox_items(
        name,
        prefix,
        tuple((str(value), str(label)) for value, label in choices),
        frozenset(str(v) for v in chosen or ()),
        lang_attr,
    )


@lru_cache(maxsize=512)
def _checkbox_items(
    name: str,
    prefix: str,
    choices: tuple[tuple[str, str], ...],
    selected: frozenset[str],
    lang_attr: bool,
) -> str:
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
                mark_safe(" checked") if value in selected else "",
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
    """The ``<option>`` elements of a select, the chosen one selected (rendered once per
    process for the same choices and selection)."""
    return _option_items(tuple((str(value), str(label)) for value, label in choices), str(chosen))


@lru_cache(maxsize=512)
def _option_items(choices: tuple[tuple[str, str], ...], chosen: str) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == chosen else "", label)
            for value, label in choices
        ),
    )


@register.simple_tag(takes_context=True)
def result_items(context: Any, items: Any) -> SafeString:
    """The ``<li>`` of a result list (the cards of ``selectors/cards.py``), rendered here
    rather than by a template loop: twenty cards of some thirty values each cost a
    template several milliseconds per page. Every value is escaped."""
    lang, district = context["lang"], context["district"].slug
    links: dict[str, Callable[[int], str]] = {}
    free_label = pgettext("public", "Free of charge")
    repeats = pgettext("public", "repeats")
    parts: list[str] = []
    for item in items:
        link = links.get(item.kind) or links.setdefault(
            item.kind, entry_links(lang, district, item.kind)
        )
        meta: list[str] = []
        if item.kind == "event":
            if item.next_start:
                start = timezone.localtime(item.next_start)
                meta.append(
                    format_html(
                        '<time datetime="{}">{}</time>',
                        date_format(start, "c"),
                        date_format(start, "D, j. N Y, H:i"),
                    )
                )
            if item.repeats:
                meta.append(format_html(" · {}", repeats))
            if item.place:
                meta.append(format_html(" · <bdi>{}</bdi>", item.place))
                if item.place_town:
                    meta.append(format_html(", <bdi>{}</bdi>", item.place_town))
            if item.attending_type == "online":
                meta.append(format_html(" · {}", item.attending_label))
        elif item.kind == "organisation":
            meta.append(conditional_escape(item.kind_label))
            meta.extend(format_html(" · <bdi>{}</bdi>", town) for town in item.towns)
        else:
            meta.append(format_html("<bdi>{}</bdi>", item.organisation))
            meta.extend(format_html(" · <bdi>{}</bdi>", town) for town in item.towns)
            if item.attending_type != "in_person":
                meta.append(format_html(" · {}", item.attending_label))
        parts.append(
            format_html(
                '<li class="result">\n  <h3><a href="{}">{}</a></h3>\n  <p class="meta">{}</p>\n',
                link(item.pk),
                tx(item.title),
                mark_safe("".join(meta)),  # noqa: S308 - every part is escaped above
            )
        )
        if item.description:
            parts.append(
                format_html(
                    '<p lang="{}" dir="auto">{}</p>\n',
                    item.description.lang,
                    truncatewords(item.description.text, 30),
                )
            )
        tags = [format_html('<li class="tag tag-free">{}</li>', free_label)] * bool(
            item.free_of_charge
        )
        tags += [format_html('<li class="tag">{}</li>', label) for label in item.categories]
        tags += [
            format_html('<li class="tag" lang="{}">{}</li>', code, label)
            for code, label in item.languages
        ]
        parts.append(format_html('<ul class="tags">{}</ul>\n', mark_safe("".join(tags))))  # noqa: S308 - escaped above
        if item.distance is not None:
            km = conditional_escape(floatformat(item.distance, 1))
            away = pgettext("public", "%(km)s km away") % {"km": km}
            parts.append(format_html('<p class="meta">{}</p>\n', mark_safe(away)))  # noqa: S308 - a catalogue text with an escaped number
        parts.append("</li>")
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
