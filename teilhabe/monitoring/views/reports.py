"""The Integrationsbericht: list, create, read (HTML), write narratives, PDF, publish."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability
from teilhabe.monitoring import reporting
from teilhabe.monitoring.models import Report
from teilhabe.monitoring.selectors import report_get_for_user, reports_for_district
from teilhabe.monitoring.services import reports as services
from teilhabe.monitoring.views.common import crumbs


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["title", "first_year", "last_year", "include_english"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year - 1
        self.fields["first_year"].initial = year - 1
        self.fields["last_year"].initial = year


class NarrativeForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
        required=False,
        help_text=gettext_lazy(
            "Every save keeps the earlier version. Write plain text; an empty line starts a new paragraph."
        ),
    )


def _report_crumbs(access: DistrictAccess, *items: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(
        access,
        (
            _("Integration reports"),
            reverse("monitoring:reports", kwargs={"district": access.district.slug}),
        ),
        *items,
    )


@district_view(Capability.AGGREGATES_VIEW)
def report_list(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        access.require(Capability.PLANNING_EDIT)
        if form.is_valid():
            try:
                report = services.report_create(access=access, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect(
                    "monitoring:report",
                    district=access.district.slug,
                    monitoring_report_id=report.pk,
                )
    return render(
        request,
        "monitoring/reports.html",
        {
            "title": _("Integration reports"),
            "access": access,
            "form": form,
            "reports": reports_for_district(access=access),
            "can_plan": access.can(Capability.PLANNING_EDIT),
            "breadcrumbs": crumbs(access, (_("Integration reports"), "")),
        },
    )


@district_view(Capability.AGGREGATES_VIEW)
def report_detail(
    request: HttpRequest, access: DistrictAccess, monitoring_report_id: int
) -> HttpResponse:
    report = report_get_for_user(
        access=access, report_id=monitoring_report_id, capability=Capability.AGGREGATES_VIEW
    )
    # The report is German; with the English option the reader may ask for either (by
    # default the one of the interface).
    asked = request.GET.get("lang", "")
    if not report.include_english:
        language = "de"
    elif asked in {"de", "en"}:
        language = asked
    else:
        language = "en" if (get_language() or "de").startswith("en") else "de"
    content = reporting.report_content(report, language=language)
    return render(
        request,
        "monitoring/report.html",
        {
            "title": report.title,
            "access": access,
            "content": content,
            "report": report,
            "report_language": language,
            "can_plan": access.can(Capability.PLANNING_EDIT) and not report.is_published,
            "can_publish": access.can(Capability.REPORTS_PUBLISH) and not report.is_published,
            "sections": [(key, reporting.section_label(key)) for key in reporting.SECTIONS],
            "sources": content.sources,
            "breadcrumbs": _report_crumbs(access, (report.title, "")),
        },
    )


@district_view(Capability.PLANNING_EDIT)
def narrative_edit(
    request: HttpRequest, access: DistrictAccess, monitoring_report_id: int, section: str
) -> HttpResponse:
    report = report_get_for_user(
        access=access, report_id=monitoring_report_id, capability=Capability.PLANNING_EDIT
    )
    if section not in reporting.SECTIONS:
        raise Http404
    versions = list(
        report.narratives.filter(section=section).select_related("author").order_by("-version")
    )
    current = versions[0] if versions else None
    chosen = request.GET.get("version", "")
    shown = next((n for n in versions if str(n.version) == chosen), current)
    form = NarrativeForm(request.POST or None, initial={"text": shown.text if shown else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.narrative_save(
                access=access, report=report, section=section, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The text was saved."))
            return redirect(
                reverse(
                    "monitoring:report",
                    kwargs={"district": access.district.slug, "monitoring_report_id": report.pk},
                )
                + f"#section-{section}"
            )
    label = reporting.section_label(section)
    return render(
        request,
        "monitoring/narrative_form.html",
        {
            "title": label,
            "access": access,
            "report": report,
            "section": section,
            "form": form,
            "versions": versions,
            "shown": shown,
            "breadcrumbs": _report_crumbs(
                access,
                (
                    report.title,
                    reverse(
                        "monitoring:report",
                        kwargs={
                            "district": access.district.slug,
                            "monitoring_report_id": report.pk,
                        },
                    ),
                ),
                (label, ""),
            ),
        },
    )


@require_POST
@district_view(Capability.AGGREGATES_VIEW)
def report_pdf(
    request: HttpRequest, access: DistrictAccess, monitoring_report_id: int
) -> HttpResponse:
    report = report_get_for_user(
        access=access, report_id=monitoring_report_id, capability=Capability.AGGREGATES_VIEW
    )
    job = services.report_pdf_start(
        access=access, report=report, language=request.POST.get("language", "de")
    )
    return redirect("jobs:detail", job_id=job.pk)


@require_POST
@district_view(Capability.REPORTS_PUBLISH)
def report_publish(
    request: HttpRequest, access: DistrictAccess, monitoring_report_id: int
) -> HttpResponse:
    report = report_get_for_user(
        access=access, report_id=monitoring_report_id, capability=Capability.REPORTS_PUBLISH
    )
    try:
        services.report_publish(access=access, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(
            "monitoring:report", district=access.district.slug, monitoring_report_id=report.pk
        )
    job = services.report_pdf_start(access=access, report=report, language="de")
    messages.success(
        request,
        _(
            "The report is published: its figures are frozen and available for comparison and to the "
            "programme office. The PDF is being made."
        ),
    )
    return redirect("jobs:detail", job_id=job.pk)
