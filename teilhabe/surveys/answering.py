"""Answering a questionnaire page by page, without JavaScript.

Shared by the public answer pages, the officer's preview and the interviewer mode:
:func:`page_widgets` turns the elements of one page into what the template draws, and
:func:`apply_post` reads a submitted page back into the answers. Skip logic is decided
here on the server: a page shows the questions that are relevant given the answers so
far; when an answer on the page makes another question on the same page relevant, the
page comes back with that question added.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import QueryDict
from django.utils.translation import pgettext

from teilhabe.core.lang import is_rtl
from teilhabe.surveys.engine import form as engine
from teilhabe.surveys.engine.form import AnswerContext, Form, Page


@dataclass
class Widget:
    kind: str  # text, textarea, integer, decimal, date, radio, checkbox, rank, scale, note, group, repeat, matrix
    name: str
    field: str  # the POST key
    label: str
    hint: str = ""
    required: bool = False
    value: Any = ""
    values: list[str] = dataclasses.field(default_factory=list)
    choices: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    error: str = ""
    children: list[Widget] = dataclasses.field(default_factory=list)
    instances: list[list[Widget]] = dataclasses.field(default_factory=list)
    can_add: bool = False
    can_remove: bool = False
    image: str = ""
    audio: str = ""
    minimum: str = ""
    maximum: str = ""
    step: str = ""
    rank_slots: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    #: A matrix drawn as a table of radio buttons (or check boxes): every row is a
    #: choice question with the same answers.
    grid: bool = False

    @property
    def described_by(self) -> str:
        ids = []
        if self.hint:
            ids.append(f"{self.field}-hint")
        if self.error:
            ids.append(f"{self.field}-error")
        return " ".join(ids)


@dataclass
class Answering:
    """Everything a page needs to know about where the respondent is."""

    form: Form
    language: str
    media_url: Any  # callable: file name → URL, or None
    on: date

    def text(self, owner: dict[str, Any], attribute: str) -> str:
        return self.form.text(owner, attribute, self.language)

    def media(self, owner: dict[str, Any], kind: str) -> str:
        files = (owner.get("media") or {}).get(kind) or {}
        name = files.get(self.language) or files.get(self.form.source_language) or ""
        return self.media_url(name) if name and self.media_url else ""


def error_text(marker: str) -> str:
    if marker == engine.REQUIRED:
        return pgettext("public", "Please answer this question.")
    if marker == engine.CONSTRAINT:
        return pgettext("public", "This answer is not possible. Please check it.")
    if marker == "integer":
        return pgettext("public", "Please enter a whole number.")
    if marker == "number":
        return pgettext("public", "Please enter a number.")
    if marker == "date":
        return pgettext("public", "Please enter a date.")
    if marker == "choice":
        return pgettext("public", "Please choose from the list.")
    if marker == "rank":
        return pgettext("public", "Please give each place only once.")
    return marker


def _choice_items(
    state: Answering, element: dict[str, Any], context: AnswerContext
) -> list[dict[str, Any]]:
    items = []
    for choice in engine.visible_choices(state.form, element, context):
        items.append(
            {
                "name": choice["name"],
                "label": state.text(choice, "label") or choice["name"],
                "image": state.media(choice, "image"),
                "audio": state.media(choice, "audio"),
            }
        )
    return items


def _widget(
    state: Answering,
    element: dict[str, Any],
    answers: dict[str, Any],
    context: AnswerContext,
    errors: dict[str, str],
    prefix: str = "",
) -> Widget | None:
    kind = element["type"]
    name = element["name"]
    key = f"{prefix}{name}"
    if kind == engine.CALCULATE or not engine.element_visible(state.form, element, context):
        return None
    value = answers.get(name, "")
    widget = Widget(
        kind=kind,
        name=name,
        field=key,
        label=state.text(element, "label"),
        hint=state.text(element, "hint"),
        required=engine.is_required(element, context),
        error=error_text(errors[key])
        if key in errors and errors[key].startswith("__")
        else errors.get(key, ""),
        image=state.media(element, "image"),
        audio=state.media(element, "audio"),
    )
    appearance = str(element.get("appearance", ""))
    if kind == engine.NOTE:
        widget.kind = "note"
    elif kind == engine.TEXT:
        widget.kind = "textarea" if engine.LONG_TEXT_APPEARANCE in appearance else "text"
        widget.value = value
    elif kind in (engine.INTEGER, engine.DECIMAL):
        widget.value = "" if value in ("", None) else value
    elif kind == engine.DATE:
        widget.value = value or ""
    elif kind == engine.SELECT_ONE:
        widget.kind = "scale" if engine.RATING_APPEARANCE in appearance else "radio"
        widget.value = value or ""
        widget.choices = _choice_items(state, element, context)
    elif kind == engine.SELECT_MULTIPLE:
        widget.kind = "checkbox"
        widget.values = list(value or [])
        widget.choices = _choice_items(state, element, context)
    elif kind == engine.RANK:
        widget.kind = "rank"
        widget.choices = _choice_items(state, element, context)
        chosen = list(value or [])
        widget.rank_slots = [
            {"position": i + 1, "field": f"{key}", "value": chosen[i] if i < len(chosen) else ""}
            for i in range(len(widget.choices))
        ]
    elif kind == engine.RANGE:
        values = engine.range_values(element)
        start, end, step = engine.range_parameters(element)
        widget.value = "" if value in ("", None) else value
        if len(values) <= 11:
            widget.kind = "scale"
            widget.choices = [
                {"name": _plain_number(v), "label": _plain_number(v), "image": "", "audio": ""}
                for v in values
            ]
            widget.value = "" if value in ("", None) else _plain_number(float(value))
        else:
            widget.kind = "decimal"
            widget.minimum, widget.maximum, widget.step = (
                _plain_number(start),
                _plain_number(end),
                _plain_number(step),
            )
    elif kind == engine.GROUP:
        widget.kind = "matrix" if engine.MATRIX_APPEARANCE in appearance else "group"
        for child in element.get("children", []):
            inner = _widget(state, child, answers, context.at(child["name"]), errors, prefix)
            if inner is not None:
                widget.children.append(inner)
        if widget.kind == "matrix" and widget.children:
            widget.choices = widget.children[0].choices
            names = [c["name"] for c in widget.choices]
            widget.grid = all(
                child.kind in ("radio", "scale", "checkbox")
                and [c["name"] for c in child.choices] == names
                for child in widget.children
            )
    elif kind == engine.REPEAT:
        instances = list(answers.get(name) or [])
        size = engine.repeat_size(state.form, element, answers, state.on)
        if size is not None:
            instances = instances[:size] + [{} for _ in range(size - len(instances))]
        elif not instances:
            instances = [{}]
        for index, instance in enumerate(instances):
            inner_context = context.within(name, index)
            row = []
            for child in element.get("children", []):
                inner = _widget(
                    state,
                    child,
                    instance,
                    inner_context.at(child["name"]),
                    errors,
                    f"{name}.{index}.",
                )
                if inner is not None:
                    row.append(inner)
            widget.instances.append(row)
        widget.can_add = size is None and len(instances) < 50
        widget.can_remove = size is None and len(instances) > 1
    return widget


def _plain_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def page_widgets(
    state: Answering, page: Page, answers: dict[str, Any], errors: dict[str, str] | None = None
) -> list[Widget]:
    context = AnswerContext(state.form, answers, language=state.language, on=state.on)
    widgets = []
    for element in page.elements:
        if (
            element["type"] in engine.CONTAINER_TYPES
            and page.group is element
            and element["type"] == engine.GROUP
        ):
            widget = _widget(state, element, answers, context, errors or {})
            if widget is not None:
                if widget.kind == "matrix":
                    widgets.append(widget)
                else:
                    widgets.extend(widget.children)
            continue
        widget = _widget(state, element, answers, context.at(element["name"]), errors or {})
        if widget is not None:
            widgets.append(widget)
    return widgets


def page_title(state: Answering, page: Page) -> str:
    if page.group is not None:
        return state.text(page.group, "label")
    return ""


def shown_fields(widgets: list[Widget]) -> list[str]:
    found: list[str] = []
    for widget in widgets:
        if widget.kind in ("group", "matrix"):
            found.extend(shown_fields(widget.children))
        elif widget.kind == "repeat":
            found.append(widget.field)
            for row in widget.instances:
                found.extend(shown_fields(row))
        elif widget.kind != "note":
            found.append(widget.field)
    return found


def visible_fields(form: Form, page: Page, answers: dict[str, Any], *, on: date) -> set[str]:
    """The keys of the inputs a page shows for these answers (what ``shown`` would list),
    without building the widgets."""
    found: set[str] = set()
    context = AnswerContext(form, answers, on=on)

    def visit(elements: list[dict[str, Any]]) -> None:
        for element in elements:
            if not engine.element_visible(form, element, context.at(element["name"])):
                continue
            if element["type"] == engine.GROUP:
                visit(element.get("children", []))
            elif element["type"] == engine.REPEAT or element["type"] not in (
                engine.NOTE,
                engine.CALCULATE,
            ):
                found.add(element["name"])

    visit(page.elements)
    return found


def apply_post(
    form: Form, page: Page, answers: dict[str, Any], data: QueryDict, *, on: date
) -> tuple[dict[str, Any], dict[str, str], str]:
    """Read a submitted page into the answers.

    Returns the new answers, format errors (``{field: marker}``) and the action asked
    for (``next``, ``back``, ``save``, ``add:<repeat>``, ``remove:<repeat>``)."""
    result = dict(answers)
    errors: dict[str, str] = {}
    shown = set(data.get("shown", "").split(","))
    action = data.get("action", "next")

    def read(element: dict[str, Any], key: str, target: dict[str, Any]) -> None:
        if key not in shown:
            return
        raw = data.getlist(key)
        value, problem = engine.coerce(element, raw)
        if problem:
            errors[key] = problem
            target[element["name"]] = raw[0] if raw else ""
            return
        if element["type"] in engine.CHOICE_TYPES:
            allowed = {c["name"] for c in form.choices(element)}
            items = value if isinstance(value, list) else ([value] if value else [])
            if any(item not in allowed for item in items):
                errors[key] = "choice"
                return
            if element["type"] == engine.RANK and len(set(items)) != len(items):
                errors[key] = "rank"
                return
        if engine.is_empty(value):
            target.pop(element["name"], None)
        else:
            target[element["name"]] = value

    def visit(elements: list[dict[str, Any]]) -> None:
        for element in elements:
            kind = element["type"]
            if kind == engine.GROUP:
                visit(element.get("children", []))
            elif kind == engine.REPEAT:
                name = element["name"]
                if name not in shown:
                    continue
                instances = [dict(i) for i in (result.get(name) or [])]
                count = int(data.get(f"{name}.count", len(instances) or 1) or 1)
                count = max(1, min(50, count))
                instances = instances[:count] + [{} for _ in range(count - len(instances))]
                for index, instance in enumerate(instances):
                    for child, _parent in form.walk(element.get("children", []), element):
                        if child["type"] in engine.CONTAINER_TYPES:
                            continue
                        read(child, f"{name}.{index}.{child['name']}", instance)
                if action == f"add:{name}":
                    instances.append({})
                elif action == f"remove:{name}" and len(instances) > 1:
                    instances.pop()
                result[name] = instances
            elif kind not in (engine.NOTE, engine.CALCULATE):
                read(element, element["name"], result)

    visit(page.elements)
    return result, errors, action


def visible_pages(form: Form, answers: dict[str, Any], *, on: date) -> list[Page]:
    return [p for p in form.pages() if engine.page_visible(form, p, answers, on=on)]


def language_attributes(language: str) -> dict[str, str]:
    base = "de" if language == "de-ls" else language
    return {"lang": base, "dir": "rtl" if is_rtl(base) else "ltr"}
