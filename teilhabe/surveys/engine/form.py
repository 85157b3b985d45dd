"""The questionnaire definition and what answers mean for it.

A questionnaire is stored as one JSON document (the way KoBoToolbox stores its forms):
elements (questions, groups, repeats) with their texts per language, choice lists,
settings, and for every translated text the digest of the source text it was
translated from, so that a translation made before the source changed shows as
outdated. :class:`Form` wraps that document; it never touches a database.

Answers are a ``{name: value}`` mapping: text and choice names as ``str``, numbers as
``int``/``float``, dates as ``"YYYY-MM-DD"``, multiple choice and ranking as lists of
choice names, repeats as a list of ``{name: value}`` mappings.
"""

from __future__ import annotations

import copy
import hashlib
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from .expressions import (
    ExpressionError,
    Node,
    Value,
    check,
    evaluate,
    parse,
    to_bool,
    to_number,
    to_string,
)
from .messages import EngineError, Message, gettext_noop

# --- types ------------------------------------------------------------------------------------

TEXT, INTEGER, DECIMAL, DATE = "text", "integer", "decimal", "date"
SELECT_ONE, SELECT_MULTIPLE, RANK, RANGE = "select_one", "select_multiple", "rank", "range"
NOTE, CALCULATE, GROUP, REPEAT = "note", "calculate", "group", "repeat"

INPUT_TYPES = (TEXT, INTEGER, DECIMAL, DATE, SELECT_ONE, SELECT_MULTIPLE, RANK, RANGE)
CHOICE_TYPES = (SELECT_ONE, SELECT_MULTIPLE, RANK)
CONTAINER_TYPES = (GROUP, REPEAT)
ALL_TYPES = (*INPUT_TYPES, NOTE, CALCULATE, GROUP, REPEAT)

#: Texts of a question that exist per language (XLSForm's translatable columns).
QUESTION_TEXTS = ("label", "hint", "required_message", "constraint_message")
#: Texts of the questionnaire as a whole.
FORM_TEXTS = ("title", "intro", "consent", "thanks")
MEDIA_KINDS = ("image", "audio", "video")
NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")

#: Matrices (several items on one scale) and rating scales are XLSForm appearances.
MATRIX_APPEARANCE = "table-list"
RATING_APPEARANCE = "likert"
LONG_TEXT_APPEARANCE = "multiline"


def _today() -> date:
    return datetime.now(tz=UTC).date()


