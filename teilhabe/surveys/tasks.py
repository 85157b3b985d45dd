"""Background work of the surveys module: exports of the responses."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
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
from teilhabe.surveys.engine import form as engine
from teilhabe.surveys.engine.form import Form
from teilhabe.surveys.models import Response
from teilhabe.surveys.selectors import survey_get_for_user

SUFFIX = {"csv": "csv", "xlsx": "xlsx", "sav": "sav"}


def _repeat_rows(
    form: Form, survey_id: int, language: str, values: str
) -> list[tuple[str, list[str], Iterator[list[Any]]]]:
    """One table per repeated block: the response, the instance number, its answers."""
    tables = []
    for element, _parent in form.walk():
        if element["type"] != engine.REPEAT:
            continue
        children = [
            c
            for c, _p in form.walk(element.get("children", []))
            if c["type"] in (*engine.INPUT_TYPES, engine.CALCULATE)
        ]
        header = ["response", "instance", *[c["name"] for c in children]]

        def rows(
            element: dict[str, Any] = element, children: list[dict[str, Any]] = children
        ) -> Iterator[list[Any]]:
            chunk: list[list[Any]] = []
            queryset = (
                Response.objects.filter(survey_id=survey_id)
                .order_by("id")
                .values_list("id", "answers")
            )
            for pk, answers in queryset.iterator(chunk_size=2000):
                for index, instance in enumerate(answers.get(element["name"]) or [], start=1):
                    line: list[Any] = [pk, index]
                    for child in children:
                        value = instance.get(child["name"])
                        if isinstance(value, list):
                            value = " ".join(value)
                        elif values == "labels" and child["type"] == engine.SELECT_ONE and value:
                            value = form.choice_label(child["name"], str(value), language)
                        line.append(value)
                    chunk.append(line)
                if len(chunk) >= 2000:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        tables.append((element["name"][:31], header, rows()))
    return tables


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
    name = f"{survey.slug}-{stamp}.{SUFFIX[file_format]}"
    with tempfile.TemporaryDirectory() as folder, dataset_for(survey, form) as dataset:
        path = Path(folder) / name
        columns = exports.columns_for(
            form,
            dataset,
            language=language,
            values=values,
            waves=waves,
            versions=version_numbers(survey),
            spss=file_format == "sav",
        )
        if file_format == "csv":
            count = exports.write_csv(path, dataset, columns, progress)
        elif file_format == "xlsx":
            count = exports.write_xlsx(
                path,
                dataset,
                columns,
                progress,
                repeats=_repeat_rows(form, survey.pk, language, values),
                notes=notes,
            )
        else:
            count = exports.write_sav(path, dataset, columns, title=survey.title, notes=notes)
        done = job_succeed(
            job_id=job_id,
            message=_("%(n)d responses exported.") % {"n": count},
            result_url=reverse("jobs:download", kwargs={"job_id": job.pk}),
            result_label=_("Download"),
        )
        with path.open("rb") as handle:
            done.result_file.save(name, File(handle), save=True)
