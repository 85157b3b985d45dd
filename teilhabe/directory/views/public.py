"""The public "search & find" site of a district: search with filters (no JavaScript
needed), list and map, calendar, entry pages with schema.org JSON-LD, iCalendar
feeds, the printable guide, reports and proposals without an account."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from teilhabe.areas.models import Area
from teilhabe.core.pdf import render_pdf
from teilhabe.directory import hours, jsonld
from teilhabe.directory.ical import feed_bytes
from teilhabe.directory.links import entry_links
from teilhabe.directory.mapdata import points_geojson
from teilhabe.directory.mapsvg import points_svg
from teilhabe.directory.models import (
    Event,
    EventOccurrence,
    Organisation,
    State,
    Submission,
    TaxonomyTerm,
)
from teilhabe.directory.pagecache import (
    cached_public_page,
    reference,
    request_district,
    request_token,
)
from teilhabe.directory.public_forms import CorrectionForm, ProposalForm, ReportForm, SearchForm
from teilhabe.directory.selectors.office import gemeinden_for
from teilhabe.directory.selectors.public import (
    SearchParams,
    public_calendar,
    public_event_get,
    public_map_points,
    public_organisation_get,
    public_search,
    public_service_get,
    public_terms,
)
from teilhabe.directory.services import community
from teilhabe.directory.services.common import MODEL_OF_TYPE, entity_type
from teilhabe.directory.spam import rate_limited
from teilhabe.districts.models import District
from teilhabe.public.decorators import public_view
from teilhabe.public.selectors import public_district_get
from teilhabe.public.views import public_context

PROPOSAL_KINDS = ("event", "service", "organisation")


def _base(
    request: HttpRequest, lang: str, district: Any, title: str, **extra: Any
) -> dict[str, Any]:
    return {
        **public_context(request, lang),
        "title": title,
        "district": district,
        "home_url": reverse(
            "directory_public:search", kwargs={"lang": lang, "district": district.slug}
        ),
        "district_url": reverse(
            "public:district", kwargs={"lang": lang, "district": district.slug}
        ),
        **extra,
    }


def _terms(request: HttpRequest, tenant: District) -> dict[int, TaxonomyTerm]:
    """The district's terms (standard and own) by primary key, in display order."""
    terms: dict[int, TaxonomyTerm] = reference(
        request, tenant, "terms", lambda: public_terms(tenant)
    )
    return terms


def _gemeinden(request: HttpRequest, tenant: District) -> list[Area]:
    gemeinden: list[Area] = reference(
        request, tenant, "gemeinden", lambda: list(gemeinden_for(kreis=tenant.kreis))
    )
    return gemeinden


def _search_form(request: HttpRequest, tenant: District) -> tuple[SearchForm, SearchParams]:
    form = SearchForm(
        request.GET or None,
        terms=list(_terms(request, tenant).values()),
        gemeinden=_gemeinden(request, tenant),
    )
    return form, form.params() if request.GET else SearchParams()


def _map_points(
    request: HttpRequest, tenant: District, params: SearchParams, lang: str
) -> list[dict[str, Any]]:
    """The places of what matches, with what the process keeps for the district."""
    return public_map_points(
        district=tenant,
        params=params,
        language=lang,
        gemeinden=_gemeinden(request, tenant),
        vocabulary_key=request_token(request),
    )


def _link_base(request: HttpRequest, lang: str, district: Any) -> str:
    return request.build_absolute_uri(
        reverse("directory_public:search", kwargs={"lang": lang, "district": district.slug})
    )


