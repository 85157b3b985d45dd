"""Reading jobs: a user sees the jobs they started, nobody else's."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from teilhabe.jobs.models import Job


def job_get_for_user(*, user: AbstractBaseUser | AnonymousUser, job_id: UUID) -> Job:
    """The gate for jobs: only the person who started a job may follow or download it,
    and only while they still belong to the job's district."""
    if not user.is_authenticated:
        raise Http404
    job = Job.objects.select_related("district").filter(pk=job_id, owner_id=user.pk).first()
    if job is None:
        raise Http404
    if (
        job.district is not None
        and not job.district.memberships.filter(user_id=user.pk, is_active=True).exists()
    ):
        raise Http404
    return job


def jobs_for_user(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Job]:
    if not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(owner_id=user.pk).select_related("district")
