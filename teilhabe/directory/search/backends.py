"""Two full-text search backends behind one interface.

``backend().match(entries, query=..., languages=[...])`` filters a queryset of
:class:`~teilhabe.directory.models.SearchEntry` to the rows that match the query and
annotates each with ``rank`` (higher is better). Every word of the query must match,
in one of three ways, decided against the index's vocabulary
(:class:`~teilhabe.directory.models.SearchTerm`, the distinct words of the index):

* as the beginning of a word, by stem ("Schwimmkurse" finds "Schwimmkurs");
* as a later part of a German compound ("Beratung" finds "Migrationsberatung",
  "Schwimm" finds "Frauenschwimmkurs"): vocabulary words that contain the stem after
  at least :data:`COMPOUND_MIN_HEAD` letters;
* when neither finds anything, a typo correction: vocabulary words a few edits away
  ("Schwimkurs" finds "Schwimmkurs").

* :class:`PostgresBackend`: one ``tsquery`` over a generated ``tsvector`` column
  (Snowball configuration per language) with a GIN index; the vocabulary has a
  trigram index for the compound and typo look-ups; the title's trigram similarity
  adds to the rank.
* :class:`SqliteBackend`: FTS5 over Python-side Snowball stems; bm25 ranks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from rapidfuzz.distance import Levenshtein

from teilhabe.directory.models import SearchEntry, SearchTerm
from teilhabe.directory.search.text import fold, query_stems, query_words, stems

PG_CONFIGS = {
    "de": "german",
    "en": "english",
    "ru": "russian",
    "tr": "turkish",
    "ar": "arabic",
    "ro": "romanian",
}
#: A compound's part is looked up only from this length (shorter ones match too much).
COMPOUND_MIN_STEM = 4
#: ... and only after this many letters of the word (a compound's first part).
COMPOUND_MIN_HEAD = 3
#: At most this many compounds (the shortest first) stand in for one query word.
MAX_COMPOUNDS = 50
#: Added to the rank of entries that contain every query word itself (not only as a
#: part of a compound or as a correction): they come first.
DIRECT_BONUS = 1000
#: Vocabulary words: letters and digits, with at least one letter, 3 to 60 long.
_TERM = re.compile(r"(?=\w*[^\W\d_])[^\W_]{3,60}")


def vocabulary_words(terms: Iterable[str]) -> set[str]:
    """The index words worth keeping in the vocabulary (no numbers, addresses, …)."""
    return {t for t in terms if _TERM.fullmatch(t)}


def _close(stem: str, candidates: Iterable[str], edits: int) -> list[str]:
    """Candidates at most ``edits`` edits away from ``stem`` (typos)."""
    close = []
    for term in candidates:
        # Compare with the term's beginning too, so that a typo in a word that
        # starts a compound ("Schwimkurs" → "schwimmkursen") still matches ...
        if (
            Levenshtein.distance(stem, term, score_cutoff=edits) <= edits
            or Levenshtein.distance(stem, term[: len(stem) + 1], score_cutoff=edits) <= edits
            # ... and the other way round: the typo kept the stemmer from cutting
            # an ending ("Migrationsberatnug" → "migrationsberat").
            or Levenshtein.distance(stem[: len(term)], term, score_cutoff=1) <= 1
        ):
            close.append(term)
    return close[:10]


class SearchBackend:
    """What both backends share: the query's words, expanded against the vocabulary."""

    name = ""
    #: Index words at most this many edits away from an unknown query word match.
    MAX_EDITS = 2

    def stemmed(self, text: str, language: str) -> str:
        raise NotImplementedError

    def match(
        self,
        entries: QuerySet[SearchEntry],
        *,
        query: str,
        languages: list[str],
        cache_key: int | None = None,
    ) -> QuerySet[SearchEntry]:
        """``cache_key``: the public token, if the caller has it; the query's words are
        then expanded against the vocabulary once per process and token (see
        :meth:`expanded`)."""
        raise NotImplementedError

    def add_terms(self, entry_ids: list[int]) -> None:
        """Add the words of these index rows to the vocabulary."""
        raise NotImplementedError

    def index_words(self) -> set[str]:
        """Every word of the whole index (to rebuild the vocabulary)."""
        raise NotImplementedError

    def _containing(self, cursor: Any, stem: str) -> list[str]:
        """Vocabulary words that contain ``stem``, the shortest first."""
        raise NotImplementedError

    def _candidates(self, cursor: Any, stem: str, edits: int) -> list[str]:
        """Vocabulary words that may be a typo's correction (checked afterwards)."""
        raise NotImplementedError

    def expand(self, query: str, languages: list[str]) -> list[tuple[str, list[str], list[str]]]:
        """Per query word: (the word, stems to match as beginnings, whole index words
        to match: compounds that contain a stem, or typo corrections)."""
        result = []
        with connection.cursor() as cursor:
            for word in query_words(query):
                prefixes = query_stems(word, languages)
                known = False
                terms: list[str] = []
                for stem in prefixes:
                    if len(stem) < COMPOUND_MIN_STEM:
                        known = known or self._has_prefix(cursor, stem)
                        continue
                    containing = self._containing(cursor, stem)
                    known = known or bool(containing)
                    terms.extend(t for t in containing if t.find(stem) >= COMPOUND_MIN_HEAD)
                terms = list(dict.fromkeys(terms))[:MAX_COMPOUNDS]
                if not known:
                    corrections: list[str] = []
                    for stem in prefixes:
                        if len(stem) >= 4:
                            edits = 1 if len(stem) < 7 else self.MAX_EDITS
                            candidates = self._candidates(cursor, stem, edits)
                            corrections.extend(_close(stem, candidates, edits))
                    terms.extend(corrections)
                    # ... and the corrected word's compounds ("Schwimkurs" finds
                    # "Frauenschwimmkurs").
                    for correction in corrections[:3]:
                        terms.extend(
                            t
                            for t in self._containing(cursor, correction)
                            if t.find(correction) >= COMPOUND_MIN_HEAD
                        )
                result.append((word, prefixes, list(dict.fromkeys(terms))[: 2 * MAX_COMPOUNDS]))
        return result

    def expanded(
        self, query: str, languages: list[str], cache_key: int | None
    ) -> list[tuple[str, list[str], list[str]]]:
        """:meth:`expand`, kept per process while the public token ``cache_key`` stays
        the same (the vocabulary grows with the entries, whose changes replace the
        token). Searches share their words far more often than their filters, and the
        vocabulary look-ups (compounds, typo candidates) cost 1–30 ms per word."""
        if cache_key is None:
            return self.expand(query, languages)
        key = (self.name, cache_key, query, tuple(languages))
        found = _EXPANSIONS.get(key)
        if found is None:
            found = self.expand(query, languages)
            if len(_EXPANSIONS) >= MAX_EXPANSIONS:
                _EXPANSIONS.clear()
            _EXPANSIONS[key] = found
        return found

    def _has_prefix(self, cursor: Any, stem: str) -> bool:
        """Whether a vocabulary word begins with ``stem``."""
        raise NotImplementedError

    def rebuild_terms(self) -> int:
        """Replace the vocabulary by the words of the index as it is now."""
        words = vocabulary_words(self.index_words())
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create((SearchTerm(term=t) for t in words), batch_size=5000)
        return len(words)

    def _save_terms(self, terms: Iterable[str]) -> None:
        SearchTerm.objects.bulk_create(
            (SearchTerm(term=t) for t in vocabulary_words(terms)), ignore_conflicts=True
        )


