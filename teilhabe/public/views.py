from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import pgettext

from teilhabe.areas.selectors import kreis_profile
from teilhabe.core.lang import is_rtl, language_choices, public_languages
from teilhabe.core.middleware import negotiate
from teilhabe.core.navigation import public_entries_for
from teilhabe.districts import charts
from teilhabe.public.decorators import public_view
from teilhabe.public.selectors import public_district_get, public_districts


@login_not_required
def root(request: HttpRequest) -> HttpResponse:
    return redirect("public:index", lang=negotiate(request, public_languages()))


def public_context(request: HttpRequest, lang: str) -> dict[str, object]:
    """What every public page's frame needs: language, direction, the language links
    (to this very page in every public language) and the machine-translation note."""
    rest = request.path.split("/", 3)[3] if request.path.count("/") >= 3 else ""
    choices = language_choices(public_languages())
    for choice in choices:
        choice["url"] = f"/public/{choice['code']}/{rest}"
        choice["current"] = choice["code"] == lang
    return {
        "lang": lang,
        "rtl": is_rtl(lang),
        "languages": choices,
        "machine_translated": lang not in settings.TEILHABE_REVIEWED_LANGUAGES,
    }


@public_view
def index(request: HttpRequest, lang: str) -> HttpResponse:
    return render(
        request,
        "public/index.html",
        {
            **public_context(request, lang),
            "title": pgettext("public", "Integration in rural districts"),
            "districts": public_districts(),
        },
    )


@public_view
def district(request: HttpRequest, lang: str, district: str) -> HttpResponse:
    tenant = public_district_get(slug=district)
    profile = kreis_profile(kreis=tenant.kreis)
    return render(
        request,
        "public/district.html",
        {
            **public_context(request, lang),
            "title": tenant.name,
            "district": tenant,
            "profile": profile,
            "map_svg": charts.neighbourhood_map(profile),
            "foreign_chart": charts.foreign_share_chart(profile),
            "foreign_table": charts.foreign_share_table(profile),
            "index_url": reverse("public:index", kwargs={"lang": lang}),
            "module_pages": public_entries_for(lang=lang, district_slug=tenant.slug),
        },
    )
