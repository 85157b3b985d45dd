"""What the monitoring pages, the report and the exports show, assembled from values.

Views stay thin: they pass a gate and call one of these builders.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from teilhabe.areas.models import Area, AreaBoundary, AreaNeighbour
from teilhabe.charts import MapFeature, Point, Series, line_chart, map_svg
from teilhabe.districts.models import District
from teilhabe.monitoring import store
from teilhabe.monitoring import values as v
from teilhabe.monitoring.analytics import engine, formula
from teilhabe.monitoring.models import (
    AreaGroup,
    Category,
    CategoryOption,
    FieldOfAction,
    Indicator,
    IndicatorVersion,
    Report,
    Source,
)
from teilhabe.monitoring.selectors import catalogue_info, indicators_for_district, settings_for
from teilhabe.monitoring.services.catalogue import Definition
from teilhabe.monitoring.services.recompute import measure_slots_map

T = TypeVar("T")

#: Five sequential classes, light to dark, each with 4.5:1 contrast to its label colour.
CLASS_COLOURS = ("#e8f1f2", "#b9d6db", "#7fb3bd", "#3f8796", "#0b5563")
CLASS_INK = ("#1b1f24", "#1b1f24", "#1b1f24", "#ffffff", "#ffffff")
NO_DATA = "#f3f3f3"


def decimals(version: IndicatorVersion) -> int:
    return 0 if version.kind == IndicatorVersion.Kind.COUNT else 1


def fmt(value: float | None, version: IndicatorVersion) -> str:
    if value is None:
        return "."
    text = number_format(
        round(value, decimals(version)), decimal_pos=decimals(version), force_grouping=True
    )
    symbol = version.unit_symbol
    return f"{text} {symbol}" if symbol else text


def fmt_count(value: float | None) -> str:
    if value is None:
        return "."
    return number_format(round(value), force_grouping=True)


@dataclass
class Card:
    indicator: Indicator
    version: IndicatorVersion
    latest: v.Value | None
    previous: v.Value | None
    previous_label: str
    origin: str

    @property
    def change(self) -> float | None:
        if self.latest is None or self.previous is None:
            return None
        if self.latest.value is None or self.previous.value is None:
            return None
        return self.latest.value - self.previous.value

    @property
    def direction(self) -> str:
        """``better``, ``worse``, ``same`` or ``neutral`` as the indicator defines."""
        change = self.change
        if change is None:
            return ""
        if abs(change) < 10 ** -decimals(self.version) / 2:
            return "same"
        if self.version.direction == IndicatorVersion.Direction.NEUTRAL:
            return "neutral"
        up_is_good = self.version.direction == IndicatorVersion.Direction.HIGHER
        return "better" if (change > 0) == up_is_good else "worse"

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return ""
        points = number_format(
            round(change, decimals(self.version)), decimal_pos=decimals(self.version)
        )
        sign = "+" if change > 0 else ""
        unit = (
            _("percentage points")
            if self.version.kind == IndicatorVersion.Kind.PERCENT
            else self.version.unit_symbol
        )
        return f"{sign}{points} {unit}".strip()


@dataclass
class FieldGroup:
    key: str
    label: str
    cards: list[Card] = field(default_factory=list)
    empty: list[Indicator] = field(default_factory=list)


def last_published(district: District) -> Report | None:
    return (
        Report.objects.filter(district=district, status=Report.Status.PUBLISHED)
        .order_by("-published_at")
        .first()
    )


_PAGE_CACHE: OrderedDict[tuple[object, ...], object] = OrderedDict()
_PAGE_LOCK = threading.Lock()
_PAGE_CACHE_SIZE = 128


def values_stamp(district: District) -> tuple[object, ...]:
    """Changes whenever what the pages show can change: computed values (own, official),
    published values, definitions, hidden indicators, settings and groups."""
    return store.pages_stamp(district.pk)


def cached(key: tuple[object, ...], build: Callable[[], T]) -> T:
    return _cached(key, build)


def _cached(key: tuple[object, ...], build: Callable[[], T]) -> T:
    """Pages are expensive to assemble and change only when values do: keep the last
    ones per process, keyed by :func:`values_stamp` and the language."""
    with _PAGE_LOCK:
        if key in _PAGE_CACHE:
            _PAGE_CACHE.move_to_end(key)
            return _PAGE_CACHE[key]  # type: ignore[return-value]
    value = build()
    with _PAGE_LOCK:
        _PAGE_CACHE[key] = value
        while len(_PAGE_CACHE) > _PAGE_CACHE_SIZE:
            _PAGE_CACHE.popitem(last=False)
    return value


def dashboard(district: District, stamp: tuple[object, ...] | None = None) -> list[FieldGroup]:
    key = ("dashboard", district.pk, get_language(), stamp or values_stamp(district))
    return _cached(key, lambda: _dashboard(district))


def _dashboard(district: District) -> list[FieldGroup]:
    """Every visible indicator with its latest value and the change since the previous
    report (or, before the first report, since two years earlier)."""
    own = v.own(district)
    official = v.official(parts=["upper"])
    report = last_published(district)
    frozen = v.published([district.pk]).get(district.pk) if report else None
    kreis = district.kreis
    groups = {f: FieldGroup(f, str(label)) for f, label in FieldOfAction.choices}
    for indicator in indicators_for_district(district=district):
        version = indicator.definition
        latest = own.latest(indicator.pk, kreis.pk)
        origin = "own"
        source = own
        if latest is None:
            latest = official.latest(indicator.pk, kreis.pk)
            origin, source = "official", official
        if latest is None:
            groups[indicator.field].empty.append(indicator)
            continue
        previous = None
        label = ""
        if frozen is not None and report is not None and report.last_year < latest.year:
            previous = frozen.at(indicator.pk, kreis.pk, report.last_year)
            label = _("since the report %(title)s") % {"title": report.title}
        if previous is None or previous.value is None:
            candidates = [
                x
                for x in source.series(indicator.pk, kreis.pk)
                if x.shown and x.year <= latest.year - 2
            ]
            previous = candidates[-1] if candidates else None
            label = _("since %(year)s") % {"year": previous.year} if previous else ""
        groups[indicator.field].cards.append(
            Card(indicator, version, latest, previous, label, origin)
        )
    return [g for g in groups.values() if g.cards or g.empty]


# --- the indicator page ------------------------------------------------------------------------------


@dataclass
class IndicatorPage:
    indicator: Indicator
    version: IndicatorVersion
    year: int | None
    years: list[int]
    series_svg: SafeString
    series_rows: list[tuple[int, list[v.Value | None]]]
    series_names: list[str]
    comparison: v.Comparison
    gemeinden: list[tuple[Area, v.Value | None]]
    groups: list[tuple[AreaGroup, v.Value | None]]
    breakdowns: list[tuple[str, list[tuple[str, v.Value | None]]]]
    map_svg: SafeString
    map_legend: list[tuple[str, str, str]]
    dot_svg: SafeString
    has_own: bool
    versions: list[IndicatorVersion] = field(default_factory=list)


def _colour_classes(values: Sequence[float]) -> list[float]:
    """Upper bounds of up to five classes (quantiles of the shown values; equal bounds
    merge, so a handful of values gets fewer classes)."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds: list[float] = []
    for k in range(1, 6):
        index = min(len(ordered) - 1, max(0, math.ceil(k * len(ordered) / 5) - 1))
        if not bounds or ordered[index] > bounds[-1]:
            bounds.append(ordered[index])
    return bounds


