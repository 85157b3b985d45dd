"""``flush`` that may empty the audit log.

Database triggers keep audit entries from being changed or deleted (migration 0002).
``flush`` wipes the whole database on purpose (the test runner uses it between
transactional tests), so it grants itself a one-transaction permit: the permit row
is inserted and removed inside the very transaction that empties the tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

PERMIT_TABLE = "audit_purge_permit"
_GRANT = "INSERT INTO audit_purge_permit (granted) VALUES (1)"
_REVOKE = "DELETE FROM audit_purge_permit"


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if PERMIT_TABLE not in connection.introspection.table_names():
            super().handle(**options)
            return
        original = connection.ops.execute_sql_flush

        def with_permit(sql_list: Iterable[str]) -> None:
            original([_GRANT, *sql_list, _REVOKE])

        connection.ops.execute_sql_flush = with_permit  # type: ignore[method-assign]
        try:
            super().handle(**options)
        finally:
            connection.ops.execute_sql_flush = original  # type: ignore[method-assign]
