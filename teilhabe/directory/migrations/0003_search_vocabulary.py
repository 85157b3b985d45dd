"""The search index's vocabulary (every distinct word), for matching parts of German
compounds and correcting typos on both databases. On PostgreSQL it gets a trigram
index (for "contains" and similarity look-ups) and replaces the trigram index on
titles, whose whole-title similarity no longer decides what matches."""

import re

from django.db import migrations, models

_TERM = re.compile(r"(?=\w*[^\W\d_])[^\W_]{3,60}")

PG_FORWARD = [
    "CREATE INDEX dir_search_term_trgm ON directory_searchterm USING gin (term gin_trgm_ops)",
    "DROP INDEX IF EXISTS dir_search_title_trgm",
]
PG_BACKWARD = [
    "CREATE INDEX dir_search_title_trgm ON directory_searchentry "
    "USING gin (lower(title) gin_trgm_ops)",
    "DROP INDEX IF EXISTS dir_search_term_trgm",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in PG_FORWARD:
            schema_editor.execute(statement, params=None)
        words = "SELECT DISTINCT unnest(tsvector_to_array(document)) FROM directory_searchentry"
    else:
        words = "SELECT term FROM directory_search_vocab"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(words)
        terms = {row[0] for row in cursor.fetchall() if _TERM.fullmatch(row[0])}
    SearchTerm = apps.get_model("directory", "SearchTerm")
    SearchTerm.objects.bulk_create((SearchTerm(term=t) for t in terms), batch_size=5000)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_backends")]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("term", models.CharField(max_length=60, primary_key=True, serialize=False)),
            ],
        ),
        migrations.RunPython(forward, backward),
    ]
