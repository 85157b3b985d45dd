"""The public token: one row whose random ``token`` the database itself changes, in the
same transaction, whenever a table that public pages show changes (insert, update or
delete, however it is made). Cached public pages are keyed by it, so none outlives a
change (``teilhabe.directory.pagecache``).

* PostgreSQL: deferred constraint triggers, so the row is written once at commit
  (concurrent transactions do not queue behind a long import for it).
* SQLite: a trigger per table and operation (SQLite writes one transaction at a time).
"""

from django.db import migrations, models

#: Tables whose content public pages (search, entries, map, calendar, feeds, guide) show.
PUBLIC_TABLES = [
    "directory_organisation",
    "directory_organisation_target_groups",
    "directory_organisation_topics",
    "directory_organisation_languages",
    "directory_relationship",
    "directory_location",
    "directory_location_accessibility",
    "directory_service",
    "directory_service_categories",
    "directory_service_target_groups",
    "directory_service_languages",
    "directory_serviceatlocation",
    "directory_schedule",
    "directory_contact",
    "directory_phone",
    "directory_event",
    "directory_event_categories",
    "directory_event_target_groups",
    "directory_event_languages",
    "directory_eventoccurrence",
    "directory_translation",
    "directory_taxonomyterm",
    "directory_searchentry",
]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION directory_public_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    marker text := txid_current()::text || ' ' || statement_timestamp()::text;
BEGIN
    -- Once per transaction at commit (deferred), or per statement when made immediate.
    IF current_setting('teilhabe.directory_public_touched', true) IS DISTINCT FROM marker THEN
        PERFORM set_config('teilhabe.directory_public_touched', marker, true);
        INSERT INTO directory_publicversion (id, token, changed_at)
        VALUES (1, (random() * 9.0e18)::bigint, clock_timestamp())
        ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token, changed_at = EXCLUDED.changed_at;
    END IF;
    RETURN NULL;
END
$$
"""


def pg_forward():
    yield PG_FUNCTION
    for table in PUBLIC_TABLES:
        yield (
            f"CREATE CONSTRAINT TRIGGER directory_public_touch AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            f"EXECUTE FUNCTION directory_public_touch()"
        )


def pg_backward():
    for table in PUBLIC_TABLES:
        yield f"DROP TRIGGER IF EXISTS directory_public_touch ON {table}"
    yield "DROP FUNCTION IF EXISTS directory_public_touch()"


def sqlite_forward():
    for table in PUBLIC_TABLES:
        for operation in ("INSERT", "UPDATE", "DELETE"):
            yield (
                f"CREATE TRIGGER {table}_public_{operation.lower()} AFTER {operation} ON {table} "
                "BEGIN INSERT OR REPLACE INTO directory_publicversion (id, token, changed_at) "
                "VALUES (1, random(), CURRENT_TIMESTAMP); END"
            )


def sqlite_backward():
    for table in PUBLIC_TABLES:
        for operation in ("insert", "update", "delete"):
            yield f"DROP TRIGGER IF EXISTS {table}_public_{operation}"


def forward(apps, schema_editor):
    statements = {"postgresql": pg_forward, "sqlite": sqlite_forward}.get(
        schema_editor.connection.vendor
    )
    for statement in statements() if statements else ():
        schema_editor.execute(statement, params=None)
    apps.get_model("directory", "PublicVersion").objects.get_or_create(id=1)


def backward(apps, schema_editor):
    statements = {"postgresql": pg_backward, "sqlite": sqlite_backward}.get(
        schema_editor.connection.vendor
    )
    for statement in statements() if statements else ():
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_search_vocabulary")]

    operations = [
        migrations.CreateModel(
            name="PublicVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("token", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.RunPython(forward, backward),
    ]
