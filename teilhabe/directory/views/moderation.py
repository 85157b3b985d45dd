"""The moderation queue: proposals with diff views, reports, entries flagged as
outdated. Decisions are final for the submitter and recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.directory.forms import RejectForm
from teilhabe.directory.models import Event, Organisation, Report, Service, State, Submission
from teilhabe.directory.selectors import office as sel
from teilhabe.directory.services import community
from teilhabe.directory.services.common import MODEL_OF_TYPE
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability

MODERATE = Capability.MODERATE


def _url(name: str, access: DistrictAccess, **kwargs: Any) -> str:
    return reverse(f"directory:{name}", kwargs={"district": access.district.slug, **kwargs})


def _crumbs(access: DistrictAccess, *items: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (
            access.district.name,
            reverse("districts:home", kwargs={"district": access.district.slug}),
        ),
        (_("Moderation"), _url("moderation", access)),
        *items,
    ]


def _targets(items: list[Any], type_attr: str, id_attr: str) -> dict[tuple[str, int], Any]:
    """The entries the queue items point at, one query per entry type."""
    wanted: dict[str, set[int]] = {}
    for item in items:
        kind, pk = getattr(item, type_attr), getattr(item, id_attr)
        if kind and pk:
            wanted.setdefault(kind, set()).add(pk)
    found: dict[tuple[str, int], Any] = {}
    for kind, ids in wanted.items():
        for obj in MODEL_OF_TYPE[kind].objects.filter(pk__in=ids):
            found[(kind, obj.pk)] = obj
    return found


@district_view(MODERATE)
def queue(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    subs = list(
        Submission.objects.filter(
            district=access.district,
            state__in=[Submission.State.PENDING, Submission.State.PUBLISHED_UNREVIEWED],
        ).order_by("created_at")[:200]
    )
    reports = list(
        Report.objects.filter(district=access.district, state=Report.State.OPEN).order_by(
            "created_at"
        )[:200]
    )
    report_targets = _targets(reports, "target_type", "target_id")
    stale = [
        (kind, obj)
        for kind, model in (("organisation", Organisation), ("service", Service), ("event", Event))
        for obj in model.objects.filter(
            district=access.district, stale_flagged_at__isnull=False
        ).exclude(state=State.HIDDEN)[:100]
    ]
    recent = (
        Submission.objects.filter(
            district=access.district,
            state__in=[Submission.State.APPROVED, Submission.State.REJECTED],
        )
        .select_related("decided_by")
        .order_by("-decided_at")[:20]
    )
    return render(
        request,
        "directory/office/moderation.html",
        {
            "title": _("Moderation"),
            "access": access,
            "pending": [s for s in subs if s.state == Submission.State.PENDING],
            "post_review": [s for s in subs if s.state == Submission.State.PUBLISHED_UNREVIEWED],
            "reports": [(r, report_targets.get((r.target_type, r.target_id))) for r in reports],
            "stale": stale,
            "recent": recent,
            "breadcrumbs": [*_crumbs(access)[:1], (_("Moderation"), "")],
        },
    )


@district_view(MODERATE)
def submission_detail(
    request: HttpRequest, access: DistrictAccess, submission_id: int
) -> HttpResponse:
    item = sel.submission_get_for_user(access=access, submission_id=submission_id)
    form = RejectForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        link_base = request.build_absolute_uri(
            reverse(
                "directory_public:search",
                kwargs={"lang": item.language, "district": access.district.slug},
            )
        )
        try:
            if action == "approve":
                community.submission_approve(access=access, submission=item, link_base=link_base)
                messages.success(
                    request, _("The proposal was published and the submitter informed.")
                )
                return redirect(_url("moderation", access))
            if action == "reviewed":
                community.submission_mark_reviewed(access=access, submission=item)
                messages.success(request, _("Marked as reviewed."))
                return redirect(_url("moderation", access))
            if action == "reject" and form.is_valid():
                community.submission_reject(
                    access=access, submission=item, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("The proposal was rejected and the submitter informed.")
                )
                return redirect(_url("moderation", access))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    target = None
    if item.target_type and item.target_id:
        target = (
            MODEL_OF_TYPE[item.target_type]
            .objects.filter(pk=item.target_id, district=access.district)
            .first()
        )
    return render(
        request,
        "directory/office/submission.html",
        {
            "title": _("Proposal: %(title)s") % {"title": item.title},
            "access": access,
            "item": item,
            "diff": community.submission_diff(item),
            "target": target,
            "form": form,
            "breadcrumbs": _crumbs(access, (item.title, "")),
        },
    )


@require_POST
@district_view(MODERATE)
def report_resolve(request: HttpRequest, access: DistrictAccess, report_id: int) -> HttpResponse:
    report = sel.report_get_for_user(access=access, report_id=report_id)
    try:
        community.report_resolve(
            access=access,
            report=report,
            outcome=request.POST.get("outcome", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report was settled."))
    return redirect(_url("moderation", access))
