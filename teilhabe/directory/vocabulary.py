"""The standard vocabulary of the directory: categories of offers, target groups,
accessibility features, topics and the languages in which an offer is given.

Labels are public strings (gettext context ``public``), so they exist in every public
language. Language names are written in the language itself (a speaker of Tigrinya
looks for "ትግርኛ", not for the German word), followed where useful by the name in the
reader's language.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

CATEGORIES: tuple[tuple[str, Promise], ...] = (
    ("counselling", pgettext_lazy("public", "Counselling")),
    ("language-course", pgettext_lazy("public", "Language courses")),
    ("integration-course", pgettext_lazy("public", "Integration courses")),
    ("education", pgettext_lazy("public", "School and education")),
    ("work", pgettext_lazy("public", "Work and vocational training")),
    ("health", pgettext_lazy("public", "Health")),
    ("housing", pgettext_lazy("public", "Housing")),
    ("family", pgettext_lazy("public", "Family and children")),
    ("legal", pgettext_lazy("public", "Residence and legal questions")),
    ("benefits", pgettext_lazy("public", "Social benefits")),
    ("interpreting", pgettext_lazy("public", "Interpreting and translation")),
    ("meeting", pgettext_lazy("public", "Meeting places and cafés")),
    ("sport", pgettext_lazy("public", "Sport and exercise")),
    ("culture", pgettext_lazy("public", "Culture and leisure")),
    ("religion", pgettext_lazy("public", "Religion and faith")),
    ("volunteering", pgettext_lazy("public", "Volunteering and taking part")),
    ("mobility", pgettext_lazy("public", "Mobility and transport")),
    ("digital", pgettext_lazy("public", "Digital help")),
)

TARGET_GROUPS: tuple[tuple[str, Promise], ...] = (
    ("everyone", pgettext_lazy("public", "Everyone")),
    ("women", pgettext_lazy("public", "Women")),
    ("men", pgettext_lazy("public", "Men")),
    ("children", pgettext_lazy("public", "Children")),
    ("youth", pgettext_lazy("public", "Young people")),
    ("families", pgettext_lazy("public", "Families")),
    ("seniors", pgettext_lazy("public", "Older people")),
    ("refugees", pgettext_lazy("public", "Refugees")),
    ("newcomers", pgettext_lazy("public", "Newcomers")),
    ("disabilities", pgettext_lazy("public", "People with disabilities")),
    ("volunteers", pgettext_lazy("public", "Volunteers")),
    ("employers", pgettext_lazy("public", "Employers")),
)

ACCESSIBILITY: tuple[tuple[str, Promise], ...] = (
    ("step-free", pgettext_lazy("public", "Step-free access")),
    ("accessible-toilet", pgettext_lazy("public", "Accessible toilet")),
    ("hearing-loop", pgettext_lazy("public", "Hearing loop")),
    ("sign-language", pgettext_lazy("public", "Sign language")),
    ("easy-language", pgettext_lazy("public", "Easy-to-read language")),
    ("guide-dogs", pgettext_lazy("public", "Guide dogs welcome")),
    ("disabled-parking", pgettext_lazy("public", "Disabled parking")),
    ("childcare", pgettext_lazy("public", "Childcare available")),
)

TOPICS: tuple[tuple[str, Promise], ...] = (
    ("integration", pgettext_lazy("public", "Integration")),
    ("anti-discrimination", pgettext_lazy("public", "Anti-discrimination")),
    ("education-topic", pgettext_lazy("public", "Education")),
    ("labour-market", pgettext_lazy("public", "Labour market")),
    ("culture-topic", pgettext_lazy("public", "Culture")),
    ("sport-topic", pgettext_lazy("public", "Sport")),
    ("health-topic", pgettext_lazy("public", "Health")),
    ("women-topic", pgettext_lazy("public", "Women's rights")),
    ("youth-work", pgettext_lazy("public", "Youth work")),
    ("religion-topic", pgettext_lazy("public", "Religion")),
)

#: ISO 639 codes with the language's own name.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("fa", "فارسی"),
    ("prs", "دری"),
    ("ps", "پښتو"),
    ("tr", "Türkçe"),
    ("ku", "Kurdî"),
    ("ti", "ትግርኛ"),
    ("so", "Soomaali"),
    ("am", "አማርኛ"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("pl", "Polski"),
    ("sq", "Shqip"),
    ("sr", "Srpski"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
    ("ur", "اردو"),
    ("ka", "ქართული"),
    ("gsg", "Deutsche Gebärdensprache"),
)

_STANDARD: dict[str, tuple[tuple[str, object], ...]] = {
    "category": CATEGORIES,
    "target_group": TARGET_GROUPS,
    "accessibility": ACCESSIBILITY,
    "topic": TOPICS,
    "language": LANGUAGES,
}
_LOOKUP = {(vocab, code): label for vocab, items in _STANDARD.items() for code, label in items}


def standard_terms() -> list[tuple[str, str, str, int]]:
    """(vocabulary, code, German name, position) of every standard term."""
    from django.utils import translation

    rows = []
    with translation.override("de"):
        for vocab, items in _STANDARD.items():
            for position, (code, label) in enumerate(items):
                rows.append((vocab, code, str(label), position))
    return rows


def standard_label(vocabulary: str, code: str) -> str:
    label = _LOOKUP.get((vocabulary, code))
    return str(label) if label is not None else ""


def sync_standard_terms(term_model: Any = None) -> int:
    """Create or update the standard vocabulary (idempotent); returns how many terms
    were created. The data migration calls it with the historical model; the demo
    (and any installation whose tables were emptied) with the current one."""
    if term_model is None:
        from teilhabe.directory.models import TaxonomyTerm

        term_model = TaxonomyTerm
    created = 0
    for vocabulary, code, name, position in standard_terms():
        _obj, was_created = term_model.objects.update_or_create(
            vocabulary=vocabulary,
            code=code,
            district=None,
            defaults={"name": name, "position": position},
        )
        created += int(was_created)
    return created
