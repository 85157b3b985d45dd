from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from teilhabe.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Recompute the audit log's digest chain and report the first altered entry."

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if not report.intact:
            raise CommandError(
                f"The audit log was altered: entry {report.broken_at} does not match its digest "
                f"({report.checked} entries before it are intact). Keep a copy of the database "
                "and inform your data protection officer."
            )
        self.stdout.write(f"The audit log is intact ({report.checked} entries checked).")