def digest(text: str) -> str:
    """A short fingerprint of a source text (to tell when a translation went stale)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class Page:
    """One page for the respondent: a top-level group, or loose questions between groups."""

    index: int
    elements: list[dict[str, Any]]
    group: dict[str, Any] | None = None


@dataclass
class TranslationStatus:
    language: str
    total: int
    missing: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    reviewed: bool = False

    @property
    def state(self) -> str:
        if self.missing:
            return "missing"
        if self.outdated:
            return "outdated"
        return "complete"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100
        return int(100 * (self.total - len(self.missing)) / self.total)


@dataclass(frozen=True)
class TextSlot:
    """One translatable text: where it lives and its key in the translation records."""

    key: str
    owner: dict[str, Any]
    attribute: str
    label: str  # a human description for the translation editor ("q3 · hint")


class FormError(EngineError):
    """A questionnaire definition that breaks a rule; the message is plain words."""


def empty_definition(*, title: str, language: str = "de") -> dict[str, Any]:
    return {
        "title": {language: title},
        "source_language": language,
        "languages": [language],
        "reviewed": [language],
        "settings": {},
        "intro": {},
        "consent": {},
        "thanks": {},
        "elements": [],
        "choice_lists": {},
        "sources": {},
    }


class Form:
    """A questionnaire definition (wraps the JSON document; ``data`` is the document)."""

    def __init__(self, data: Mapping[str, Any], *, shared: bool = False) -> None:
        """Wrap a definition. The document is copied, so that changes stay local, unless
        ``shared``: then it is used as it is and must only be read."""
        self.data: dict[str, Any] = dict(data) if shared else copy.deepcopy(dict(data))
        for key, default in empty_definition(title="").items():
            self.data.setdefault(key, copy.deepcopy(default))
        self._index: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] | None = None
        self._settle_plan: SettlePlan | None = None

    # -- structure -----------------------------------------------------------------------------

    @property
    def source_language(self) -> str:
        return str(self.data["source_language"])

    @property
    def languages(self) -> list[str]:
        return list(self.data["languages"])

    @property
    def elements(self) -> list[dict[str, Any]]:
        elements: list[dict[str, Any]] = self.data["elements"]
        return elements

    @property
    def choice_lists(self) -> dict[str, list[dict[str, Any]]]:
        lists: dict[str, list[dict[str, Any]]] = self.data["choice_lists"]
        return lists

    def walk(
        self, elements: list[dict[str, Any]] | None = None, parent: dict[str, Any] | None = None
    ) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
        """Every element in document order, with its parent (None at the top)."""
        for element in self.elements if elements is None else elements:
            yield element, parent
            if element["type"] in CONTAINER_TYPES:
                yield from self.walk(element.get("children", []), element)

    def invalidate(self) -> None:
        self._index = None
        self._settle_plan = None

    def _lookup(self) -> dict[str, tuple[dict[str, Any], dict[str, Any] | None]]:
        if self._index is None:
            self._index = {element["name"]: (element, parent) for element, parent in self.walk()}
        return self._index

    def element(self, name: str) -> dict[str, Any]:
        try:
            return self._lookup()[name][0]
        except KeyError:
            raise FormError(
                gettext_noop("There is no question named %(name)s."), name=repr(name)
            ) from None

    def has(self, name: str) -> bool:
        return name in self._lookup()

    def parent_of(self, name: str) -> dict[str, Any] | None:
        return self._lookup()[name][1]

    def repeat_of(self, name: str) -> dict[str, Any] | None:
        """The innermost repeat that contains the element, if any."""
        parent = self.parent_of(name)
        while parent is not None:
            if parent["type"] == REPEAT:
                return parent
            parent = self.parent_of(parent["name"])
        return None

    def names(self) -> list[str]:
        return [element["name"] for element, _ in self.walk()]

    def questions(self, *, include_repeats: bool = False) -> list[dict[str, Any]]:
        """Questions that hold an answer (inputs and calculations), in document order."""
        found = []
        for element, _parent in self.walk():
            if element["type"] not in (*INPUT_TYPES, CALCULATE):
                continue
            if not include_repeats and self.repeat_of(element["name"]) is not None:
                continue
            found.append(element)
        return found

    def choices(self, element: dict[str, Any]) -> list[dict[str, Any]]:
        return self.choice_lists.get(element.get("list", ""), [])

    def text(self, owner: Mapping[str, Any], attribute: str, language: str) -> str:
        """A text in a language, falling back to the source language."""
        texts = owner.get(attribute) or {}
        return str(texts.get(language) or texts.get(self.source_language) or "")

    def title(self, language: str) -> str:
        return self.text(self.data, "title", language)

    def label(self, element: Mapping[str, Any], language: str) -> str:
        return self.text(element, "label", language) or str(element.get("name", ""))

    def choice_label(self, question: str, value: str, language: str) -> str:
        element = self.element(question)
        for choice in self.choices(element):
            if choice["name"] == value:
                return self.text(choice, "label", language) or value
        return value

    # -- pages ---------------------------------------------------------------------------------

    def pages(self) -> list[Page]:
        pages: list[Page] = []
        loose: list[dict[str, Any]] = []
        for element in self.elements:
            if element["type"] in CONTAINER_TYPES:
                if loose:
                    pages.append(Page(len(pages), loose))
                    loose = []
                pages.append(Page(len(pages), [element], group=element))
            else:
                loose.append(element)
        if loose:
            pages.append(Page(len(pages), loose))
        return pages

    # -- texts and translations ----------------------------------------------------------------

    def text_slots(self) -> list[TextSlot]:
        """Every translatable text that has a source, in document order."""
        slots = [
            TextSlot(f"form:{attr}", self.data, attr, attr)
            for attr in FORM_TEXTS
            if self.data.get(attr, {}).get(self.source_language)
        ]
        for element, _parent in self.walk():
            for attr in QUESTION_TEXTS:
                if (element.get(attr) or {}).get(self.source_language):
                    slots.append(
                        TextSlot(
                            f"q:{element['name']}:{attr}",
                            element,
                            attr,
                            f"{element['name']} · {attr}",
                        )
                    )
        for list_name, choices in self.choice_lists.items():
            for choice in choices:
                if (choice.get("label") or {}).get(self.source_language):
                    slots.append(
                        TextSlot(
                            f"c:{list_name}:{choice['name']}:label",
                            choice,
                            "label",
                            f"{list_name} · {choice['name']}",
                        )
                    )
        return slots

    def translation_status(self) -> dict[str, TranslationStatus]:
        sources: dict[str, dict[str, str]] = self.data["sources"]
        reviewed = set(self.data.get("reviewed", []))
        slots = self.text_slots()
        result = {}
        for language in self.languages:
            status = TranslationStatus(language, len(slots), reviewed=language in reviewed)
            if language != self.source_language:
                for slot in slots:
                    texts = slot.owner.get(slot.attribute) or {}
                    if not texts.get(language):
                        status.missing.append(slot.key)
                    elif sources.get(slot.key, {}).get(language) != digest(
                        texts[self.source_language]
                    ):
                        status.outdated.append(slot.key)
            result[language] = status
        return result

    def set_text(self, slot_key: str, language: str, value: str) -> None:
        """Write one text; a translation records the source it was made from."""
        slot = next((s for s in self.text_slots() if s.key == slot_key), None)
        if slot is None:
            raise FormError(gettext_noop("There is no text %(key)s."), key=repr(slot_key))
        texts = slot.owner.setdefault(slot.attribute, {})
        value = value.strip()
        if value:
            texts[language] = value
        else:
            texts.pop(language, None)
        if language != self.source_language:
            self.data["sources"].setdefault(slot_key, {})[language] = digest(
                texts[self.source_language]
            )

    def mark_all_current(self, language: str | None = None) -> None:
        """Record every existing translation as made from the current source text."""
        sources = self.data["sources"]
        for slot in self.text_slots():
            texts = slot.owner.get(slot.attribute) or {}
            for lang, text in texts.items():
                if lang == self.source_language or not text:
                    continue
                if language is None or lang == language:
                    sources.setdefault(slot.key, {})[lang] = digest(texts[self.source_language])

    # -- checks --------------------------------------------------------------------------------

    def problems(self) -> list[Message]:
        """Everything that would stop a respondent from answering, in plain words."""
        problems: list[Message] = []

        def add(text: str, **params: Any) -> None:
            problems.append(Message(text, params))

        seen: set[str] = set()
        names = set()
        for element, _parent in self.walk():
            name = element.get("name", "")
            if not NAME_PATTERN.match(name):
                add(
                    gettext_noop(
                        "%(name)s is not a valid name: use letters, digits and _ only, starting with a letter."
                    ),
                    name=repr(name),
                )
            if name in seen:
                add(
                    gettext_noop("The name %(name)s is used twice; every question needs its own."),
                    name=repr(name),
                )
            seen.add(name)
            names.add(name)
            if element["type"] not in ALL_TYPES:
                add(
                    gettext_noop("%(name)s: the type %(type)s is not supported."),
                    name=name,
                    type=repr(element["type"]),
                )
            if element["type"] in CHOICE_TYPES and not self.choices(element):
                add(
                    gettext_noop("%(name)s: the choice list %(list)s is missing or empty."),
                    name=name,
                    list=repr(element.get("list")),
                )
        for element, _parent in self.walk():
            for column in ("relevant", "constraint", "calculation", "default", "repeat_count"):
                expression = element.get(column, "")
                if expression and not (
                    column == "default" and not _looks_like_expression(expression)
                ):
                    for problem in check(expression, names):
                        add(
                            gettext_noop("%(name)s (%(column)s): %(problem)s"),
                            name=element["name"],
                            column=column,
                            problem=problem,
                        )
            required = element.get("required", "")
            if required and required not in {"yes", "true", "true()"}:
                for problem in check(required, names):
                    add(
                        gettext_noop("%(name)s (%(column)s): %(problem)s"),
                        name=element["name"],
                        column="required",
                        problem=problem,
                    )
            if element.get("choice_filter"):
                for problem in check(element["choice_filter"], names, choice_fields=True):
                    add(
                        gettext_noop("%(name)s (%(column)s): %(problem)s"),
                        name=element["name"],
                        column="choice_filter",
                        problem=problem,
                    )
        for list_name, choices in self.choice_lists.items():
            choice_names = [c["name"] for c in choices]
            if len(set(choice_names)) != len(choice_names):
                add(
                    gettext_noop("The choice list %(list)s has the same name twice."),
                    list=repr(list_name),
                )
        if not self.questions(include_repeats=True) and not any(
            e["type"] == NOTE for e, _ in self.walk()
        ):
            add(gettext_noop("The questionnaire has no questions yet."))
        return problems


def _looks_like_expression(text: str) -> bool:
    return "${" in text or "(" in text


# --- answers ----------------------------------------------------------------------------------


class AnswerContext:
    """The expression context over one respondent's answers."""

    def __init__(
        self,
        form: Form,
        answers: Mapping[str, Any],
        *,
        language: str = "",
        scope: tuple[str, int] | None = None,
        current: str = "",
        on: date | None = None,
        fields: Mapping[str, Any] | None = None,
    ) -> None:
        self.form = form
        self.answers = answers
        self.language = language or form.source_language
        self.scope = scope  # (repeat name, 0-based instance) while inside a repeat
        self.current_name = current
        self.on = on or _today()
        self.fields = fields or {}

    def _convert(self, element: dict[str, Any], raw: Any) -> Value:
        if raw is None or raw == "":
            return ""
        kind = element["type"]
        if isinstance(raw, list):
            return " ".join(str(v) for v in raw)
        if kind in (INTEGER, DECIMAL, RANGE):
            try:
                return float(raw)
            except (TypeError, ValueError):
                return ""
        if kind == DATE:
            try:
                return date.fromisoformat(str(raw))
            except ValueError:
                return ""
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | float):
            return float(raw)
        return str(raw)

    def value(self, name: str) -> Value:
        if not self.form.has(name):
            raise ExpressionError(
                gettext_noop("There is no question named %(name)s."), name=repr(name)
            )
        element = self.form.element(name)
        if element["type"] == REPEAT:
            instances = self.answers.get(name) or []
            return float(len(instances))
        repeat = self.form.repeat_of(name)
        if repeat is None:
            return self._convert(element, self.answers.get(name))
        instances = self.answers.get(repeat["name"]) or []
        if self.scope is not None and self.scope[0] == repeat["name"]:
            index = self.scope[1]
            instance = instances[index] if index < len(instances) else {}
            return self._convert(element, instance.get(name))
        return [self._convert(element, instance.get(name)) for instance in instances]

    def current(self) -> Value:
        return self.value(self.current_name) if self.current_name else ""

    def position(self) -> int:
        return self.scope[1] + 1 if self.scope else 1

    def choice_label(self, question: str, value: str) -> str:
        return self.form.choice_label(question, value, self.language)

    def today(self) -> date:
        return self.on

    def field(self, name: str) -> Value:
        value = self.fields.get(name, "")
        return value if isinstance(value, str | float | bool | date | list) else str(value)

    def within(self, repeat: str, index: int, current: str = "") -> AnswerContext:
        return AnswerContext(
            self.form,
            self.answers,
            language=self.language,
            scope=(repeat, index),
            current=current,
            on=self.on,
        )

    def at(self, current: str) -> AnswerContext:
        return AnswerContext(
            self.form,
            self.answers,
            language=self.language,
            scope=self.scope,
            current=current,
            on=self.on,
        )


