"""Ready questionnaires a district can use at once.

* ``living``: "Leben in unserem Landkreis" (work, qualifications and their recognition,
  language, housing, family reunification, children's education, health care,
  discrimination, belonging, intention to stay);
* ``children``: "Kinder in Gemeinschaftsunterkünften" (for parents: space, quiet for
  homework, play, safety, Kita and school, counselling).

Both in German, Leichte Sprache, English, Arabic, Ukrainian, Russian, Farsi, Dari,
Turkish, Romanian and Bulgarian. German is the source; every other language is marked
as not reviewed by a person (``reviewed``), so respondents and officers see that.
"""

from __future__ import annotations

import copy
from typing import Any

from teilhabe.surveys.engine.form import Form

from . import children, living

LANGUAGES = ["de", "de-ls", "en", "ar", "uk", "ru", "fa", "prs", "tr", "ro", "bg"]
TEMPLATES = {"living": living, "children": children}


def text(values: tuple[str, ...]) -> dict[str, str]:
    if len(values) != len(LANGUAGES):
        raise ValueError(f"{values[0]!r} has {len(values)} texts, not {len(LANGUAGES)}")
    return dict(zip(LANGUAGES, values, strict=True))


def build(spec: Any) -> dict[str, Any]:
    """A questionnaire definition from a template module's compact description."""
    elements = []
    for page in spec.PAGES:
        group = {
            "type": "group",
            "name": page["name"],
            "label": text(page["label"]),
            "media": {},
            "extra": {},
            "children": [],
        }
        for question in page["questions"]:
            element = {
                key: value
                for key, value in question.items()
                if key not in ("label", "hint", "constraint_message")
            }
            element["label"] = text(question["label"])
            if "hint" in question:
                element["hint"] = text(question["hint"])
            if "constraint_message" in question:
                element["constraint_message"] = text(question["constraint_message"])
            element.setdefault("media", {})
            element.setdefault("extra", {})
            group["children"].append(element)
        elements.append(group)
    lists = {
        name: [
            {"name": code, "label": text(label), "media": {}, "extra": {}} for code, label in items
        ]
        for name, items in spec.LISTS.items()
    }
    data = {
        "title": text(spec.TITLE),
        "source_language": "de",
        "languages": list(LANGUAGES),
        "reviewed": ["de"],
        "settings": {"form_id": spec.FORM_ID, "version": spec.VERSION},
        "intro": text(spec.INTRO),
        "consent": text(spec.CONSENT),
        "thanks": text(spec.THANKS),
        "elements": elements,
        "choice_lists": lists,
        "sources": {},
    }
    form = Form(data)
    form.mark_all_current()
    return form.data


def template_definition(key: str) -> dict[str, Any] | None:
    spec = TEMPLATES.get(key)
    return copy.deepcopy(build(spec)) if spec else None
