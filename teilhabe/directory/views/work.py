"""The outreach and dialogue log, and the bulk import of contact lists."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.directory.forms import ActivityForm, UploadForm
from teilhabe.directory.selectors import office as sel
from teilhabe.directory.services import imports, outreach
from teilhabe.directory.tasks import import_apply_task
from teilhabe.directory.views.office import crumbs
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability
from teilhabe.jobs.services import job_start

EDIT = Capability.DIRECTORY_EDIT


def _url(name: str, access: DistrictAccess, **kwargs: Any) -> str:
    return reverse(f"directory:{name}", kwargs={"district": access.district.slug, **kwargs})


@district_view(EDIT)
def activities(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    page = Paginator(sel.activities_for_office(access=access), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/office/activities.html",
        {
            "title": _("Contact log"),
            "access": access,
            "page": page,
            "due": sel.follow_ups_due(access=access),
            "breadcrumbs": crumbs(access, (_("Contact log"), "")),
        },
    )


@district_view(EDIT)
def activity_create(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    initial: dict[str, Any] = {"happened_on": timezone.localdate()}
    if request.GET.getlist("organisation"):
        initial["organisations"] = request.GET.getlist("organisation")
    form = ActivityForm(
        request.POST or None,
        district=access.district,
        staff=sel.staff_of_district(access=access),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisations = list(data.pop("organisations"))
        try:
            outreach.activity_create(access=access, organisations=organisations, data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The contact was recorded."))
            if len(organisations) == 1:
                return redirect(
                    _url("organisation_detail", access, organisation_id=organisations[0].pk)
                )
            return redirect(_url("activities", access))
    return render(
        request,
        "directory/office/entry_form.html",
        {
            "title": _("Record a contact"),
            "access": access,
            "form": form,
            "cancel_url": _url("activities", access),
            "breadcrumbs": crumbs(
                access, (_("Contact log"), _url("activities", access)), (_("New"), "")
            ),
        },
    )


@district_view(EDIT)
def activity_edit(request: HttpRequest, access: DistrictAccess, activity_id: int) -> HttpResponse:
    activity = sel.activity_get_for_user(access=access, activity_id=activity_id)
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        district=access.district,
        staff=sel.staff_of_district(access=access),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisations = list(data.pop("organisations"))
        fresh = sel.activity_get_for_user(access=access, activity_id=activity_id)
        try:
            outreach.activity_update(
                access=access, activity=fresh, organisations=organisations, data=data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_url("activities", access))
    return render(
        request,
        "directory/office/entry_form.html",
        {
            "title": _("Edit contact"),
            "access": access,
            "form": form,
            "cancel_url": _url("activities", access),
            "activity": activity,
            "breadcrumbs": crumbs(
                access, (_("Contact log"), _url("activities", access)), (str(activity), "")
            ),
        },
    )


@require_POST
@district_view(EDIT)
def activity_done(request: HttpRequest, access: DistrictAccess, activity_id: int) -> HttpResponse:
    activity = sel.activity_get_for_user(access=access, activity_id=activity_id)
    outreach.activity_follow_up_done(access=access, activity=activity)
    messages.success(request, _("The follow-up is marked as done."))
    return redirect(_url("activities", access))


# --- import --------------------------------------------------------------------------------


@district_view(EDIT)
def import_upload(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            form.add_error("file", _("The file is larger than 10 MB."))
        else:
            try:
                item = imports.upload_create(access=access, name=upload.name, data=upload.read())
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                return redirect(_url("import_mapping", access, upload_id=item.pk))
    return render(
        request,
        "directory/office/import_upload.html",
        {
            "title": _("Import a contact list"),
            "access": access,
            "form": form,
            "breadcrumbs": crumbs(access, (_("Import"), "")),
        },
    )


TARGET_LABELS = {
    "name": _("Name of the organisation"),
    "kind": _("Type"),
    "description": _("Description"),
    "contact_name": _("Contact person"),
    "contact_title": _("Role of the contact person"),
    "email": _("E-mail"),
    "phone": _("Phone"),
    "website": _("Website"),
    "street": _("Street and number"),
    "postal_code": _("Postcode"),
    "city": _("Town"),
    "languages": _("Languages"),
}


@district_view(EDIT)
def import_mapping(request: HttpRequest, access: DistrictAccess, upload_id: int) -> HttpResponse:
    upload = sel.upload_get_for_user(access=access, upload_id=upload_id)
    error = ""
    if request.method == "POST":
        mapping = {}
        for target in imports.TARGETS:
            raw = request.POST.get(f"map_{target}", "")
            if raw.isdigit():
                mapping[target] = int(raw)
        try:
            imports.upload_set_mapping(access=access, upload=upload, mapping=mapping)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(_url("import_review", access, upload_id=upload.pk))
    return render(
        request,
        "directory/office/import_mapping.html",
        {
            "title": _("Which column holds what?"),
            "access": access,
            "upload": upload,
            "targets": [
                (t, str(TARGET_LABELS.get(t, t)), upload.mapping.get(t)) for t in imports.TARGETS
            ],
            "sample": upload.rows[:5],
            "error": error,
            "breadcrumbs": crumbs(
                access, (_("Import"), _url("import_upload", access)), (upload.file_name, "")
            ),
        },
    )


@district_view(EDIT)
def import_review(request: HttpRequest, access: DistrictAccess, upload_id: int) -> HttpResponse:
    upload = sel.upload_get_for_user(access=access, upload_id=upload_id)
    rows = imports.review(access=access, upload=upload)
    if request.method == "POST" and upload.finished_at is None:
        decisions = {
            str(row.number): request.POST.get(f"row_{row.number}", row.default) for row in rows
        }
        allowed = {"new", "skip"} | {f"merge:{o.pk}" for row in rows for o, _m in row.existing}
        decisions = {k: (v if v in allowed else "skip") for k, v in decisions.items()}
        job = job_start(
            owner=access.user,
            kind="directory.import",
            title=_("Import of %(file)s") % {"file": upload.file_name},
            task=import_apply_task,
            district=access.district,
            upload_id=upload.pk,
            user_id=access.user.pk,
            decisions=decisions,
            publish=request.POST.get("publish") == "on",
        )
        return redirect("jobs:detail", job_id=job.pk)
    return render(
        request,
        "directory/office/import_review.html",
        {
            "title": _("Check the rows"),
            "access": access,
            "upload": upload,
            "rows": rows,
            "labels": TARGET_LABELS,
            "breadcrumbs": crumbs(
                access, (_("Import"), _url("import_upload", access)), (upload.file_name, "")
            ),
        },
    )