def _condition(expression: str, context: AnswerContext, *, default: bool) -> bool:
    if not expression:
        return default
    if expression.strip().lower() in {"yes", "true", "true()"}:
        return True
    if expression.strip().lower() in {"no", "false", "false()"}:
        return False
    try:
        return to_bool(evaluate(expression, context))
    except ExpressionError:
        return default


def is_required(element: Mapping[str, Any], context: AnswerContext) -> bool:
    return _condition(str(element.get("required", "")), context, default=False)


def is_relevant(element: Mapping[str, Any], context: AnswerContext) -> bool:
    return _condition(str(element.get("relevant", "")), context, default=True)


def element_visible(form: Form, element: dict[str, Any], context: AnswerContext) -> bool:
    """Relevant itself and inside relevant groups."""
    if not is_relevant(element, context):
        return False
    parent = form.parent_of(element["name"])
    while parent is not None:
        if parent["type"] == GROUP and not is_relevant(parent, context):
            return False
        parent = form.parent_of(parent["name"])
    return True


def _calculated_value(element: dict[str, Any], value: Value) -> Any:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return int(value) if value.is_integer() else round(value, 10)
    if isinstance(value, date):
        return value.isoformat()
    return to_string(value)


def repeat_size(
    form: Form, repeat: dict[str, Any], answers: Mapping[str, Any], on: date
) -> int | None:
    """The number of instances a repeat must have (``repeat_count``), or None if open."""
    expression = repeat.get("repeat_count", "")
    if not expression:
        return None
    try:
        number = to_number(evaluate(expression, AnswerContext(form, answers, on=on)))
    except ExpressionError:
        return 0
    if math.isnan(number):
        return 0
    return max(0, min(50, int(number)))


