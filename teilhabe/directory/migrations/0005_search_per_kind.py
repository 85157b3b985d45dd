"""PostgreSQL: one full-text index per kind of entry instead of one for all.

Every public search asks for one kind (offers, events or organisations). With one
index over all rows, PostgreSQL combined the text matches with the (district, kind)
index through a bitmap of every row of that kind (80,000 for offers in the benchmark:
~10 ms per search); a partial index per kind finds the matches of that kind alone.
SQLite (FTS5) is unchanged.
"""

from django.db import migrations

KINDS = ("service", "event", "organisation")

PG_FORWARD = [
    *(
        f"CREATE INDEX dir_search_doc_{kind} ON directory_searchentry USING gin (document) "
        f"WHERE entity_type = '{kind}'"
        for kind in KINDS
    ),
    "DROP INDEX IF EXISTS dir_search_document",
]
PG_BACKWARD = [
    "CREATE INDEX IF NOT EXISTS dir_search_document ON directory_searchentry "
    "USING gin (document)",
    *(f"DROP INDEX IF EXISTS dir_search_doc_{kind}" for kind in KINDS),
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_public_version")]

    operations = [migrations.RunPython(forward, backward)]
