"""The builder: questions (add, change, reorder, delete), languages and translations
side by side with the source, pictures and sounds per language, and the preview as a
respondent (any language, phone size)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teilhabe.core.htmx import is_htmx
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.decorators import district_view
from teilhabe.districts.roles import Capability
from teilhabe.surveys import services
from teilhabe.surveys.engine import edit
from teilhabe.surveys.engine import form as engine
from teilhabe.surveys.engine.form import Form, FormError
from teilhabe.surveys.forms import (
    TYPE_BY_KEY,
    LanguageAddForm,
    QuestionForm,
    builder_type_label,
    builder_type_of,
)
from teilhabe.surveys.models import Survey
from teilhabe.surveys.selectors import survey_get_for_user
from teilhabe.surveys.views.common import crumbs, say, survey_url
from teilhabe.surveys.views.flow import Flow, handle
from teilhabe.surveys.views.public import language_links, language_name, ui_language


def _survey(access: DistrictAccess, survey_id: int) -> Survey:
    return survey_get_for_user(
        access=access, survey_id=survey_id, capability=Capability.PLANNING_EDIT
    )


def _tree(form: Form, elements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    items = []
    for element in elements:
        items.append(
            {
                "name": element["name"],
                "label": form.label(element, form.source_language),
                "type": builder_type_label(element),
                "required": element.get("required") == "yes",
                "conditional": bool(element.get("relevant")),
                "children": _tree(form, element.get("children", []))
                if element["type"] in engine.CONTAINER_TYPES
                else [],
                "media": sorted(element.get("media") or {}),
            }
        )
    return items


def _change(
    request: HttpRequest,
    access: DistrictAccess,
    survey: Survey,
    change: Any,
    summary: dict[str, Any],
) -> bool:
    try:
        version = services.questionnaire_change(
            access=access,
            survey=survey,
            revision=request.POST.get("revision") or None,
            change=change,
            summary=summary,
        )
    except services.EditConflictError as exc:
        messages.error(request, str(exc))
        return False
    except FormError as exc:
        messages.error(request, say(exc.message))
        return False
    if (
        version.number > 1
        and survey.versions.filter(number=version.number - 1, frozen=True).exists()
    ):
        messages.info(
            request,
            _(
                "Version %(n)d has answers and stays as it is; your changes are in version %(m)d, "
                "which respondents get once you publish it."
            )
            % {"n": version.number - 1, "m": version.number},
        )
    return True


@district_view(Capability.PLANNING_EDIT)
def builder(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = _survey(access, survey_id)
    version = services.latest_version(survey)
    form = version.reader
    context = {
        "title": _("Questions"),
        "access": access,
        "survey": survey,
        "version": version,
        "revision": services.revision_token(version),
        "tree": _tree(form, form.elements),
        "source_language": language_name(form.source_language),
        "problems": [say(p) for p in form.problems()],
        "preview_languages": [(code, language_name(code)) for code in form.languages],
        "breadcrumbs": crumbs(access, survey, (_("Questions"), "")),
    }
    template = "surveys/builder/_tree.html" if is_htmx(request) else "surveys/builder/builder.html"
    return render(request, template, context)


def _element_from_form(
    data: dict[str, Any], form: Form, existing: dict[str, Any] | None
) -> tuple[dict[str, Any], str | None]:
    kind, appearance = TYPE_BY_KEY[data["kind"]]
    changes: dict[str, Any] = {
        "type": kind,
        "appearance": appearance or "",
        "label": data.get("label", "").strip(),
        "hint": data.get("hint", "").strip(),
        "required": "yes" if data.get("required") else "",
        "required_message": data.get("required_message", "").strip(),
        "relevant": data.get("relevant", "").strip(),
        "constraint": data.get("constraint", "").strip(),
        "constraint_message": data.get("constraint_message", "").strip(),
        "calculation": data.get("calculation", "").strip(),
        "default": data.get("default", "").strip(),
        "choice_filter": data.get("choice_filter", "").strip(),
        "repeat_count": data.get("repeat_count", "").strip(),
        "parameters": data.get("parameters", "").strip(),
    }
    if kind == engine.RANGE and not changes["parameters"]:
        changes["parameters"] = "start=0 end=10 step=1"
    if existing is not None:
        other_appearance = " ".join(
            part
            for part in str(existing.get("appearance", "")).split()
            if part
            not in (engine.MATRIX_APPEARANCE, engine.RATING_APPEARANCE, engine.LONG_TEXT_APPEARANCE)
        )
        changes["appearance"] = " ".join(filter(None, [other_appearance, appearance]))
    list_name = None
    if kind in engine.CHOICE_TYPES:
        list_name = (existing or {}).get("list") or ""
    return changes, list_name or ("" if kind in engine.CHOICE_TYPES else None)


@district_view(Capability.PLANNING_EDIT)
def question_add(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = _survey(access, survey_id)
    version = services.latest_version(survey)
    form = version.reader
    initial = {"kind": request.GET.get("kind", "single"), "parent": request.GET.get("parent", "")}
    question_form = QuestionForm(request.POST or None, form=form, initial=initial)
    if request.method == "POST" and question_form.is_valid():
        data = question_form.cleaned_data
        changes, _list = _element_from_form(data, form, None)
        name = data["name"] or edit.slug_name(changes["label"] or data["kind"], set(form.names()))

        def change(target: Form) -> None:
            element: dict[str, Any] = {"name": name, "type": changes["type"]}
            if changes["type"] in engine.CHOICE_TYPES:
                list_name = edit.slug_name(name, set(target.choice_lists), "list")
                target.choice_lists[list_name] = edit.parse_choice_lines(
                    data["choices"], [], target.source_language
                )
                element["list"] = list_name
            edit.add_element(target, element, parent=data.get("parent", ""))
            edit.update_element(target, name, dict(changes), language=target.source_language)

        if _change(request, access, survey, change, {"added": name}):
            messages.success(request, _("The question was added."))
            return redirect(survey_url("builder", access, survey) + f"#q-{name}")
    return _question_page(request, access, survey, version, question_form, None)


def _question_page(
    request: HttpRequest,
    access: DistrictAccess,
    survey: Survey,
    version: Any,
    question_form: QuestionForm,
    element: dict[str, Any] | None,
) -> HttpResponse:
    title = _("New question") if element is None else _("Change the question")
    form = version.reader
    media_rows = []
    if element is not None:
        files = [m.name for m in survey.media.all()]
        for code in form.languages:
            media_rows.append(
                {
                    "code": code,
                    "name": language_name(code),
                    "image": ((element.get("media") or {}).get("image") or {}).get(code, ""),
                    "audio": ((element.get("media") or {}).get("audio") or {}).get(code, ""),
                }
            )
    else:
        files = []
    return render(
        request,
        "surveys/builder/question_form.html",
        {
            "title": title,
            "access": access,
            "survey": survey,
            "form": question_form,
            "element": element,
            "revision": services.revision_token(version),
            "source_language": language_name(form.source_language),
            "media_rows": media_rows,
            "media_files": files,
            "breadcrumbs": crumbs(
                access, survey, (_("Questions"), survey_url("builder", access, survey)), (title, "")
            ),
        },
    )


@district_view(Capability.PLANNING_EDIT)
def question_edit(
    request: HttpRequest, access: DistrictAccess, survey_id: int, name: str
) -> HttpResponse:
    survey = _survey(access, survey_id)
    version = services.latest_version(survey)
    form = version.reader
    try:
        element = form.element(name)
    except FormError:
        messages.error(request, _("This question no longer exists."))
        return redirect(survey_url("builder", access, survey))
    language = form.source_language
    initial = {
        "kind": builder_type_of(element),
        "name": element["name"],
        "label": form.text(element, "label", language),
        "hint": form.text(element, "hint", language),
        "required": element.get("required") == "yes",
        "required_message": form.text(element, "required_message", language),
        "constraint_message": form.text(element, "constraint_message", language),
        "choices": edit.choice_lines(form.choices(element), language),
        **{
            k: element.get(k, "")
            for k in (
                "relevant",
                "constraint",
                "calculation",
                "default",
                "choice_filter",
                "repeat_count",
                "parameters",
            )
        },
    }
    question_form = QuestionForm(request.POST or None, form=form, editing=element, initial=initial)
    if request.method == "POST" and question_form.is_valid():
        data = question_form.cleaned_data
        changes, _list = _element_from_form(data, form, element)
        new_name = data["name"] or name

        def change(target: Form) -> None:
            current = target.element(name)
            if changes["type"] in engine.CHOICE_TYPES:
                list_name = current.get("list") or edit.slug_name(
                    new_name, set(target.choice_lists), "list"
                )
                if edit.list_in_use_elsewhere(target, list_name, name) and data[
                    "choices"
                ].strip() != edit.choice_lines(
                    target.choice_lists.get(list_name, []), target.source_language
                ):
                    list_name = edit.slug_name(new_name, set(target.choice_lists), "list")
                existing = target.choice_lists.get(current.get("list", ""), [])
                target.choice_lists[list_name] = edit.parse_choice_lines(
                    data["choices"], existing, target.source_language
                )
                current["list"] = list_name
            else:
                current.pop("list", None)
            if (
                current["type"] in engine.CONTAINER_TYPES
                and changes["type"] not in engine.CONTAINER_TYPES
                and current.get("children")
            ):
                raise FormError(
                    "A page with questions cannot become a question; move its questions first."
                )
            edit.update_element(
                target, name, {"name": new_name, **changes}, language=target.source_language
            )
            if changes["type"] in engine.CONTAINER_TYPES:
                target.element(new_name).setdefault("children", [])
            _apply_media(target, target.element(new_name), request.POST)

        if _change(request, access, survey, change, {"changed": name}):
            messages.success(request, _("The question was saved."))
            return redirect(survey_url("builder", access, survey) + f"#q-{new_name}")
    return _question_page(request, access, survey, version, question_form, element)


def _apply_media(form: Form, element: dict[str, Any], data: Any) -> None:
    media: dict[str, dict[str, str]] = {}
    for code in form.languages:
        for kind in ("image", "audio"):
            value = data.get(f"media-{kind}-{code}", "").strip()
            if value:
                media.setdefault(kind, {})[code] = value
    element["media"] = media


@require_POST
@district_view(Capability.PLANNING_EDIT)
def question_move(
    request: HttpRequest, access: DistrictAccess, survey_id: int, name: str
) -> HttpResponse:
    survey = _survey(access, survey_id)
    step = -1 if request.POST.get("direction") == "up" else 1
    _change(
        request, access, survey, lambda f: edit.move_element(f, name, step=step), {"moved": name}
    )
    if is_htmx(request):
        return builder(request, access.district.slug, survey_id=survey.pk)
    return redirect(survey_url("builder", access, survey) + f"#q-{name}")


@require_POST
@district_view(Capability.PLANNING_EDIT)
def question_delete(
    request: HttpRequest, access: DistrictAccess, survey_id: int, name: str
) -> HttpResponse:
    survey = _survey(access, survey_id)
    if _change(request, access, survey, lambda f: edit.delete_element(f, name), {"deleted": name}):
        messages.success(request, _("The question was deleted."))
    return redirect(survey_url("builder", access, survey))


@district_view(Capability.PLANNING_EDIT)
def languages(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    survey = _survey(access, survey_id)
    version = services.latest_version(survey)
    form = version.reader
    add_form = LanguageAddForm(request.POST or None, existing=form.languages)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "add" and add_form.is_valid():
            code = add_form.cleaned_data["language"]
            if _change(
                request,
                access,
                survey,
                lambda f: edit.add_language(f, code),
                {"language_added": code},
            ):
                return redirect(survey_url("translate", access, survey, language=code))
        elif action.startswith("remove:"):
            code = action.split(":", 1)[1]
            if _change(
                request,
                access,
                survey,
                lambda f: edit.remove_language(f, code),
                {"language_removed": code},
            ):
                messages.success(request, _("The language was removed."))
                return redirect(survey_url("languages", access, survey))
    status = form.translation_status()
    rows = [
        {
            "code": code,
            "name": language_name(code),
            "status": status[code],
            "source": code == form.source_language,
        }
        for code in form.languages
    ]
    return render(
        request,
        "surveys/builder/languages.html",
        {
            "title": _("Languages and translations"),
            "access": access,
            "survey": survey,
            "rows": rows,
            "add_form": add_form,
            "revision": services.revision_token(version),
            "breadcrumbs": crumbs(access, survey, (_("Languages"), "")),
        },
    )


@district_view(Capability.PLANNING_EDIT)
def translate(
    request: HttpRequest, access: DistrictAccess, survey_id: int, language: str
) -> HttpResponse:
    """Every text of one language side by side with the source; missing and outdated
    entries first when asked for."""
    survey = _survey(access, survey_id)
    version = services.latest_version(survey)
    form = version.reader
    if language not in form.languages or language == form.source_language:
        messages.error(request, _("Choose a language of this questionnaire other than the source."))
        return redirect(survey_url("languages", access, survey))
    if request.method == "POST":
        entries = {
            key[5:]: str(value) for key, value in request.POST.items() if key.startswith("text:")
        }
        reviewed = request.POST.get("reviewed") == "yes"

        def change(target: Form) -> None:
            current = {slot.key: slot for slot in target.text_slots()}
            for key, value in entries.items():
                slot = current.get(key)
                if slot is None:
                    continue
                old = (slot.owner.get(slot.attribute) or {}).get(language, "")
                stale = key in status.outdated
                if value.strip() != old or (stale and request.POST.get(f"current:{key}") == "yes"):
                    target.set_text(key, language, value)
            edit.set_reviewed(target, language, reviewed)

        status = form.translation_status()[language]
        if _change(request, access, survey, change, {"translated": language}):
            messages.success(request, _("The translation was saved."))
            return redirect(
                survey_url("translate", access, survey, language=language)
                + ("?only=open" if request.GET.get("only") else "")
            )
    status = form.translation_status()[language]
    only_open = request.GET.get("only") == "open"
    rows = []
    for slot in form.text_slots():
        state = (
            "missing"
            if slot.key in status.missing
            else "outdated"
            if slot.key in status.outdated
            else "complete"
        )
        if only_open and state == "complete":
            continue
        texts = slot.owner.get(slot.attribute) or {}
        rows.append(
            {
                "key": slot.key,
                "label": slot.label,
                "source": texts.get(form.source_language, ""),
                "text": texts.get(language, ""),
                "state": state,
                "long": len(texts.get(form.source_language, "")) > 60,
            }
        )
    return render(
        request,
        "surveys/builder/translate.html",
        {
            "title": _("Translation: %(language)s") % {"language": language_name(language)},
            "access": access,
            "survey": survey,
            "rows": rows,
            "status": status,
            "language": language,
            "language_name": language_name(language),
            "language_dir": "rtl" if ui_language(language) in ("ar", "fa", "prs") else "ltr",
            "language_attr": ui_language(language),
            "source_name": language_name(form.source_language),
            "source_attr": ui_language(form.source_language),
            "only_open": only_open,
            "reviewed": language in form.data.get("reviewed", []),
            "revision": services.revision_token(version),
            "breadcrumbs": crumbs(
                access,
                survey,
                (_("Languages"), survey_url("languages", access, survey)),
                (language_name(language), ""),
            ),
        },
    )


@district_view(Capability.PLANNING_EDIT)
def texts(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    """Title, introduction, data-protection text and thank-you page in the source language."""
    survey = _survey(access, survey_id)
    version = services.latest_version(survey)
    form = version.reader
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in engine.FORM_TEXTS}

        def change(target: Form) -> None:
            for key, value in values.items():
                texts_ = target.data.setdefault(key, {})
                if value.strip():
                    texts_[target.source_language] = value.strip()
                else:
                    texts_.pop(target.source_language, None)

        if not values["title"].strip():
            messages.error(request, _("The questionnaire needs a title."))
        elif _change(request, access, survey, change, {"texts": True}):
            messages.success(request, _("The texts were saved."))
            return redirect(survey_url("builder", access, survey))
    return render(
        request,
        "surveys/builder/texts.html",
        {
            "title": _("Title, introduction, data protection and thanks"),
            "access": access,
            "survey": survey,
            "values": {
                key: form.text(form.data, key, form.source_language) for key in engine.FORM_TEXTS
            },
            "revision": services.revision_token(version),
            "source_language": language_name(form.source_language),
            "breadcrumbs": crumbs(access, survey, (_("Texts"), "")),
        },
    )


@district_view(Capability.PLANNING_EDIT)
def preview(
    request: HttpRequest, access: DistrictAccess, survey_id: int, language: str
) -> HttpResponse:
    """The questionnaire as a respondent sees it (answers kept in the officer's session
    only, never stored as responses)."""
    survey = _survey(access, survey_id)
    version = services.latest_version(survey)
    form = version.reader
    if language not in form.languages:
        language = form.source_language
    key = f"survey-preview-{survey.pk}-{version.pk}"
    state = request.session.get(key) or {"answers": engine.default_answers(form), "page": 0}
    if request.GET.get("restart"):
        state = {"answers": engine.default_answers(form), "page": 0}
    phone = request.GET.get("phone") == "1"
    base = survey_url("preview", access, survey, language=language)
    query = "?phone=1" if phone else ""

    def save(answers: dict[str, Any], page: int) -> None:
        request.session[key] = {"answers": answers, "page": page}

    def finish(answers: dict[str, Any]) -> HttpResponse:
        request.session[key] = {"answers": answers, "page": 0, "finished": True}
        messages.success(request, _("End of the questionnaire. In the preview nothing is stored."))
        return redirect(base + (query + "&" if query else "?") + "restart=1")

    def media_url(name: str) -> str:
        found = survey.media.filter(name=name).first()
        return survey_url("media_file", access, survey, media_id=found.pk) if found else ""

    flow = Flow(
        form=form,
        language=language,
        answers=state["answers"],
        page_index=int(state.get("page", 0)),
        base_template="surveys/answer/staff_frame.html",
        page_url=lambda page: base + query,
        media_url=media_url,
        save=save,
        finish=finish,
        context={
            "title": _("Preview"),
            "survey_title": form.title(language) or survey.title,
            "staff_csrf": True,
            "phone": phone,
            "staff_note": _("Preview of version %(n)d: answers are not stored.")
            % {"n": version.number},
            "breadcrumbs": crumbs(access, survey, (_("Preview"), "")),
            "preview_links": True,
        },
        language_links=language_links(
            form,
            lambda code: reverse(
                "surveys:preview",
                kwargs={"district": access.district.slug, "survey_id": survey.pk, "language": code},
            ),
            language,
        ),
    )
    # Language links in the preview go straight to the other language (no ?fl needed).
    for link in flow.language_links:
        link["url"] = survey_url("preview", access, survey, language=link["code"]) + query
    return handle(request, flow)


@require_POST
@district_view(Capability.PLANNING_EDIT)
def gemeinde_question(request: HttpRequest, access: DistrictAccess, survey_id: int) -> HttpResponse:
    """Add a question "In which Gemeinde do you live?" whose answers are the Gemeinden of
    the district (their official keys), and make it the survey's Gemeinde question."""
    from teilhabe.areas.selectors import gemeinden_of
    from teilhabe.core.text import german_sort_key

    survey = _survey(access, survey_id)
    areas = sorted(gemeinden_of(kreis=access.district.kreis), key=lambda a: german_sort_key(a.name))
    if not areas:
        messages.error(request, _("This district has no Gemeinden in the territorial data."))
        return redirect(survey_url("builder", access, survey))
    # Choice names are the official keys with a "g" in front (names start with a letter).
    choices: list[dict[str, Any]] = [
        {"name": f"g{area.code}", "label": {"de": area.name}, "media": {}, "extra": {}}
        for area in areas
    ]
    created: list[str] = []

    def change(target: Form) -> None:
        name = edit.slug_name("gemeinde", set(target.names()))
        list_name = edit.slug_name("gemeinden", set(target.choice_lists), "list")
        for choice in choices:
            choice["label"] = dict.fromkeys(target.languages, choice["label"]["de"])
        target.choice_lists[list_name] = choices
        label = {
            "de": "In welcher Gemeinde wohnen Sie?",
            "de-ls": "In welchem Ort wohnen Sie?",
            "en": "In which municipality do you live?",
            "ar": "في أي بلدية تسكن؟",
            "uk": "У якій громаді ви живете?",
            "ru": "В какой общине вы живёте?",
            "fa": "در کدام شهرداری زندگی می‌کنید؟",
            "prs": "در کدام شاروالی زندگی می‌کنید؟",
            "tr": "Hangi belediyede yaşıyorsunuz?",
            "ro": "În ce comună locuiți?",
            "bg": "В коя община живеете?",
        }
        element = {
            "type": engine.SELECT_ONE,
            "name": name,
            "list": list_name,
            "appearance": "minimal",
        }
        edit.add_element(target, element)
        target.element(name)["label"] = {
            code: text for code, text in label.items() if code in target.languages
        }
        target.mark_all_current()
        created.append(name)

    if _change(request, access, survey, change, {"added": "gemeinde"}):
        services.survey_update(
            access=access, survey=survey, changes={"gemeinde_question": created[0]}
        )
        messages.success(
            request, _("The Gemeinde question was added at the end; move it where it fits.")
        )
    return redirect(survey_url("builder", access, survey))
