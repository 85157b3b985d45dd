"""The outreach and dialogue log (Karlsruhe): visits, calls, meetings, agreements,
follow-ups. A meeting with several organisations is one entry linked to all."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.audit.services import audit_record
from teilhabe.directory.models import Activity, Organisation
from teilhabe.directory.safety import clean_fields
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.roles import Capability


def _check(access: DistrictAccess, organisations: Sequence[Organisation]) -> None:
    access.require(Capability.DIRECTORY_EDIT)
    if not organisations:
        raise ValidationError({"organisations": _("Choose at least one organisation.")})
    if any(o.district_id != access.district.pk for o in organisations):
        raise ValidationError(_("That organisation belongs to another district."))


@transaction.atomic
def activity_create(
    *, access: DistrictAccess, organisations: Sequence[Organisation], data: dict[str, Any]
) -> Activity:
    _check(access, organisations)
    activity = Activity(district=access.district, staff=access.user, **clean_fields(data))
    if activity.follow_up_on and activity.follow_up_by is None:
        activity.follow_up_by = access.user
    activity.full_clean(exclude=["organisations"])
    activity.save()
    activity.organisations.set(organisations)
    audit_record(
        actor=access.user,
        action="directory.activity.create",
        district_id=access.district.pk,
        obj=activity,
        changes={"kind": activity.kind, "organisations": [o.name for o in organisations]},
    )
    return activity


@transaction.atomic
def activity_update(
    *,
    access: DistrictAccess,
    activity: Activity,
    organisations: Sequence[Organisation],
    data: dict[str, Any],
) -> Activity:
    _check(access, organisations)
    if activity.district_id != access.district.pk:
        raise ValidationError(_("That entry belongs to another district."))
    for name, value in clean_fields(data).items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["organisations"])
    activity.save()
    activity.organisations.set(organisations)
    audit_record(
        actor=access.user,
        action="directory.activity.update",
        district_id=access.district.pk,
        obj=activity,
    )
    return activity


@transaction.atomic
def activity_follow_up_done(
    *, access: DistrictAccess, activity: Activity, on: date | None = None
) -> None:
    access.require(Capability.DIRECTORY_EDIT)
    if activity.district_id != access.district.pk:
        raise ValidationError(_("That entry belongs to another district."))
    activity.follow_up_done_at = timezone.now()
    activity.save(update_fields=["follow_up_done_at"])
    audit_record(
        actor=access.user,
        action="directory.activity.follow_up_done",
        district_id=access.district.pk,
        obj=activity,
    )
