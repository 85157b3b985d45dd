"""What every page's frame needs: site name, navigation, district switcher, languages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from teilhabe.core import navigation
from teilhabe.core.lang import is_rtl, language_choices, staff_languages


def shell(request: HttpRequest) -> dict[str, Any]:
    from teilhabe.districts.selectors import memberships_for_request, switcher_for_user

    access = getattr(request, "district_access", None)
    language = get_language() or settings.LANGUAGE_CODE
    context: dict[str, Any] = {
        "site_name": settings.TEILHABE_SITE_NAME,
        "language_code": language,
        "language_rtl": is_rtl(language),
        "staff_languages": language_choices(staff_languages()),
        "current_access": access,
        "current_district": access.district if access else None,
        "nav_entries": navigation.entries_for(access, path=request.path) if access else [],
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    if request.user.is_authenticated:
        # The memberships the district gate read for this request, if it ran (one query
        # for both). After a POST, read again: the view may have changed them.
        fresh = request.method not in ("GET", "HEAD")
        switcher = SimpleLazyObject(
            lambda: switcher_for_user(memberships=memberships_for_request(request, fresh=fresh))
        )
        context["my_districts"] = SimpleLazyObject(lambda: switcher[0])
        context["my_programmes"] = SimpleLazyObject(lambda: switcher[1])
    return context
