"""Public pages: no sign-in, the language in the address, right-to-left where needed."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse

from teilhabe.core.lang import public_languages


def public_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view public (it joins the anonymous allowlist) and check ``lang``."""

    @login_not_required
    @wraps(view)
    def wrapper(request: HttpRequest, lang: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if lang not in public_languages():
            raise Http404
        return view(request, lang, *args, **kwargs)

    return wrapper
