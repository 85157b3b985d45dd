"""Exporting the audit log of a district as CSV, in the background."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from teilhabe.audit.selectors import AuditFilter, audit_entries_for_district
from teilhabe.core.exports import csv_bytes
from teilhabe.districts.roles import Capability
from teilhabe.districts.selectors import district_get_for_user
from teilhabe.jobs.models import Job
from teilhabe.jobs.services import job_progress, job_succeed, reports_progress

HEADER = ["time", "user", "action", "office", "object type", "object id", "object", "changes"]


@task()
@reports_progress
def audit_export(
    *, job_id: str, action: str = "", actor: str = "", since: str = "", until: str = ""
) -> None:
    job = Job.objects.select_related("owner", "district").get(pk=job_id)
    # Check the permission again: it may have been withdrawn since the job was queued.
    access = district_get_for_user(
        user=job.owner,
        slug=job.district.slug if job.district else "",
        capability=Capability.AUDIT_VIEW,
    )
    filters = AuditFilter(
        action=action,
        actor=actor,
        since=date.fromisoformat(since) if since else None,
        until=date.fromisoformat(until) if until else None,
    )
    entries = audit_entries_for_district(access=access, filters=filters).order_by("id")
    total = entries.count() or 1
    rows = []
    for number, entry in enumerate(entries.iterator(chunk_size=2000), start=1):
        rows.append(
            [
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                entry.actor_label,
                entry.action,
                entry.office.name if entry.office else "",
                entry.object_type,
                entry.object_id,
                entry.object_repr,
                str(entry.changes) if entry.changes else "",
            ]
        )
        if number % 2000 == 0:
            job_progress(
                job_id=job_id,
                percent=int(90 * number / total),
                message=_("%(n)d entries written") % {"n": number},
            )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    job_succeed(
        job_id=job_id,
        message=_("%(n)d entries exported.") % {"n": len(rows)},
        result_url=reverse("jobs:download", kwargs={"job_id": job.pk}),
        result_label=_("Download CSV"),
        file_name=f"audit-{access.district.slug}-{stamp}.csv",
        file_content=csv_bytes(HEADER, rows),
    )
