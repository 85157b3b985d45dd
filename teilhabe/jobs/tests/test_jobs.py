"""Background jobs: progress, plain-words failures, and a real database worker."""

import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks import task

from teilhabe.core.testing import make_district, make_member, make_user
from teilhabe.districts.roles import Role
from teilhabe.jobs.models import Job
from teilhabe.jobs.services import (
    UserFacingError,
    job_progress,
    job_start,
    job_succeed,
    jobs_prune,
    reports_progress,
)

pytestmark = pytest.mark.django_db


@task()
@reports_progress
def count_to(*, job_id: str, until: int, problem: str = "") -> None:
    for number in range(1, until + 1):
        job_progress(job_id=job_id, percent=100 * number // until, message=f"{number} of {until}")
    if problem == "user":
        raise UserFacingError("Row 3: “abc” is not a number.")
    if problem == "bug":
        raise RuntimeError("internal detail that users should not see")
    job_succeed(
        job_id=job_id, message="done", file_name="result.csv", file_content=b"a;b\r\n1;2\r\n"
    )


def start(owner, **kwargs):
    return job_start(owner=owner, kind="test", title="Counting", task=count_to, **kwargs)


def test_job_runs_after_commit_and_reports_progress(django_capture_on_commit_callbacks):
    owner = make_user()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start(owner, until=4)
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED  # nothing ran before the commit
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.percent == 100 and job.message == "done"
    assert job.task_result_id
    assert job.result_file.read() == b"a;b\r\n1;2\r\n"


def test_user_facing_failure_is_shown_in_plain_words(django_capture_on_commit_callbacks):
    owner = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        job = start(owner, until=3, problem="user")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "Row 3: “abc” is not a number."
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(owner)
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Row 3: “abc” is not a number." in html
    assert 'role="status"' in html and 'max="100"' in html


def test_unexpected_failure_hides_internals_and_gives_a_reference(
    django_capture_on_commit_callbacks,
):
    owner = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        job = start(owner, until=2, problem="bug")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "internal detail" not in job.error
    assert str(job.pk) in job.error and "Nothing was changed" in job.error


def test_progress_fragment_polls_until_done(django_capture_on_commit_callbacks):
    owner = make_user()
    job = start(owner, until=2)  # on_commit not executed: still queued
    client = Client()
    client.force_login(owner)
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'hx-trigger="load delay:1s"' in fragment
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page  # works without JavaScript


def test_only_the_owner_may_follow_a_job():
    district = make_district("12073")
    owner = make_member(district, Role.DISTRICT_ADMIN)
    job = Job.objects.create(owner=owner, district=district, kind="x", title="x")
    stranger = make_member(district, Role.DISTRICT_ADMIN)
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    # The owner loses access with their membership.
    owner.memberships.update(is_active=False)
    client.force_login(owner)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)  # the worker commits and reconnects like in production
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}})
def test_database_worker_runs_queued_jobs(django_capture_on_commit_callbacks):
    owner = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        job = start(owner, until=5)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED  # stored in the database queue
    call_command("worker", batch=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.percent == 100


def test_prune_removes_old_finished_jobs(django_capture_on_commit_callbacks):
    owner = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        job = start(owner, until=1)
    job.refresh_from_db()
    path = job.result_file.path
    assert jobs_prune(before=timezone.now() - timedelta(days=1)) == 0
    assert jobs_prune(before=timezone.now() + timedelta(days=1)) == 1
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not os.path.exists(path)