@public_view
@cached_public_page
def search(request: HttpRequest, lang: str, district: str) -> HttpResponse:
    tenant = request_district(request, district)
    form, params = _search_form(request, tenant)
    view = "map" if request.GET.get("view") == "map" else "list"
    context = _base(
        request,
        lang,
        tenant,
        pgettext("public", "Search and find"),
        form=form,
        params=params,
        view=view,
    )
    if view == "map":
        points = _map_points(request, tenant, params, lang)
        link = entry_links(lang, tenant.slug, params.kind)
        context["map_svg"] = points_svg(
            kreis=tenant.kreis,
            points=points,
            title=pgettext("public", "Map of the places found"),
            link_for=lambda p: link(p["entries"][0]),
        )
        context["points"] = points
        context["map_data_url"] = reverse(
            "directory_public:map_data", kwargs={"lang": lang, "district": tenant.slug}
        )
        context["map_query"] = request.GET.urlencode()
    else:
        context["result"] = public_search(
            district=tenant,
            params=params,
            language=lang,
            terms=_terms(request, tenant),
            gemeinden=_gemeinden(request, tenant),
            vocabulary_key=request_token(request),
        )
    return render(request, "directory/public/search.html", context)


def _entry_link(lang: str, district: str, kind: str, pk: int) -> str:
    return entry_links(lang, district, kind)(pk)


@public_view
@require_GET
@cached_public_page
def map_data(request: HttpRequest, lang: str, district: str) -> HttpResponse:
    """GeoJSON of the places of the entries that match (the map view's data)."""
    tenant = request_district(request, district)
    _form, params = _search_form(request, tenant)
    points = _map_points(request, tenant, params, lang)
    link = entry_links(lang, tenant.slug, params.kind)
    # Fitted to the places found (a search near a town shows that town's area).
    data = points_geojson(points, url_for=lambda p: link(p["entries"][0]))
    response = JsonResponse(data)
    response["Content-Type"] = "application/geo+json"
    return response


def _report_url(lang: str, district: str, kind: str, pk: int) -> str:
    return reverse(
        "directory_public:report",
        kwargs={"lang": lang, "district": district, "entity_type": kind, "entity_id": pk},
    )


def _correct_url(lang: str, district: str, kind: str, pk: int) -> str:
    return reverse(
        "directory_public:correct",
        kwargs={"lang": lang, "district": district, "entity_type": kind, "entity_id": pk},
    )


@public_view
@cached_public_page
def service(request: HttpRequest, lang: str, district: str, service_id: int) -> HttpResponse:
    tenant = request_district(request, district)
    offer = public_service_get(district=tenant, service_id=service_id, language=lang)
    url = request.build_absolute_uri()
    return render(
        request,
        "directory/public/service.html",
        _base(
            request,
            lang,
            tenant,
            offer.tr["name"].text,
            entry=offer,
            hours=hours.describe_all(offer.schedules.all()),
            places=[
                (loc, hours.describe_all(loc.schedules.all())) for loc in offer.locations.all()
            ],
            jsonld=jsonld.script(jsonld.service(offer, url, lang)),
            report_url=_report_url(lang, tenant.slug, "service", offer.pk),
            correct_url=_correct_url(lang, tenant.slug, "service", offer.pk),
        ),
    )


@public_view
@cached_public_page
def organisation(
    request: HttpRequest, lang: str, district: str, organisation_id: int
) -> HttpResponse:
    tenant = request_district(request, district)
    org = public_organisation_get(district=tenant, organisation_id=organisation_id, language=lang)
    url = request.build_absolute_uri()
    return render(
        request,
        "directory/public/organisation.html",
        _base(
            request,
            lang,
            tenant,
            org.tr["name"].text,
            entry=org,
            places=[(loc, hours.describe_all(loc.schedules.all())) for loc in org.locations.all()],
            jsonld=jsonld.script(jsonld.organisation_page(org, url, lang)),
            report_url=_report_url(lang, tenant.slug, "organisation", org.pk),
            correct_url=_correct_url(lang, tenant.slug, "organisation", org.pk),
            feed_url=reverse(
                "directory_public:feed_organisation",
                kwargs={"lang": lang, "district": tenant.slug, "organisation_id": org.pk},
            ),
        ),
    )