@dataclass(frozen=True)
class SettleStep:
    """One element as :func:`settle` visits it."""

    element: dict[str, Any]
    name: str
    kind: str
    repeat: str | None  # the innermost repeat around it
    conditions: tuple[str, ...]  # its own ``relevant`` and those of the groups around it


@dataclass(frozen=True)
class SettlePlan:
    steps: tuple[SettleStep, ...]
    #: 1 when every expression refers only to elements before the one it decides:
    #: then one pass in document order settles everything. Otherwise passes repeat
    #: (at most this many) until nothing changes.
    rounds: int


def _looks_back_only(expression: str, earlier: set[str]) -> bool:
    """Whether an expression refers only to ``earlier`` elements (not to itself
    through ``.``/``..``, nor to anything later)."""
    try:
        tree = parse(expression)
    except ExpressionError:
        return True  # evaluates to the default every time: nothing to wait for

    def visit(node: Node) -> bool:
        if node.kind in ("current", "parent"):
            return False
        if node.kind == "ref" and str(node.value) not in earlier:
            return False
        return all(visit(child) for child in node.children)

    return visit(tree)


def settle_plan(form: Form) -> SettlePlan:
    """What :func:`settle` does for this questionnaire, worked out once per form."""
    if form._settle_plan is not None:
        return form._settle_plan
    steps: list[SettleStep] = []
    earlier: set[str] = set()
    backward = True
    for element, _parent in form.walk():
        name = element["name"]
        conditions = [str(element.get("relevant", ""))]
        parent = form.parent_of(name)
        while parent is not None:
            if parent["type"] == GROUP:
                conditions.append(str(parent.get("relevant", "")))
            parent = form.parent_of(parent["name"])
        kept = tuple(c for c in conditions if c)
        repeat = form.repeat_of(name)
        steps.append(
            SettleStep(element, name, element["type"], repeat["name"] if repeat else None, kept)
        )
        expressions = [*kept, element.get("calculation", ""), element.get("repeat_count", "")]
        backward = backward and all(
            _looks_back_only(e, earlier) for e in expressions if e and not _constant(e)
        )
        earlier.add(name)
    plan = SettlePlan(tuple(steps), 1 if backward else MAX_SETTLE_PASSES)
    form._settle_plan = plan
    return plan


