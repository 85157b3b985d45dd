"""The page-by-page answer flow, shared by respondents, the preview and interviewers.

A :class:`Flow` knows where the answers live (a draft, or nothing for the preview),
which frame to draw around the pages and where its addresses lead; :func:`handle`
serves one page: GET shows it, POST reads it, checks it and moves on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import pgettext

from teilhabe.surveys import answering
from teilhabe.surveys.engine import form as engine
from teilhabe.surveys.engine.form import Form
from teilhabe.surveys.services import today


@dataclass
class Flow:
    form: Form
    language: str
    answers: dict[str, Any]
    page_index: int
    base_template: str
    page_url: Callable[[int], str]
    media_url: Callable[[str], str] | None
    save: Callable[[dict[str, Any], int], None]
    finish: Callable[[dict[str, Any]], HttpResponse]
    save_later_url: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    language_links: list[dict[str, Any]] = field(default_factory=list)
    #: More context, computed only when a page is drawn (``language_links`` may be in it).
    frame: Callable[[], dict[str, Any]] | None = None


def _clamp(index: int, count: int) -> int:
    return max(0, min(index, count - 1)) if count else 0


def handle(request: HttpRequest, flow: Flow, *, requested_page: int | None = None) -> HttpResponse:
    on = today()
    form = flow.form
    pages = form.pages()
    state = answering.Answering(form, flow.language, flow.media_url, on)
    if not pages:
        return flow.finish(engine.settle(form, flow.answers, on=on))
    index = _clamp(flow.page_index if requested_page is None else requested_page, len(pages))
    if request.method == "POST":
        page = pages[index]
        answers, format_errors, action = answering.apply_post(
            form, page, flow.answers, request.POST, on=on
        )
        # Settled once: the same answers are checked, saved and, on the last page, stored.
        answers = engine.settle(form, answers, on=on)
        widgets_before = set(request.POST.get("shown", "").split(","))
        if action == "back":
            target = _previous(form, pages, index, answers, on)
            flow.save(answers, target)
            return redirect(flow.page_url(target))
        if action == "save":
            flow.save(answers, index)
            return redirect(flow.save_later_url or flow.page_url(index))
        if action.startswith(("add:", "remove:")):
            flow.save(answers, index)
            return _render(request, flow, state, pages, index, answers, {}, notice="")
        now_shown = answering.visible_fields(form, page, answers, on=on)
        added = {f for f in now_shown - widgets_before if f and "." not in f}
        errors = dict(format_errors)
        if not errors:
            errors = engine.validate(form, page.elements, answers, language=flow.language, on=on)
        if errors or added:
            flow.save(answers, index)
            notice = (
                pgettext("public", "Your answer opened further questions on this page.")
                if added and not errors
                else ""
            )
            return _render(
                request, flow, state, pages, index, answers, errors, notice=notice, status=200
            )
        following = _next(form, pages, index, answers, on)
        if following is None:
            return flow.finish(answers)  # stores the answers with the response, in one go
        flow.save(answers, following)
        return redirect(flow.page_url(following))
    # GET: never show a page the answers so far skip.
    if not engine.page_visible(form, pages[index], flow.answers, on=on):
        ahead = _next(form, pages, index, flow.answers, on)
        index = ahead if ahead is not None else _previous(form, pages, index, flow.answers, on)
    return _render(request, flow, state, pages, index, flow.answers, {}, notice="")


def _next(
    form: Form, pages: list[engine.Page], index: int, answers: dict[str, Any], on: Any
) -> int | None:
    for candidate in range(index + 1, len(pages)):
        if engine.page_visible(form, pages[candidate], answers, on=on):
            return candidate
    return None


def _previous(
    form: Form, pages: list[engine.Page], index: int, answers: dict[str, Any], on: Any
) -> int:
    for candidate in range(index - 1, -1, -1):
        if engine.page_visible(form, pages[candidate], answers, on=on):
            return candidate
    return 0


def _render(
    request: HttpRequest,
    flow: Flow,
    state: answering.Answering,
    pages: list[engine.Page],
    index: int,
    answers: dict[str, Any],
    errors: dict[str, str],
    *,
    notice: str,
    status: int = 200,
) -> HttpResponse:
    page = pages[index]
    widgets = answering.page_widgets(state, page, answers, errors)
    visible = answering.visible_pages(flow.form, answers, on=state.on)
    position = next((n for n, p in enumerate(visible, start=1) if p.index == page.index), 1)
    is_last = _next(flow.form, pages, index, answers, state.on) is None
    error_list = [w for w in _flatten(widgets) if w.error]
    context = {
        "language_links": flow.language_links,
        **flow.context,
        **(flow.frame() if flow.frame else {}),
        "base_template": flow.base_template,
        "form_language": answering.language_attributes(flow.language),
        "page_title": answering.page_title(state, page),
        "widgets": widgets,
        "shown": ",".join(answering.shown_fields(widgets)),
        "position": position,
        "page_count": len(visible),
        "percent": int(100 * (position - 1) / max(len(visible), 1)),
        "is_first": _previous(flow.form, pages, index, answers, state.on) == index or index == 0,
        "is_last": is_last,
        "error_list": error_list,
        "notice": notice,
        "action_url": flow.page_url(index),
        "save_later": bool(flow.save_later_url),
    }
    if error_list:
        context["title_prefix"] = pgettext("public", "Please check your answers")
    return render(request, "surveys/answer/page.html", context, status=status)


def _flatten(widgets: list[answering.Widget]) -> list[answering.Widget]:
    found: list[answering.Widget] = []
    for widget in widgets:
        found.append(widget)
        found.extend(_flatten(widget.children))
        for row in widget.instances:
            found.extend(_flatten(row))
    return found