def colour_for(value: float | None, bounds: Sequence[float]) -> tuple[str, int]:
    if value is None or not bounds:
        return NO_DATA, -1
    for index, bound in enumerate(bounds):
        if value <= bound:
            return CLASS_COLOURS[index], index
    return CLASS_COLOURS[-1], len(bounds) - 1


def legend(bounds: Sequence[float], version: IndicatorVersion) -> list[tuple[str, str, str]]:
    rows = []
    low: float | None = None
    for index, bound in enumerate(bounds):
        if low is None:
            text = _("up to %(high)s") % {"high": fmt(bound, version)}
        else:
            text = _("over %(low)s to %(high)s") % {
                "low": fmt(low, version),
                "high": fmt(bound, version),
            }
        rows.append((CLASS_COLOURS[index], CLASS_INK[index], text))
        low = bound
    rows.append((NO_DATA, "#1b1f24", _("no value or hidden")))
    return rows


def map_text(value: v.Value | None, version: IndicatorVersion) -> str:
    """A value as a map names it: the number, or a dot with the reason it is hidden."""
    if value is not None and value.value is None:
        return f". ({value.reason})"
    return fmt(value.value if value else None, version)


def map_areas(district: District) -> list[Area]:
    """Kreise on the map: those of the district's Land and its neighbours."""
    kreis = district.kreis
    neighbours = list(
        AreaNeighbour.objects.filter(area=kreis).values_list("neighbour_id", flat=True)
    )
    return list(
        Area.objects.kreise()
        .current()
        .filter(Q(parent_id=kreis.parent_id) | Q(pk__in=neighbours))
        .select_related("parent")
    )