#: Passes for questionnaires whose expressions look ahead (a chain of that many
#: calculations, each referring to a later one, settles).
MAX_SETTLE_PASSES = 5


def _carry_calculations(plan: SettlePlan, previous: dict[str, Any], target: dict[str, Any]) -> None:
    """Give ``target`` (the answers as given) the calculated values of the previous
    pass, so that expressions referring to later calculations see them."""
    for step in plan.steps:
        if step.kind != CALCULATE:
            continue
        if step.repeat is None:
            if step.name in previous:
                target[step.name] = previous[step.name]
            else:
                target.pop(step.name, None)
            continue
        for before, instance in zip(
            previous.get(step.repeat) or [], target.get(step.repeat) or [], strict=False
        ):
            if step.name in before:
                instance[step.name] = before[step.name]
            else:
                instance.pop(step.name, None)


def _constant(expression: str) -> bool:
    return expression.strip().lower() in {"yes", "no", "true", "false", "true()", "false()"}


def _visible(step: SettleStep, context: AnswerContext) -> bool:
    return all(_condition(c, context, default=True) for c in step.conditions)


def settle(form: Form, answers: dict[str, Any], *, on: date | None = None) -> dict[str, Any]:
    """Answers made consistent: calculations computed, answers to questions that are no
    longer relevant removed (as ODK does), repeats sized to their ``repeat_count``.

    One pass in document order when every condition and calculation looks back only.
    Otherwise each further pass starts again from the answers as given, with the
    calculations of the pass before, until nothing changes: a question that an early
    pass hid because a later calculation was not yet made comes back when it is."""
    on = on or _today()
    plan = settle_plan(form)
    result: dict[str, Any] = {}
    for round_number in range(plan.rounds):
        previous, result = result, copy.deepcopy(answers)
        if round_number:
            _carry_calculations(plan, previous, result)
        for step in plan.steps:
            name, element = step.name, step.element
            if step.kind == REPEAT:
                size = repeat_size(form, element, result, on)
                instances = list(result.get(name) or [])
                if size is not None:
                    instances = instances[:size] + [{} for _ in range(size - len(instances))]
                if not _visible(step, AnswerContext(form, result, on=on)):
                    instances = []
                if instances:
                    result[name] = instances
                else:
                    result.pop(name, None)
                continue
            if step.kind in (GROUP, NOTE):
                continue
            if step.repeat is None:
                if step.kind != CALCULATE and name not in result:
                    continue  # nothing to remove, nothing to compute
                context = AnswerContext(form, result, current=name, on=on)
                if not _visible(step, context):
                    result.pop(name, None)
                elif step.kind == CALCULATE and element.get("calculation"):
                    try:
                        value = evaluate(element["calculation"], context)
                    except ExpressionError:
                        value = ""
                    result[name] = _calculated_value(element, value)
            else:
                for index, instance in enumerate(result.get(step.repeat) or []):
                    if step.kind != CALCULATE and name not in instance:
                        continue
                    context = AnswerContext(
                        form, result, scope=(step.repeat, index), current=name, on=on
                    )
                    if not _visible(step, context):
                        instance.pop(name, None)
                    elif step.kind == CALCULATE and element.get("calculation"):
                        try:
                            value = evaluate(element["calculation"], context)
                        except ExpressionError:
                            value = ""
                        instance[name] = _calculated_value(element, value)
        if round_number and result == previous:
            break
    return result


