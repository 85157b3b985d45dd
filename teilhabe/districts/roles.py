"""Roles and what each may do: the one table every permission check reads."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    INTEGRATION_OFFICER = "integration_officer", _("Integration officer")
    OFFICE_CLERK = "office_clerk", _("Office clerk")
    ANALYST = "analyst", _("Analyst (aggregates only)")
    MODERATOR = "moderator", _("Moderator (public submissions)")
    PROGRAMME_OFFICE = "programme_office", _("Programme office")


class Capability(StrEnum):
    #: See the district's start page and its official statistics.
    DISTRICT_VIEW = "district.view"
    #: Change the district's settings (two-factor rule, disclosure thresholds …).
    DISTRICT_MANAGE = "district.manage"
    MEMBERS_VIEW = "members.view"
    MEMBERS_MANAGE = "members.manage"
    OFFICES_VIEW = "offices.view"
    OFFICES_MANAGE = "offices.manage"
    AUDIT_VIEW = "audit.view"
    #: Read aggregated figures (monitoring values, survey results), never records.
    AGGREGATES_VIEW = "aggregates.view"
    #: Enter and import data for one's own office.
    RECORDS_EDIT = "records.edit"
    #: Plan and steer: strategy, measures, surveys, reports.
    PLANNING_EDIT = "planning.edit"
    #: Review public submissions.
    MODERATE = "public.moderate"
    #: Publish reports and aggregates (they become visible to the programme office and
    #: for comparison with other districts).
    REPORTS_PUBLISH = "reports.publish"
    #: Create and edit directory entries (organisations, offers, places, events).
    DIRECTORY_EDIT = "directory.edit"
    #: Export record-level data such as individual survey responses.
    MICRODATA_EXPORT = "microdata.export"


_ALL_DISTRICT = frozenset(Capability)

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.DISTRICT_ADMIN: _ALL_DISTRICT - {Capability.RECORDS_EDIT, Capability.MODERATE},
    Role.INTEGRATION_OFFICER: frozenset(
        {
            Capability.DISTRICT_VIEW,
            Capability.MEMBERS_VIEW,
            Capability.OFFICES_VIEW,
            Capability.AGGREGATES_VIEW,
            Capability.RECORDS_EDIT,
            Capability.PLANNING_EDIT,
            Capability.REPORTS_PUBLISH,
            Capability.DIRECTORY_EDIT,
            Capability.MICRODATA_EXPORT,
        }
    ),
    Role.OFFICE_CLERK: frozenset(
        {
            Capability.DISTRICT_VIEW,
            Capability.OFFICES_VIEW,
            Capability.RECORDS_EDIT,
            Capability.DIRECTORY_EDIT,
        }
    ),
    Role.ANALYST: frozenset({Capability.DISTRICT_VIEW, Capability.AGGREGATES_VIEW}),
    Role.MODERATOR: frozenset({Capability.DISTRICT_VIEW, Capability.MODERATE}),
    # The programme office holds no district role: it reads published aggregates
    # through the programme pages only (see selectors.programme_access_for_user).
    Role.PROGRAMME_OFFICE: frozenset(),
}

DISTRICT_ROLES = [r for r in Role if r != Role.PROGRAMME_OFFICE]


def capabilities_of(roles: set[str] | frozenset[str]) -> frozenset[Capability]:
    result: set[Capability] = set()
    for role in roles:
        result |= ROLE_CAPABILITIES.get(role, frozenset())
    return frozenset(result)
