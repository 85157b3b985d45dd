"""Background work of the surveys module: exports of the responses."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.core.files import File
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from teilhabe.districts.roles import Capability
from teilhabe.districts.selectors import district_get_for_user
from teilhabe.jobs.models import Job
from teilhabe.jobs.services import UserFacingError, job_progress, job_succeed, reports_progress
from teilhabe.surveys import exports
from teilhabe.surveys.dataset import analysis_form, dataset_for, version_numbers
from teilhabe.surveys.selectors import survey_get_for_user

SUFFIX = {"csv": "csv", "xlsx": "xlsx", "sav": "sav"}


@task()
@reports_progress
def survey_export(
    *, job_id: str, survey_id: int, file_format: str, values: str, language: str
) -> None:
    job = Job.objects.select_related("owner", "district").get(pk=job_id)
    # The permission is checked again: it may have been withdrawn since the job was queued.
    access = district_get_for_user(
        user=job.owner,
        slug=job.district.slug if job.district else "",
        capability=Capability.MICRODATA_EXPORT,
    )
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.MICRODATA_EXPORT
    )
    if file_format not in SUFFIX:
        raise UserFacingError(_("Unknown export format."))
    form = analysis_form(survey)
    total = survey.responses.count()
    if not total:
        raise UserFacingError(_("The survey has no responses yet."))
    job_progress(job_id=job_id, percent=5, message=_("Preparing the responses"))
    waves = dict(survey.waves.values_list("pk", "name"))
    notes = [
        f"{survey.title} – {timezone.localdate().isoformat()}",
        _("One row per response. Multiple choice: one column per answer (1 = chosen)."),
    ]
    if survey.anonymous:
        notes.append(
            _("Anonymous survey: no names, no IP addresses, only the day of each response.")
        )

    def progress(done: int) -> None:
        job_progress(
            job_id=job_id,
            percent=10 + int(85 * done / total),
            message=_("%(n)d of %(total)d responses written") % {"n": done, "total": total},
        )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    with tempfile.TemporaryDirectory() as folder, dataset_for(survey, form) as dataset:
        options: dict[str, Any] = {
            "language": language,
            "values": values,
            "waves": waves,
            "versions": version_numbers(survey),
            "spss": file_format == "sav",
        }
        columns = exports.columns_for(form, dataset, **options)
        repeats = [
            (repeat, exports.columns_for(form, dataset, repeat=repeat, **options))
            for repeat in exports.repeats_of(form, dataset)
        ]
        if repeats:
            notes.append(
                _(
                    "Repeated blocks (%(names)s): one row per entry in a table of their own, "
                    "linked to the response by its number."
                )
                % {"names": ", ".join(name for name, _c in repeats)}
            )
        base = f"{survey.slug}-{stamp}"
        if file_format == "xlsx":
            name = f"{base}.xlsx"
            path = Path(folder) / name
            count = exports.write_xlsx(
                path, dataset, columns, progress, repeats=repeats, notes=notes
            )
        else:
            # CSV and SPSS hold one table per file: with repeated blocks, a ZIP archive
            # of the responses and one file per block (long format).
            files: list[Path] = []
            suffix = SUFFIX[file_format]
            for repeat, table_columns in [("", columns), *repeats]:
                part = Path(folder) / f"{base}{'-' + repeat if repeat else ''}.{suffix}"
                if file_format == "csv":
                    written = exports.write_csv(part, dataset, table_columns, progress, repeat)
                else:
                    written = exports.write_sav(
                        part, dataset, table_columns, title=survey.title, notes=notes, repeat=repeat
                    )
                if not repeat:
                    count = written
                files.append(part)
            if len(files) == 1:
                name, path = files[0].name, files[0]
            else:
                name = f"{base}-{suffix}.zip"
                path = Path(folder) / name
                with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                    for part in files:
                        archive.write(part, part.name)
        done = job_succeed(
            job_id=job_id,
            message=_("%(n)d responses exported.") % {"n": count},
            result_url=reverse("jobs:download", kwargs={"job_id": job.pk}),
            result_label=_("Download"),
        )
        with path.open("rb") as handle:
            done.result_file.save(name, File(handle), save=True)
