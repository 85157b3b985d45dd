"""The office side: search, create and edit organisations, offers, places and events;
profiles (Steckbriefe) as PDF; the actor map; the network of relationships; contact
exports; translations; confirmation and visibility."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from teilhabe.core.exports import csv_bytes, xlsx_bytes
from teilhabe.core.htmx import is_htmx
from teilhabe.core.lang import language_choices, public_languages
from teilhabe.core.pdf import render_pdf
from teilhabe.directory import hours
from teilhabe.directory.exports import CONTACT_HEADER, contact_rows, vcard_bytes
from teilhabe.directory.forms import (
    ContactForm,
    EventForm,
    HideForm,
    LocationForm,
    LogoForm,
    OrganisationForm,
    RelationshipForm,
    ScheduleForm,
    ServiceForm,
    TranslationForm,
)
from teilhabe.directory.mapdata import kreis_bounds, points_geojson
from teilhabe.directory.mapsvg import points_svg
from teilhabe.directory.models import Event, Location, Organisation, Service, State, TaxonomyTerm
from teilhabe.directory.network import network_svg
from teilhabe.directory.selectors import office as sel
from teilhabe.directory.selectors.localize import localize
from teilhabe.directory.services import contacts as contact_svc
from teilhabe.directory.services import entries as svc
from teilhabe.directory.services.contacts import CONTACT_FIELDS
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability

EDIT = Capability.DIRECTORY_EDIT


@dataclass(frozen=True)
class Kind:
    key: str  # organisation, service, location, event
    plural: str  # URL segment
    label: Any
    label_plural: Any
    model: type[Model]
    form: type[Any]
    gate: Callable[..., Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    lister: Callable[..., Any]

    @property
    def arg(self) -> str:
        return f"{self.key}_id"


def _list_orgs(access: DistrictAccess, q: str) -> Any:
    return sel.organisations_for_office(access=access, filters=sel.OrganisationFilter(q=q))


KINDS: dict[str, Kind] = {
    "organisation": Kind(
        "organisation",
        "organisations",
        gettext_lazy("Organisation"),
        gettext_lazy("Organisations"),
        Organisation,
        OrganisationForm,
        sel.organisation_get_for_user,
        svc.organisation_create,
        svc.organisation_update,
        _list_orgs,
    ),
    "service": Kind(
        "service",
        "offers",
        gettext_lazy("Offer"),
        gettext_lazy("Offers"),
        Service,
        ServiceForm,
        sel.service_get_for_user,
        svc.service_create,
        svc.service_update,
        lambda access, q: sel.services_for_office(access=access, q=q),
    ),
    "location": Kind(
        "location",
        "places",
        gettext_lazy("Place"),
        gettext_lazy("Places"),
        Location,
        LocationForm,
        sel.location_get_for_user,
        svc.location_create,
        svc.location_update,
        lambda access, q: sel.locations_for_office(access=access, q=q),
    ),
    "event": Kind(
        "event",
        "events",
        gettext_lazy("Event"),
        gettext_lazy("Events"),
        Event,
        EventForm,
        sel.event_get_for_user,
        svc.event_create,
        svc.event_update,
        lambda access, q: sel.events_for_office(access=access, q=q, upcoming=False),
    ),
}


def _url(name: str, access: DistrictAccess, **kwargs: Any) -> str:
    return reverse(f"directory:{name}", kwargs={"district": access.district.slug, **kwargs})


def crumbs(access: DistrictAccess, *items: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (
            access.district.name,
            reverse("districts:home", kwargs={"district": access.district.slug}),
        ),
        (_("Directory"), _url("home", access)),
        *items,
    ]


def entry_url(access: DistrictAccess, kind: Kind, pk: int) -> str:
    return _url(f"{kind.key}_detail", access, **{kind.arg: pk})


@district_view(EDIT)
def home(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    """The directory's start page: organisations with filters (incl. "not contacted for
    N months"), follow-ups due, and the way to everything else."""

    def number(name: str) -> int | None:
        try:
            return int(request.GET.get(name, "")) or None
        except ValueError:
            return None

    filters = sel.OrganisationFilter(
        q=request.GET.get("q", "").strip()[:100],
        kind=request.GET.get("kind", "")
        if request.GET.get("kind", "") in Organisation.Kind.values
        else "",
        target_group=number("target_group"),
        topic=number("topic"),
        language=number("language"),
        not_contacted_months=number("not_contacted"),
        state=request.GET.get("state", "") if request.GET.get("state", "") in State.values else "",
    )
    rows = sel.organisations_for_office(access=access, filters=filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    district_id = access.district.pk
    context = {
        "title": _("Directory"),
        "access": access,
        "filters": filters,
        "page": page,
        "kinds": Organisation.Kind.choices,
        "states": State.choices,
        "target_groups": sel.terms_for(district_id=district_id, vocabulary="target_group"),
        "topics": sel.terms_for(district_id=district_id, vocabulary="topic"),
        "languages": sel.terms_for(district_id=district_id, vocabulary="language"),
        "follow_ups": sel.follow_ups_due(access=access)[:10],
        "counts": {
            kind.key: kind.model.objects.filter(district=access.district).count()  # type: ignore[attr-defined]
            for kind in KINDS.values()
        },
        "kinds_meta": KINDS,
        "breadcrumbs": [*crumbs(access)[:-1], (_("Directory"), "")],
        "query": request.GET.urlencode(),
    }
    template = (
        "directory/office/_organisation_rows.html"
        if is_htmx(request)
        else "directory/office/home.html"
    )
    return render(request, template, context)


def make_list(kind: Kind) -> Callable[..., HttpResponse]:
    @district_view(EDIT)
    def view(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
        q = request.GET.get("q", "").strip()[:100]
        page = Paginator(kind.lister(access, q), 50).get_page(request.GET.get("page"))
        for obj in page:
            obj.office_url = entry_url(access, kind, obj.pk)
        return render(
            request,
            "directory/office/entry_list.html",
            {
                "title": str(kind.label_plural),
                "access": access,
                "kind": kind,
                "page": page,
                "q": q,
                "create_url": _url(f"{kind.key}_create", access),
                "breadcrumbs": crumbs(access, (str(kind.label_plural), "")),
            },
        )

    return view


def make_create(kind: Kind) -> Callable[..., HttpResponse]:
    @district_view(EDIT)
    def view(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
        initial = {}
        if kind.key in {"service", "location", "event"} and request.GET.get("organisation"):
            initial["organisation"] = request.GET.get("organisation")
        form = kind.form(request.POST or None, district=access.district, initial=initial)
        if request.method == "POST" and form.is_valid():
            data, m2m = form.split()
            extra = (
                {"locations": list(form.cleaned_data["locations"])} if kind.key == "service" else {}
            )
            try:
                obj = kind.create(access=access, data=data, m2m=m2m, **extra)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(entry_url(access, kind, obj.pk))
        return render(
            request,
            "directory/office/entry_form.html",
            {
                "title": _("New: %(kind)s") % {"kind": kind.label},
                "access": access,
                "kind": kind,
                "form": form,
                "cancel_url": _url(f"{kind.key}_list", access),
                "breadcrumbs": crumbs(
                    access,
                    (str(kind.label_plural), _url(f"{kind.key}_list", access)),
                    (_("New"), ""),
                ),
            },
        )

    return view


def make_edit(kind: Kind) -> Callable[..., HttpResponse]:
    @district_view(EDIT)
    def view(request: HttpRequest, access: DistrictAccess, **kwargs: Any) -> HttpResponse:
        obj = kind.gate(access=access, **{kind.arg: kwargs[kind.arg]})
        form = kind.form(request.POST or None, instance=obj, district=access.district)
        if request.method == "POST" and form.is_valid():
            data, m2m = form.split()
            extra = (
                {"locations": list(form.cleaned_data["locations"])} if kind.key == "service" else {}
            )
            fresh = kind.gate(access=access, **{kind.arg: kwargs[kind.arg]})
            try:
                kind.update(access=access, **{kind.key: fresh}, data=data, m2m=m2m, **extra)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(entry_url(access, kind, obj.pk))
        return render(
            request,
            "directory/office/entry_form.html",
            {
                "title": _("Edit: %(name)s") % {"name": obj},
                "access": access,
                "kind": kind,
                "form": form,
                "obj": obj,
                "cancel_url": entry_url(access, kind, obj.pk),
                "breadcrumbs": crumbs(
                    access,
                    (str(kind.label_plural), _url(f"{kind.key}_list", access)),
                    (str(obj), entry_url(access, kind, obj.pk)),
                    (_("Edit"), ""),
                ),
            },
        )

    return view


def _detail_context(access: DistrictAccess, kind: Kind, obj: Any) -> dict[str, Any]:
    localize([obj], "de")
    context: dict[str, Any] = {
        "title": str(obj),
        "access": access,
        "kind": kind,
        "obj": obj,
        "history": sel.history_of(entry=obj, limit=50),
        "translations": sel.translations_of(entry=obj),
        "translation_form": TranslationForm(
            fields=obj.TRANSLATABLE,
            languages=[
                (str(c["code"]), str(c["name_local"]))
                for c in language_choices(public_languages())
                if c["code"] != obj.source_language
            ],
        ),
        "hide_form": HideForm(),
        "states": State.choices,
        "breadcrumbs": crumbs(
            access, (str(kind.label_plural), _url(f"{kind.key}_list", access)), (str(obj), "")
        ),
        "public_url": _public_url(access, kind, obj),
        "action_url": _url(f"{kind.key}_action", access, **{kind.arg: obj.pk}),
        "edit_url": _url(f"{kind.key}_edit", access, **{kind.arg: obj.pk}),
    }
    if isinstance(obj, Organisation):
        context.update(
            services=obj.services.all(),
            locations=obj.locations.select_related("gemeinde"),
            events=obj.events.order_by("-start")[:20],
            contacts=_contacts(obj),
            phones=obj.phones.all(),
            relations_out=obj.relationships_out.select_related("target"),
            relations_in=obj.relationships_in.select_related("source"),
            relationship_form=RelationshipForm(district=access.district, exclude_pk=obj.pk),
            activities=sel.activities_for_office(access=access, organisation=obj)[:20],
            contact_form=ContactForm(),
            logo_form=LogoForm(),
            duplicates=_possible_duplicates(access, obj),
        )
    elif isinstance(obj, Service):
        context.update(
            locations=obj.locations.select_related("gemeinde"),
            schedules=[(s, hours.describe(s)) for s in obj.schedules.all()],
            schedule_form=ScheduleForm(),
            contacts=_contacts(obj),
            contact_form=ContactForm(),
        )
    elif isinstance(obj, Location):
        context.update(
            services=obj.services.all(),
            schedules=[(s, hours.describe(s)) for s in obj.schedules.all()],
            schedule_form=ScheduleForm(),
        )
    elif isinstance(obj, Event):
        context.update(occurrences=obj.occurrences.filter(start__gte=timezone.now())[:10])
    return context


def _contacts(owner: Organisation | Service) -> list[tuple[Any, ContactForm]]:
    """The owner's contacts, each with its filled-in edit form (own ids per contact)."""
    result = []
    for contact in owner.contacts.prefetch_related("phones"):
        first = next(iter(contact.phones.all()), None)
        initial = {name: getattr(contact, name) for name in CONTACT_FIELDS}
        if first is not None:
            initial |= {"phone": first.number, "phone_languages": first.languages}
        result.append((contact, ContactForm(initial=initial, prefix=f"contact-{contact.pk}")))
    return result


def _public_url(access: DistrictAccess, kind: Kind, obj: Any) -> str:
    if obj.state != State.PUBLISHED or kind.key == "location":
        return ""
    return reverse(
        f"directory_public:{kind.key}",
        kwargs={"lang": "de", "district": access.district.slug, kind.arg: obj.pk},
    )


def _possible_duplicates(access: DistrictAccess, obj: Organisation) -> list[Any]:
    from teilhabe.directory.duplicates import Candidate, find_duplicates

    others = list(
        Organisation.objects.filter(district=access.district)
        .exclude(pk=obj.pk)
        .values_list("pk", "name", "email")[:5000]
    )
    found = find_duplicates(
        Candidate(key=obj.pk, name=obj.name, email=obj.email),
        [Candidate(key=pk, name=name, email=email) for pk, name, email in others],
    )
    by_pk: dict[int | str, Organisation] = {
        o.pk: o for o in Organisation.objects.filter(pk__in=[m.key for m in found])
    }
    return [(by_pk[m.key], m) for m in found if m.key in by_pk]


def make_detail(kind: Kind) -> Callable[..., HttpResponse]:
    @district_view(EDIT)
    def view(request: HttpRequest, access: DistrictAccess, **kwargs: Any) -> HttpResponse:
        obj = kind.gate(access=access, **{kind.arg: kwargs[kind.arg]})
        return render(
            request, f"directory/office/{kind.key}_detail.html", _detail_context(access, kind, obj)
        )

    return view


def make_action(kind: Kind) -> Callable[..., HttpResponse]:
    """POST actions on an entry: confirm, publish/hide/draft, translations, schedules,
    contacts, relationships, logo."""

    @require_POST
    @district_view(EDIT)
    def view(request: HttpRequest, access: DistrictAccess, **kwargs: Any) -> HttpResponse:
        obj = kind.gate(access=access, **{kind.arg: kwargs[kind.arg]})
        action = request.POST.get("action", "")
        try:
            _run_action(request, access, kind, obj, action)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(entry_url(access, kind, obj.pk))

    return view


def _contact_input(form: ContactForm) -> tuple[dict[str, Any], str, str]:
    """(contact fields, phone number, its languages) of a valid contact form."""
    if not form.is_valid():
        raise ValidationError(
            _("Check the contact: %(errors)s") % {"errors": form.errors.as_text()}
        )
    data = dict(form.cleaned_data)
    return data, data.pop("phone"), data.pop("phone_languages")


def _run_action(
    request: HttpRequest, access: DistrictAccess, kind: Kind, obj: Any, action: str
) -> None:
    post = request.POST
    if action == "confirm":
        svc.entry_confirm(access=access, entry=obj)
        messages.success(request, _("Confirmed as correct today."))
    elif action == "state":
        form = HideForm(post)
        state = post.get("state", "")
        reason = form.data.get("reason", "")
        if state == State.HIDDEN and not reason:
            raise ValidationError(_("Give a reason for hiding the entry."))
        svc.entry_set_state(access=access, entry=obj, state=state, reason=reason)
        messages.success(request, _("The state was changed."))
    elif action == "translate":
        tform = TranslationForm(
            post,
            fields=obj.TRANSLATABLE,
            languages=[(c, c) for c in public_languages() if c != obj.source_language],
        )
        if not tform.is_valid():
            raise ValidationError(
                _("Check the translation: language, field and status are needed.")
            )
        svc.translation_save(access=access, entry=obj, **tform.cleaned_data)
        messages.success(request, _("The translation was saved."))
    elif action == "schedule" and isinstance(obj, Service | Location):
        sform = ScheduleForm(post)
        if not sform.is_valid():
            raise ValidationError(
                _("Check the opening hours: %(errors)s") % {"errors": sform.errors.as_text()}
            )
        svc.schedule_add(access=access, owner=obj, data=sform.cleaned_data)
        messages.success(request, _("The opening hours were added."))
    elif action == "schedule_delete":
        schedule = sel.schedule_get_for_user(
            access=access, schedule_id=int(post.get("schedule", "0") or 0)
        )
        svc.schedule_delete(access=access, schedule=schedule)
    elif action == "contact" and isinstance(obj, Organisation | Service | Location):
        data, phone, languages = _contact_input(ContactForm(post))
        contact_svc.contact_add(
            access=access, owner=obj, data=data, phone=phone, phone_languages=languages
        )
        messages.success(request, _("The contact was added."))
    elif action == "contact_update":
        contact = sel.contact_get_for_user(
            access=access, contact_id=int(post.get("contact", "0") or 0)
        )
        data, phone, languages = _contact_input(ContactForm(post, prefix=f"contact-{contact.pk}"))
        contact_svc.contact_update(
            access=access, contact=contact, data=data, phone=phone, phone_languages=languages
        )
        messages.success(request, _("The contact was changed."))
    elif action == "contact_delete":
        contact = sel.contact_get_for_user(
            access=access, contact_id=int(post.get("contact", "0") or 0)
        )
        contact_svc.contact_delete(access=access, contact=contact)
    elif action == "relationship" and isinstance(obj, Organisation):
        rform = RelationshipForm(post, district=access.district, exclude_pk=obj.pk)
        if not rform.is_valid():
            raise ValidationError(
                _("Check the relationship: %(errors)s") % {"errors": rform.errors.as_text()}
            )
        svc.relationship_create(access=access, source=obj, **rform.cleaned_data)
        messages.success(request, _("The relationship was added."))
    elif action == "relationship_delete":
        relation = sel.relationship_get_for_user(
            access=access, relationship_id=int(post.get("relationship", "0") or 0)
        )
        svc.relationship_delete(access=access, relationship=relation)
    elif action == "logo" and isinstance(obj, Organisation):
        upload = request.FILES.get("logo")
        if post.get("remove"):
            svc.organisation_logo_set(access=access, organisation=obj, data=None)
        elif upload is not None:
            svc.organisation_logo_set(access=access, organisation=obj, data=upload.read())
        messages.success(request, _("The logo was saved."))
    elif action == "merge" and isinstance(obj, Organisation):
        duplicate = sel.organisation_get_for_user(
            access=access, organisation_id=int(post.get("duplicate", "0") or 0)
        )
        svc.organisation_merge(access=access, keep=obj, duplicate=duplicate)
        messages.success(
            request, _("%(name)s was merged into this organisation.") % {"name": duplicate.name}
        )
    else:
        raise ValidationError(_("Unknown action."))


@district_view(EDIT)
def organisation_pdf(
    request: HttpRequest, access: DistrictAccess, organisation_id: int
) -> HttpResponse:
    """The organisation's profile (Steckbrief) as a PDF for printing and filing."""
    obj = sel.organisation_get_for_user(access=access, organisation_id=organisation_id)
    context = _detail_context(access, KINDS["organisation"], obj)
    context["today"] = timezone.localdate()
    context["relations"] = list(context["relations_out"]) + list(context["relations_in"])
    pdf = render_pdf("directory/pdf/profile.html", context, language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="steckbrief-{obj.pk}.pdf"'
    return response


# --- actor map and network -------------------------------------------------------------------


def _map_filters(request: HttpRequest) -> dict[str, Any]:
    def number(name: str) -> int | None:
        try:
            return int(request.GET.get(name, "")) or None
        except ValueError:
            return None

    kind = request.GET.get("kind", "")
    return {
        "kind": kind if kind in Organisation.Kind.values else "",
        "target_group": number("target_group"),
        "topic": number("topic"),
    }


def _actor_points(access: DistrictAccess, filters: dict[str, Any]) -> list[dict[str, Any]]:
    orgs = sel.organisations_for_office(access=access, filters=sel.OrganisationFilter(**filters))
    rows = (
        Location.objects.filter(
            district=access.district,
            organisation__in=orgs.values("pk"),
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .values(
            "pk",
            "name",
            "latitude",
            "longitude",
            "city",
            "organisation_id",
            "organisation__name",
            "organisation__kind",
        )
        .order_by("organisation__name")
    )
    kinds = dict(Organisation.Kind.choices)
    return [
        {
            "id": r["pk"],
            "name": r["organisation__name"],
            "place": r["name"],
            "lat": r["latitude"],
            "lon": r["longitude"],
            "city": r["city"],
            "kind": str(kinds.get(r["organisation__kind"], "")),
            "entries": [r["organisation_id"]],
        }
        for r in rows
    ]


@district_view(EDIT)
def actor_map(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    filters = _map_filters(request)
    points = _actor_points(access, filters)
    district_id = access.district.pk
    return render(
        request,
        "directory/office/map.html",
        {
            "title": _("Actor map"),
            "access": access,
            "filters": filters,
            "points": points,
            "map_svg": points_svg(
                kreis=access.district.kreis,
                points=points,
                title=_("Actor map of %(district)s") % {"district": access.district.name},
                link_for=lambda p: _url(
                    "organisation_detail", access, organisation_id=p["entries"][0]
                ),
            ),
            "kinds": Organisation.Kind.choices,
            "target_groups": sel.terms_for(district_id=district_id, vocabulary="target_group"),
            "topics": sel.terms_for(district_id=district_id, vocabulary="topic"),
            "query": request.GET.urlencode(),
            "breadcrumbs": crumbs(access, (_("Actor map"), "")),
        },
    )


@district_view(EDIT)
def actor_map_data(request: HttpRequest, access: DistrictAccess) -> JsonResponse:
    """GeoJSON of the organisations' places: one marker per spot (with a count where
    several share it) and a ``bbox`` that fits the whole Kreis and every marker."""
    points = _actor_points(access, _map_filters(request))
    response = JsonResponse(
        points_geojson(
            points,
            url_for=lambda p: _url("organisation_detail", access, organisation_id=p["entries"][0]),
            around=kreis_bounds(access.district.kreis),
        )
    )
    response["Content-Type"] = "application/geo+json"
    return response


@district_view(EDIT)
def network(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    relations = list(sel.relationships_for_district(access=access).order_by("source__name", "kind"))
    current_only = request.GET.get("all") != "1"
    today = timezone.localdate()
    shown = [r for r in relations if not current_only or r.is_current(today)]
    return render(
        request,
        "directory/office/network.html",
        {
            "title": _("Network"),
            "access": access,
            "relations": shown,
            "current_only": current_only,
            "svg": network_svg(
                shown,
                link_for=lambda pk: _url("organisation_detail", access, organisation_id=pk),
                title=_("Relationships"),
            ),
            "breadcrumbs": crumbs(access, (_("Network"), "")),
        },
    )


# --- exports -------------------------------------------------------------------------------


def _export_orgs(request: HttpRequest, access: DistrictAccess) -> Any:
    def number(name: str) -> int | None:
        try:
            return int(request.GET.get(name, "")) or None
        except ValueError:
            return None

    filters = sel.OrganisationFilter(
        q=request.GET.get("q", "").strip()[:100],
        kind=request.GET.get("kind", "")
        if request.GET.get("kind", "") in Organisation.Kind.values
        else "",
        target_group=number("target_group"),
        topic=number("topic"),
        language=number("language"),
        not_contacted_months=number("not_contacted"),
    )
    return sel.organisations_for_office(access=access, filters=filters).prefetch_related(
        "phones", "contacts__phones", "locations__gemeinde"
    )


def _audit_export(access: DistrictAccess, fmt: str, count: int) -> None:
    from teilhabe.audit.services import audit_record

    audit_record(
        actor=access.user,
        action="directory.contacts.export",
        district_id=access.district.pk,
        changes={"format": fmt, "rows": count},
    )


@district_view(EDIT)
def contacts_export(request: HttpRequest, access: DistrictAccess, fmt: str) -> HttpResponse:
    """Contact list of the (filtered) organisations as CSV, XLSX or vCard."""
    orgs = list(_export_orgs(request, access))
    _audit_export(access, fmt, len(orgs))
    stamp = timezone.localdate().isoformat()
    if fmt == "vcf":
        response = HttpResponse(vcard_bytes(orgs), content_type="text/vcard; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="kontakte-{stamp}.vcf"'
        return response
    rows = contact_rows(orgs)
    if fmt == "xlsx":
        body = xlsx_bytes(CONTACT_HEADER, rows, sheet_title=_("Contacts"))
        response = HttpResponse(
            body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="kontakte-{stamp}.xlsx"'
        return response
    response = HttpResponse(csv_bytes(CONTACT_HEADER, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kontakte-{stamp}.csv"'
    return response


def terms_by_vocabulary(district_id: int) -> dict[str, list[TaxonomyTerm]]:
    result: dict[str, list[TaxonomyTerm]] = {}
    for term in TaxonomyTerm.objects.filter(district__isnull=True) | TaxonomyTerm.objects.filter(
        district_id=district_id
    ):
        result.setdefault(term.vocabulary, []).append(term)
    return result