@public_view
@cached_public_page
def event(request: HttpRequest, lang: str, district: str, event_id: int) -> HttpResponse:
    tenant = request_district(request, district)
    item = public_event_get(district=tenant, event_id=event_id, language=lang)
    url = request.build_absolute_uri()
    return render(
        request,
        "directory/public/event.html",
        _base(
            request,
            lang,
            tenant,
            item.tr["title"].text,
            entry=item,
            jsonld=jsonld.script(jsonld.event(item, url, lang)),
            report_url=_report_url(lang, tenant.slug, "event", item.pk),
            correct_url=_correct_url(lang, tenant.slug, "event", item.pk),
            ics_url=reverse(
                "directory_public:event_ics",
                kwargs={"lang": lang, "district": tenant.slug, "event_id": item.pk},
            ),
        ),
    )


@public_view
@cached_public_page
def calendar(request: HttpRequest, lang: str, district: str) -> HttpResponse:
    tenant = request_district(request, district)
    try:
        start = date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        start = timezone.localdate()
    days = 28
    context = _base(
        request,
        lang,
        tenant,
        pgettext("public", "Event calendar"),
        days=public_calendar(district=tenant, start=start, days=days, language=lang),
        start=start,
        end=start + timedelta(days=days - 1),
        previous=(start - timedelta(days=days)).isoformat(),
        next=(start + timedelta(days=days)).isoformat(),
        feed_url=reverse("directory_public:feed", kwargs={"lang": lang, "district": tenant.slug}),
        categories=[t for t in _terms(request, tenant).values() if t.vocabulary == "category"],
        gemeinden=_gemeinden(request, tenant),
    )
    return render(request, "directory/public/calendar.html", context)


# --- iCalendar feeds ------------------------------------------------------------------------


def _feed(request: HttpRequest, lang: str, tenant: Any, events: Any, name: str) -> HttpResponse:
    events = (
        events.filter(district=tenant, state=State.PUBLISHED)
        .select_related("location", "organisation")
        .prefetch_related("categories")
        .order_by("start")[:2000]
    )

    def url_for(item: Event) -> str:
        return request.build_absolute_uri(
            reverse(
                "directory_public:event",
                kwargs={"lang": lang, "district": tenant.slug, "event_id": item.pk},
            )
        )

    body = feed_bytes(events, name=f"{name} – {tenant.name}", url_for=url_for)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response


def _recent(queryset: Any) -> Any:
    """Events with an occurrence from a month ago on (feeds skip what is long over)."""
    since = timezone.now() - timedelta(days=31)
    return queryset.filter(
        Q(pk__in=EventOccurrence.objects.filter(start__gte=since).values("event_id"))
        | Q(start__gte=since)
    )


@public_view
@cached_public_page
def feed(request: HttpRequest, lang: str, district: str) -> HttpResponse:
    tenant = request_district(request, district)
    return _feed(request, lang, tenant, _recent(Event.objects.all()), pgettext("public", "Events"))


@public_view
@cached_public_page
def feed_category(request: HttpRequest, lang: str, district: str, code: str) -> HttpResponse:
    tenant = request_district(request, district)
    term = next(
        (
            t
            for t in _terms(request, tenant).values()
            if t.vocabulary == "category" and t.code == code
        ),
        None,
    )
    if term is None:
        raise Http404
    return _feed(request, lang, tenant, _recent(Event.objects.filter(categories=term)), term.label)


@public_view
@cached_public_page
def feed_gemeinde(request: HttpRequest, lang: str, district: str, gemeinde: str) -> HttpResponse:
    tenant = request_district(request, district)
    area = gemeinden_for(kreis=tenant.kreis).filter(code=gemeinde).first()
    if area is None:
        raise Http404
    return _feed(
        request, lang, tenant, _recent(Event.objects.filter(location__gemeinde=area)), area.name
    )