def default_answers(form: Form, *, on: date | None = None) -> dict[str, Any]:
    """The answers a new respondent starts with (XLSForm ``default``)."""
    answers: dict[str, Any] = {}
    for element in form.questions():
        default = element.get("default", "")
        if not default:
            continue
        if _looks_like_expression(default):
            try:
                value = evaluate(default, AnswerContext(form, answers, on=on))
            except ExpressionError:
                continue
            answers[element["name"]] = _calculated_value(element, value)
        elif element["type"] == SELECT_MULTIPLE:
            answers[element["name"]] = default.split()
        elif element["type"] in (INTEGER, DECIMAL, RANGE):
            try:
                answers[element["name"]] = (
                    float(default) if element["type"] != INTEGER else int(default)
                )
            except ValueError:
                continue
        else:
            answers[element["name"]] = default
    return answers


def visible_choices(
    form: Form, element: dict[str, Any], context: AnswerContext
) -> list[dict[str, Any]]:
    """The choices of a question after its ``choice_filter``."""
    choices = form.choices(element)
    expression = element.get("choice_filter", "")
    if not expression:
        return choices
    shown = []
    for choice in choices:
        fields = {"name": choice["name"], **(choice.get("extra") or {})}
        choice_context = AnswerContext(
            form,
            context.answers,
            language=context.language,
            scope=context.scope,
            on=context.on,
            fields=fields,
        )
        try:
            if to_bool(evaluate(expression, choice_context, choice_fields=True)):
                shown.append(choice)
        except ExpressionError:
            shown.append(choice)
    return shown


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def validate(
    form: Form,
    elements: list[dict[str, Any]],
    answers: Mapping[str, Any],
    *,
    language: str,
    on: date | None = None,
) -> dict[str, str]:
    """Messages for the answers of these elements that break a rule: ``{key: message}``,
    where key is the question name (or ``repeat.index.name`` inside repeats).

    Messages come from the questionnaire (``required_message``, ``constraint_message``)
    in the respondent's language; ``None`` where the questionnaire has none, so the page
    supplies its own wording."""
    on = on or _today()
    errors: dict[str, str] = {}

    def check_element(
        element: dict[str, Any], value: Any, context: AnswerContext, key: str
    ) -> None:
        if not element_visible(form, element, context):
            return
        if element["type"] in CONTAINER_TYPES or element["type"] in (NOTE, CALCULATE):
            return
        if is_empty(value):
            if is_required(element, context):
                errors[key] = form.text(element, "required_message", language) or REQUIRED
            return
        constraint = element.get("constraint", "")
        if constraint:
            try:
                ok = to_bool(evaluate(constraint, context.at(element["name"])))
            except ExpressionError:
                ok = True
            if not ok:
                errors[key] = form.text(element, "constraint_message", language) or CONSTRAINT

    def visit(items: list[dict[str, Any]], context: AnswerContext) -> None:
        for element in items:
            if element["type"] == REPEAT:
                if not element_visible(form, element, context):
                    continue
                for index, instance in enumerate(answers.get(element["name"]) or []):
                    inner = context.within(element["name"], index)
                    for child, _parent in form.walk(element.get("children", []), element):
                        if child["type"] in CONTAINER_TYPES:
                            continue
                        check_element(
                            child,
                            instance.get(child["name"]),
                            inner.at(child["name"]),
                            f"{element['name']}.{index}.{child['name']}",
                        )
            elif element["type"] == GROUP:
                visit(element.get("children", []), context)
            else:
                check_element(
                    element,
                    answers.get(element["name"]),
                    context.at(element["name"]),
                    element["name"],
                )

    visit(elements, AnswerContext(form, answers, language=language, on=on))
    return errors


