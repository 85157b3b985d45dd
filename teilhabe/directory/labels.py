"""Labels that public pages show for choices stored on entries. The office sees the
models' own labels (German and English); the public sees these, which exist in every
public language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LABELS: dict[str, dict[str, Promise]] = {
    "kind": {
        "migrant_organisation": pgettext_lazy("public", "Migrant organisation"),
        "club": pgettext_lazy("public", "Club or association"),
        "counselling": pgettext_lazy("public", "Counselling service"),
        "authority": pgettext_lazy("public", "Public authority"),
        "religious": pgettext_lazy("public", "Religious community"),
        "company": pgettext_lazy("public", "Company"),
        "school": pgettext_lazy("public", "School"),
        "course_provider": pgettext_lazy("public", "Course provider"),
        "welfare": pgettext_lazy("public", "Welfare organisation"),
        "initiative": pgettext_lazy("public", "Volunteer initiative"),
        "other": pgettext_lazy("public", "Other organisation"),
    },
    "attending": {
        "in_person": pgettext_lazy("public", "In person"),
        "online": pgettext_lazy("public", "Online"),
        "hybrid": pgettext_lazy("public", "In person and online"),
    },
    "status": {
        "inactive": pgettext_lazy("public", "Currently not offered"),
        "defunct": pgettext_lazy("public", "No longer offered"),
        "temporarily closed": pgettext_lazy("public", "Temporarily closed"),
        "cancelled": pgettext_lazy("public", "Cancelled"),
        "postponed": pgettext_lazy("public", "Postponed"),
    },
}


def public_label(kind: str, value: str) -> str:
    label = LABELS.get(kind, {}).get(value)
    return str(label) if label is not None else value
