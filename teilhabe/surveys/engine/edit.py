"""Changes the builder makes to a questionnaire (add, change, move, delete, languages).

Each function changes a :class:`Form` in place and raises :class:`FormError` with a
plain message when the change would break a rule; the service layer stores the result.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .expressions import rename_references
from .form import (
    CHOICE_TYPES,
    CONTAINER_TYPES,
    FORM_TEXTS,
    NAME_PATTERN,
    QUESTION_TEXTS,
    Form,
    FormError,
)
from .messages import gettext_noop

EXPRESSION_COLUMNS = (
    "relevant",
    "constraint",
    "calculation",
    "default",
    "choice_filter",
    "repeat_count",
    "required",
)


def slug_name(text: str, taken: set[str], prefix: str = "q") -> str:
    """A question or choice name made from a label (``"Wie alt sind Sie?"`` → ``wie_alt_sind_sie``)."""
    german = str.maketrans(
        {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
    )
    plain = unicodedata.normalize("NFKD", text.translate(german)).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:32] or prefix
    if not name[0].isalpha():
        name = f"{prefix}_{name}"
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}_{n}"
    return candidate


def _siblings(form: Form, name: str) -> list[dict[str, Any]]:
    parent = form.parent_of(name)
    siblings: list[dict[str, Any]] = parent["children"] if parent else form.elements
    return siblings


def add_element(form: Form, element: dict[str, Any], *, parent: str = "", after: str = "") -> None:
    name = element.get("name", "")
    if not NAME_PATTERN.match(name):
        raise FormError(
            gettext_noop(
                "%(name)s is not a valid name: use letters, digits and _ only, starting with a letter."
            ),
            name=repr(name),
        )
    if form.has(name):
        raise FormError(
            gettext_noop("The name %(name)s is used twice; every question needs its own."),
            name=repr(name),
        )
    element.setdefault("media", {})
    element.setdefault("extra", {})
    if element["type"] in CONTAINER_TYPES:
        element.setdefault("children", [])
    if parent:
        container = form.element(parent)
        if container["type"] not in CONTAINER_TYPES:
            raise FormError(gettext_noop("%(name)s is not a page or group."), name=repr(parent))
        target: list[dict[str, Any]] = container["children"]
    else:
        target = form.elements
    if after and any(e["name"] == after for e in target):
        index = next(i for i, e in enumerate(target) if e["name"] == after) + 1
        target.insert(index, element)
    else:
        target.append(element)
    form.invalidate()


def update_element(form: Form, name: str, changes: dict[str, Any], *, language: str) -> None:
    """Change a question. Texts in ``changes`` are in ``language``; a new name is
    written into every expression that referred to the old one."""
    element = form.element(name)
    new_name = changes.pop("name", name) or name
    if new_name != name:
        if not NAME_PATTERN.match(new_name):
            raise FormError(
                gettext_noop(
                    "%(name)s is not a valid name: use letters, digits and _ only, starting with a letter."
                ),
                name=repr(new_name),
            )
        if form.has(new_name):
            raise FormError(
                gettext_noop("The name %(name)s is used twice; every question needs its own."),
                name=repr(new_name),
            )
        for other, _parent in form.walk():
            for column in EXPRESSION_COLUMNS:
                if other.get(column):
                    other[column] = rename_references(other[column], name, new_name)
        sources = form.data["sources"]
        for attr in QUESTION_TEXTS:
            old_key, new_key = f"q:{name}:{attr}", f"q:{new_name}:{attr}"
            if old_key in sources:
                sources[new_key] = sources.pop(old_key)
        element["name"] = new_name
        form.invalidate()
    for key, value in changes.items():
        if key in QUESTION_TEXTS:
            texts = element.setdefault(key, {})
            if value:
                texts[language] = value
            else:
                texts.pop(language, None)
            if not texts:
                element.pop(key, None)
        elif value in ("", None):
            element.pop(key, None)
        else:
            element[key] = value


def move_element(form: Form, name: str, *, step: int) -> None:
    siblings = _siblings(form, name)
    index = next(i for i, e in enumerate(siblings) if e["name"] == name)
    target = index + step
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    form.invalidate()


def delete_element(form: Form, name: str) -> None:
    """Delete a question (a page or group with everything in it)."""
    gone = {name} | {
        child["name"] for child, _ in form.walk(form.element(name).get("children", []))
    }
    users = [
        other["name"]
        for other, _ in form.walk()
        if other["name"] not in gone
        and any(
            re.search(r"\$\{\s*" + re.escape(g) + r"\s*\}", str(other.get(column, "")))
            for g in gone
            for column in EXPRESSION_COLUMNS
        )
    ]
    if users:
        raise FormError(
            gettext_noop("%(name)s cannot be deleted: %(users)s refer to it. Change those first."),
            name=name,
            users=", ".join(users),
        )
    siblings = _siblings(form, name)
    siblings[:] = [e for e in siblings if e["name"] != name]
    form.invalidate()


def parse_choice_lines(
    text: str, existing: list[dict[str, Any]], language: str
) -> list[dict[str, Any]]:
    """Choices from lines of text: ``Label`` or ``code = Label``. Existing choices keep
    their other languages and media; a choice whose code is kept keeps its answers."""
    by_name = {c["name"]: c for c in existing}
    by_label = {(c.get("label") or {}).get(language, ""): c for c in existing}
    taken: set[str] = set()
    result = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        code, sep, label = line.partition("=")
        if sep and NAME_PATTERN.match(code.strip()):
            name, label = code.strip(), label.strip()
        else:
            label = line
            match = by_label.get(label)
            name = match["name"] if match else slug_name(label, taken | set(by_name), "c")
        if name in taken:
            raise FormError(
                gettext_noop("The answer code %(name)s appears twice."), name=repr(name)
            )
        taken.add(name)
        choice = dict(by_name.get(name) or {"name": name, "label": {}, "media": {}, "extra": {}})
        choice["label"] = {**(choice.get("label") or {}), language: label}
        result.append(choice)
    if not result:
        raise FormError(gettext_noop("Give at least one answer, one per line."))
    return result


def choice_lines(choices: list[dict[str, Any]], language: str) -> str:
    return "\n".join(f"{c['name']} = {(c.get('label') or {}).get(language, '')}" for c in choices)


def set_choices(form: Form, list_name: str, choices: list[dict[str, Any]]) -> None:
    form.choice_lists[list_name] = choices


def list_in_use_elsewhere(form: Form, list_name: str, name: str) -> bool:
    return any(
        e.get("list") == list_name and e["name"] != name
        for e, _ in form.walk()
        if e["type"] in CHOICE_TYPES
    )


def add_language(form: Form, code: str) -> None:
    if code in form.languages:
        return
    form.data["languages"].append(code)


def remove_language(form: Form, code: str) -> None:
    if code == form.source_language:
        raise FormError(gettext_noop("The source language cannot be removed."))
    form.data["languages"] = [c for c in form.languages if c != code]
    form.data["reviewed"] = [c for c in form.data.get("reviewed", []) if c != code]

    def strip(owner: dict[str, Any], attrs: tuple[str, ...]) -> None:
        for attr in attrs:
            (owner.get(attr) or {}).pop(code, None)
        for files in (owner.get("media") or {}).values():
            files.pop(code, None)

    strip(form.data, FORM_TEXTS)
    for element, _ in form.walk():
        strip(element, QUESTION_TEXTS)
    for choices in form.choice_lists.values():
        for choice in choices:
            strip(choice, ("label",))
    for languages in form.data["sources"].values():
        languages.pop(code, None)


def set_reviewed(form: Form, code: str, reviewed: bool) -> None:
    current = [c for c in form.data.get("reviewed", []) if c != code]
    if reviewed:
        current.append(code)
    form.data["reviewed"] = current
