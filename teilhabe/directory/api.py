"""The HSDS-shaped read-only API (django-ninja, OpenAPI at ``/api/directory/openapi.json``).

``/api/directory/<district>/`` answers with the HSDS profile; ``services``,
``services/{id}``, ``organizations``, ``organizations/{id}``, ``locations`` and
``locations/{id}`` list published entries only, paginated in HSDS's page format.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Query, Schema

from teilhabe.directory import hsds
from teilhabe.public.selectors import public_district_get

api = NinjaAPI(
    title="Teilhabe directory (Open Referral HSDS 3.0)",
    version="3.0",
    description=(
        "Published organisations, services (offers) and locations of a district's directory, "
        "shaped like the Human Services Data Specification 3.0."
    ),
    urls_namespace="directory_api",
    docs_url=None,  # the interactive docs page would load scripts from a CDN
    openapi_url="/openapi.json",
)

MAX_PER_PAGE = 100


class PageQuery(Schema):
    page: int = 1
    per_page: int = 50
    search: str = ""
    organization_id: UUID | None = None
    taxonomy_term_id: UUID | None = None


class Page(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]]


class Profile(Schema):
    version: str
    profile: str
    openapi_url: str


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Http404 from None


def _page(
    queryset: QuerySet[Any], query: PageQuery, render: Callable[[list[int]], list[dict[str, Any]]]
) -> dict[str, Any]:
    size = max(1, min(MAX_PER_PAGE, query.per_page))
    total = queryset.count()
    pages = max(1, math.ceil(total / size))
    number = max(1, min(query.page, pages))
    ids = list(
        queryset.order_by("pk").values_list("pk", flat=True)[(number - 1) * size : number * size]
    )
    items = render(ids)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(items),
        "first_page": number == 1,
        "last_page": number == pages,
        "empty": not items,
        "contents": items,
    }


def _one(
    queryset: QuerySet[Any], identifier: str, render: Callable[[list[int]], list[dict[str, Any]]]
) -> dict[str, Any]:
    ids = list(queryset.filter(uuid=_uuid(identifier)).values_list("pk", flat=True)[:1])
    if not ids:
        raise Http404
    return render(ids)[0]


@api.get("/{district}/", response=Profile, url_name="root", summary="HSDS profile of this API")
def root(request: HttpRequest, district: str) -> dict[str, str]:
    public_district_get(slug=district)
    return {"version": "3.0", "profile": hsds.PROFILE, "openapi_url": "/api/directory/openapi.json"}


@api.get(
    "/{district}/services",
    response=Page,
    url_name="services",
    summary="Published services (offers)",
)
def services(request: HttpRequest, district: str, query: Query[PageQuery]) -> dict[str, Any]:
    tenant = public_district_get(slug=district)
    qs = hsds.published_services(tenant)
    if query.search:
        qs = qs.filter(Q(name__icontains=query.search) | Q(description__icontains=query.search))
    if query.organization_id:
        qs = qs.filter(organisation__uuid=query.organization_id)
    if query.taxonomy_term_id:
        qs = qs.filter(
            Q(categories__uuid=query.taxonomy_term_id)
            | Q(target_groups__uuid=query.taxonomy_term_id)
            | Q(languages__uuid=query.taxonomy_term_id)
        ).distinct()
    return _page(qs, query, hsds.Builder(tenant).services)


@api.get(
    "/{district}/services/{service_id}",
    response=dict[str, Any],
    url_name="service",
    summary="One service",
)
def service(request: HttpRequest, district: str, service_id: str) -> dict[str, Any]:
    tenant = public_district_get(slug=district)
    return _one(hsds.published_services(tenant), service_id, hsds.Builder(tenant).services)


@api.get(
    "/{district}/organizations",
    response=Page,
    url_name="organizations",
    summary="Published organizations",
)
def organizations(request: HttpRequest, district: str, query: Query[PageQuery]) -> dict[str, Any]:
    tenant = public_district_get(slug=district)
    qs = hsds.published_organisations(tenant)
    if query.search:
        qs = qs.filter(name__icontains=query.search)
    return _page(qs, query, hsds.Builder(tenant).organizations)


@api.get(
    "/{district}/organizations/{organization_id}", response=dict[str, Any], url_name="organization"
)
def organization(request: HttpRequest, district: str, organization_id: str) -> dict[str, Any]:
    tenant = public_district_get(slug=district)
    return _one(
        hsds.published_organisations(tenant), organization_id, hsds.Builder(tenant).organizations
    )


@api.get(
    "/{district}/locations", response=Page, url_name="locations", summary="Published locations"
)
def locations(request: HttpRequest, district: str, query: Query[PageQuery]) -> dict[str, Any]:
    tenant = public_district_get(slug=district)
    qs = hsds.published_locations(tenant)
    if query.search:
        qs = qs.filter(Q(name__icontains=query.search) | Q(city__icontains=query.search))
    return _page(qs, query, hsds.Builder(tenant).locations)


@api.get("/{district}/locations/{location_id}", response=dict[str, Any], url_name="location")
def location(request: HttpRequest, district: str, location_id: str) -> dict[str, Any]:
    tenant = public_district_get(slug=district)
    return _one(hsds.published_locations(tenant), location_id, hsds.Builder(tenant).locations)