def kreis_values(
    district: District, indicator: Indicator, year: int | None, areas: Sequence[Area]
) -> dict[int, v.Value | None]:
    """Values of Kreise for the map and ranking: own for the district, published for other
    Teilhabe districts, else official statistics."""
    others = dict(
        District.objects.filter(kreis__in=areas, is_active=True).values_list("kreis_id", "pk")
    )
    published = v.published(others.values())
    official = v.official(parts=["upper"])
    own = v.own(district)
    result: dict[int, v.Value | None] = {}
    for area in areas:
        district_id = others.get(area.pk)
        result[area.pk] = v.comparison_value(
            area,
            indicator.pk,
            year,
            district=District(pk=district_id) if district_id else None,
            own_values=own if area.pk == district.kreis_id else None,
            official_values=official,
            published_values=published,
        )
    return result


def choropleth(
    district: District,
    indicator: Indicator,
    version: IndicatorVersion,
    year: int | None,
    values: dict[int, v.Value | None],
    areas: Sequence[Area],
) -> tuple[SafeString, list[tuple[str, str, str]]]:
    shown = [x.value for x in values.values() if x is not None and x.value is not None]
    bounds = _colour_classes(shown)
    boundaries = {b.area_id: b.geometry for b in AreaBoundary.objects.filter(area__in=areas)}
    features = []
    for area in areas:
        value = values.get(area.pk)
        colour, _index = colour_for(value.value if value else None, bounds)
        name = f"{area.display_name}: {map_text(value, version)}"
        features.append(
            MapFeature(
                geometry=boundaries.get(area.pk, {}),
                name=name,
                fill=colour,
                stroke="#b34700" if area.pk == district.kreis_id else "#4a5560",
                label=area.name if area.pk == district.kreis_id else "",
                label_at=(area.longitude, area.latitude)
                if area.longitude and area.latitude
                else None,
            )
        )
    svg = map_svg(
        features,
        title=_("%(indicator)s by Kreis, %(year)s")
        % {"indicator": version.title, "year": year or "–"},
        description=_(
            "Map of the Kreise of %(land)s and the neighbours of %(kreis)s, coloured by value; the table "
            "below lists every value."
        )
        % {
            "land": district.kreis.parent.name if district.kreis.parent else "",
            "kreis": district.kreis.display_name,
        },
        map_id="kreis-map",
    )
    return mark_safe(svg), legend(bounds, version)  # noqa: S308 - built from escaped names and our numbers


