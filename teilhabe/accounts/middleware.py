"""Session limits and the two-factor rule, applied to every signed-in request."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

LOGIN_AT = "teilhabe_login_at"
RENEWED_AT = "teilhabe_renewed_at"
#: A session's expiry moves on at most this often (each renewal is a database write).
RENEW_AFTER_SECONDS = 60


def two_factor_exempt(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as reachable by a signed-in user who still has to set up or enter
    a second factor (the setup and verify pages, logout, the language switch)."""
    view.two_factor_exempt = True  # type: ignore[attr-defined]  # a marker read by the middleware
    return view


class SessionLimitsMiddleware:
    """End sessions older than ``TEILHABE_SESSION_MAX_HOURS``, however active.

    Idle sessions end by themselves: a session lives ``TEILHABE_SESSION_IDLE_MINUTES``
    and is renewed by requests, at most once every ``RENEW_AFTER_SECONDS`` (instead of a
    write on every request), so it ends after the idle time less at most a minute.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = time.time()
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            session = request.session
            renewed = session.get(RENEWED_AT)
            due = renewed is None or now - float(renewed) >= RENEW_AFTER_SECONDS
            if due and session.session_key is not None:  # None: expired or unknown
                session[RENEWED_AT] = now  # saved, with a new expiry
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            if started is None:
                request.session[LOGIN_AT] = now
            elif now - float(started) > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class TwoFactorMiddleware:
    """Send users who must use two factors to the setup page, and users with a device
    whose session is not verified (e.g. after an admin login) back to sign in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        from teilhabe.accounts.models import User
        from teilhabe.accounts.services import two_factor_state

        user = request.user
        if not isinstance(user, User) or getattr(view_func, "two_factor_exempt", False):
            return None
        if not getattr(view_func, "login_required", True):
            return None  # public views stay public
        state = two_factor_state(user=user)  # one query
        if state.has_device:
            # OTPMiddleware gives the user an is_verified() that checks this session.
            if not getattr(user, "is_verified", lambda: False)():
                logout(request)
                return redirect(settings.LOGIN_URL)
            return None
        if state.required:
            messages.warning(
                request,
                _("Your district requires a second factor. Please set up an authenticator app."),
            )
            return redirect("accounts:two_factor_setup")
        return None
