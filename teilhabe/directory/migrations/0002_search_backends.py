"""Full-text search machinery per database, and the standard vocabulary.

* PostgreSQL: the pg_trgm extension (trusted since PostgreSQL 13, so the database
  owner may create it), a generated ``document`` tsvector per language configuration
  with a GIN index, and a trigram index on titles for typo-tolerant matching.
* SQLite: an FTS5 table over the stemmed text (external content, kept in step by
  triggers) and an fts5vocab table whose terms correct typos in queries.
"""

from django.db import migrations

# Languages with a Snowball configuration in PostgreSQL; others use "simple".
PG_CONFIGS = {
    "de": "german",
    "en": "english",
    "ru": "russian",
    "tr": "turkish",
    "ar": "arabic",
    "ro": "romanian",
}


def _config_case(column: str) -> str:
    cases = " ".join(
        f"WHEN '{code}' THEN to_tsvector('{config}'::regconfig, coalesce({column}, ''))"
        for code, config in PG_CONFIGS.items()
    )
    return f"CASE language {cases} ELSE to_tsvector('simple'::regconfig, coalesce({column}, '')) END"


PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE directory_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    f"setweight({_config_case('title')}, 'A') || setweight({_config_case('text')}, 'B')"
    ") STORED",
    "CREATE INDEX dir_search_document ON directory_searchentry USING gin (document)",
    "CREATE INDEX dir_search_title_trgm ON directory_searchentry "
    "USING gin (lower(title) gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS dir_search_title_trgm",
    "DROP INDEX IF EXISTS dir_search_document",
    "ALTER TABLE directory_searchentry DROP COLUMN IF EXISTS document",
]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE directory_search_fts USING fts5(stemmed, "
    "content='directory_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE directory_search_vocab USING fts5vocab(directory_search_fts, 'row')",
    "CREATE TRIGGER directory_search_ai AFTER INSERT ON directory_searchentry BEGIN "
    "INSERT INTO directory_search_fts(rowid, stemmed) VALUES (new.id, new.stemmed); END",
    "CREATE TRIGGER directory_search_ad AFTER DELETE ON directory_searchentry BEGIN "
    "INSERT INTO directory_search_fts(directory_search_fts, rowid, stemmed) "
    "VALUES ('delete', old.id, old.stemmed); END",
    "CREATE TRIGGER directory_search_au AFTER UPDATE ON directory_searchentry BEGIN "
    "INSERT INTO directory_search_fts(directory_search_fts, rowid, stemmed) "
    "VALUES ('delete', old.id, old.stemmed); "
    "INSERT INTO directory_search_fts(rowid, stemmed) VALUES (new.id, new.stemmed); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_search_au",
    "DROP TRIGGER IF EXISTS directory_search_ad",
    "DROP TRIGGER IF EXISTS directory_search_ai",
    "DROP TABLE IF EXISTS directory_search_vocab",
    "DROP TABLE IF EXISTS directory_search_fts",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement, params=None)


def load_vocabulary(apps, schema_editor):
    from teilhabe.directory.vocabulary import sync_standard_terms

    sync_standard_terms(apps.get_model("directory", "TaxonomyTerm"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(load_vocabulary, migrations.RunPython.noop),
    ]