def dot_map(
    district: District, version: IndicatorVersion, gemeinden: Sequence[tuple[Area, v.Value | None]]
) -> SafeString:
    """Gemeinden as dots at their coordinates (no Gemeinde boundaries are shipped), over
    the outline of the Kreis."""
    boundary = (
        AreaBoundary.objects.filter(area=district.kreis).values_list("geometry", flat=True).first()
    )
    shown = [x.value for _, x in gemeinden if x is not None and x.value is not None]
    bounds = _colour_classes(shown)
    features = [
        MapFeature(
            geometry=boundary or {},
            name=district.kreis.display_name,
            fill="#f7fafb",
            stroke="#4a5560",
        )
    ]
    for area, value in gemeinden:
        if area.longitude is None or area.latitude is None:
            continue
        colour, _index = colour_for(value.value if value else None, bounds)
        delta = 0.012
        ring = [
            [
                area.longitude + delta * math.cos(a) / math.cos(math.radians(area.latitude)),
                area.latitude + delta * math.sin(a),
            ]
            for a in (i * math.pi / 6 for i in range(13))
        ]
        features.append(
            MapFeature(
                geometry={"type": "Polygon", "coordinates": [ring]},
                name=f"{area.name}: {map_text(value, version)}",
                fill=colour,
                stroke="#1b1f24",
            )
        )
    svg = map_svg(
        features,
        title=_("%(indicator)s by Gemeinde") % {"indicator": version.title},
        description=_(
            "Each Gemeinde is a dot at its centre, coloured by value; the table lists every value."
        ),
        map_id="gemeinde-map",
        height=460,
    )
    return mark_safe(svg)  # noqa: S308 - built from escaped names and our numbers


def indicator_page(
    district: District,
    indicator: Indicator,
    *,
    year: int | None = None,
    stamp: tuple[object, ...] | None = None,
) -> IndicatorPage:
    key = (
        "indicator",
        district.pk,
        indicator.pk,
        year,
        get_language(),
        stamp or values_stamp(district),
    )
    return _cached(key, lambda: _indicator_page(district, indicator, year=year))


