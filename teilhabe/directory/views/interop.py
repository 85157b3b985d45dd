"""Exchange formats in the office: HSDS export and import, Integreat import,
calendar subscriptions, GeoJSON of places."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from teilhabe.directory.forms import HsdsImportForm, SubscriptionForm
from teilhabe.directory.models import CalendarSubscription, Location, State
from teilhabe.directory.selectors import office as sel
from teilhabe.directory.services import interop
from teilhabe.directory.tasks import hsds_export_task
from teilhabe.directory.views.office import crumbs
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability
from teilhabe.jobs.services import job_start

EDIT = Capability.DIRECTORY_EDIT


def _url(name: str, access: DistrictAccess, **kwargs: Any) -> str:
    return reverse(f"directory:{name}", kwargs={"district": access.district.slug, **kwargs})


class IntegreatForm(forms.Form):
    base = forms.URLField(
        label=gettext_lazy("address of the Integreat instance"),
        initial="https://cms.integreat-app.de",
        assume_scheme="https",
    )
    region = forms.SlugField(label=gettext_lazy("region (short name)"), max_length=100)
    language = forms.CharField(label=gettext_lazy("language"), max_length=10, initial="de")
    publish = forms.BooleanField(
        label=gettext_lazy("publish the imported entries at once"), required=False, initial=True
    )


@district_view(EDIT)
def exchange(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    """Exports and imports in one place."""
    hsds_form = (
        HsdsImportForm(request.POST or None, request.FILES or None)
        if request.POST.get("form") == "hsds"
        else HsdsImportForm()
    )
    integreat_form = (
        IntegreatForm(request.POST or None)
        if request.POST.get("form") == "integreat"
        else IntegreatForm()
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "hsds" and hsds_form.is_valid():
                upload = hsds_form.cleaned_data["file"]
                document = interop.hsds_document_from_upload(name=upload.name, data=upload.read())
                counts = interop.hsds_import(
                    access=access, document=document, publish=request.POST.get("publish") == "on"
                )
                messages.success(
                    request,
                    _(
                        "Imported: %(organisations)s organisations, %(locations)s places, %(services)s offers."
                    )
                    % counts,
                )
                return redirect(_url("exchange", access))
            if request.POST.get("form") == "integreat" and integreat_form.is_valid():
                data = integreat_form.cleaned_data
                locations_url, events_url = interop.integreat_urls(
                    base=data["base"], region=data["region"], language=data["language"]
                )
                counts = interop.integreat_import(
                    access=access,
                    locations_json=interop.fetch(locations_url),
                    events_json=interop.fetch(events_url),
                    region=data["region"],
                    publish=data["publish"],
                )
                messages.success(
                    request,
                    _("Imported from Integreat: %(locations)s places, %(events)s events.") % counts,
                )
                return redirect(_url("exchange", access))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "directory/office/exchange.html",
        {
            "title": _("Import and export"),
            "access": access,
            "hsds_form": hsds_form,
            "integreat_form": integreat_form,
            "api_url": reverse("directory_api:services", kwargs={"district": access.district.slug}),
            "openapi_url": reverse("directory_api:openapi-json"),
            "feed_url": reverse(
                "directory_public:feed", kwargs={"lang": "de", "district": access.district.slug}
            ),
            "breadcrumbs": crumbs(access, (_("Import and export"), "")),
        },
    )


@require_POST
@district_view(EDIT)
def hsds_export(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    fmt = "zip" if request.POST.get("format") == "zip" else "json"
    job = job_start(
        owner=access.user,
        kind="directory.hsds_export",
        title=_("HSDS export (%(format)s)") % {"format": fmt.upper()},
        task=hsds_export_task,
        district=access.district,
        district_id=access.district.pk,
        user_id=access.user.pk,
        fmt=fmt,
    )
    return redirect("jobs:detail", job_id=job.pk)


@district_view(EDIT)
def places_geojson(request: HttpRequest, access: DistrictAccess) -> JsonResponse:
    """Every place of the district with its coordinates (GeoJSON, WGS 84)."""
    rows = Location.objects.filter(
        district=access.district, latitude__isnull=False, longitude__isnull=False
    ).select_related("gemeinde", "organisation")
    if request.GET.get("published") == "1":
        rows = rows.filter(state=State.PUBLISHED)
    features = [
        {
            "type": "Feature",
            "id": str(loc.uuid),
            "geometry": {
                "type": "Point",
                "coordinates": [round(loc.longitude or 0.0, 6), round(loc.latitude or 0.0, 6)],
            },
            "properties": {
                "name": loc.name,
                "address": loc.address_line,
                "gemeinde": loc.gemeinde.name if loc.gemeinde else "",
                "gemeinde_ars": loc.gemeinde.code if loc.gemeinde else "",
                "organisation": loc.organisation.name if loc.organisation else "",
                "state": loc.state,
                "last_confirmed": loc.last_confirmed.isoformat(),
            },
        }
        for loc in rows
    ]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Content-Type"] = "application/geo+json"
    response["Content-Disposition"] = f'attachment; filename="orte-{access.district.slug}.geojson"'
    return response


@district_view(EDIT)
def subscriptions(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = SubscriptionForm(request.POST or None, district=access.district)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        try:
            interop.subscription_save(
                access=access, subscription=item, categories=list(form.cleaned_data["categories"])
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The calendar was added; it is read every day."))
            return redirect(_url("subscriptions", access))
    return render(
        request,
        "directory/office/subscriptions.html",
        {
            "title": _("Subscribed calendars"),
            "access": access,
            "form": form,
            "items": CalendarSubscription.objects.filter(district=access.district).select_related(
                "organisation"
            ),
            "breadcrumbs": crumbs(access, (_("Subscribed calendars"), "")),
        },
    )


@require_POST
@district_view(EDIT)
def subscription_sync(
    request: HttpRequest, access: DistrictAccess, subscription_id: int
) -> HttpResponse:
    item = sel.subscription_get_for_user(access=access, subscription_id=subscription_id)
    try:
        counts = interop.subscription_refresh(subscription=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(created)s new, %(updated)s updated, %(hidden)s removed") % counts
        )
    return redirect(_url("subscriptions", access))
