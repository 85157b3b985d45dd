"""What the public may see: active districts and official statistics, nothing else."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from teilhabe.districts.models import District


def public_districts() -> QuerySet[District]:
    return District.objects.active().select_related("kreis", "kreis__parent").order_by("name")


def public_district_get(*, slug: str) -> District:
    district = public_districts().filter(slug=slug).first()
    if district is None:
        raise Http404
    return district