def _indicator_page(
    district: District, indicator: Indicator, *, year: int | None = None
) -> IndicatorPage:
    version = indicator.definition
    kreis = district.kreis
    land = kreis.parent
    country = land.parent if land else None
    own = v.own(district)
    official = v.official(parts=["upper"])
    years = sorted(set(own.years(indicator.pk)) | set(official.years(indicator.pk)))
    own_series = own.series(indicator.pk, kreis.pk)
    has_own = any(x.shown for x in own_series)
    kreis_series = own_series if has_own else official.series(indicator.pk, kreis.pk)
    shown_years = [x.year for x in kreis_series if x.shown]
    if year is None or year not in years:
        year = shown_years[-1] if shown_years else (years[-1] if years else None)
    lines: list[tuple[str, list[v.Value], bool]] = [(kreis.display_name, kreis_series, True)]
    if has_own:
        # The official figures of the Kreis beside the district's own (where both exist,
        # e.g. the Regionalatlas share of foreign nationals): a check of the own data.
        official_kreis = official.series(indicator.pk, kreis.pk)
        if any(x.shown for x in official_kreis):
            lines.append(
                # Short: the chart's legend has room for about 26 characters a line.
                (_("Kreis (official statistics)"), official_kreis, False)
            )
    if land is not None:
        lines.append((land.name, official.series(indicator.pk, land.pk), False))
    if country is not None:
        lines.append((country.name, official.series(indicator.pk, country.pk), False))
    chart = line_chart(
        [
            Series(name, [Point(str(x.year), x.value) for x in points], emphasis=emph)
            for name, points, emph in lines
        ],
        title=_("%(indicator)s over time") % {"indicator": version.title},
        description=_(
            "%(indicator)s for %(kreis)s, %(land)s and Germany, by year; hidden values leave gaps."
        )
        % {
            "indicator": version.title,
            "kreis": kreis.display_name,
            "land": land.name if land else "",
        },
        y_label=version.unit_symbol,
        format_value=lambda value: fmt(value, version),
        chart_id="indicator-series",
    )
    table_years = sorted({x.year for _, points, _ in lines for x in points})
    series_rows = [
        (y, [next((x for x in points if x.year == y), None) for _, points, _ in lines])
        for y in table_years
    ]
    # Comparison with neighbours, Land, Germany and the comparison group.
    neighbours = [
        n.neighbour for n in AreaNeighbour.objects.filter(area=kreis).select_related("neighbour")
    ]
    group_areas, group_name = comparison_group(district)
    areas = list({a.pk: a for a in [kreis, *neighbours, *group_areas]}.values())
    kreis_vals = kreis_values(district, indicator, year, areas)
    rows = [v.ComparisonRow(kreis, "self", kreis_vals.get(kreis.pk))]
    rows += [
        v.ComparisonRow(n, "neighbour", kreis_vals.get(n.pk))
        for n in sorted(neighbours, key=lambda a: a.name)
    ]
    if land is not None:
        rows.append(
            v.ComparisonRow(
                land, "land", official.at(indicator.pk, land.pk, year) if year else None
            )
        )
    if country is not None:
        rows.append(
            v.ComparisonRow(
                country, "country", official.at(indicator.pk, country.pk, year) if year else None
            )
        )
    group = [v.ComparisonRow(a, "group", kreis_vals.get(a.pk)) for a in group_areas]
    ranked = sorted(
        (r for r in group if r.value is not None and r.value.value is not None),
        key=lambda r: r.value.value or 0.0,  # type: ignore[union-attr]
        reverse=version.direction != IndicatorVersion.Direction.LOWER,
    )
    for rank, row in enumerate(ranked, start=1):
        row.rank = rank
    comparison = v.Comparison(year=year, rows=rows, group=group, group_name=group_name)
    # Gemeinden and breakdowns (own data).
    gemeinde_areas = list(Area.objects.gemeinden().current().filter(parent=kreis).order_by("name"))
    by_area = own.by_area(indicator.pk, year) if year else {}
    gemeinden = [(g, by_area.get(g.pk)) for g in gemeinde_areas if g.pk in by_area]
    # The district's groups of Gemeinden ("Region Nord") are stored under -group id.
    groups = [
        (group, by_area.get(-group.pk))
        for group in AreaGroup.objects.filter(district=district, level=Area.Level.GEMEINDE)
    ]
    breakdowns = []
    if year is not None:
        categories = {
            c.code: c
            for c in Category.objects.filter(code__in=version.breakdowns).prefetch_related(
                "options"
            )
        }
        for code in version.breakdowns:
            category = categories.get(code)
            if category is None:
                continue
            cells = own.breakdown(indicator.pk, kreis.pk, year, category.pk)
            if not cells:
                continue
            breakdowns.append(
                (
                    category.name,
                    [
                        (option.name, cells.get(option.pk))
                        for option in category.options.all()
                        if option.pk in cells
                    ],
                )
            )
    map_area_list = map_areas(district)
    map_values = kreis_values(district, indicator, year, map_area_list)
    svg, legend_rows = choropleth(district, indicator, version, year, map_values, map_area_list)
    return IndicatorPage(
        indicator=indicator,
        version=version,
        year=year,
        years=years,
        series_svg=mark_safe(chart),  # noqa: S308 - charts escape every text
        series_rows=series_rows,
        series_names=[name for name, _, _ in lines],
        comparison=comparison,
        gemeinden=gemeinden,
        groups=groups,
        breakdowns=breakdowns,
        map_svg=svg,
        map_legend=legend_rows,
        dot_svg=dot_map(district, version, gemeinden) if gemeinden else mark_safe(""),
        has_own=has_own,
        versions=list(indicator.versions.order_by("-number")),
    )


def comparison_group(district: District) -> tuple[list[Area], str]:
    """The Kreise the district compares itself with, by its settings."""
    settings = settings_for(district=district)
    group = settings.comparison_group
    if settings.comparison == settings.Comparison.GROUP and group is not None:
        members = group.members.filter(level=Area.Level.KREIS).select_related("parent")
        return list(members), group.name
    land = district.kreis.parent
    if settings.comparison == settings.Comparison.LAND and land is not None:
        kreise = Area.objects.kreise().current().filter(parent=land).select_related("parent")
        return list(kreise), land.name
    programme = district.programmes.first()
    if programme is not None:
        districts = programme.districts.select_related("kreis", "kreis__parent")
        return [d.kreis for d in districts], programme.name
    return [district.kreis], district.name


@dataclass
class Export:
    header: list[str]
    rows: list[list[object]]
    notes: list[str]


