"""Background work of the directory (Django's Tasks API, with the progress bar)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from teilhabe.accounts.models import User
from teilhabe.directory.models import ImportUpload
from teilhabe.districts.roles import Capability
from teilhabe.districts.selectors import district_get_for_user
from teilhabe.jobs.services import UserFacingError, job_progress, job_succeed, reports_progress


@task()
@reports_progress
def import_apply_task(
    *, job_id: str, upload_id: int, user_id: int, decisions: dict[str, str], publish: bool
) -> None:
    from django.core.exceptions import ValidationError

    from teilhabe.directory.services.imports import upload_apply

    user = User.objects.get(pk=user_id)
    upload = ImportUpload.objects.select_related("district").get(pk=upload_id)
    # Permissions are checked again when the task runs.
    access = district_get_for_user(
        user=user, slug=upload.district.slug, capability=Capability.DIRECTORY_EDIT
    )
    job_progress(
        job_id=job_id, percent=10, message=_("Importing %(n)s rows") % {"n": len(upload.rows)}
    )
    try:
        counts = upload_apply(
            access=access,
            upload=upload,
            decisions={int(k): v for k, v in decisions.items()},
            publish=publish,
        )
    except ValidationError as exc:
        raise UserFacingError(
            _("Nothing was imported. %(error)s") % {"error": " ".join(exc.messages)}
        ) from None
    job_succeed(
        job_id=job_id,
        message=_("%(created)s organisations created, %(merged)s merged, %(skipped)s skipped.")
        % counts,
        result_url=reverse("directory:home", kwargs={"district": upload.district.slug}),
        result_label=_("Open the directory"),
    )


@task()
@reports_progress
def hsds_export_task(*, job_id: str, district_id: int, user_id: int, fmt: str) -> None:
    import tempfile

    from django.core.files import File

    from teilhabe.directory.hsds import write_json, write_zip
    from teilhabe.districts.models import District

    user = User.objects.get(pk=user_id)
    district = District.objects.get(pk=district_id)
    access = district_get_for_user(
        user=user, slug=district.slug, capability=Capability.DIRECTORY_EDIT
    )
    job_progress(job_id=job_id, percent=5, message=_("Collecting the entries"))

    def progress(section: str, done: int, total: int) -> None:
        job_progress(
            job_id=job_id,
            percent=5 + 90 * done // max(1, total),
            message=_("%(done)s of %(total)s entries written") % {"done": done, "total": total},
        )

    # Written batch by batch to a temporary file: memory stays flat for any size.
    with tempfile.TemporaryFile() as out:
        if fmt == "zip":
            write_zip(district=access.district, out=out, progress=progress)
            name = f"hsds-{district.slug}.zip"
        else:
            write_json(district=access.district, out=out, progress=progress)
            name = f"hsds-{district.slug}.json"
        out.seek(0)
        job_succeed(
            job_id=job_id,
            message=_("The export is ready."),
            file_name=name,
            file_content=File(out),
            result_url=reverse("jobs:download", kwargs={"job_id": job_id}),
            result_label=_("Download"),
        )
