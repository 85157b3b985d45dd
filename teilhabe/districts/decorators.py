"""The one way a view enters a district: ``@district_view(Capability.X)``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate

from django.http import HttpRequest, HttpResponse

from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.selectors import district_get_for_user, memberships_for_request

DistrictViewFunc = Callable[Concatenate[HttpRequest, DistrictAccess, ...], HttpResponse]


def district_view(capability: str) -> Callable[[DistrictViewFunc], Callable[..., HttpResponse]]:
    """Resolve the ``district`` URL argument through the gate and pass the access on.

    The view receives ``(request, access, **other_kwargs)``; ``request.district_access``
    is set as well, for the navigation and the page header.
    """

    def decorator(view: DistrictViewFunc) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, district: str, *args: Any, **kwargs: Any) -> HttpResponse:
            access = district_get_for_user(
                user=request.user,
                slug=district,
                capability=capability,
                # One query for the gate and the district switcher of this page.
                memberships=memberships_for_request(request),
            )
            request.district_access = access  # type: ignore[attr-defined]
            return view(request, access, *args, **kwargs)

        # Read by the permission tests, which check every view against the role table.
        wrapper.required_capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator
