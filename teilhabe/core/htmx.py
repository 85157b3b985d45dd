"""htmx conventions: one view serves the full page and, for htmx requests, the fragment."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True when htmx sent the request (it sets ``HX-Request: true``); history restores
    ask for the full page and count as ordinary requests."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )
