"""The respondent's side: public answer pages (no sign-in, no cookies, no JavaScript).

The private link ``…/r/<token>/`` is the only key to a respondent's answers in
progress, so the pages need no session and set no cookie; that is also why they do
not use a CSRF cookie (the token in the address is the secret a forged request would
need). Anonymous surveys record nothing about the visitor: no IP address, no browser
details, only the day.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language_info, pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from teilhabe.core.lang import public_languages
from teilhabe.public.decorators import public_view
from teilhabe.public.selectors import public_district_get
from teilhabe.public.views import public_context
from teilhabe.surveys import services, spam
from teilhabe.surveys.answering import language_attributes
from teilhabe.surveys.engine.form import Form
from teilhabe.surveys.models import Survey
from teilhabe.surveys.selectors import (
    draft_get,
    public_draft_get,
    public_media_get,
    public_survey_get,
    public_surveys_open,
    survey_is_open,
)
from teilhabe.surveys.views.flow import Flow, handle

#: Names of questionnaire languages that Django does not know.
EXTRA_NAMES = {"de-ls": "Leichte Sprache"}


def language_name(code: str) -> str:
    if code in EXTRA_NAMES:
        return EXTRA_NAMES[code]
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


def ui_language(code: str) -> str:
    """The public page language for a questionnaire language (Leichte Sprache → de)."""
    base = "de" if code == "de-ls" else code
    return base if base in public_languages() else settings.LANGUAGE_CODE


def form_language(form: Form, lang: str, requested: str = "", current: str = "") -> str:
    """Which language of the questionnaire to show on a page in ``lang``."""
    if requested in form.languages and ui_language(requested) == lang:
        return requested
    if current in form.languages and ui_language(current) == lang:
        return current
    if lang in form.languages:
        return lang
    return form.source_language


def unreviewed_note(form: Form, language: str) -> str:
    if language in form.data.get("reviewed", []) or language == form.source_language:
        return ""
    return pgettext(
        "public",
        "This questionnaire was translated by a machine and has not yet been checked by a person.",
    )


def language_links(form: Form, url_for: Any, current: str) -> list[dict[str, Any]]:
    links = []
    for code in form.languages:
        attrs = language_attributes(code)
        links.append(
            {
                "code": code,
                "name": language_name(code),
                "url": f"{url_for(ui_language(code))}?fl={code}",
                "current": code == current,
                **attrs,
            }
        )
    return links


def _frame(
    request: HttpRequest, lang: str, survey: Survey, form: Form, language: str
) -> dict[str, Any]:
    return {
        **public_context(request, lang),
        "title": form.title(language) or survey.title,
        "survey_title": form.title(language) or survey.title,
        "survey": survey,
        "form_language": language_attributes(language),
        "unreviewed": unreviewed_note(form, language),
        # The questionnaire's own note replaces the frame's general machine-translation note.
        "machine_translated": False,
    }


@public_view
def survey_index(request: HttpRequest, lang: str, district: str) -> HttpResponse:
    tenant = public_district_get(slug=district)
    surveys = []
    for survey in public_surveys_open(district=tenant):
        form = survey.published_version.reader if survey.published_version else None
        if form is None:
            continue
        language = form_language(form, lang)
        surveys.append(
            {
                "title": form.title(language) or survey.title,
                "url": reverse(
                    "surveys_public:start",
                    kwargs={"lang": lang, "district": district, "slug": survey.slug},
                ),
                "attrs": language_attributes(language),
                "code_needed": survey.access == Survey.Access.CODES,
            }
        )
    return render(
        request,
        "surveys/public/index.html",
        {
            **public_context(request, lang),
            "title": pgettext("public", "Surveys"),
            "district": tenant,
            "surveys": surveys,
            "district_url": reverse("public:district", kwargs={"lang": lang, "district": district}),
        },
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
@public_view
def survey_start(request: HttpRequest, lang: str, district: str, slug: str) -> HttpResponse:
    survey = public_survey_get(district_slug=district, slug=slug)
    version = survey.published_version
    assert version is not None  # noqa: S101 - public_survey_get only returns published surveys
    form = version.reader
    language = form_language(form, lang, request.GET.get("fl", "") or request.POST.get("fl", ""))
    frame = _frame(request, lang, survey, form, language)

    def url_for(code: str) -> str:
        return reverse(
            "surveys_public:start", kwargs={"lang": code, "district": district, "slug": slug}
        )

    errors: dict[str, str] = {}
    code = request.GET.get("code", "").strip()[:20]  # letters carry it in their QR code
    if request.method == "POST" and survey_is_open(survey):
        code = request.POST.get("code", "").strip()[:20]
        if request.POST.get("consent") != "yes":
            errors["consent"] = pgettext("public", "Please agree before you start.")
        if survey.access == Survey.Access.CODES and not code:
            errors["code"] = pgettext("public", "Please enter the code from your letter.")
        # Open surveys: a honeypot and a limit of starts per address (spam.py).
        if (
            not errors
            and survey.access == Survey.Access.OPEN
            and (spam.looks_automated(request) or not spam.start_allowed(request))
        ):
            errors["limit"] = pgettext(
                "public",
                "Many answers were started from your connection just now. "
                "Please try again in a few minutes.",
            )
        if not errors:
            try:
                draft, token = services.draft_start(survey=survey, language=language, code=code)
            except services.CodeRefusedError:
                errors["code"] = pgettext(
                    "public", "This code is not valid or has been used already."
                )
            else:
                services.draft_save(draft=draft, answers=draft.answers, page=0, consented=True)
                return redirect(_page_url(lang, district, slug, token, language))
    return render(
        request,
        "surveys/public/start.html",
        {
            **frame,
            "open": survey_is_open(survey),
            "intro": form.text(form.data, "intro", language),
            "consent": form.text(form.data, "consent", language),
            "language_links": language_links(form, url_for, language),
            "fl": language,
            "errors": errors,
            "code": code,
            "needs_code": survey.access == Survey.Access.CODES,
            "honeypot": spam.HONEYPOT if survey.access == Survey.Access.OPEN else "",
            "anonymous": survey.anonymous,
            "district_name": survey.district.name,
        },
    )


def _page_url(
    lang: str, district: str, slug: str, token: str, language: str = "", page: int | None = None
) -> str:
    url = reverse(
        "surveys_public:page",
        kwargs={"lang": lang, "district": district, "slug": slug, "token": token},
    )
    query = []
    if language and language != lang:
        query.append(f"fl={language}")
    if page is not None:
        query.append(f"p={page}")
    return url + ("?" + "&".join(query) if query else "")


def _media_url(lang: str, district: str, slug: str) -> Any:
    def url(name: str) -> str:
        return reverse(
            "surveys_public:media",
            kwargs={"lang": lang, "district": district, "slug": slug, "name": name},
        )

    return url


@csrf_exempt
@require_http_methods(["GET", "POST"])
@public_view
def survey_page(
    request: HttpRequest, lang: str, district: str, slug: str, token: str
) -> HttpResponse:
    # One query finds the draft, its survey, district, version and the open wave; the
    # questionnaire itself is parsed once per process (QuestionnaireVersion.reader).
    draft = public_draft_get(district_slug=district, slug=slug, token=token)
    survey = draft.survey
    done_url = reverse(
        "surveys_public:done",
        kwargs={"lang": lang, "district": district, "slug": slug, "token": token},
    )
    if draft.completed:
        return redirect(done_url)
    form = draft.version.reader
    language = form_language(form, lang, request.GET.get("fl", ""), draft.language)
    if language != draft.language:
        services.draft_save(draft=draft, answers=draft.answers, page=draft.page, language=language)
    wave_id = draft.open_wave_id  # type: ignore[attr-defined]  # annotated by the gate
    if wave_id is None:
        return render(
            request, "surveys/public/closed.html", _frame(request, lang, survey, form, language)
        )

    def url_for(code: str) -> str:
        return reverse(
            "surveys_public:page",
            kwargs={"lang": code, "district": district, "slug": slug, "token": token},
        )

    def save(answers: dict[str, Any], page: int) -> None:
        services.draft_save(draft=draft, answers=answers, page=page)

    def finish(answers: dict[str, Any]) -> HttpResponse:
        try:
            services.response_submit(draft=draft, answers=answers, wave_id=wave_id, settled=True)
        except services.SurveyError:
            return render(
                request, "surveys/public/closed.html", _frame(request, lang, survey, form, language)
            )
        return redirect(done_url)

    flow = Flow(
        form=form,
        language=language,
        answers=draft.answers,
        page_index=draft.page,
        base_template="surveys/public/frame.html",
        page_url=lambda page: _page_url(lang, district, slug, token, language),
        media_url=_media_url(lang, district, slug),
        save=save,
        finish=finish,
        save_later_url=reverse(
            "surveys_public:saved",
            kwargs={"lang": lang, "district": district, "slug": slug, "token": token},
        ),
        # Built only when a page is drawn (not for a post that moves on).
        frame=lambda: {
            **_frame(request, lang, survey, form, language),
            "language_links": language_links(form, url_for, language),
        },
    )
    return handle(request, flow)


@public_view
def survey_saved(
    request: HttpRequest, lang: str, district: str, slug: str, token: str
) -> HttpResponse:
    survey = public_survey_get(district_slug=district, slug=slug)
    draft = draft_get(survey=survey, token=token)
    form = draft.version.reader
    link = request.build_absolute_uri(_page_url(lang, district, slug, token, draft.language))
    return render(
        request,
        "surveys/public/saved.html",
        {
            **_frame(request, lang, survey, form, draft.language),
            "link": link,
            "days": settings.TEILHABE_SURVEYS_DRAFT_DAYS,
        },
    )


@public_view
def survey_done(
    request: HttpRequest, lang: str, district: str, slug: str, token: str
) -> HttpResponse:
    survey = public_survey_get(district_slug=district, slug=slug)
    draft = draft_get(survey=survey, token=token)
    if not draft.completed:
        return redirect(_page_url(lang, district, slug, token, draft.language))
    form = draft.version.reader
    return render(
        request,
        "surveys/public/done.html",
        {
            **_frame(request, lang, survey, form, draft.language),
            "thanks": form.text(form.data, "thanks", draft.language),
            "district_url": reverse("public:district", kwargs={"lang": lang, "district": district}),
        },
    )


@public_view
def survey_media(
    request: HttpRequest, lang: str, district: str, slug: str, name: str
) -> HttpResponse:
    survey = public_survey_get(district_slug=district, slug=slug)
    media = public_media_get(survey=survey, name=name)
    try:
        with media.file.open("rb") as handle:
            data = handle.read()  # at most 5 MB (checked on upload)
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(data, content_type=media.content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
