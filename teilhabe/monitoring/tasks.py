"""Background work of the monitoring: imports, recomputation, reports."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from teilhabe.jobs.models import Job
from teilhabe.jobs.services import job_progress, job_succeed, reports_progress


@task()
@reports_progress
def recompute_task(*, job_id: str, district_id: int | None, reason: str = "") -> None:
    from teilhabe.monitoring.services.recompute import recompute

    Job.objects.filter(pk=job_id).values_list("pk", flat=True).get()
    job_progress(job_id=job_id, percent=10, message=_("Computing"))
    report = recompute(district_ids=[district_id] if district_id else None, reason=reason)
    job_succeed(
        job_id=job_id,
        message=_("%(values)s values computed, %(hidden)s of them hidden to protect small groups.")
        % {"values": report.values, "hidden": report.suppressed},
    )


@task()
@reports_progress
def import_task(*, job_id: str, batch_id: int) -> None:
    from teilhabe.monitoring.services.imports import import_run

    import_run(job_id=job_id, batch_id=batch_id)


@task()
@reports_progress
def report_task(*, job_id: str, report_id: int, language: str) -> None:
    from teilhabe.monitoring.services.reports import report_render

    report_render(job_id=job_id, report_id=report_id, language=language)
