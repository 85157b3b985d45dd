"""Results: responses over time, every question, cross-tabs, waves compared, exports.

Everything shown here has passed the small-group protection in
:mod:`teilhabe.surveys.results`; a selection of respondents that is too small (or that
leaves too few outside it) is refused with an explanation."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.audit.services import audit_record
from teilhabe.core.exports import csv_bytes
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability
from teilhabe.jobs.services import job_start
from teilhabe.surveys import results
from teilhabe.surveys.dataset import analysis_form, dataset_for
from teilhabe.surveys.engine import form as engine
from teilhabe.surveys.forms import ExportForm
from teilhabe.surveys.models import Survey
from teilhabe.surveys.selectors import survey_get_for_user
from teilhabe.surveys.tasks import survey_export
from teilhabe.surveys.views.common import crumbs, survey_url
from teilhabe.surveys.views.public import language_name


def _selection_context(
    request: HttpRequest, survey: Survey, dataset: Any, form: engine.Form, language: str
) -> dict[str, Any]:
    waves = list(survey.waves.values_list("pk", "name"))
    chosen_waves = [
        int(w) for w in request.GET.getlist("wave") if w.isdigit() and int(w) in dict(waves)
    ]
    raw = [v for v in request.GET.getlist("f") if v][:3]
    conditions = results.parse_conditions(raw, dataset)
    selection = results.select(
        dataset, conditions=conditions, waves=chosen_waves, k=survey.min_group_size
    )
    return {
        "selection": selection,
        "wave_options": waves,
        "chosen_waves": chosen_waves,
        "filter_options": results.filter_options(form, language),
        "chosen_filters": [f"{c.column}:{c.value}" for c in conditions],
        "filter_slots": [
            ([f"{c.column}:{c.value}" for c in conditions] + ["", "", ""])[i] for i in range(3)
        ],
        "k": survey.min_group_size,
        "query": request.GET.urlencode(),
    }


def _language(request: HttpRequest, form: engine.Form) -> str:
    wanted = request.GET.get("lang", "")
    if wanted in form.languages:
        return wanted
    from django.utils.translation import get_language

    current = get_language() or "de"
    return current if current in form.languages else form.source_language


@district_view(Capability.AGGREGATES_VIEW)
def survey_results(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.AGGREGATES_VIEW
    )
    form = analysis_form(survey)
    language = _language(request, form)
    with dataset_for(survey, form) as dataset:
        context = _selection_context(request, survey, dataset, form, language)
        selection = context["selection"]
        sections: list[results.QuestionResult] = []
        timeline = None
        if selection.size and not selection.refused and selection.total >= survey.min_group_size:
            timeline = results.over_time(dataset, selection, k=survey.min_group_size)
            for question in form.questions(include_repeats=True):
                if question["type"] == engine.CALCULATE and not question.get("list"):
                    continue
                inside = form.repeat_of(question["name"]) is not None
                describe = results.repeat_question_result if inside else results.question_result
                sections.append(
                    describe(
                        dataset,
                        form,
                        question["name"],
                        selection,
                        k=survey.min_group_size,
                        language=language,
                    )
                )
            sections = results.group_matrices(sections, form, language)
    return render(
        request,
        "surveys/results.html",
        {
            **context,
            "title": _("Results"),
            "access": access,
            "survey": survey,
            "sections": sections,
            "timeline": timeline,
            "language": language,
            "languages": [(c, language_name(c)) for c in form.languages],
            "too_few_overall": selection.total < survey.min_group_size,
            "breadcrumbs": crumbs(access, survey, (_("Results"), "")),
        },
    )


def _crosstab_choices(form: engine.Form, language: str) -> list[tuple[str, str]]:
    return [
        (q["name"], f"{form.label(q, language)} ({q['name']})")
        for q in form.questions()
        if q["type"] in engine.CHOICE_TYPES or q["type"] == engine.RANGE
    ]


@district_view(Capability.AGGREGATES_VIEW)
def survey_crosstab(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.AGGREGATES_VIEW
    )
    form = analysis_form(survey)
    language = _language(request, form)
    options = _crosstab_choices(form, language)
    names = {name for name, _label in options}
    row = request.GET.get("row", "")
    col = request.GET.get("col", "")
    mode = request.GET.get("pct", "count")
    mode = mode if mode in {"count", "row", "col", "total"} else "count"
    table = None
    problem = ""
    with dataset_for(survey, form) as dataset:
        context = _selection_context(request, survey, dataset, form, language)
        selection = context["selection"]
        if row and col:
            valid_col = col in names or col == "wave"
            if row not in names or not valid_col:
                problem = _("Choose two questions with answers to choose from.")
            elif row == col:
                problem = _("Choose two different questions.")
            elif not selection.refused and selection.size >= survey.min_group_size:
                table = results.crosstab(
                    dataset,
                    form,
                    row,
                    col,
                    selection,
                    k=survey.min_group_size,
                    language=language,
                    mode=mode,
                    wave_names=dict(survey.waves.values_list("pk", "name")),
                )
    if table is not None and request.GET.get("format") == "csv":
        return _crosstab_csv(access, survey, table)
    return render(
        request,
        "surveys/crosstab.html",
        {
            **context,
            "title": _("Cross-tabulation"),
            "access": access,
            "survey": survey,
            "options": options,
            "row": row,
            "col": col,
            "mode": mode,
            "table": table,
            "grid": table.grid() if table else [],
            "problem": problem,
            "language": language,
            "breadcrumbs": crumbs(
                access,
                survey,
                (_("Results"), survey_url("results", access, survey)),
                (_("Cross-tabulation"), ""),
            ),
        },
    )


def _crosstab_csv(access: DistrictAccess, survey: Survey, table: results.CrossTab) -> HttpResponse:
    header = [table.row_label] + [label for _c, label in table.cols] + [_("Total")]
    rows = []
    for line in table.grid():
        rows.append(
            [line["label"]]
            + [("." if cell["count"] is None else cell["count"]) for cell in line["cells"]]
            + ["." if line["total"] is None else line["total"]]
        )
    rows.append(
        [_("Total")]
        + ["." if t is None else t for t in table.col_totals]
        + ["." if table.total is None else table.total]
    )
    audit_record(
        actor=access.user,
        action="surveys.crosstab_export",
        district_id=access.district.pk,
        obj=survey,
    )
    response = HttpResponse(
        csv_bytes(header, rows)
        + "\r\n".join(["", _("'.' = hidden to protect small groups")]).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="kreuztabelle-{survey.slug}.csv"'
    return response


@district_view(Capability.AGGREGATES_VIEW)
def survey_waves(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    """One question, wave by wave."""
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.AGGREGATES_VIEW
    )
    form = analysis_form(survey)
    language = _language(request, form)
    options = _crosstab_choices(form, language)
    question = request.GET.get("q", "")
    table = None
    with dataset_for(survey, form) as dataset:
        context = _selection_context(request, survey, dataset, form, language)
        selection = context["selection"]
        if (
            question in {name for name, _l in options}
            and not selection.refused
            and selection.size >= survey.min_group_size
        ):
            table = results.crosstab(
                dataset,
                form,
                question,
                "wave",
                selection,
                k=survey.min_group_size,
                language=language,
                mode="col",
                wave_names=dict(survey.waves.values_list("pk", "name")),
            )
    return render(
        request,
        "surveys/waves.html",
        {
            **context,
            "title": _("Waves compared"),
            "access": access,
            "survey": survey,
            "options": options,
            "question": question,
            "table": table,
            "grid": table.grid() if table else [],
            "breadcrumbs": crumbs(
                access,
                survey,
                (_("Results"), survey_url("results", access, survey)),
                (_("Waves compared"), ""),
            ),
        },
    )


@district_view(Capability.MICRODATA_EXPORT)
def export_page(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.MICRODATA_EXPORT
    )
    form = analysis_form(survey)
    export_form = ExportForm(
        languages=[(c, language_name(c)) for c in form.languages],
        initial={"language": form.source_language},
    )
    return render(
        request,
        "surveys/export.html",
        {
            "title": _("Export the responses"),
            "access": access,
            "survey": survey,
            "form": export_form,
            "count": survey.responses.count(),
            "breadcrumbs": crumbs(access, survey, (_("Export"), "")),
        },
    )


@require_POST
@district_view(Capability.MICRODATA_EXPORT)
def export_start(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.MICRODATA_EXPORT
    )
    form = analysis_form(survey)
    export_form = ExportForm(
        request.POST, languages=[(c, language_name(c)) for c in form.languages]
    )
    if not export_form.is_valid():
        return render(
            request,
            "surveys/export.html",
            {
                "title": _("Export the responses"),
                "access": access,
                "survey": survey,
                "form": export_form,
                "count": survey.responses.count(),
            },
            status=400,
        )
    data = export_form.cleaned_data
    with transaction.atomic():
        job = job_start(
            owner=access.user,
            kind="surveys.export",
            title=_("Export of “%(title)s”") % {"title": survey.title},
            task=survey_export,
            district=access.district,
            survey_id=survey.pk,
            file_format=data["format"],
            values=data["values"],
            language=data["language"],
        )
        audit_record(
            actor=access.user,
            action="surveys.export",
            district_id=access.district.pk,
            obj=survey,
            changes={
                "format": data["format"],
                "values": data["values"],
                "language": data["language"],
            },
        )
    return redirect("jobs:detail", job_id=job.pk)