#: Markers for "use the page's own wording" (the page translates them).
REQUIRED = "__required__"
CONSTRAINT = "__constraint__"


def page_visible(form: Form, page: Page, answers: Mapping[str, Any], *, on: date) -> bool:
    """A page is skipped when its group is not relevant or none of its elements is."""
    context = AnswerContext(form, answers, on=on)
    for element in page.elements:
        if element["type"] == CALCULATE:
            continue
        if element_visible(form, element, context):
            return True
    return False


def answered_questions(form: Form, answers: Mapping[str, Any]) -> int:
    return sum(
        1
        for q in form.questions()
        if q["type"] != CALCULATE and not is_empty(answers.get(q["name"]))
    )


def coerce(element: Mapping[str, Any], raw: list[str]) -> tuple[Any, str | None]:
    """A typed answer from submitted form values, or an error marker.

    Returns ``(value, None)`` or ``(None, marker)`` where marker names the problem
    (``number``, ``integer``, ``date``, ``choice``) for the page to word."""
    kind = element["type"]
    values = [v.strip() for v in raw if v is not None]
    if kind in (SELECT_MULTIPLE,):
        return [v for v in values if v], None
    if kind == RANK:
        return [v for v in values if v], None
    text = values[0] if values else ""
    if text == "":
        return "", None
    if kind == INTEGER:
        try:
            return int(text.replace(" ", "")), None
        except ValueError:
            return None, "integer"
    if kind in (DECIMAL, RANGE):
        try:
            number = float(text.replace(" ", "").replace(",", "."))
        except ValueError:
            return None, "number"
        if math.isnan(number) or math.isinf(number):
            return None, "number"
        return (int(number) if number.is_integer() else number), None
    if kind == DATE:
        try:
            return date.fromisoformat(text).isoformat(), None
        except ValueError:
            return None, "date"
    return text[:10_000], None


def range_parameters(element: Mapping[str, Any]) -> tuple[float, float, float]:
    """``start``, ``end`` and ``step`` of a range question (XLSForm ``parameters``)."""
    params = dict(
        part.split("=", 1) for part in str(element.get("parameters", "")).split() if "=" in part
    )
    try:
        return (
            float(params.get("start", 1)),
            float(params.get("end", 10)),
            float(params.get("step", 1)),
        )
    except ValueError:
        return 1.0, 10.0, 1.0


def range_values(element: Mapping[str, Any]) -> list[float]:
    start, end, step = range_parameters(element)
    if step == 0:
        return [start]
    count = int(abs((end - start) / step)) + 1
    return [round(start + i * step, 10) for i in range(min(count, 101))]
