"""Addresses of public entry pages, reversed once per list (result lists and maps link
up to thousands of entries)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse


def entry_links(lang: str, district: str, kind: str) -> Callable[[int], str]:
    """A function from an entry's id to its public page (offer, event or organisation)."""
    name = {"event": "event", "organisation": "organisation"}.get(kind, "service")
    sample = reverse(
        f"directory_public:{name}", kwargs={"lang": lang, "district": district, f"{name}_id": 1}
    )
    head, _one, tail = sample.rpartition("1")
    return lambda pk: f"{head}{pk}{tail}"
