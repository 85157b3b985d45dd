"""Whole public pages, cached and never served after a change.

Public directory pages are the same for everyone who asks for the same address (no
cookies, no user, no form tokens), so a rendered page can be served again, as a
reverse proxy would. What makes that safe is the key: besides the address, the
district and the language, it holds the *public token*, a random number that the
database itself replaces, in the same transaction, whenever a table the public pages
show changes (triggers, migration 0004). A page rendered before a change is
therefore never served after it, in any process. Time moves on too (events begin,
"today" changes), so pages also expire after ``TEILHABE_DIRECTORY_PUBLIC_CACHE_SECONDS``
(60; 0 turns the cache off).

The cache lives in each web process's memory (a bounded LRU-like store); the token
is read from the database on every request, together with what the key needs of the
district, in one query of two indexed rows (a cached page costs no other query). The
same token keys the district's reference data (terms, Gemeinden) that every search
page needs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language

from teilhabe.districts.models import District

#: Pages kept per process (a search page is 20–40 kB).
MAX_PAGES = 1000
_PAGES = LocMemCache(
    "teilhabe-directory-public", {"TIMEOUT": 60, "OPTIONS": {"MAX_ENTRIES": MAX_PAGES}}
)
#: Response headers kept with a page (the rest is set by the middleware again).
_KEPT_HEADERS = ("Content-Type", "Content-Disposition")
_REFERENCE: dict[tuple[str, int, int], Any] = {}


def public_token() -> int:
    """The current public token (0 before any change was recorded)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM directory_publicversion WHERE id = 1")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def request_token(request: HttpRequest) -> int:
    """The public token, read once per request."""
    token: int | None = getattr(request, "directory_token", None)
    if token is None:
        token = public_token()
        request.directory_token = token  # type: ignore[attr-defined]
    return token


def request_district(request: HttpRequest, slug: str) -> District:
    """The (active) district of a public page, read once per request."""
    district: District | None = getattr(request, "directory_district", None)
    if district is None or district.slug != slug:
        # What public_district_get returns, without its list order (cheaper to build,
        # and this runs for every cached page).
        try:
            district = (
                District.objects.active().select_related("kreis", "kreis__parent").get(slug=slug)
            )
        except District.DoesNotExist:
            raise Http404 from None
        request.directory_district = district  # type: ignore[attr-defined]
    return district


def reference(request: HttpRequest, district: District, name: str, build: Callable[[], Any]) -> Any:
    """Reference data of a district (built by ``build``), kept until the public token
    changes. Callers must not change what they get."""
    key = (name, district.pk, request_token(request))
    if key not in _REFERENCE:
        if len(_REFERENCE) > 64:
            _REFERENCE.clear()
        _REFERENCE[key] = build()
    return _REFERENCE[key]


def clear() -> None:
    """Forget every cached page and reference (tests; the token makes it unnecessary
    in production)."""
    from teilhabe.directory.search.backends import clear_expansions

    _PAGES.clear()
    _REFERENCE.clear()
    clear_expansions()


def _page_key_parts(request: HttpRequest, slug: str) -> tuple[Any, ...]:
    """What tells a cached page apart: the public token and the active district's id,
    slug, name and demo flag (read in one query), language and address."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.id, d.name, d.is_demo, "
            "(SELECT v.token FROM directory_publicversion v WHERE v.id = 1) "
            "FROM districts_district d WHERE d.slug = %s AND d.is_active",
            [slug],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404
    district_id, name, is_demo, token = row
    request.directory_token = int(token or 0)  # type: ignore[attr-defined]
    return (
        request.directory_token,  # type: ignore[attr-defined]
        district_id,
        slug,
        name,
        bool(is_demo),
        get_language(),
        request.scheme,
        request.get_host(),  # feeds and JSON-LD carry absolute addresses
        request.get_full_path(),
    )


def cached_public_page(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Serve the view's successful GET answers from the cache (see the module)."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, lang: str, district: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        seconds = settings.TEILHABE_DIRECTORY_PUBLIC_CACHE_SECONDS
        if request.method not in ("GET", "HEAD") or seconds <= 0:
            return view(request, lang, district, *args, **kwargs)
        key = hashlib.sha256(repr(_page_key_parts(request, district)).encode()).hexdigest()
        hit = _PAGES.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for header, value in headers:
                response[header] = value
            return response
        response = view(request, lang, district, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = [(h, response[h]) for h in _KEPT_HEADERS if h in response]
            _PAGES.set(key, (response.content, headers), seconds)
        return response

    return wrapper
