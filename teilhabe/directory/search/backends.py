"""Two full-text search backends behind one interface.

``backend().match(entries, query=..., languages=[...])`` filters a queryset of
:class:`~teilhabe.directory.models.SearchEntry` to the rows that match the query and
annotates each with ``rank`` (higher is better):

* :class:`PostgresBackend`: ``tsvector`` per language configuration (German stems
  with the ``german`` configuration) with prefix matching, OR trigram word
  similarity of the title (pg_trgm) so that typos still find the entry.
* :class:`SqliteBackend`: FTS5 over Snowball stems with prefix matching; words the
  index does not know are corrected against the index's vocabulary (fts5vocab) with
  rapidfuzz's edit distance.
"""

from __future__ import annotations

from typing import Protocol

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from rapidfuzz.distance import Levenshtein

from teilhabe.directory.models import SearchEntry
from teilhabe.directory.search.text import fold, query_stems, query_words, stems

PG_CONFIGS = {
    "de": "german",
    "en": "english",
    "ru": "russian",
    "tr": "turkish",
    "ar": "arabic",
    "ro": "romanian",
}


class SearchBackend(Protocol):
    name: str

    def stemmed(self, text: str, language: str) -> str: ...

    def match(
        self, entries: QuerySet[SearchEntry], *, query: str, languages: list[str]
    ) -> QuerySet[SearchEntry]: ...


class PostgresBackend:
    name = "postgresql"

    def stemmed(self, text: str, language: str) -> str:
        return ""  # PostgreSQL stems itself (generated tsvector column)

    def match(
        self, entries: QuerySet[SearchEntry], *, query: str, languages: list[str]
    ) -> QuerySet[SearchEntry]:
        terms = query_words(query)
        if not terms:
            return entries.annotate(rank=RawSQL("0", [], output_field=FloatField()))
        configs = list(dict.fromkeys(PG_CONFIGS.get(lang, "simple") for lang in languages))
        parts: list[str] = []
        params: list[str] = []
        for term in terms:
            # Every term is plain word characters (\w+), so "term:*" is a valid tsquery.
            alternatives = " || ".join("to_tsquery(%s::regconfig, %s)" for _ in configs)
            parts.append(f"({alternatives})")
            for config in configs:
                params.extend([config, f"{term}:*"])
        tsquery = " && ".join(parts)
        phrase = " ".join(terms)
        condition = RawSQL(  # noqa: S611 - every value is a parameter
            f"(document @@ ({tsquery}) OR lower(title) %%> %s)",
            [*params, phrase],
            output_field=BooleanField(),
        )
        rank = RawSQL(  # noqa: S611 - every value is a parameter
            f"(ts_rank(document, {tsquery}) + word_similarity(%s, lower(title)))",
            [*params, phrase],
            output_field=FloatField(),
        )
        return entries.filter(condition).annotate(rank=rank)


class SqliteBackend:
    name = "sqlite"
    #: Index terms at most this many edits away from an unknown query word count as a match.
    MAX_EDITS = 2

    def stemmed(self, text: str, language: str) -> str:
        return " ".join(stems(text, language))

    def _vocabulary_has_prefix(self, cursor: object, stem: str) -> bool:
        cursor.execute(  # type: ignore[attr-defined]
            "SELECT 1 FROM directory_search_vocab WHERE term >= %s AND term < %s LIMIT 1",
            [stem, stem + "\uffff"],
        )
        return cursor.fetchone() is not None  # type: ignore[attr-defined]

    def _corrections(self, cursor: object, stem: str) -> list[str]:
        """Known index terms close to a stem the index does not contain (typos)."""
        if len(stem) < 4:
            return []
        edits = 1 if len(stem) < 7 else self.MAX_EDITS
        cursor.execute(  # type: ignore[attr-defined]
            "SELECT term FROM directory_search_vocab WHERE term >= %s AND term < %s "
            "AND length(term) BETWEEN %s AND %s",
            [stem[0], stem[0] + "\uffff", max(3, len(stem) - edits - 4), len(stem) + edits + 2],
        )
        candidates = [row[0] for row in cursor.fetchall()]  # type: ignore[attr-defined]
        close = []
        for term in candidates:
            # Compare with the term's beginning too, so that a typo in a word that
            # starts a compound ("Schwimkurs" → "schwimmkursen") still matches.
            if (
                Levenshtein.distance(stem, term, score_cutoff=edits) <= edits
                or Levenshtein.distance(stem, term[: len(stem) + 1], score_cutoff=edits) <= edits
                # ... and the other way round: the typo kept the stemmer from cutting
                # an ending ("Migrationsberatnug" → "migrationsberat").
                or Levenshtein.distance(stem[: len(term)], term, score_cutoff=1) <= 1
            ):
                close.append(term)
        return close[:10]

    def fts_query(self, query: str, languages: list[str]) -> str:
        """An FTS5 query: every word must match (by stem prefix, or a corrected term)."""
        groups = []
        with connection.cursor() as cursor:
            for word in query_words(query):
                alternatives: list[str] = []
                for stem in query_stems(word, languages):
                    if self._vocabulary_has_prefix(cursor, stem):
                        alternatives.append(_quote(stem) + "*")
                    else:
                        alternatives.extend(_quote(t) for t in self._corrections(cursor, stem))
                if not alternatives:
                    alternatives.append(_quote(fold(word)) + "*")
                groups.append("(" + " OR ".join(dict.fromkeys(alternatives)) + ")")
        return " AND ".join(groups)

    def match(
        self, entries: QuerySet[SearchEntry], *, query: str, languages: list[str]
    ) -> QuerySet[SearchEntry]:
        fts = self.fts_query(query, languages)
        if not fts:
            return entries.annotate(rank=RawSQL("0", [], output_field=FloatField()))
        ids = RawSQL(
            "SELECT rowid FROM directory_search_fts WHERE directory_search_fts MATCH %s", [fts]
        )
        # bm25() is smaller for better matches; negate it so that higher is better.
        rank = RawSQL(
            "(SELECT -bm25(directory_search_fts) FROM directory_search_fts "
            "WHERE directory_search_fts MATCH %s AND rowid = directory_searchentry.id)",
            [fts],
            output_field=FloatField(),
        )
        return entries.filter(Q(id__in=ids)).annotate(rank=rank)


def _quote(term: str) -> str:
    """An FTS5 string literal: operators inside it are plain text."""
    return '"' + term.replace('"', '""') + '"'


def backend() -> SearchBackend:
    """The backend for the database in use."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
