"""What one user may do in one district, computed once per request by the gate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from teilhabe.districts.roles import Capability

if TYPE_CHECKING:
    from teilhabe.accounts.models import User
    from teilhabe.districts.models import District, Programme


@dataclass(frozen=True)
class DistrictAccess:
    district: District
    user: User
    roles: frozenset[str]
    office_ids: frozenset[int]
    capabilities: frozenset[Capability]

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    def require(self, capability: str) -> None:
        if capability not in self.capabilities:
            raise PermissionDenied


@dataclass(frozen=True)
class ProgrammeAccess:
    programme: Programme
    user: User
