"""Signing in (with an optional second factor), out, and managing one's own account."""

from __future__ import annotations

import base64
import time
from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.accounts import services
from teilhabe.accounts.forms import (
    LoginForm,
    ProfileForm,
    TokenForm,
    TwoFactorConfirmForm,
    TwoFactorDisableForm,
)
from teilhabe.accounts.middleware import two_factor_exempt
from teilhabe.accounts.models import User
from teilhabe.audit.services import audit_record
from teilhabe.core.lang import set_language_cookie

PENDING = "teilhabe_pending_login"
PENDING_SECONDS = 300
SETUP_DEVICE = "teilhabe_totp_setup"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _complete_login(request: HttpRequest, user: User) -> HttpResponse:
    login(request, user)  # rotates the session key
    audit_record(actor=user, action="account.login", obj=user)
    response = redirect(_next_url(request))
    set_language_cookie(response, user.preferred_language)
    return response


@login_not_required
@two_factor_exempt
@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if not isinstance(user, User):
            return redirect("accounts:login")
        if services.user_has_two_factor(user=user):
            request.session.cycle_key()
            request.session[PENDING] = {
                "user": user.pk,
                "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
                "at": time.time(),
                "next": _next_url(request),
            }
            return redirect("accounts:login_verify")
        return _complete_login(request, user)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": request.GET.get("next", ""), "title": _("Sign in")},
    )


@login_not_required
@two_factor_exempt
@never_cache
def login_verify(request: HttpRequest) -> HttpResponseBase:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if not isinstance(user, User):
        return redirect("accounts:login")
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, credentials)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.second_factor_check(user=user, token=form.cleaned_data["token"])
        if check.device is not None:
            del request.session[PENDING]
            user.backend = pending["backend"]  # type: ignore[attr-defined]  # read by login()
            response = _complete_login(request, user)
            otp_login(request, check.device)
            response["Location"] = pending["next"]
            return response
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if AxesProxyHandler.is_locked(request, credentials):
            return get_lockout_response(request, credentials)
        if check.wait_seconds:
            form.add_error(
                "token",
                _("Too many wrong codes. Please wait %(seconds)d seconds and try again.")
                % {"seconds": check.wait_seconds},
            )
        else:
            form.add_error("token", _("This code is not correct or was used already."))
    return render(
        request, "accounts/login_verify.html", {"form": form, "title": _("Second factor")}
    )


@require_POST
@two_factor_exempt
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(actor=request.user, action="account.logout", obj=request.user)
    logout(request)
    messages.info(request, _("You have signed out."))
    response = redirect("accounts:login")
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


def account_overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        return redirect("accounts:login")
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit_record(
                actor=user,
                action="account.profile_update",
                obj=user,
                changes=dict.fromkeys(form.changed_data, "changed"),
            )
        messages.success(request, _("Your details were saved."))
        response = redirect("accounts:overview")
        set_language_cookie(response, user.preferred_language)
        return response
    memberships = user.memberships.filter(is_active=True).select_related(
        "district", "office", "programme"
    )
    return render(
        request,
        "accounts/overview.html",
        {
            "title": _("Your account"),
            "form": form,
            "memberships": memberships,
            "has_two_factor": services.user_has_two_factor(user=user),
            "requires_two_factor": services.user_requires_two_factor(user=user),
        },
    )


def _qr_svg(device: TOTPDevice) -> str:
    qr = segno.make(device.config_url, error="m")
    # segno writes plain SVG markup (no scripts, no styles); it is generated here, not
    # taken from user input, so it may be inlined.
    svg: str = qr.svg_inline(
        scale=5, dark="#000", light="#fff", title=_("QR code for your authenticator app")
    )
    return mark_safe(svg)  # noqa: S308


@two_factor_exempt
@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        return redirect("accounts:login")
    device_id = request.session.get(SETUP_DEVICE)
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None or request.method == "GET":
        device = services.totp_device_start(user=user)
        request.session[SETUP_DEVICE] = device.pk
    form = TwoFactorConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(
                user=user, device_id=device.pk, token=form.cleaned_data["token"]
            )
        except services.TwoFactorError:
            form.add_error(
                "token",
                _("This code is not correct. Check the time on your phone and try the next code."),
            )
        else:
            request.session.pop(SETUP_DEVICE, None)
            otp_login(request, TOTPDevice.objects.get(pk=device.pk))
            messages.success(request, _("Two-factor authentication is now active."))
            return render(
                request,
                "accounts/backup_codes.html",
                {"title": _("Your backup codes"), "codes": codes},
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "title": _("Set up two-factor authentication"),
            "form": form,
            "qr_svg": _qr_svg(device),
            "secret": _secret_groups(device),
        },
    )


def _secret_groups(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        return redirect("accounts:login")
    form = TwoFactorDisableForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_disable(user=user)
        except services.TwoFactorError:
            messages.error(
                request,
                _("Your district requires two-factor authentication; it cannot be switched off."),
            )
        else:
            messages.success(request, _("Two-factor authentication is switched off."))
        return redirect("accounts:overview")
    return render(
        request,
        "accounts/two_factor_disable.html",
        {"title": _("Switch off two-factor authentication"), "form": form},
    )


@require_POST
@never_cache
def backup_codes_renew(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User) or not services.user_has_two_factor(user=user):
        return redirect("accounts:overview")
    codes = services.backup_codes_renew(user=user)
    audit_record(actor=user, action="account.backup_codes_renew", obj=user)
    return render(
        request, "accounts/backup_codes.html", {"title": _("Your backup codes"), "codes": codes}
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:overview")
    extra_context = {"title": _("Change password")}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed_notify(user=self.request.user)  # type: ignore[arg-type]
        messages.success(self.request, _("Your password was changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {"title": _("Forgot your password?")}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"title": _("Check your e-mail")}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"title": _("Choose a new password")}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed_notify(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    extra_context = {"title": _("Password set")}