def indicator_export(district: District, indicator: Indicator, sources: Sequence[Source]) -> Export:
    """An indicator's download: the district's own values (all areas, years, breakdowns)
    and the official values of its Land and Germany, with status, flags and sources."""
    version = indicator.definition
    kreis = district.kreis
    own = v.own(district).of_all_breakdowns(indicator.pk)
    land = kreis.parent
    country = land.parent if land else None
    compare_ids = {a.pk for a in (land, country) if a is not None}
    official = v.official(parts=["upper"]).of_all_breakdowns(indicator.pk)
    area_ids = set(own.column("area_id").to_pylist()) | compare_ids
    areas = {a.pk: a for a in Area.objects.filter(pk__in=area_ids)}
    group_names = dict(AreaGroup.objects.filter(district=district).values_list("pk", "name"))
    options = dict(CategoryOption.objects.values_list("pk", "name_de"))
    categories = dict(Category.objects.values_list("pk", "name_de"))
    header = [
        _("key"),
        _("area"),
        _("year"),
        _("breakdown"),
        _("option"),
        _("value"),
        _("numerator"),
        _("denominator"),
        _("status"),
        _("flags"),
        _("origin"),
        _("definition version"),
    ]
    rows: list[list[object]] = []
    for table, origin, only in (
        (own, _("district"), None),
        (official, _("official statistics"), compare_ids),
    ):
        for r in table.to_pylist():
            if only is not None and r["area_id"] not in only:
                continue
            area = areas.get(r["area_id"])
            rows.append(
                [
                    area.code if area else f"G{-r['area_id']}",
                    area.name if area else group_names.get(-r["area_id"], _("group of Gemeinden")),
                    r["year"],
                    categories.get(r["bcat"], "") if r["bcat"] else _("total"),
                    options.get(r["opt"], "") if r["opt"] else "",
                    round(r["value"], 4) if r["value"] is not None else ".",
                    round(r["num"], 2) if r["num"] is not None else ".",
                    round(r["den"], 2) if r["den"] is not None else ".",
                    v.status_text(r["status"]) if r["status"] else _("shown"),
                    ", ".join(v.flag_texts(r["flags"])),
                    origin,
                    version.number if r["version_id"] == version.pk else r["version_id"],
                ]
            )
    notes = [
        f"{version.title} – {district.name}",
        _("Exported on %(date)s by Teilhabe.") % {"date": timezone.localdate().isoformat()},
        _("Definition (version %(number)s): numerator %(num)s; denominator %(den)s; unit %(unit)s.")
        % {
            "num": version.numerator,
            "den": version.denominator or "–",
            "unit": version.get_kind_display(),
            "number": version.number,
        },
        _(
            "A dot (.) stands for a value that is not shown; the column “status” says why (disclosure "
            "control protects small groups)."
        ),
    ]
    for source in sources:
        line = f"{_('Source')}: {source.name}"
        if source.attribution:
            line += f" – {source.attribution}"
        if source.licence:
            line += f" ({source.licence})"
        notes.append(line)
    if district.is_demo:
        notes.append(_("Demo district: office data are invented for demonstration."))
    return Export(header, rows, notes)


@dataclass
class Preview:
    value: v.Value | None
    area: Area
    year: int | None


def formula_preview(district: District, definition: Definition) -> Preview:
    """The value a definition would give for the district's Kreis in the latest year with
    data (after disclosure control), computed by the engine on the district's data."""
    info = catalogue_info(district=district)
    numerator = formula.parse(definition.numerator)
    denominator_text = definition.denominator if definition.kind != "count" else ""
    denominator = formula.parse(denominator_text) if denominator_text.strip() else None
    terms = formula.compile_terms(numerator, info)
    if denominator is not None:
        terms.update(formula.compile_terms(denominator, info))
    spec = engine.IndicatorSpec(
        indicator_id=0,
        version_id=0,
        numerator=numerator,
        denominator=denominator,
        factor=float(IndicatorVersion.FACTORS.get(definition.kind, 1)),
        breakdowns=(),
        terms=terms,
    )
    result = engine.compute(
        store.engine_inputs([district.pk]), [spec], measure_slots_map(), scopes=[district.pk]
    )
    values = v.ValueSet(result, "own")
    kreis = district.kreis
    latest = values.latest(0, kreis.pk)
    if latest is None:
        series = values.series(0, kreis.pk)
        latest = series[-1] if series else None
    return Preview(latest, kreis, latest.year if latest else None)
