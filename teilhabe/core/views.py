"""Site-wide views: the home redirect, the language switch, health check, error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from teilhabe.accounts.middleware import two_factor_exempt
from teilhabe.accounts.models import User
from teilhabe.core.lang import public_languages, set_language_cookie, staff_languages
from teilhabe.districts.selectors import districts_for_user, programmes_for_user


def home(request: HttpRequest) -> HttpResponse:
    """Send a user to their district; let users of several districts choose."""
    districts = list(districts_for_user(user=request.user))
    programmes = list(programmes_for_user(user=request.user))
    if len(districts) == 1 and not programmes:
        return redirect("districts:home", district=districts[0].slug)
    if len(programmes) == 1 and not districts:
        return redirect("core:programme", programme=programmes[0].slug)
    return render(
        request,
        "core/home.html",
        {"title": _("Welcome"), "districts": districts, "programmes": programmes},
    )


@require_POST
@login_not_required
@two_factor_exempt
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the interface language (a form, so it works without JavaScript)."""
    code = request.POST.get("language", "")
    target = request.POST.get("next", "") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response: HttpResponse = HttpResponseRedirect(target)
    if code in staff_languages():
        set_language_cookie(response, code)
        if isinstance(request.user, User) and request.user.preferred_language != code:
            request.user.preferred_language = code
            request.user.save(update_fields=["preferred_language"])
    elif code not in public_languages():
        return HttpResponse(_("Unknown language."), status=400)
    return response


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: answers 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure means "not healthy"
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"title": _("Page not found")}, status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"title": _("Access denied")}, status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