#: Expanded queries kept per process (see :meth:`SearchBackend.expanded`).
MAX_EXPANSIONS = 2000
_EXPANSIONS: dict[
    tuple[str, int, str, tuple[str, ...]], list[tuple[str, list[str], list[str]]]
] = {}


def clear_expansions() -> None:
    _EXPANSIONS.clear()


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def stemmed(self, text: str, language: str) -> str:
        return ""  # PostgreSQL stems itself (generated tsvector column)

    def add_terms(self, entry_ids: list[int]) -> None:
        if not entry_ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT unnest(tsvector_to_array(document)) "
                "FROM directory_searchentry WHERE id = ANY(%s)",
                [entry_ids],
            )
            self._save_terms(row[0] for row in cursor.fetchall())

    def index_words(self) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT unnest(tsvector_to_array(document)) FROM directory_searchentry"
            )
            return {row[0] for row in cursor.fetchall()}

    def _has_prefix(self, cursor: Any, stem: str) -> bool:
        cursor.execute(
            "SELECT 1 FROM directory_searchterm WHERE term LIKE %s LIMIT 1",
            [_like_escape(stem) + "%"],
        )
        return cursor.fetchone() is not None

    def _containing(self, cursor: Any, stem: str) -> list[str]:
        cursor.execute(
            "SELECT term FROM directory_searchterm WHERE term LIKE %s "
            "ORDER BY length(term), term LIMIT %s",
            ["%" + _like_escape(stem) + "%", 4 * MAX_COMPOUNDS],
        )
        return [row[0] for row in cursor.fetchall()]

    def _candidates(self, cursor: Any, stem: str, edits: int) -> list[str]:
        cursor.execute(
            "SELECT term FROM directory_searchterm WHERE term %% %s OR %s <%% term "
            "ORDER BY similarity(term, %s) DESC LIMIT 200",
            [stem, stem, stem],
        )
        return [row[0] for row in cursor.fetchall()]

    def _tsquery(
        self, expanded: list[tuple[str, list[str], list[str]]], configs: list[str], *, whole: bool
    ) -> tuple[str, list[str]]:
        """The tsquery SQL and its parameters; ``whole=False`` leaves out compounds and
        corrections (the words themselves only)."""
        parts: list[str] = []
        params: list[str] = []
        for word, prefixes, terms in expanded:
            # Every word, stem and term is plain word characters (\w+), so "word:*"
            # and "a:* | b" are valid tsquery texts. The word's beginning is matched as
            # PostgreSQL stems it in each language and as our stems (which are folded
            # and stemmed once more), its compounds and corrections as they are.
            alternatives = ["to_tsquery(%s::regconfig, %s)" for _ in configs]
            for config in configs:
                params.extend([config, f"{word}:*"])
            alternatives.append("to_tsquery('simple'::regconfig, %s)")
            params.append(" | ".join([f"{stem}:*" for stem in prefixes] + (terms if whole else [])))
            parts.append("(" + " || ".join(alternatives) + ")")
        return " && ".join(parts), params

    def match(
        self,
        entries: QuerySet[SearchEntry],
        *,
        query: str,
        languages: list[str],
        cache_key: int | None = None,
    ) -> QuerySet[SearchEntry]:
        expanded = self.expanded(query, languages, cache_key)
        if not expanded:
            return entries.annotate(rank=RawSQL("0", [], output_field=FloatField()))
        configs = list(dict.fromkeys(PG_CONFIGS.get(lang, "simple") for lang in languages))
        tsquery, params = self._tsquery(expanded, configs, whole=True)
        phrase = " ".join(word for word, _prefixes, _terms in expanded)
        condition = RawSQL(  # noqa: S611 - every value is a parameter
            f"document @@ ({tsquery})", params, output_field=BooleanField()
        )
        rank_sql = f"ts_rank(document, {tsquery}) + word_similarity(%s, lower(title))"
        rank_params: list[Any] = [*params, phrase]
        if any(terms for _word, _prefixes, terms in expanded):
            # Entries with every word itself come before those that match only through
            # compounds or corrections (rarer words would otherwise rank higher).
            direct, direct_params = self._tsquery(expanded, configs, whole=False)
            rank_sql += f" + CASE WHEN document @@ ({direct}) THEN %s ELSE 0 END"
            rank_params += [*direct_params, DIRECT_BONUS]
        rank = RawSQL(  # noqa: S611 - every value is a parameter
            f"({rank_sql})", rank_params, output_field=FloatField()
        )
        return entries.filter(condition).annotate(rank=rank)


