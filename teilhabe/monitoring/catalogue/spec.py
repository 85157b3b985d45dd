"""Plain descriptions of catalogue entries (no Django), used by the standard catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field


@dataclass(frozen=True)
class CategorySpec:
    code: str
    de: str
    en: str
    #: (code, German, English) in display order
    options: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    de: str
    en: str
    categories: tuple[str, ...] = ()
    unit_de: str = "Personen"
    unit_en: str = "persons"
    reference: str = "stichtag"  # or "year"
    additive: bool = True
    source: str = ""
    levels: str = "gemeinde,kreis"
    description_de: str = ""
    description_en: str = ""


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    field: str
    order: int
    numerator: str
    denominator: str
    kind: str  # percent, per_mille, per_1000, ratio, count
    direction: str  # higher, lower, neutral
    title_de: str
    title_en: str
    short_de: str
    short_en: str
    long_de: str
    long_en: str
    interpretation_de: str
    interpretation_en: str
    sources_de: str
    sources_en: str
    definition: str
    breakdowns: tuple[str, ...] = ()
    published_measure: str | None = None
    extra: dict[str, str] = dataclass_field(default_factory=dict)
