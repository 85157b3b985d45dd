"""Starting background jobs and reporting their progress."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import Task

from teilhabe.accounts.models import User
from teilhabe.districts.models import District
from teilhabe.jobs.models import Job

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


class UserFacingError(Exception):
    """A problem to show to the user in plain words (bad input, missing data)."""


def job_start(
    *,
    owner: User,
    kind: str,
    title: str,
    task: Task[Any, Any],
    district: District | None = None,
    **task_kwargs: Any,
) -> Job:
    """Record a job and enqueue its task once the surrounding transaction commits.

    The task receives ``job_id`` plus ``task_kwargs`` (JSON-serialisable values).
    """
    job = Job(owner=owner, kind=kind, title=title, district=district)
    job.full_clean()
    job.save()

    def enqueue() -> None:
        result = task.enqueue(job_id=str(job.pk), **task_kwargs)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])

    transaction.on_commit(enqueue)
    return job


def job_progress(*, job_id: UUID | str, percent: int, message: str = "") -> None:
    """Report progress (0–100) from inside a task. Cheap: one UPDATE."""
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.RUNNING,
        percent=max(0, min(100, percent)),
        message=message[:300],
        updated_at=timezone.now(),
    )


def job_succeed(
    *,
    job_id: UUID | str,
    message: str = "",
    result_url: str = "",
    result_label: str = "",
    file_name: str = "",
    file_content: bytes | File | None = None,
) -> Job:
    """Mark the job done; ``file_content`` (bytes, or an open file for large results
    written to disk) becomes its download."""
    job = Job.objects.get(pk=job_id)
    job.status = Job.Status.SUCCEEDED
    job.percent = 100
    job.message = message[:300]
    job.result_url = result_url
    job.result_label = result_label
    job.finished_at = timezone.now()
    if file_content is not None:
        content = file_content if isinstance(file_content, File) else ContentFile(file_content)
        job.result_file.save(file_name, content, save=False)
    job.full_clean()
    job.save()
    return job


def job_fail(*, job_id: UUID | str, error: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED,
        error=error,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def reports_progress(func: Callable[P, R]) -> Callable[P, R]:
    """Wrap a task body so that any failure ends its job with a message in plain words.

    A :class:`UserFacingError` is shown as it is; anything else is logged with its
    traceback and shown as a generic message with the job's reference.
    """

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        job_id = str(kwargs["job_id"])
        job_progress(job_id=job_id, percent=0, message=_("Started"))
        try:
            return func(*args, **kwargs)
        except UserFacingError as exc:
            job_fail(job_id=job_id, error=str(exc))
            raise
        except Exception:
            logger.exception("background job %s failed", job_id)
            job_fail(
                job_id=job_id,
                error=_(
                    "Something went wrong on our side. Nothing was changed. Please try again; "
                    "if it happens again, give your administrator this reference: %(ref)s"
                )
                % {"ref": job_id},
            )
            raise

    return wrapper


def jobs_prune(*, before: Any) -> int:
    """Delete finished jobs that ended before ``before``, with their files."""
    old = Job.objects.filter(finished_at__lt=before)
    count = 0
    for job in old.iterator():
        if job.result_file:
            job.result_file.delete(save=False)
        job.delete()
        count += 1
    return count
