"""District pages: the start page with its key figures, Gemeinden, offices, members,
settings; and the programme office's overview."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.areas.models import AreaFigure
from teilhabe.areas.selectors import (
    boundaries_geojson,
    data_sources,
    figure_series,
    gemeinden_of,
    kreis_profile,
    last_point,
)
from teilhabe.areas.sources import FOREIGN_SHARE, GEMEINDEVERZEICHNIS, ZENSUS_GEMEINDEN
from teilhabe.core.htmx import is_htmx
from teilhabe.core.text import german_sort_key
from teilhabe.districts import charts, services
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.forms import DistrictSettingsForm, MemberInviteForm, OfficeForm
from teilhabe.districts.roles import Capability
from teilhabe.districts.selectors import (
    membership_get_for_user,
    memberships_for_district,
    office_get_for_user,
    offices_for_district,
    programme_access_for_user,
)


def _crumbs(access: DistrictAccess, *items: tuple[str, str]) -> list[tuple[str, str]]:
    home = reverse("districts:home", kwargs={"district": access.district.slug})
    return [(access.district.name, home), *items]


@district_view(Capability.DISTRICT_VIEW)
def home(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    profile = kreis_profile(kreis=access.district.kreis)
    context = {
        "title": access.district.name,
        "access": access,
        "profile": profile,
        "foreign_chart": charts.foreign_share_chart(profile),
        "population_chart": charts.population_chart(profile),
        "map_svg": charts.neighbourhood_map(profile),
        "foreign_table": charts.foreign_share_table(profile),
        "offices": (
            offices_for_district(access=access).filter(is_active=True)
            if access.can(Capability.OFFICES_VIEW)
            else None
        ),
    }
    return render(request, "districts/home.html", context)


@district_view(Capability.DISTRICT_VIEW)
def map_data(request: HttpRequest, access: DistrictAccess) -> JsonResponse:
    """GeoJSON of the Kreis and its neighbours, for the interactive map."""
    kreis = access.district.kreis
    neighbours = [n.neighbour for n in kreis.neighbour_links.select_related("neighbour")]
    roles = {kreis.pk: "self", **{n.pk: "neighbour" for n in neighbours}}
    return JsonResponse(boundaries_geojson(areas=[kreis, *neighbours], roles=roles))


_GEMEINDE_ORDER = {
    "name": "name",
    "-name": "-name",
    "population": "population",
    "-population": "-population",
    "code": "code",
}


@district_view(Capability.DISTRICT_VIEW)
def gemeinden(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    order = _GEMEINDE_ORDER.get(request.GET.get("order", ""), "name")
    rows = gemeinden_of(kreis=access.district.kreis)
    if query:
        rows = rows.filter(name__icontains=query)
    areas = list(rows.order_by(order, "name"))
    if order.lstrip("-") == "name":  # the database sorts umlauts after z
        areas.sort(key=lambda area: german_sort_key(area.name), reverse=order.startswith("-"))
    gv = figure_series(areas=areas, kind=AreaFigure.Kind.POPULATION_FEMALE)
    context = {
        "title": _("Gemeinden"),
        "access": access,
        "rows": [(area, last_point(gv.get(area.pk))) for area in areas],
        "query": query,
        "order": order,
        "breadcrumbs": _crumbs(access, (_("Gemeinden"), "")),
        "sources": data_sources(codes=[ZENSUS_GEMEINDEN.code, GEMEINDEVERZEICHNIS.code]),
    }
    template = "districts/_gemeinde_rows.html" if is_htmx(request) else "districts/gemeinden.html"
    return render(request, template, context)


@district_view(Capability.OFFICES_VIEW)
def offices(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    return render(
        request,
        "districts/offices.html",
        {
            "title": _("Offices"),
            "access": access,
            "offices": offices_for_district(access=access),
            "can_manage": access.can(Capability.OFFICES_MANAGE),
            "breadcrumbs": _crumbs(access, (_("Offices"), "")),
        },
    )


@district_view(Capability.OFFICES_MANAGE)
def office_create(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = OfficeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.office_create(
                access=access,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The office was added."))
            return redirect("districts:offices", district=access.district.slug)
    return render(
        request,
        "districts/office_form.html",
        {
            "title": _("Add an office"),
            "access": access,
            "form": form,
            "breadcrumbs": _crumbs(
                access, (_("Offices"), _url("districts:offices", access)), (_("Add"), "")
            ),
        },
    )


@district_view(Capability.OFFICES_MANAGE)
def office_edit(request: HttpRequest, access: DistrictAccess, office_id: int) -> HttpResponse:
    office = office_get_for_user(
        access=access, office_id=office_id, capability=Capability.OFFICES_MANAGE
    )
    form = OfficeForm(request.POST or None, instance=office)
    if request.method == "POST" and form.is_valid():
        fresh = office_get_for_user(
            access=access, office_id=office_id, capability=Capability.OFFICES_MANAGE
        )
        try:
            services.office_update(access=access, office=fresh, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The office was saved."))
            return redirect("districts:offices", district=access.district.slug)
    return render(
        request,
        "districts/office_form.html",
        {
            "title": _("Edit office"),
            "access": access,
            "form": form,
            "office": office,
            "breadcrumbs": _crumbs(
                access, (_("Offices"), _url("districts:offices", access)), (office.name, "")
            ),
        },
    )


def _url(name: str, access: DistrictAccess) -> str:
    return reverse(name, kwargs={"district": access.district.slug})


@district_view(Capability.MEMBERS_VIEW)
def members(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    page = Paginator(memberships_for_district(access=access), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "districts/members.html",
        {
            "title": _("Members"),
            "access": access,
            "page": page,
            "can_manage": access.can(Capability.MEMBERS_MANAGE),
            "breadcrumbs": _crumbs(access, (_("Members"), "")),
        },
    )


@district_view(Capability.MEMBERS_MANAGE)
def member_invite(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = MemberInviteForm(request.POST or None, district=access.district)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_invite(
                access=access,
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                office=data["office"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The member was added."))
            return redirect("districts:members", district=access.district.slug)
    return render(
        request,
        "districts/member_form.html",
        {
            "title": _("Add a member"),
            "access": access,
            "form": form,
            "breadcrumbs": _crumbs(
                access, (_("Members"), _url("districts:members", access)), (_("Add"), "")
            ),
        },
    )


@require_POST
@district_view(Capability.MEMBERS_MANAGE)
def membership_revoke(
    request: HttpRequest, access: DistrictAccess, membership_id: int
) -> HttpResponse:
    membership = membership_get_for_user(
        access=access, membership_id=membership_id, capability=Capability.MEMBERS_MANAGE
    )
    try:
        services.membership_deactivate(access=access, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The role was withdrawn."))
    return redirect("districts:members", district=access.district.slug)


@district_view(Capability.DISTRICT_MANAGE)
def settings_view(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = DistrictSettingsForm(request.POST or None, instance=access.district)
    if request.method == "POST" and form.is_valid():
        services.district_update(
            access=access,
            name=form.cleaned_data["name"],
            require_two_factor=form.cleaned_data["require_two_factor"],
        )
        messages.success(request, _("The settings were saved."))
        return redirect("districts:settings", district=access.district.slug)
    return render(
        request,
        "districts/settings.html",
        {
            "title": _("Settings"),
            "access": access,
            "form": form,
            "breadcrumbs": _crumbs(access, (_("Settings"), "")),
        },
    )


def programme_detail(request: HttpRequest, programme: str) -> HttpResponse:
    access = programme_access_for_user(user=request.user, slug=programme)
    districts = list(access.programme.districts.all())
    kreise = [d.kreis for d in districts]
    foreign = figure_series(areas=kreise, kind=AreaFigure.Kind.FOREIGN_SHARE)
    rows = [(d, last_point(foreign.get(d.kreis.pk))) for d in districts]
    return render(
        request,
        "districts/programme.html",
        {
            "title": access.programme.name,
            "programme": access.programme,
            "rows": rows,
            "sources": data_sources(codes=[ZENSUS_GEMEINDEN.code, FOREIGN_SHARE.code]),
        },
    )
