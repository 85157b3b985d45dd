"""Entries in the reader's language: translated fields with a fallback to the source
text, each carrying the language it is actually written in (for ``lang`` and
direction) and its translation status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from teilhabe.directory.models import Translation
from teilhabe.directory.services.common import EntryModel, entity_type


@dataclass(frozen=True)
class Text:
    text: str
    lang: str
    status: str  # original, reviewed, not_reviewed, outdated
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def localize(entries: Sequence[EntryModel], language: str) -> None:
    """Attach ``entry.tr`` (field → :class:`Text`) to each entry: one query per type."""
    by_type: dict[str, list[EntryModel]] = {}
    for entry in entries:
        by_type.setdefault(entity_type(entry), []).append(entry)
    for kind, items in by_type.items():
        found = translations(kind, [e.pk for e in items], language, items[0].TRANSLATABLE)
        for entry in items:
            entry.tr = _texts(entry, language, found)


def _texts(
    entry: EntryModel, language: str, found: dict[tuple[int, str], tuple[str, str]]
) -> dict[str, Text]:
    return {
        field: localized(
            getattr(entry, field) or "",
            entry.source_language,
            language,
            found.get((entry.pk, field)),
        )
        for field in entry.TRANSLATABLE
    }


def localized(source: str, source_language: str, language: str, hit: Any) -> Text:
    """The text in ``language``: the source if written in it, else the translation
    ``hit`` ((text, status) or None), else the source as a fallback."""
    if language == source_language:
        return Text(source, source_language, "original", False)
    if hit is not None and hit[0]:
        return Text(hit[0], language, hit[1], False)
    return Text(source, source_language, "original", True)


def translations(
    kind: str, ids: Sequence[int], language: str, fields: Sequence[str]
) -> dict[tuple[int, str], tuple[str, str]]:
    """(entity id, field) → (text, status) of the entries' translations in one query."""
    rows = Translation.objects.filter(
        entity_type=kind, entity_id__in=ids, language=language, field__in=fields
    ).values_list("entity_id", "field", "text", "status")
    return {(eid, field): (text, status) for eid, field, text, status in rows}
