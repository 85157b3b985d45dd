"""The search index: one row per public entry and language, kept current by the
services. The full-text machinery sits beside it per database (see
``teilhabe.directory.search``): a generated ``tsvector`` column with GIN and trigram
indexes on PostgreSQL, an FTS5 table over the stemmed text on SQLite."""

from __future__ import annotations

from django.db import models

from teilhabe.directory.models.entries import Translation


class SearchEntry(models.Model):
    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    entity_type = models.CharField(max_length=16, choices=Translation.EntityType.choices)
    entity_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=300)
    text = models.TextField()
    #: Word stems of title and text (Snowball), for the SQLite FTS5 table.
    stemmed = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entity_type", "entity_id", "language"], name="directory_search_unique"
            )
        ]
        indexes = [
            models.Index(fields=["district", "entity_type", "language"], name="dir_search_scope")
        ]

    def __str__(self) -> str:
        return f"{self.entity_type}:{self.entity_id} [{self.language}]"


class SearchTerm(models.Model):
    """The vocabulary of the search index: every distinct word (stem) it holds, so that
    a query word can be matched as a part of compounds and corrected when mistyped.
    Kept by the services when entries are indexed; rebuilt by the daily job."""

    term = models.CharField(max_length=60, primary_key=True)

    def __str__(self) -> str:
        return self.term


class PublicVersion(models.Model):
    """One row whose ``token`` the database changes (triggers, migration 0004) in the
    same transaction as any change to what public pages show; cached public pages
    are keyed by it (see ``teilhabe.directory.pagecache``)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.token)