class SqliteBackend(SearchBackend):
    name = "sqlite"

    def stemmed(self, text: str, language: str) -> str:
        return " ".join(stems(text, language))

    def add_terms(self, entry_ids: list[int]) -> None:
        rows = SearchEntry.objects.filter(id__in=entry_ids).values_list("stemmed", flat=True)
        self._save_terms(word for text in rows for word in text.split())

    def index_words(self) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT term FROM directory_search_vocab")
            return {row[0] for row in cursor.fetchall()}

    def _has_prefix(self, cursor: Any, stem: str) -> bool:
        cursor.execute(
            "SELECT 1 FROM directory_searchterm WHERE term >= %s AND term < %s LIMIT 1",
            [stem, stem + "\uffff"],
        )
        return cursor.fetchone() is not None

    def _containing(self, cursor: Any, stem: str) -> list[str]:
        cursor.execute(
            "SELECT term FROM directory_searchterm WHERE instr(term, %s) > 0 "
            "ORDER BY length(term), term LIMIT %s",
            [stem, 4 * MAX_COMPOUNDS],
        )
        return [row[0] for row in cursor.fetchall()]

    def _candidates(self, cursor: Any, stem: str, edits: int) -> list[str]:
        cursor.execute(
            "SELECT term FROM directory_searchterm WHERE term >= %s AND term < %s "
            "AND length(term) BETWEEN %s AND %s",
            [stem[0], stem[0] + "\uffff", max(3, len(stem) - edits - 4), len(stem) + edits + 2],
        )
        return [row[0] for row in cursor.fetchall()]

    def fts_query(self, query: str, languages: list[str], *, whole: bool = True) -> str:
        """An FTS5 query: every word must match (by stem prefix, compound or
        correction; ``whole=False``: by stem prefix only)."""
        return self._fts(self.expand(query, languages), whole=whole)

    @staticmethod
    def _fts(expanded: list[tuple[str, list[str], list[str]]], *, whole: bool) -> str:
        groups = []
        for word, prefixes, terms in expanded:
            alternatives = [_quote(stem) + "*" for stem in prefixes or [fold(word)]]
            alternatives += [_quote(term) for term in terms] if whole else []
            groups.append("(" + " OR ".join(dict.fromkeys(alternatives)) + ")")
        return " AND ".join(groups)

    def match(
        self,
        entries: QuerySet[SearchEntry],
        *,
        query: str,
        languages: list[str],
        cache_key: int | None = None,
    ) -> QuerySet[SearchEntry]:
        expanded = self.expanded(query, languages, cache_key)
        fts = self._fts(expanded, whole=True)
        if not fts:
            return entries.annotate(rank=RawSQL("0", [], output_field=FloatField()))
        ids = RawSQL(
            "SELECT rowid FROM directory_search_fts WHERE directory_search_fts MATCH %s", [fts]
        )
        # bm25() is smaller for better matches; negate it so that higher is better.
        rank_sql = (
            "(SELECT -bm25(directory_search_fts) FROM directory_search_fts "
            "WHERE directory_search_fts MATCH %s AND rowid = directory_searchentry.id)"
        )
        rank_params: list[Any] = [fts]
        direct = self._fts(expanded, whole=False)
        if direct != fts:
            # Entries with every word itself come first (see PostgresBackend.match).
            rank_sql += (
                " + CASE WHEN directory_searchentry.id IN (SELECT rowid FROM "
                "directory_search_fts WHERE directory_search_fts MATCH %s) THEN %s ELSE 0 END"
            )
            rank_params += [direct, DIRECT_BONUS]
        rank = RawSQL(f"({rank_sql})", rank_params, output_field=FloatField())  # noqa: S611
        return entries.filter(Q(id__in=ids)).annotate(rank=rank)


def _quote(term: str) -> str:
    """An FTS5 string literal: operators inside it are plain text."""
    return '"' + term.replace('"', '""') + '"'


def backend() -> SearchBackend:
    """The backend for the database in use."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
