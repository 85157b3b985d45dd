"""A small registry in which each module announces its pages.

Modules call :func:`register` from their ``AppConfig.ready()``. The shell shows an
item only when the current user's access to the district grants the item's
capability, so a navigation entry never leads to a page that answers 403.

Example (in ``monitoring/apps.py``)::

    navigation.register(
        navigation.NavItem(
            key="monitoring",
            label=_("Monitoring"),
            url_name="monitoring:dashboard",
            capability=Capability.AGGREGATES_VIEW,
            order=20,
        )
    )
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.functional import Promise

if TYPE_CHECKING:
    from teilhabe.districts.access import DistrictAccess


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    capability: str
    order: int = 100
    #: The URL takes the district slug as its only argument.
    district_scoped: bool = True


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str | Promise
    url: str
    current: bool


_registry: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _registry[item.key] = item


def registered() -> list[NavItem]:
    return sorted(_registry.values(), key=lambda item: (item.order, item.key))


def entries_for(access: DistrictAccess, *, path: str) -> list[NavEntry]:
    entries = []
    for item in registered():
        if not access.can(item.capability):
            continue
        url = (
            reverse(item.url_name, kwargs={"district": access.district.slug})
            if item.district_scoped
            else reverse(item.url_name)
        )
        entries.append(NavEntry(item.key, item.label, url, path.startswith(url)))
    # Only the longest matching entry is current (the start page matches every path).
    current = max((e for e in entries if e.current), key=lambda e: len(e.url), default=None)
    return [NavEntry(e.key, e.label, e.url, e is current) for e in entries]


@dataclass(frozen=True)
class PublicNavItem:
    """A module's public page for a district (``/public/<lang>/<district>/…``).

    The URL takes ``lang`` and ``district`` as its only arguments. ``description`` is a
    short sentence shown under the link on the public district page; both strings are
    public strings (``pgettext_lazy("public", …)``) and so exist in every public language.
    """

    key: str
    label: str | Promise
    url_name: str
    description: str | Promise = ""
    order: int = 100


@dataclass(frozen=True)
class PublicNavEntry:
    key: str
    label: str | Promise
    url: str
    description: str | Promise


_public_registry: dict[str, PublicNavItem] = {}


def register_public(item: PublicNavItem) -> None:
    _public_registry[item.key] = item


def public_entries_for(*, lang: str, district_slug: str) -> list[PublicNavEntry]:
    """The modules' public pages of one district, in their registered order."""
    items = sorted(_public_registry.values(), key=lambda item: (item.order, item.key))
    return [
        PublicNavEntry(
            item.key,
            item.label,
            reverse(item.url_name, kwargs={"lang": lang, "district": district_slug}),
            item.description,
        )
        for item in items
    ]
