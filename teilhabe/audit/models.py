"""The append-only audit log.

Every write to district data records who did what, when, in which district and
office, to which object. Rows can only be added: the model refuses updates and
deletes, and database triggers (see migration 0002) refuse them for any SQL client
as well. Each row carries a SHA-256 digest chained to the previous row, so that a
change made with database superuser rights is detected by ``teilhabe audit-verify``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogImmutableError(Exception):
    """Raised when code tries to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditLogImmutableError("audit log entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutableError("audit log entries cannot be deleted")

    def for_district(self, district_id: int) -> AuditEntryQuerySet:
        return self.filter(district_id=district_id)


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Plain references without database constraints: deleting a user, office or
    # district must neither cascade into nor be blocked by the audit log.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("user name"), max_length=150, blank=True)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    office = models.ForeignKey(
        "districts.Office",
        verbose_name=_("office"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    prev_digest = models.CharField(max_length=64, blank=True)
    digest = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]
        indexes = [models.Index(fields=["district", "-at"], name="audit_district_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogImmutableError("audit log entries cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutableError("audit log entries cannot be deleted")

    def canonical(self) -> str:
        """The fields the digest covers, serialised in one fixed way."""
        return json.dumps(
            {
                "at": self.at.astimezone(UTC).isoformat(),
                "actor": self.actor_id,
                "actor_label": self.actor_label,
                "district": self.district_id,
                "office": self.office_id,
                "action": self.action,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "object_repr": self.object_repr,
                "changes": self.changes,
            },
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def compute_digest(self) -> str:
        payload = f"{self.prev_digest}|{self.canonical()}".encode()
        return hashlib.sha256(payload).hexdigest()
