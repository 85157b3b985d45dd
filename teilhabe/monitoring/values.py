"""Reading computed values for pages, exports, reports and the API.

Three places values come from:

* the district's own scope (its current values: its Kreis, Gemeinden and groups);
* the shared official statistics (every Kreis, Land and Germany);
* values other districts **published** with a report.

Comparisons across districts use only the last two. Callers have passed a permission
gate; nothing here shows a value that disclosure control hid (hidden values carry no
number at all in the stored blocks).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import pyarrow as pa
import pyarrow.compute as pc
from django.utils.translation import gettext as _

from teilhabe.areas.models import Area
from teilhabe.districts.models import District
from teilhabe.monitoring import store
from teilhabe.monitoring.analytics import blocks
from teilhabe.monitoring.analytics.flags import Flag, Status
from teilhabe.monitoring.models import IndicatorVersion, PublishedValues


@dataclass(frozen=True)
class Value:
    year: int
    value: float | None
    status: int
    flags: int
    num: float | None = None
    den: float | None = None
    version_id: int | None = None
    origin: str = ""  # "own", "published", "official"

    @property
    def shown(self) -> bool:
        return self.value is not None

    @property
    def reason(self) -> str:
        return status_text(self.status)

    @property
    def flag_labels(self) -> list[str]:
        return flag_texts(self.flags)


def status_text(status: int) -> str:
    return {
        Status.PRIMARY: _("hidden: fewer cases than the district's threshold"),
        Status.SECONDARY: _("hidden so that another hidden value cannot be worked out"),
        Status.SOURCE: _("not published by the source"),
        Status.SMALL_BASE: _("hidden: the base population is too small for a reliable rate"),
        Status.MISSING: _("no data"),
    }.get(Status(status) if status in Status._value2member_map_ else Status.MISSING, "")


def flag_texts(bits: int) -> list[str]:
    texts = {
        Flag.PROVISIONAL: _("provisional"),
        Flag.ESTIMATED: _("estimated"),
        Flag.PERTURBED: _("perturbed by the source (Zensus cell-key method)"),
        Flag.BREAK: _("break in the series"),
        Flag.REVISED: _("revised"),
        Flag.LIMITED: _("limited reliability"),
        Flag.DEMO: _("invented demo data"),
        Flag.PUBLISHED_RATE: _("rate as published by the source"),
        Flag.NOT_APPLICABLE: _("not applicable"),
    }
    return [text for flag, text in texts.items() if bits & flag]


def _filter(table: pa.Table, **equal: int) -> pa.Table:
    if table.num_rows == 0:
        return table
    mask = None
    for column, value in equal.items():
        condition = pc.equal(table.column(column), value)
        mask = condition if mask is None else pc.and_(mask, condition)
    return table.filter(mask) if mask is not None else table


def _values(table: pa.Table, origin: str) -> list[Value]:
    return [
        Value(
            year=int(r["year"]),
            value=r["value"],
            status=int(r["status"]),
            flags=int(r["flags"]),
            num=r["num"],
            den=r["den"],
            version_id=r["version_id"],
            origin=origin,
        )
        for r in table.sort_by("year").to_pylist()
    ]


@dataclass
class ValueSet:
    """Values of one scope (or a published set), queried by indicator and area."""

    table: pa.Table
    origin: str

    def of(self, indicator_id: int, *, bcat: int = 0) -> pa.Table:
        return _filter(self.table, indicator_id=indicator_id, bcat=bcat)

    def of_all_breakdowns(self, indicator_id: int) -> pa.Table:
        return _filter(self.table, indicator_id=indicator_id).sort_by(
            [
                ("area_id", "ascending"),
                ("year", "ascending"),
                ("bcat", "ascending"),
                ("opt", "ascending"),
            ]
        )

    def series(
        self, indicator_id: int, area_id: int, *, bcat: int = 0, opt: int = 0
    ) -> list[Value]:
        return _values(
            _filter(self.table, indicator_id=indicator_id, area_id=area_id, bcat=bcat, opt=opt),
            self.origin,
        )

    def latest(self, indicator_id: int, area_id: int) -> Value | None:
        shown = [v for v in self.series(indicator_id, area_id) if v.shown]
        return shown[-1] if shown else None

    def at(
        self, indicator_id: int, area_id: int, year: int, *, bcat: int = 0, opt: int = 0
    ) -> Value | None:
        found = self.series(indicator_id, area_id, bcat=bcat, opt=opt)
        return next((v for v in found if v.year == year), None)

    def years(self, indicator_id: int) -> list[int]:
        table = self.of(indicator_id)
        if table.num_rows == 0:
            return []
        return sorted(int(y) for y in pc.unique(table.column("year")).to_pylist())

    def by_area(
        self, indicator_id: int, year: int, *, bcat: int = 0, opt: int = 0
    ) -> dict[int, Value]:
        table = _filter(self.table, indicator_id=indicator_id, year=year, bcat=bcat, opt=opt)
        return {
            int(r["area_id"]): v
            for r, v in zip(table.to_pylist(), _values(table, self.origin), strict=False)
        }

    def breakdown(self, indicator_id: int, area_id: int, year: int, bcat: int) -> dict[int, Value]:
        table = _filter(
            self.table, indicator_id=indicator_id, area_id=area_id, year=year, bcat=bcat
        )
        rows = table.to_pylist()
        return {
            int(r["opt"]): Value(
                int(r["year"]),
                r["value"],
                int(r["status"]),
                int(r["flags"]),
                r["num"],
                r["den"],
                r["version_id"],
                self.origin,
            )
            for r in rows
        }

    def indicator_ids(self) -> set[int]:
        if self.table.num_rows == 0:
            return set()
        return set(pc.unique(self.table.column("indicator_id")).to_pylist())


def own(district: District) -> ValueSet:
    return ValueSet(
        store.value_blocks(
            district_id=district.pk, parts=store.parts_for_kreis(district.kreis.code)
        ),
        "own",
    )


def official(parts: Sequence[str] | None = None) -> ValueSet:
    return ValueSet(store.value_blocks(district_id=None, parts=parts), "official")


def published(district_ids: Iterable[int]) -> dict[int, ValueSet]:
    """The latest published values of each district (if it published any)."""
    found: dict[int, ValueSet] = {}
    rows = (
        PublishedValues.objects.filter(district_id__in=list(district_ids))
        .order_by("district_id", "-published_at")
        .values_list("district_id", "data")
    )
    for district_id, data in rows:
        if district_id not in found:
            found[district_id] = ValueSet(blocks.decode(data), "published")
    return found


@dataclass
class ComparisonRow:
    area: Area
    role: str  # self, neighbour, land, country, group
    value: Value | None
    district: District | None = None
    rank: int | None = None


@dataclass
class Comparison:
    """The district beside its neighbours, its Land, Germany and a comparison group."""

    year: int | None
    rows: list[ComparisonRow] = field(default_factory=list)
    group: list[ComparisonRow] = field(default_factory=list)
    group_name: str = ""

    @cached_property
    def ranked(self) -> list[ComparisonRow]:
        return sorted(self.group, key=lambda r: (r.rank is None, r.rank or 0, r.area.name))


def comparison_value(
    area: Area,
    indicator_id: int,
    year: int | None,
    *,
    district: District | None,
    own_values: ValueSet | None,
    official_values: ValueSet,
    published_values: dict[int, ValueSet],
) -> Value | None:
    """The value to compare with: the district's own (only for the viewing district),
    else what the area's district published, else the official statistics."""
    sources: list[ValueSet] = []
    if own_values is not None:
        sources.append(own_values)
    if district is not None and district.pk in published_values:
        sources.append(published_values[district.pk])
    sources.append(official_values)
    for values in sources:
        found = (
            values.at(indicator_id, area.pk, year) if year else values.latest(indicator_id, area.pk)
        )
        if found is not None:
            return found
    return None


def version_titles(version_ids: Iterable[int]) -> dict[int, str]:
    return {
        v.pk: f"{v.title} (v{v.number})"
        for v in IndicatorVersion.objects.filter(pk__in=set(version_ids)).select_related(
            "indicator"
        )
    }
