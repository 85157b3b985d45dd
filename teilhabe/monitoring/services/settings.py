"""Per-district monitoring settings and user-defined area groups."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.areas.models import Area
from teilhabe.audit.services import audit_record, field_changes
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.roles import Capability
from teilhabe.monitoring.models import AreaGroup, MonitoringSettings
from teilhabe.monitoring.services.recompute import recompute_enqueue

_FIELDS = ["min_count", "min_denominator", "comparison", "comparison_group"]


@transaction.atomic
def settings_update(
    *,
    access: DistrictAccess,
    min_count: int,
    min_denominator: int,
    comparison: str,
    comparison_group: AreaGroup | None = None,
) -> MonitoringSettings:
    """Change the disclosure thresholds and the comparison group; values are recomputed."""
    access.require(Capability.DISTRICT_MANAGE)
    settings, _created = MonitoringSettings.objects.select_for_update().get_or_create(
        district=access.district
    )
    if comparison_group is not None and comparison_group.district_id != access.district.pk:
        raise ValidationError({"comparison_group": _("Unknown group.")})
    if comparison == MonitoringSettings.Comparison.GROUP and comparison_group is None:
        raise ValidationError(
            {"comparison_group": _("Choose the group of Kreise to compare with.")}
        )
    before = {f: getattr(settings, f) for f in _FIELDS}
    settings.min_count = min_count
    settings.min_denominator = min_denominator
    settings.comparison = comparison
    settings.comparison_group = comparison_group
    settings.full_clean()
    settings.save()
    changes = field_changes(settings, before, _FIELDS)
    if changes:
        audit_record(
            actor=access.user,
            action="monitoring.settings.update",
            district_id=access.district.pk,
            obj=settings,
            changes=changes,
        )
    if {"min_count", "min_denominator"} & set(changes):
        recompute_enqueue(district=access.district, user=access.user, reason="thresholds")
    return settings


@transaction.atomic
def group_create(
    *, access: DistrictAccess, name: str, level: str, members: Sequence[Area]
) -> AreaGroup:
    """A group of the district's Gemeinden (“Region Nord”) or of Kreise to compare with."""
    access.require(Capability.PLANNING_EDIT)
    if len(members) < 2:
        raise ValidationError({"members": _("A group needs at least two members.")})
    for area in members:
        if area.level != level:
            raise ValidationError({"members": _("All members must be of the group's level.")})
        if level == Area.Level.GEMEINDE and area.parent_id != access.district.kreis_id:
            raise ValidationError(
                {"members": _("Only Gemeinden of the district can form a group.")}
            )
    group = AreaGroup(district=access.district, name=name, level=level)
    group.full_clean()
    group.save()
    group.members.set(members)
    audit_record(
        actor=access.user,
        action="monitoring.group.create",
        district_id=access.district.pk,
        obj=group,
        changes={"members": [a.code for a in members]},
    )
    if level == Area.Level.GEMEINDE:
        recompute_enqueue(district=access.district, user=access.user, reason="group")
    return group


@transaction.atomic
def group_delete(*, access: DistrictAccess, group: AreaGroup) -> None:
    access.require(Capability.PLANNING_EDIT)
    if group.district_id != access.district.pk:
        raise ValidationError(_("Unknown group."))
    MonitoringSettings.objects.filter(comparison_group=group).update(
        comparison_group=None, comparison=MonitoringSettings.Comparison.PROGRAMME
    )
    audit_record(
        actor=access.user,
        action="monitoring.group.delete",
        district_id=access.district.pk,
        obj=group,
    )
    level = group.level
    group.delete()
    if level == Area.Level.GEMEINDE:
        recompute_enqueue(district=access.district, user=access.user, reason="group")
