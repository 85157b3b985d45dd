"""Small in-memory worlds for the engine tests: a country, a Land, Kreise, Gemeinden."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from teilhabe.monitoring.analytics import engine, formula
from teilhabe.monitoring.analytics.formula import CatalogueInfo, MeasureInfo

SEX = 10
MALE, FEMALE = 101, 102
AGE = 20
YOUNG, MIDDLE, OLD = 201, 202, 203


def catalogue() -> CatalogueInfo:
    sex = {"m": MALE, "f": FEMALE}
    age = {"young": YOUNG, "middle": MIDDLE, "old": OLD}
    return CatalogueInfo(
        {
            "foreign": MeasureInfo(
                1,
                "foreign",
                True,
                ("sex", "age"),
                {"sex": sex, "age": age},
                {"sex": SEX, "age": AGE},
            ),
            "population": MeasureInfo(2, "population", True, ("sex",), {"sex": sex}, {"sex": SEX}),
            "share_published": MeasureInfo(3, "share_published", False, (), {}, {}),
            "cases": MeasureInfo(4, "cases", True, (), {}, {}),
        }
    )


MEASURES = {
    1: engine.MeasureSlots((SEX, AGE)),
    2: engine.MeasureSlots((SEX,)),
    3: engine.MeasureSlots((), additive=False),
    4: engine.MeasureSlots(()),
}


def spec(
    numerator: str,
    denominator: str | None = None,
    *,
    factor: float = 100,
    breakdowns: Sequence[int] = (),
    published: int | None = None,
    indicator_id: int = 7,
) -> engine.IndicatorSpec:
    info = catalogue()
    num = formula.parse(numerator)
    den = formula.parse(denominator) if denominator else None
    for expr in (num, den):
        if expr is not None:
            assert formula.validate(expr, info) == []
    terms = formula.compile_terms(num, info)
    if den is not None:
        terms.update(formula.compile_terms(den, info))
    return engine.IndicatorSpec(
        indicator_id, indicator_id * 10, num, den, factor, tuple(breakdowns), terms, published
    )


@dataclass
class World:
    """Area 1 = Germany, 2 = a Land, Kreise from 10, Gemeinden from 100."""

    kreise: dict[int, list[int]] = field(default_factory=lambda: {10: [100, 101, 102]})
    uninhabited: set[int] = field(default_factory=set)
    rows: list[tuple[object, ...]] = field(default_factory=list)
    years: tuple[int, ...] = (2022, 2023)

    def areas(self) -> pa.Table:
        ids, parents, levels, required, parts = (
            [1, 2],
            [None, 1],
            ["country", "land"],
            [True, True],
            ["upper", "upper"],
        )
        for kreis, gemeinden in self.kreise.items():
            ids.append(kreis)
            parents.append(2)
            levels.append("kreis")
            required.append(True)
            parts.append("upper")
            for g in gemeinden:
                ids.append(g)
                parents.append(kreis)
                levels.append("gemeinde")
                required.append(g not in self.uninhabited)
                parts.append(f"k{kreis}")
        n = len(ids)
        return pa.table(
            {
                "area_id": pa.array(ids, pa.int32()),
                "parent_id": pa.array(parents, pa.int32()),
                "level": levels,
                "valid_from": pa.nulls(n, pa.date32()),
                "valid_until": pa.nulls(n, pa.date32()),
                "required": required,
                "part": parts,
            }
        )

    def periods(self) -> pa.Table:
        return pa.table(
            {
                "period_id": pa.array(list(self.years), pa.int32()),
                "year": pa.array(list(self.years), pa.int32()),
                "ref_date": [dt.date(y, 12, 31) for y in self.years],
            }
        )

    def add(
        self,
        measure: int,
        area: int,
        value: float | None,
        *,
        year: int = 2023,
        options: Iterable[int | None] = (),
        flags: int = 0,
        scope: int = 5,
        src: int = 1,
        prio: int = 1,
    ) -> None:
        slots = list(options) + [None] * (4 - len(list(options)))
        self.rows.append((scope, src, prio, measure, area, year, *slots[:4], value, flags))

    def observations(self) -> pa.Table:
        columns: list[tuple[object, ...]] = (
            list(zip(*self.rows, strict=True))
            if self.rows
            else [() for _ in engine.OBSERVATIONS_SCHEMA]
        )
        return pa.Table.from_arrays(
            [
                pa.array(list(col), f.type)
                for col, f in zip(columns, engine.OBSERVATIONS_SCHEMA, strict=True)
            ],
            schema=engine.OBSERVATIONS_SCHEMA,
        )

    def compute(self, specs: Sequence[engine.IndicatorSpec], **kwargs) -> list[dict]:
        inputs = engine.Inputs(
            self.observations(),
            self.areas(),
            self.periods(),
            groups=kwargs.pop("groups", None),
            thresholds=kwargs.pop("thresholds", None),
            scope_areas=kwargs.pop("scope_areas", None),
        )
        scopes = kwargs.pop("scopes", [5])
        return engine.compute(inputs, specs, MEASURES, scopes=scopes, **kwargs).to_pylist()


def pick(rows: list[dict], **where) -> dict:
    found = [r for r in rows if all(r[k] == v for k, v in where.items())]
    assert len(found) == 1, (where, found)
    return found[0]
