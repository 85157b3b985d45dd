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
        rows = Translation.objects.filter(
            entity_type=kind, entity_id__in=[e.pk for e in items], language=language
        ).values_list("entity_id", "field", "text", "status")
        found: dict[tuple[int, str], tuple[str, str]] = {
            (eid, field): (text, status) for eid, field, text, status in rows
        }
        for entry in items:
            entry.tr = _texts(entry, language, found)


def _texts(
    entry: EntryModel, language: str, found: dict[tuple[int, str], tuple[str, str]]
) -> dict[str, Text]:
    result: dict[str, Text] = {}
    for field in entry.TRANSLATABLE:
        source: Any = getattr(entry, field) or ""
        if language == entry.source_language:
            result[field] = Text(source, entry.source_language, "original", False)
            continue
        hit = found.get((entry.pk, field))
        if hit is not None and hit[0]:
            result[field] = Text(hit[0], language, hit[1], False)
        else:
            result[field] = Text(source, entry.source_language, "original", True)
    return result
