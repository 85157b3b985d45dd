"""Text helpers for German data."""

from __future__ import annotations

_DIN_5007 = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "Ä": "a", "Ö": "o", "Ü": "u"})


def german_sort_key(text: str) -> str:
    """Sort key after DIN 5007-1 (as in dictionaries): umlauts sort like their base letters,
    ß like ss, case ignored. Databases sort "Göritz" after "Grünow" by byte value."""
    return text.translate(_DIN_5007).casefold()
