"""Words and word stems for the search index (no Django): the same Snowball stemmers
PostgreSQL's text search configurations use, so both backends understand German word
forms ("Schwimmkurse" finds "Schwimmkurs")."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import snowballstemmer

#: Snowball algorithm per language code; languages without one are indexed unstemmed.
SNOWBALL = {
    "de": "german",
    "en": "english",
    "ru": "russian",
    "tr": "turkish",
    "ar": "arabic",
    "ro": "romanian",
    "fa": "persian",
    "prs": "persian",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pl": "polish",
}
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 8


@cache
def _stemmer(language: str) -> snowballstemmer.Stemmer | None:
    algorithm = SNOWBALL.get(language.split("-")[0])
    return snowballstemmer.stemmer(algorithm) if algorithm else None


def fold(text: str) -> str:
    """Lower case without diacritics (ä → a), the way the FTS5 tokenizer folds."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if not w.isdigit() or len(w) >= 4]


def stems(text: str, language: str) -> list[str]:
    found = words(text)
    stemmer = _stemmer(language)
    if stemmer is not None:
        found = stemmer.stemWords(found)
    return [fold(w) for w in found if w]


def query_words(query: str) -> list[str]:
    """The words of a search query, at most :data:`MAX_QUERY_WORDS`, without operators."""
    return words(query)[:MAX_QUERY_WORDS]


def query_stems(word: str, languages: list[str]) -> list[str]:
    """The word's stems in each language (deduplicated, folded). A stem is stemmed once
    more: an inflected form's stem is not always the beginning of the base form's
    ("schwimmkurse" → "schwimmkurs", but "Schwimmkurs" → "schwimmkur")."""
    result: list[str] = []
    for language in languages:
        for stem in stems(word, language) or [fold(word)]:
            for form in (stem, *stems(stem, language)):
                if form and form not in result:
                    result.append(form)
    return result
