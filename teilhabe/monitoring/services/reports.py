"""The Integrationsbericht: create, write narratives (versioned), render, publish."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.audit.services import audit_record
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.roles import Capability
from teilhabe.districts.selectors import district_get_for_user
from teilhabe.jobs.models import Job
from teilhabe.jobs.services import UserFacingError, job_progress, job_start, job_succeed
from teilhabe.monitoring import reporting
from teilhabe.monitoring.analytics import blocks
from teilhabe.monitoring.models import Narrative, PublishedValues, Report


@transaction.atomic
def report_create(
    *,
    access: DistrictAccess,
    title: str,
    first_year: int,
    last_year: int,
    include_english: bool = False,
) -> Report:
    access.require(Capability.PLANNING_EDIT)
    report = Report(
        district=access.district,
        title=title,
        first_year=first_year,
        last_year=last_year,
        include_english=include_english,
        created_by=access.user,
    )
    report.full_clean()
    report.save()
    audit_record(
        actor=access.user,
        action="monitoring.report.create",
        district_id=access.district.pk,
        obj=report,
    )
    return report


@transaction.atomic
def narrative_save(*, access: DistrictAccess, report: Report, section: str, text: str) -> Narrative:
    """Save a new version of a section's text (earlier versions stay)."""
    access.require(Capability.PLANNING_EDIT)
    report = Report.objects.select_for_update().get(pk=report.pk, district=access.district)
    if report.is_published:
        raise ValidationError(_("A published report cannot be changed."))
    if section not in reporting.SECTIONS:
        raise ValidationError(_("Unknown section."))
    current = report.narratives.filter(section=section).order_by("-version").first()
    if current is not None and current.text == text:
        return current
    narrative = Narrative(
        report=report,
        section=section,
        version=(current.version + 1) if current else 1,
        text=text,
        author=access.user,
    )
    narrative.full_clean()
    narrative.save()
    audit_record(
        actor=access.user,
        action="monitoring.report.narrative",
        district_id=access.district.pk,
        obj=report,
        changes={"section": section, "version": narrative.version},
    )
    return narrative


@transaction.atomic
def report_publish(*, access: DistrictAccess, report: Report) -> Report:
    """Freeze the report's figures and make its aggregates available for comparison and
    to the programme office."""
    access.require(Capability.REPORTS_PUBLISH)
    report = Report.objects.select_for_update().get(pk=report.pk, district=access.district)
    if report.is_published:
        raise ValidationError(_("The report is published already."))
    shown, own = reporting.freeze(report)
    if own.num_rows == 0 and shown.num_rows == 0:
        raise ValidationError(_("There are no values to publish yet."))
    now = timezone.now()
    report.frozen_values = blocks.encode(shown)
    report.frozen_meta = {"rows": shown.num_rows, "frozen_at": now.isoformat()}
    report.status = Report.Status.PUBLISHED
    report.published_at = now
    report.published_by = access.user
    report.save()
    PublishedValues.objects.create(
        district=access.district,
        report=report,
        rows=own.num_rows,
        data=blocks.encode(own),
        published_at=now,
    )
    audit_record(
        actor=access.user,
        action="monitoring.report.publish",
        district_id=access.district.pk,
        obj=report,
        changes={"values": own.num_rows},
    )
    return report


def report_pdf_start(*, access: DistrictAccess, report: Report, language: str) -> Job:
    access.require(Capability.AGGREGATES_VIEW)
    if report.district_id != access.district.pk:
        raise PermissionDenied
    if language not in {"de", "en"} or (language == "en" and not report.include_english):
        language = "de"
    from teilhabe.monitoring.tasks import report_task

    return job_start(
        owner=access.user,
        kind="monitoring.report",
        title=_("PDF of %(title)s") % {"title": report.title},
        task=report_task,
        district=access.district,
        report_id=report.pk,
        language=language,
    )


def report_render(*, job_id: str, report_id: int, language: str) -> None:
    """The body of the PDF task: a tagged PDF (PDF/UA-1) of the report."""
    job = Job.objects.select_related("owner", "district").get(pk=job_id)
    report = Report.objects.select_related("district", "district__kreis").get(pk=report_id)
    if job.district_id != report.district_id:
        raise UserFacingError(_("This report belongs to another district."))
    district_get_for_user(
        user=job.owner, slug=report.district.slug, capability=Capability.AGGREGATES_VIEW
    )
    job_progress(job_id=job_id, percent=20, message=_("Assembling the figures"))
    content = reporting.report_content(report, language=language)
    job_progress(job_id=job_id, percent=50, message=_("Typesetting the PDF"))
    from teilhabe.core.pdf import render_pdf  # WeasyPrint is heavy to import: only here

    pdf = render_pdf(
        "monitoring/report_pdf.html",
        {
            "content": content,
            "title": report.title,
            "author": report.district.name,
            "description": report.title,
        },
        language=language,
    )
    name = f"integrationsbericht-{report.district.slug}-{report.last_year}-{language}.pdf"
    if report.is_published:
        target = report.pdf_en if language == "en" else report.pdf_de
        target.save(name, ContentFile(pdf), save=False)
        Report.objects.filter(pk=report.pk).update(
            **{f"pdf_{'en' if language == 'en' else 'de'}": target.name}
        )
    job_succeed(
        job_id=job_id,
        message=_("The PDF is ready."),
        file_name=name,
        file_content=pdf,
        result_url=reverse("jobs:download", kwargs={"job_id": job_id}),
        result_label=_("Download the PDF"),
    )
