"""Language choice and response caching for the whole site."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from teilhabe.core.htmx import is_htmx
from teilhabe.core.lang import public_languages, staff_languages


def negotiate(request: HttpRequest, offered: list[str]) -> str:
    """The first language of the browser's Accept-Language that we offer, else German."""
    header = request.headers.get("Accept-Language", "")
    for code, _quality in parse_accept_lang_header(header):
        base = code.lower().split("-")[0]
        if code.lower() in offered:
            return code.lower()
        if base in offered:
            return base
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Staff pages speak German (default) or English; public pages (``/public/<lang>/``)
    speak the language in their address, so that every link names its language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    @staticmethod
    def choose(request: HttpRequest) -> str:
        parts = request.path_info.split("/")
        if len(parts) > 2 and parts[1] == "public" and parts[2] in public_languages():
            return parts[2]
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if cookie in staff_languages():
            return cookie
        return negotiate(request, staff_languages())


class NoStoreMiddleware:
    """Pages for signed-in users may show personal data: browsers must not keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store, private"
        return response


class HtmxRedirectMiddleware:
    """When an htmx request is redirected (typically to sign in after the session
    ended), tell htmx to load the new page in full instead of swapping the sign-in
    page into a fragment."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in {301, 302} and is_htmx(request):
            redirect = HttpResponse(status=204)
            redirect["HX-Redirect"] = response["Location"]
            return redirect
        return response
