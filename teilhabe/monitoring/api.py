"""The read-only JSON API (django-ninja, OpenAPI at /api/monitoring/openapi.json).

It serves the official statistics and the values districts have **published**, with
the same disclosure control as every page: hidden values have no number and a status
that says why. Filters: indicator, area, year, breakdown; paginated; also as CSV.
Signed-in users only (session), like every page of Teilhabe.
"""

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Schema
from ninja.pagination import PageNumberPagination, paginate

from teilhabe.areas.models import Area
from teilhabe.core.exports import csv_bytes
from teilhabe.districts.models import District
from teilhabe.monitoring import store
from teilhabe.monitoring import values as v
from teilhabe.monitoring.analytics.flags import Status, flag_names
from teilhabe.monitoring.models import Category, CategoryOption, Indicator, IndicatorVersion

api = NinjaAPI(
    title="Teilhabe – Integrationsmonitoring",
    version="1",
    description=(
        "Published indicator values of the districts and the official statistics, after "
        "disclosure control. A value of null with a status other than 'shown' is hidden; "
        "the status says why."
    ),
    urls_namespace="monitoring_api",
    docs_url=None,
)

STATUS_NAMES = {s.value: s.name.lower() for s in Status}


class IndicatorOut(Schema):
    code: str
    field: str
    title_de: str
    title_en: str
    unit: str
    direction: str
    version: int
    numerator: str
    denominator: str
    breakdowns: list[str]
    definition: str


class ValueOut(Schema):
    indicator: str
    version: int | None
    area_key: str
    area_name: str
    level: str
    year: int
    breakdown: str
    option: str
    value: float | None
    numerator: float | None
    denominator: float | None
    status: str
    flags: list[str]
    origin: str


class ValueFilter(Schema):
    indicator: str | None = None
    area: str | None = None
    year: int | None = None
    breakdown: str | None = None


@api.get(
    "/indicators",
    response=list[IndicatorOut],
    summary="Standard indicators and their current definitions",
)
def indicators(request: HttpRequest) -> list[dict[str, Any]]:
    rows = Indicator.objects.filter(
        district__isnull=True, is_active=True, current__isnull=False
    ).select_related("current")
    return [
        {
            "code": i.code,
            "field": i.field,
            "title_de": i.current.title_de,
            "title_en": i.current.title_en,
            "unit": i.current.kind,
            "direction": i.current.direction,
            "version": i.current.number,
            "numerator": i.current.numerator,
            "denominator": i.current.denominator,
            "breakdowns": list(i.current.breakdowns),
            "definition": i.current.definition,
        }
        for i in rows
        if i.current is not None
    ]


def _rows(filters: ValueFilter) -> list[dict[str, Any]]:
    area = None
    if filters.area:
        area = Area.objects.filter(code=filters.area.strip(), valid_until__isnull=True).first()
        if area is None:
            return []
    parts = [store.part_for(area)] if area else ["upper"]
    sets: list[tuple[str, pa.Table]] = [
        ("official", store.value_blocks(district_id=None, parts=parts))
    ]
    slugs = dict(District.objects.values_list("pk", "slug"))
    for district_id, values in v.published(slugs).items():
        sets.append((f"published:{slugs[district_id]}", values.table))
    indicators = {
        i.pk: (f"{i.district.slug}:{i.code}" if i.district_id and i.district else i.code)
        for i in Indicator.objects.select_related("district")
    }
    indicator_id = None
    if filters.indicator:
        matches = [pk for pk, code in indicators.items() if code == filters.indicator]
        if not matches:
            return []
        indicator_id = matches[0]
    categories = dict(Category.objects.values_list("pk", "code"))
    options = dict(CategoryOption.objects.values_list("pk", "code"))
    category_id = next((pk for pk, code in categories.items() if code == filters.breakdown), None)
    if filters.breakdown and filters.breakdown != "total" and category_id is None:
        return []
    versions = dict(IndicatorVersion.objects.values_list("pk", "number"))
    result: list[dict[str, Any]] = []
    area_cache: dict[int, Area] = {}
    for origin, table in sets:
        if table.num_rows == 0:
            continue
        mask = pc.is_valid(table.column("area_id"))
        if indicator_id is not None:
            mask = pc.and_(mask, pc.equal(table.column("indicator_id"), indicator_id))
        if area is not None:
            mask = pc.and_(mask, pc.equal(table.column("area_id"), area.pk))
        if filters.year is not None:
            mask = pc.and_(mask, pc.equal(table.column("year"), filters.year))
        if filters.breakdown == "total":
            mask = pc.and_(mask, pc.equal(table.column("bcat"), 0))
        elif category_id is not None:
            mask = pc.and_(mask, pc.equal(table.column("bcat"), category_id))
        selected = table.filter(mask).to_pylist()
        missing = {r["area_id"] for r in selected if r["area_id"] > 0} - set(area_cache)
        area_cache.update({a.pk: a for a in Area.objects.filter(pk__in=missing)})
        for r in selected:
            found = area_cache.get(r["area_id"])
            if found is None:
                continue
            result.append(
                {
                    "indicator": indicators.get(r["indicator_id"], str(r["indicator_id"])),
                    "version": versions.get(r["version_id"]),
                    "area_key": found.code,
                    "area_name": found.name,
                    "level": found.level,
                    "year": r["year"],
                    "breakdown": categories.get(r["bcat"], "total") if r["bcat"] else "total",
                    "option": options.get(r["opt"], "") if r["opt"] else "",
                    # Rounded: the stored doubles carry float noise (1.8000000000000003).
                    "value": _round(r["value"], 4),
                    "numerator": _round(r["num"], 2),
                    "denominator": _round(r["den"], 2),
                    "status": STATUS_NAMES.get(r["status"], "missing"),
                    "flags": flag_names(r["flags"]),
                    "origin": origin,
                }
            )
    result.sort(
        key=lambda r: (
            r["indicator"],
            r["area_key"],
            r["year"],
            r["breakdown"],
            r["option"],
            r["origin"],
        )
    )
    return result


def _round(number: float | None, digits: int) -> float | None:
    return None if number is None else round(number, digits)


@api.get("/values", response=list[ValueOut], summary="Published and official indicator values")
@paginate(PageNumberPagination, page_size=500)
def values(request: HttpRequest, filters: Query[ValueFilter]) -> list[dict[str, Any]]:
    return _rows(filters)


@api.get("/values.csv", summary="The same values as CSV (semicolon-separated, UTF-8)")
def values_csv(request: HttpRequest, filters: Query[ValueFilter]) -> HttpResponse:
    rows = _rows(filters)
    header = list(ValueOut.model_fields)
    body = csv_bytes(
        header,
        ([r[k] if k != "flags" else ",".join(r[k]) for k in header] for r in rows),
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="teilhabe-monitoring-values.csv"'
    return response
