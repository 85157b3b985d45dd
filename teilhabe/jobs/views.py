from __future__ import annotations

from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from teilhabe.core.htmx import is_htmx
from teilhabe.jobs.selectors import job_get_for_user


def job_detail(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """The progress of one job: a full page, or the bar alone for htmx polling."""
    job = job_get_for_user(user=request.user, job_id=job_id)
    template = "jobs/_progress.html" if is_htmx(request) else "jobs/job_detail.html"
    return render(request, template, {"job": job, "title": job.title})


def job_download(request: HttpRequest, job_id: UUID) -> FileResponse:
    job = job_get_for_user(user=request.user, job_id=job_id)
    if not job.result_file:
        raise Http404(_("This job has no file."))
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file has expired.")) from None
    name = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)
