"""The audit log is append-only: not through the ORM, not through raw SQL."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from teilhabe.audit.models import AuditEntry, AuditLogImmutableError
from teilhabe.audit.selectors import audit_chain_verify
from teilhabe.audit.services import audit_record
from teilhabe.core.testing import make_district, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    district = make_district("12073")
    user = make_user("auditor")
    return audit_record(
        actor=user,
        action="office.update",
        district_id=district.pk,
        obj=district,
        changes={"name": ["a", "b"]},
    )


def test_record_holds_who_what_where(entry):
    assert entry.actor_label == "auditor"
    assert entry.action == "office.update"
    assert entry.object_type == "districts.district"
    assert entry.changes == {"name": ["a", "b"]}
    assert len(entry.digest) == 64


def test_orm_cannot_change_or_delete(entry):
    entry.action = "something.else"
    with pytest.raises(AuditLogImmutableError):
        entry.save()
    with pytest.raises(AuditLogImmutableError):
        entry.delete()
    with pytest.raises(AuditLogImmutableError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AuditLogImmutableError):
        AuditEntry.objects.all().delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET action = 'forged'",
        "DELETE FROM audit_auditentry",
    ],
)
def test_database_refuses_raw_sql_changes(entry, statement):
    with (
        pytest.raises(DatabaseError, match="audit log entries cannot be"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEntry.objects.get(pk=entry.pk).action == "office.update"


def test_database_refuses_truncate_on_postgresql(entry):
    if connection.vendor != "postgresql":
        # SQLite has no TRUNCATE; DELETE is covered above.
        assert connection.vendor == "sqlite"
        return
    with (
        pytest.raises(DatabaseError, match="audit log entries cannot be"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditentry")


def test_digest_chain_detects_tampering_with_database_superuser_rights(entry):
    audit_record(actor=None, action="second", changes={})
    assert audit_chain_verify().intact
    # Someone with full database rights bypasses the trigger and edits a row.
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO audit_purge_permit (granted) VALUES (1)")
        cursor.execute(
            "UPDATE audit_auditentry SET object_repr = 'forged' WHERE id = %s", [entry.pk]
        )
        cursor.execute("DELETE FROM audit_purge_permit")
    report = audit_chain_verify()
    assert not report.intact
    assert report.broken_at == entry.pk
    with pytest.raises(CommandError, match=f"entry {entry.pk} does not match"):
        call_command("audit_verify")


def test_chain_links_each_entry_to_the_previous(entry):
    second = audit_record(actor=None, action="second")
    assert second.prev_digest == entry.digest
    call_command("audit_verify")  # prints "intact", raises nothing


@pytest.mark.django_db(transaction=True)
def test_flush_may_empty_the_log_and_the_triggers_stay():
    audit_record(actor=None, action="before.flush")
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 0
    audit_record(actor=None, action="after.flush")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    # Leave the territorial data for later tests: this test flushed them.
    from teilhabe.areas.services import areas_load

    areas_load(force=True)
