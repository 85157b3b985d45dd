"""Languages: German and English for staff pages, many more for public pages."""

from __future__ import annotations

from typing import Literal, cast

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import HttpResponseBase
from django.utils.translation import get_language_info

#: Languages Django does not describe itself (Dari is written ``prs`` by ISO 639-3).
EXTRA_LANG_INFO = {
    "prs": {"bidi": True, "code": "prs", "name": "Dari", "name_local": "دری"},
}


def set_language_cookie(response: HttpResponseBase, code: str) -> None:
    """Remember the interface language in the browser (staff pages)."""
    samesite = cast(
        Literal["Lax", "Strict", "None", False] | None, settings.LANGUAGE_COOKIE_SAMESITE
    )
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=samesite,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )


def register_extra_languages() -> None:
    for code, info in EXTRA_LANG_INFO.items():
        LANG_INFO.setdefault(code, info)


def public_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def staff_languages() -> list[str]:
    return list(settings.STAFF_LANGUAGES)


def is_rtl(code: str) -> bool:
    return code.split("-")[0] in settings.LANGUAGES_BIDI


def language_choices(codes: list[str]) -> list[dict[str, str | bool]]:
    """Name each language in its own script, for switchers (``lang``/``dir`` set per item)."""
    choices: list[dict[str, str | bool]] = []
    for code in codes:
        info = get_language_info(code)
        choices.append({"code": code, "name_local": info["name_local"], "rtl": is_rtl(code)})
    return choices
