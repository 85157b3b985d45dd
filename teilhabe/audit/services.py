"""Writing to the audit log. Services of every module call :func:`audit_record`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection, models, transaction

from teilhabe.audit.models import AuditEntry

# Any 64-bit number will do; it names the lock that serialises the digest chain.
_CHAIN_LOCK_KEY = 7_318_004_211


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: transactions begin IMMEDIATE (see settings), so writers are serialised.


def _plain(value: Any) -> Any:
    """Make a value JSON-safe for the ``changes`` field."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    district_id: int | None = None,
    office_id: int | None = None,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log, inside the caller's transaction.

    ``changes`` maps field names to ``[old, new]`` (or to a single value for facts
    such as the number of exported rows). Never put special-category personal data
    (health, religion, …) in it: the audit log is kept longer than case data.
    """
    user = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        _lock_chain()
        previous = AuditEntry.objects.order_by("-id").values_list("digest", flat=True).first()
        entry = AuditEntry(
            actor_id=user.pk if user is not None else None,
            actor_label=(user.get_username() if user is not None else "")[:150],
            district_id=district_id,
            office_id=office_id,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            changes=_plain(changes or {}),
            prev_digest=previous or "",
        )
        entry.digest = entry.compute_digest()
        entry.full_clean()
        entry.save()
    return entry


def field_changes(
    instance: models.Model, before: dict[str, Any], fields: list[str]
) -> dict[str, Any]:
    """``{field: [old, new]}`` for the fields whose value differs from ``before``."""
    changed = {}
    for name in fields:
        new = getattr(instance, name)
        if before.get(name) != new:
            changed[name] = [_plain(before.get(name)), _plain(new)]
    return changed
