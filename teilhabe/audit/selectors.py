"""Reading the audit log: only through the district gate, only for administrators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from teilhabe.audit.models import AuditEntry
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.roles import Capability


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None


def audit_entries_for_district(
    *, access: DistrictAccess, filters: AuditFilter | None = None
) -> QuerySet[AuditEntry]:
    access.require(Capability.AUDIT_VIEW)
    entries = AuditEntry.objects.for_district(access.district.pk).select_related("office")
    if filters is None:
        return entries
    if filters.action:
        entries = entries.filter(action__startswith=filters.action)
    if filters.actor:
        entries = entries.filter(actor_label__icontains=filters.actor)
    if filters.since:
        entries = entries.filter(at__date__gte=filters.since)
    if filters.until:
        entries = entries.filter(at__date__lte=filters.until)
    return entries


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  # id of the first entry whose digest does not match

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def audit_chain_verify(*, chunk_size: int = 2000) -> ChainReport:
    """Recompute every digest in order; report the first entry that was altered."""
    previous = ""
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=chunk_size):
        if entry.prev_digest != previous or entry.compute_digest() != entry.digest:
            return ChainReport(checked=checked, broken_at=entry.pk)
        previous = entry.digest
        checked += 1
    return ChainReport(checked=checked, broken_at=None)
