"""Officers' pages: the list of surveys, creating one, its overview and settings,
publishing, waves, access codes, print material, media and links to the monitoring."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from teilhabe.core.pdf import render_pdf
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability
from teilhabe.surveys import services
from teilhabe.surveys.engine.xlsform import write_xlsform
from teilhabe.surveys.forms import (
    CodesForm,
    ImportForm,
    MeasureLinkForm,
    MediaForm,
    SurveyCreateForm,
    SurveySettingsForm,
    WaveForm,
)
from teilhabe.surveys.models import Survey
from teilhabe.surveys.selectors import (
    access_code_counts,
    access_codes_of,
    can_see_surveys,
    measure_link_get,
    media_get,
    survey_get_for_user,
    survey_is_open,
    surveys_for_district,
    versions_of,
    wave_get,
)
from teilhabe.surveys.templates_data import template_definition
from teilhabe.surveys.views.common import crumbs, say, survey_url
from teilhabe.surveys.views.public import language_name, ui_language


@district_view(Capability.DISTRICT_VIEW)
def survey_list(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    return render(
        request,
        "surveys/survey_list.html",
        {
            "title": _("Surveys"),
            "access": access,
            "surveys": surveys_for_district(access=access),
            "can_see": can_see_surveys(access),
            "can_edit": access.can(Capability.PLANNING_EDIT),
            "breadcrumbs": [*crumbs(access)[:-1], (_("Surveys"), "")],
        },
    )


@district_view(Capability.PLANNING_EDIT)
def survey_create(request: HttpRequest, access: DistrictAccess) -> HttpResponse:
    form = SurveyCreateForm(request.POST or None, request.FILES or None)
    import_result = None
    if request.method == "POST" and form.is_valid():
        start = form.cleaned_data["start"]
        title = form.cleaned_data["title"]
        if start == "xlsform":
            outcome = services.questionnaire_import(
                access=access, data=form.cleaned_data["file"].read(), title=title
            )
            if outcome.survey is not None:
                request.session[f"survey-import-{outcome.survey.pk}"] = _notes_for_session(
                    outcome.result
                )
                return redirect(survey_url("imported", access, outcome.survey))
            import_result = outcome.result
        else:
            definition = template_definition(start) if start != "blank" else None
            if definition is not None and not title:
                title = definition["title"]["de"]
            survey = services.survey_create(access=access, title=title, definition=definition)
            messages.success(
                request, _("The survey was created. Adjust the questions, then publish it.")
            )
            return redirect(survey_url("builder", access, survey))
    return render(
        request,
        "surveys/survey_create.html",
        {
            "title": _("New survey"),
            "access": access,
            "form": form,
            "import_errors": _notes(import_result.errors) if import_result else [],
            "breadcrumbs": crumbs(access, None, (_("New survey"), "")),
        },
    )


def _notes(notes: list[Any]) -> list[dict[str, Any]]:
    return [{"row": n.row, "sheet": n.sheet, "text": say(n.message)} for n in notes]


def _notes_for_session(result: Any) -> dict[str, list[dict[str, Any]]]:
    return {"notes": _notes(result.notes), "warnings": _notes(result.warnings)}


@district_view(Capability.PLANNING_EDIT)
def survey_imported(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    report = request.session.get(f"survey-import-{survey.pk}", {"notes": [], "warnings": []})
    return render(
        request,
        "surveys/survey_imported.html",
        {
            "title": _("Questionnaire imported"),
            "access": access,
            "survey": survey,
            "report": report,
            "breadcrumbs": crumbs(access, survey, (_("Import"), "")),
        },
    )


def public_links(request: HttpRequest, survey: Survey) -> list[dict[str, Any]]:
    version = survey.published_version or services.latest_version(survey)
    form = version.reader
    links = []
    for code in form.languages:
        path = reverse(
            "surveys_public:start",
            kwargs={
                "lang": ui_language(code),
                "district": survey.district.slug,
                "slug": survey.slug,
            },
        )
        if code != ui_language(code):
            path += f"?fl={code}"
        links.append(
            {"code": code, "name": language_name(code), "url": request.build_absolute_uri(path)}
        )
    return links


@district_view(Capability.DISTRICT_VIEW)
def survey_detail(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.DISTRICT_VIEW
    )
    latest = services.latest_version(survey)
    form = latest.form
    context = {
        "title": survey.title,
        "access": access,
        "survey": survey,
        "latest": latest,
        "versions": versions_of(survey=survey),
        "waves": survey.waves.all(),
        "current_wave": services.current_wave(survey),
        "is_open": survey_is_open(survey),
        "links": public_links(request, survey),
        "unpublished_changes": survey.published_version_id != latest.pk,
        "problems": [say(p) for p in form.problems()],
        "codes": access_code_counts(survey=survey)
        if survey.access == Survey.Access.CODES
        else None,
        "measure_links": survey.measure_links.all(),
        "translation": form.translation_status(),
        "language_names": {code: language_name(code) for code in form.languages},
        "can_edit": access.can(Capability.PLANNING_EDIT),
        "can_results": access.can(Capability.AGGREGATES_VIEW),
        "can_export": access.can(Capability.MICRODATA_EXPORT),
        "can_interview": access.can(Capability.RECORDS_EDIT),
        "response_count": survey.responses.count(),
        "wave_form": WaveForm(),
        "breadcrumbs": [*crumbs(access, survey)[:-1], (survey.title, "")],
    }
    return render(request, "surveys/survey_detail.html", context)


@district_view(Capability.PLANNING_EDIT)
def survey_settings(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    questionnaire = services.latest_version(survey).reader
    form = SurveySettingsForm(request.POST or None, instance=survey, form=questionnaire)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        fresh = Survey.objects.get(pk=survey.pk)
        try:
            services.survey_update(access=access, survey=fresh, changes=fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect(survey_url("detail", access, survey))
    return render(
        request,
        "surveys/survey_settings.html",
        {
            "title": _("Settings"),
            "access": access,
            "survey": survey,
            "form": form,
            "breadcrumbs": crumbs(access, survey, (_("Settings"), "")),
        },
    )


@require_POST
@district_view(Capability.PLANNING_EDIT)
def survey_publish(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    problems = services.survey_publish(access=access, survey=survey)
    if problems:
        for problem in problems[:10]:
            messages.error(request, say(problem))
    else:
        messages.success(
            request, _("The questionnaire is published. Respondents now get this version.")
        )
    return redirect(survey_url("detail", access, survey))


@require_POST
@district_view(Capability.PLANNING_EDIT)
def survey_delete(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    try:
        services.survey_delete(access=access, survey=survey)
    except services.SurveyError as exc:
        messages.error(request, str(exc))
        return redirect(survey_url("detail", access, survey))
    messages.success(request, _("The survey was deleted."))
    return redirect("surveys:list", district=access.district.slug)


@district_view(Capability.PLANNING_EDIT)
def wave_create(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    return _wave_form(request, access, survey, None)


@district_view(Capability.PLANNING_EDIT)
def wave_edit(
    request: HttpRequest, access: DistrictAccess, survey_id: int, wave_id: int
) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    return _wave_form(request, access, survey, wave_get(survey=survey, wave_id=wave_id))


def _wave_form(
    request: HttpRequest, access: DistrictAccess, survey: Survey, wave: Any
) -> HttpResponse:
    form = WaveForm(request.POST or None, instance=wave)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if wave is None:
                services.wave_create(
                    access=access,
                    survey=survey,
                    name=data["name"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                )
            else:
                services.wave_update(
                    access=access,
                    wave=wave,
                    name=data["name"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The wave was saved."))
            return redirect(survey_url("detail", access, survey))
    title = _("New wave") if wave is None else _("Change the wave")
    return render(
        request,
        "surveys/wave_form.html",
        {
            "title": title,
            "access": access,
            "survey": survey,
            "form": form,
            "breadcrumbs": crumbs(access, survey, (title, "")),
        },
    )


@district_view(Capability.PLANNING_EDIT)
def access_codes(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.access_codes_create(
                access=access, survey=survey, count=form.cleaned_data["count"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(n)d codes were created.") % {"n": len(created)})
            return redirect(survey_url("codes", access, survey))
    return render(
        request,
        "surveys/access_codes.html",
        {
            "title": _("Access codes"),
            "access": access,
            "survey": survey,
            "form": form,
            "counts": access_code_counts(survey=survey),
            "breadcrumbs": crumbs(access, survey, (_("Access codes"), "")),
        },
    )


def qr_svg(url: str, *, scale: int = 4) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=scale, omitsize=False, title=url))


def _start_url(request: HttpRequest, survey: Survey, lang: str) -> str:
    return request.build_absolute_uri(
        reverse(
            "surveys_public:start",
            kwargs={
                "lang": ui_language(lang),
                "district": survey.district.slug,
                "slug": survey.slug,
            },
        )
    )


@district_view(Capability.PLANNING_EDIT)
def access_code_letters(
    request: HttpRequest, access: DistrictAccess, survey_id: int
) -> HttpResponse:
    """Printable letters, one per unused code (A4, one page each)."""
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    batch = request.GET.get("batch", "")
    codes = list(
        access_codes_of(survey=survey, batch=int(batch) if batch.isdigit() else None)[:2000]
    )
    form = (survey.published_version or services.latest_version(survey)).reader
    url = _start_url(request, survey, "de")
    languages = list(form.languages)[:6]
    calls = _calls_to_action(languages)
    letters = [{"code": c.code, "qr": qr_svg(f"{url}?code={c.code}", scale=3)} for c in codes]
    pdf = render_pdf(
        "surveys/pdf/letters.html",
        {
            "title": survey.title,
            "survey": survey,
            "letters": letters,
            "url": url,
            "calls": calls,
            "district": access.district,
        },
        language="de",
    )
    return _pdf_response(pdf, f"zugangscodes-{survey.slug}.pdf")


def _calls_to_action(languages: list[str]) -> list[dict[str, Any]]:
    calls = []
    for code in languages:
        base = ui_language(code)
        with translation.override(base):
            calls.append(
                {
                    "lang": base,
                    "rtl": base in ("ar", "fa", "prs"),
                    "name": language_name(code),
                    "text": pgettext(
                        "public",
                        "Your opinion counts! Scan the code and answer the questions in your language.",
                    ),
                    "anonymous": pgettext("public", "Anonymous, voluntary, about 10 minutes."),
                }
            )
    return calls


def _pdf_response(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _print_material(
    request: HttpRequest, access: DistrictAccess, survey_id: int, size: str
) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    form = (survey.published_version or services.latest_version(survey)).reader
    lang = request.GET.get("lang", "de")
    if lang not in form.languages:
        lang = form.source_language
    url = _start_url(request, survey, lang)
    limit = 11 if size == "a4" else 5
    ordered = [lang] + [c for c in form.languages if c != lang]
    pdf = render_pdf(
        "surveys/pdf/poster.html",
        {
            "title": form.title(lang) or survey.title,
            "titles": [(form.title(c), ui_language(c)) for c in ordered[:limit] if form.title(c)],
            "survey": survey,
            "qr": qr_svg(url, scale=8 if size == "a4" else 5),
            "url": url,
            "calls": _calls_to_action(ordered[:limit]),
            "size": size,
            "district": access.district,
            "wave": services.current_wave(survey),
        },
        language=ui_language(lang),
    )
    return _pdf_response(pdf, f"{'plakat' if size == 'a4' else 'flyer'}-{survey.slug}.pdf")


@district_view(Capability.PLANNING_EDIT)
def poster(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    return _print_material(request, access, survey_id, "a4")


@district_view(Capability.PLANNING_EDIT)
def flyer(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    return _print_material(request, access, survey_id, "a6")


@district_view(Capability.PLANNING_EDIT)
def qr_code(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    url = _start_url(request, survey, request.GET.get("lang", "de"))
    buffer_svg = segno.make(url, error="m").svg_inline(scale=10, title=url)
    response = HttpResponse(buffer_svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="qr-{survey.slug}.svg"'
    return response


@district_view(Capability.PLANNING_EDIT)
def media_list(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    form = MediaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            media = services.media_upload(
                access=access, survey=survey, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(
                request,
                _("%(name)s was uploaded. Attach it to a question in the builder.")
                % {"name": media.name},
            )
            return redirect(survey_url("media", access, survey))
    questionnaire = services.latest_version(survey).reader
    used = {
        name
        for element, _p in questionnaire.walk()
        for files in (element.get("media") or {}).values()
        for name in files.values()
    } | {
        name
        for choices in questionnaire.choice_lists.values()
        for choice in choices
        for files in (choice.get("media") or {}).values()
        for name in files.values()
    }
    files = list(survey.media.all())
    present = {m.name for m in files}
    return render(
        request,
        "surveys/media_list.html",
        {
            "title": _("Pictures and sounds"),
            "access": access,
            "survey": survey,
            "form": form,
            "files": files,
            "used": used,
            "missing": sorted(used - present),
            "breadcrumbs": crumbs(access, survey, (_("Pictures and sounds"), "")),
        },
    )


@district_view(Capability.PLANNING_EDIT)
def media_file(
    request: HttpRequest, access: DistrictAccess, survey_id: int, media_id: int
) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    media = media_get(survey=survey, media_id=media_id)
    try:
        with media.file.open("rb") as handle:
            data = handle.read()  # at most 5 MB (checked on upload)
    except FileNotFoundError:
        raise Http404 from None
    return HttpResponse(data, content_type=media.content_type)


@district_view(Capability.PLANNING_EDIT)
def measure_links(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    from teilhabe.surveys.measures import monitoring_available

    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    questionnaire = services.latest_version(survey).reader
    question = request.POST.get("question") or request.GET.get("question", "")
    form = MeasureLinkForm(request.POST or None, form=questionnaire, question=question)
    if request.method == "POST" and form.is_valid() and request.POST.get("step") == "save":
        data = form.cleaned_data
        try:
            services.measure_link_create(
                access=access,
                survey=survey,
                measure_key=data["measure_key"],
                measure_label=data["measure_label"],
                question=data["question"],
                counted_choices=data["counted_choices"],
                per_gemeinde=data["per_gemeinde"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The question now feeds the measure."))
            return redirect(survey_url("measures", access, survey))
    return render(
        request,
        "surveys/measure_links.html",
        {
            "title": _("Monitoring measures"),
            "access": access,
            "survey": survey,
            "form": form,
            "links": survey.measure_links.all(),
            "monitoring_available": monitoring_available(),
            "breadcrumbs": crumbs(access, survey, (_("Monitoring measures"), "")),
        },
    )


@require_POST
@district_view(Capability.PLANNING_EDIT)
def measure_link_delete(
    request: HttpRequest, access: DistrictAccess, survey_id: int, link_id: int
) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    services.measure_link_delete(
        access=access, link=measure_link_get(survey=survey, link_id=link_id)
    )
    messages.success(request, _("The link was removed."))
    return redirect(survey_url("measures", access, survey))


@district_view(Capability.PLANNING_EDIT)
def xlsform_download(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    version = services.latest_version(survey)
    data = write_xlsform(version.reader)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{survey.slug}-v{version.number}.xlsx"'
    return response


@district_view(Capability.PLANNING_EDIT)
def xlsform_import(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            outcome = services.questionnaire_import(
                access=access, data=form.cleaned_data["file"].read(), survey=survey
            )
        if outcome.survey is not None:
            request.session[f"survey-import-{survey.pk}"] = _notes_for_session(outcome.result)
            return redirect(survey_url("imported", access, survey))
        errors = _notes(outcome.result.errors)
    return render(
        request,
        "surveys/xlsform_import.html",
        {
            "title": _("Replace the questionnaire with an XLSForm"),
            "access": access,
            "survey": survey,
            "form": form,
            "import_errors": errors,
            "has_answers": survey.responses.exists(),
            "breadcrumbs": crumbs(access, survey, (_("Import"), "")),
        },
    )