@public_view
@cached_public_page
def feed_organisation(
    request: HttpRequest, lang: str, district: str, organisation_id: int
) -> HttpResponse:
    tenant = request_district(request, district)
    org = Organisation.objects.filter(
        pk=organisation_id, district=tenant, state=State.PUBLISHED
    ).first()
    if org is None:
        raise Http404
    return _feed(request, lang, tenant, _recent(Event.objects.filter(organisation=org)), org.name)


@public_view
@cached_public_page
def event_ics(request: HttpRequest, lang: str, district: str, event_id: int) -> HttpResponse:
    tenant = request_district(request, district)
    events = Event.objects.filter(pk=event_id)
    if not events.filter(district=tenant, state=State.PUBLISHED).exists():
        raise Http404
    return _feed(request, lang, tenant, events, pgettext("public", "Event"))


# --- guide (PDF) and logos --------------------------------------------------------------------


@public_view
@cached_public_page
def guide_index(request: HttpRequest, lang: str, district: str) -> HttpResponse:
    tenant = request_district(request, district)
    return render(
        request,
        "directory/public/guide_index.html",
        _base(
            request,
            lang,
            tenant,
            pgettext("public", "Printable guide"),
            gemeinden=gemeinden_for(kreis=tenant.kreis),
        ),
    )


