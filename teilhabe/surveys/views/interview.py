"""Interviewer mode: staff or volunteers enter answers from paper or the phone.

The interviewer answers page by page like a respondent (same pages, same checks), in
the questionnaire's language of their choice. The response is marked as entered by
staff; for anonymous surveys it is not linked to the interviewer.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability
from teilhabe.surveys import services
from teilhabe.surveys.selectors import draft_get, survey_get_for_user, survey_is_open
from teilhabe.surveys.views.common import crumbs, survey_url
from teilhabe.surveys.views.flow import Flow, handle
from teilhabe.surveys.views.public import language_name


@require_http_methods(["GET", "POST"])
@district_view(Capability.RECORDS_EDIT)
def interview_start(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.RECORDS_EDIT
    )
    version = survey.published_version
    languages = version.reader.languages if version else []
    if request.method == "POST" and version is not None and survey_is_open(survey):
        language = request.POST.get("language", "")
        if language not in languages:
            language = version.reader.source_language
        _draft, token = services.draft_start(
            survey=survey, language=language, entered_by=access.user
        )
        services.interview_audit(access=access, survey=survey)
        return redirect(survey_url("interview_page", access, survey, token=token))
    return render(
        request,
        "surveys/interview_start.html",
        {
            "title": _("Enter answers from paper or the phone"),
            "access": access,
            "survey": survey,
            "open": version is not None and survey_is_open(survey),
            "languages": [(code, language_name(code)) for code in languages],
            "entered": request.GET.get("entered") == "1",
            "breadcrumbs": crumbs(access, survey, (_("Enter answers"), "")),
        },
    )


@require_http_methods(["GET", "POST"])
@district_view(Capability.RECORDS_EDIT)
def interview_page(
    request: HttpRequest, access: DistrictAccess, survey_id: int, token: str
) -> HttpResponse:
    survey = survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.RECORDS_EDIT
    )
    draft = draft_get(survey=survey, token=token)
    start = survey_url("interview", access, survey)
    # Any colleague who may enter answers can continue an entry (the address is its key);
    # respondents' own drafts are not reachable here.
    if draft.completed or draft.entered_by_id is None:
        return redirect(start)
    form = draft.version.reader
    url = survey_url("interview_page", access, survey, token=token)

    def save(answers: dict[str, Any], page: int) -> None:
        services.draft_save(draft=draft, answers=answers, page=page)

    def finish(answers: dict[str, Any]) -> HttpResponse:
        try:
            services.response_submit(draft=draft, answers=answers, settled=True)
        except services.SurveyError as exc:
            messages.error(request, str(exc))
            return redirect(start)
        messages.success(request, _("The answers were stored."))
        return redirect(start + "?entered=1")

    flow = Flow(
        form=form,
        language=draft.language,
        answers=draft.answers,
        page_index=draft.page,
        base_template="surveys/answer/staff_frame.html",
        page_url=lambda page: url,
        media_url=None,
        save=save,
        finish=finish,
        context={
            "title": _("Enter answers"),
            "survey_title": survey.title,
            "staff_csrf": True,
            "staff_note": _("Interviewer mode: you are entering the answers of a respondent."),
            "breadcrumbs": crumbs(access, survey, (_("Enter answers"), "")),
        },
    )
    return handle(request, flow)
