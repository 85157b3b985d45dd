from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.audit.forms import AuditFilterForm
from teilhabe.audit.selectors import AuditFilter, audit_entries_for_district
from teilhabe.audit.services import audit_record
from teilhabe.audit.tasks import audit_export
from teilhabe.core.htmx import is_htmx
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability
from teilhabe.jobs.services import job_start


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilter]:
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        return form, AuditFilter(**form.cleaned_data)
    return form, AuditFilter()


@district_view(Capability.AUDIT_VIEW)
def entry_list(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form, filters = _filters(request)
    entries = audit_entries_for_district(access=access, filters=filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {
        "title": _("Audit log"),
        "access": access,
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
    }
    template = "audit/_entry_rows.html" if is_htmx(request) else "audit/entry_list.html"
    return render(request, template, context)


@require_POST
@district_view(Capability.AUDIT_VIEW)
def entry_export(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    _form, filters = _filters(request)
    with transaction.atomic():
        job = job_start(
            owner=access.user,
            kind="audit.export",
            title=_("Export of the audit log"),
            task=audit_export,
            district=access.district,
            action=filters.action,
            actor=filters.actor,
            since=filters.since.isoformat() if filters.since else "",
            until=filters.until.isoformat() if filters.until else "",
        )
        audit_record(
            actor=access.user,
            action="audit.export",
            district_id=access.district.pk,
            changes={"action": filters.action, "user": filters.actor},
        )
    return redirect("jobs:detail", job_id=job.pk)