@public_view
@cached_public_page
def guide_pdf(request: HttpRequest, lang: str, district: str, gemeinde: str) -> HttpResponse:
    """A printable guide to the offers and coming events in and near one Gemeinde."""
    tenant = request_district(request, district)
    area = gemeinden_for(kreis=tenant.kreis).filter(code=gemeinde).first()
    if area is None:
        raise Http404
    offers = public_search(
        district=tenant,
        params=SearchParams(kind="service", near=area.code, radius_km=15),
        language=lang,
        page_size=60,
        cards=False,
    )
    events = public_search(
        district=tenant,
        params=SearchParams(kind="event", near=area.code, radius_km=15),
        language=lang,
        page_size=30,
        cards=False,
    )
    for item in offers.items:
        item.hours = hours.describe_all(item.schedules.all())
    page_url = request.build_absolute_uri(
        reverse("directory_public:search", kwargs={"lang": lang, "district": tenant.slug})
    )
    import segno

    qr = segno.make(page_url, error="m").svg_data_uri(scale=3)
    pdf = render_pdf(
        "directory/pdf/guide.html",
        {
            "title": pgettext("public", "Help and offers in and around %(place)s")
            % {"place": area.name},
            "district": tenant,
            "area": area,
            "offers": offers,
            "events": events,
            "page_url": page_url,
            "qr": qr,
            "today": timezone.localdate(),
        },
        language=lang,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-{area.code}-{lang}.pdf"'
    return response


@public_view
def logo(request: HttpRequest, lang: str, district: str, organisation_id: int) -> HttpResponse:
    tenant = public_district_get(slug=district)
    org = Organisation.objects.filter(
        pk=organisation_id, district=tenant, state=State.PUBLISHED
    ).first()
    if org is None or not org.logo:
        raise Http404
    response: HttpResponse = FileResponse(org.logo.open("rb"), content_type="image/png")  # type: ignore[assignment]
    response["Cache-Control"] = "public, max-age=86400"
    return response


# --- reports and proposals ------------------------------------------------------------------


def _public_entry(tenant: Any, entity_type: str, entity_id: int) -> Any:
    model = MODEL_OF_TYPE.get(entity_type)
    if model is None or entity_type == "location":
        raise Http404
    entry = model.objects.filter(pk=entity_id, district=tenant, state=State.PUBLISHED).first()
    if entry is None:
        raise Http404
    return entry


def _entry_page(lang: str, tenant: Any, entity_type: str, entity_id: int) -> str:
    return _entry_link(lang, tenant.slug, entity_type, entity_id)


@public_view
@csrf_exempt  # no cookies on public pages; the signed form stamp and rate limit protect them
def report(
    request: HttpRequest, lang: str, district: str, entity_type: str, entity_id: int
) -> HttpResponse:
    tenant = public_district_get(slug=district)
    entry = _public_entry(tenant, entity_type, entity_id)
    form = ReportForm(request.POST or None)
    sent = limited = False
    if request.method == "POST":
        if form.is_valid():
            limited = rate_limited(request, "report")
            if limited:
                _too_many(form)
            else:
                community.report_create(
                    district=tenant,
                    entry=entry,
                    reason=form.cleaned_data["reason"],
                    message=form.cleaned_data.get("message", ""),
                )
                sent = True
        if not sent:
            form.renew_stamp()
    title = getattr(entry, "title", None) or entry.name
    return render(
        request,
        "directory/public/report.html",
        _base(
            request,
            lang,
            tenant,
            pgettext("public", "Report a problem"),
            form=form,
            entry=entry,
            entry_title=title,
            sent=sent,
            entry_url=_entry_page(lang, tenant, entity_type, entity_id),
        ),
        status=429 if limited else 200,
    )


def _too_many(form: Any) -> None:
    form.add_error(
        None,
        pgettext(
            "public", "You have sent many messages in a short time. Please try again in an hour."
        ),
    )


@public_view
def propose_index(request: HttpRequest, lang: str, district: str) -> HttpResponse:
    tenant = public_district_get(slug=district)
    return render(
        request,
        "directory/public/propose_index.html",
        _base(request, lang, tenant, pgettext("public", "Propose an entry")),
    )


@public_view
@csrf_exempt  # no cookies on public pages; the signed form stamp and rate limit protect them
def propose(request: HttpRequest, lang: str, district: str, kind: str) -> HttpResponse:
    tenant = public_district_get(slug=district)
    if kind not in PROPOSAL_KINDS:
        raise Http404
    form = ProposalForm(
        request.POST or None,
        kind=kind,
        terms=list(_terms(request, tenant).values()),
        gemeinden=list(gemeinden_for(kreis=tenant.kreis)),
    )
    limited = False
    if request.method == "POST":
        if form.is_valid():
            limited = rate_limited(request, "submission")
            if limited:
                _too_many(form)
            else:
                community.submission_create(
                    district=tenant,
                    kind=kind,
                    data=form.proposal(),
                    name=form.cleaned_data.get("submitter_name", ""),
                    email=form.cleaned_data["submitter_email"],
                    language=lang,
                    link_base=_link_base(request, lang, tenant),
                )
                return redirect("directory_public:propose_sent", lang=lang, district=tenant.slug)
        form.renew_stamp()
    titles = {
        "event": pgettext("public", "Propose an event"),
        "service": pgettext("public", "Propose an offer"),
        "organisation": pgettext("public", "Propose an organisation"),
    }
    return render(
        request,
        "directory/public/propose.html",
        _base(request, lang, tenant, titles[kind], form=form, kind=kind),
        status=429 if limited else 200,
    )


@public_view
def propose_sent(request: HttpRequest, lang: str, district: str) -> HttpResponse:
    tenant = public_district_get(slug=district)
    return render(
        request,
        "directory/public/propose_sent.html",
        _base(request, lang, tenant, pgettext("public", "Almost done")),
    )


@public_view
@csrf_exempt  # no cookies on public pages; the signed form stamp and rate limit protect them
def correct(
    request: HttpRequest, lang: str, district: str, entity_type: str, entity_id: int
) -> HttpResponse:
    tenant = public_district_get(slug=district)
    entry = _public_entry(tenant, entity_type, entity_id)
    initial = {
        "title": getattr(entry, "title", None) or entry.name,
        "description": entry.description,
        "email": getattr(entry, "email", ""),
        "url": getattr(entry, "url", None)
        or getattr(entry, "website", "")
        or getattr(entry, "registration_url", ""),
    }
    form = CorrectionForm(request.POST or None, initial=initial)
    limited = False
    if request.method == "POST":
        if form.is_valid():
            limited = rate_limited(request, "submission")
            if limited:
                _too_many(form)
            else:
                community.submission_create(
                    district=tenant,
                    kind=Submission.Kind.CORRECTION,
                    data=form.proposal(),
                    name=form.cleaned_data.get("submitter_name", ""),
                    email=form.cleaned_data["submitter_email"],
                    language=lang,
                    link_base=_link_base(request, lang, tenant),
                    target=entry,
                )
                return redirect("directory_public:propose_sent", lang=lang, district=tenant.slug)
        form.renew_stamp()
    return render(
        request,
        "directory/public/correct.html",
        _base(
            request,
            lang,
            tenant,
            pgettext("public", "Suggest a correction"),
            form=form,
            entry=entry,
            entry_url=_entry_page(lang, tenant, entity_type, entity_id),
        ),
        status=429 if limited else 200,
    )


@public_view
@csrf_exempt  # no cookies on public pages; the signed form stamp and rate limit protect them
def submission(request: HttpRequest, lang: str, district: str, token: str) -> HttpResponse:
    """The submitter's private page: confirm the address, see the state, change or withdraw."""
    tenant = public_district_get(slug=district)
    item = community.submission_by_token(district=tenant, token=token)
    if item is None:
        raise Http404
    form = None
    if item.kind != Submission.Kind.CORRECTION and item.state in {
        Submission.State.UNCONFIRMED,
        Submission.State.PENDING,
    }:
        initial = dict(item.data)
        form = ProposalForm(
            request.POST if request.POST.get("action") == "edit" else None,
            kind=item.kind,
            terms=list(_terms(request, tenant).values()),
            gemeinden=list(gemeinden_for(kreis=tenant.kreis)),
            initial={
                **initial,
                "submitter_email": item.email,
                "submitter_name": item.name,
                "consent": True,
            },
        )
    message = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                community.submission_confirm(submission=item)
                message = pgettext("public", "Thank you, your address is confirmed.")
            elif action == "withdraw":
                community.submission_withdraw(submission=item)
                message = pgettext("public", "Your proposal was withdrawn.")
            elif action == "edit" and form is not None:
                if form.is_valid():
                    community.submission_edit(submission=item, data=form.proposal())
                    message = pgettext("public", "Your changes were saved.")
                else:
                    form.renew_stamp()
        except ValidationError as exc:
            message = " ".join(exc.messages)
        item.refresh_from_db()
    return render(
        request,
        "directory/public/submission.html",
        _base(
            request,
            lang,
            tenant,
            pgettext("public", "Your proposal"),
            item=item,
            form=form,
            message=message,
        ),
    )


@public_view
@csrf_exempt  # no cookies on public pages; the signed form stamp and rate limit protect them
def confirm(request: HttpRequest, lang: str, district: str, token: str) -> HttpResponse:
    """The owner's link from the reminder mail: confirm that the entry is still correct."""
    from teilhabe.directory.services.entries import entry_confirm_by
    from teilhabe.directory.services.freshness import entry_for_confirm_token

    tenant = public_district_get(slug=district)
    entry = entry_for_confirm_token(token)
    if entry is None or entry.district_id != tenant.pk or entry.state == State.HIDDEN:
        raise Http404
    done = False
    if request.method == "POST":
        entry_confirm_by(entry=entry, actor=None, by=pgettext("public", "owner (reminder link)"))
        done = True
    kind = {"service": "service", "event": "event", "organisation": "organisation"}.get(
        entity_type(entry), ""
    )
    return render(
        request,
        "directory/public/confirm.html",
        _base(
            request,
            lang,
            tenant,
            pgettext("public", "Is the entry still correct?"),
            entry=entry,
            done=done,
            correct_url=_correct_url(lang, tenant.slug, kind, entry.pk) if kind else "",
        ),
    )
