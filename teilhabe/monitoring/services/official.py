"""The official figures shipped with Teilhabe, as observations of the shared official
statistics: population (Kreise 1995–2018, Gemeinden 2019 by sex, Zensus 2022) and the
Regionalatlas share of foreign nationals (Kreise and Länder, 2011–2024)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyarrow as pa
from django.db import transaction
from django.utils import timezone

from teilhabe.areas.models import AreaFigure, DataSource
from teilhabe.areas.sources import (
    FOREIGN_SHARE,
    GEMEINDEVERZEICHNIS,
    POPULATION_KREISE,
    ZENSUS_GEMEINDEN,
)
from teilhabe.monitoring.analytics.flags import Flag
from teilhabe.monitoring.models import (
    CategoryOption,
    ImportBatch,
    Measure,
    ObservationSlice,
    Source,
)
from teilhabe.monitoring.services.imports import observations_write

#: (dataset, figure kinds, measure, flags)
SHIPPED = (
    (POPULATION_KREISE.code, (AreaFigure.Kind.POPULATION,), "population", 0),
    (
        GEMEINDEVERZEICHNIS.code,
        (
            AreaFigure.Kind.POPULATION,
            AreaFigure.Kind.POPULATION_MALE,
            AreaFigure.Kind.POPULATION_FEMALE,
        ),
        "population",
        0,
    ),
    (ZENSUS_GEMEINDEN.code, (AreaFigure.Kind.POPULATION,), "population", int(Flag.PERTURBED)),
    (FOREIGN_SHARE.code, (AreaFigure.Kind.FOREIGN_SHARE,), "foreign_share_published", 0),
)


@dataclass
class OfficialReport:
    loaded: int = 0
    skipped: int = 0


def _source_for(data_source: DataSource) -> Source:
    source, _ = Source.objects.update_or_create(
        district=None,
        name=data_source.title[:200],
        defaults={
            "kind": Source.Kind.OFFICIAL,
            "publisher": data_source.publisher,
            "attribution": data_source.attribution,
            "licence": data_source.licence,
            "licence_url": data_source.licence_url,
            "url": data_source.url,
            "data_source": data_source,
        },
    )
    return source


@transaction.atomic
def official_figures_load() -> OfficialReport:
    """Load (or refresh) the shipped figures into the official statistics. Idempotent:
    a dataset whose checksum did not change is skipped."""
    report = OfficialReport()
    sex = {
        o.code: o.pk
        for o in CategoryOption.objects.filter(
            category__code="sex", category__district__isnull=True
        )
    }
    for code, kinds, measure_code, flags in SHIPPED:
        data_source = DataSource.objects.filter(code=code).first()
        measure = Measure.objects.filter(district__isnull=True, code=measure_code).first()
        if data_source is None or measure is None:
            continue
        source = _source_for(data_source)
        digest = hashlib.sha256(f"{data_source.checksum}:{measure.pk}:v1".encode()).hexdigest()
        if ObservationSlice.objects.filter(
            source=source, is_active=True, batch__file_sha256=digest
        ).exists():
            report.skipped += 1
            continue
        rows = list(
            AreaFigure.objects.filter(
                source=data_source, kind__in=kinds, derived=False
            ).values_list(
                "area_id", "kind", "reference_date", "value", "area__level", "area__parent__code"
            )
        )
        if not rows:
            continue
        sex_slot = [
            sex.get("m")
            if r[1] == AreaFigure.Kind.POPULATION_MALE
            else sex.get("f")
            if r[1] == AreaFigure.Kind.POPULATION_FEMALE
            else None
            for r in rows
        ]
        uses_sex = measure_code == "population"
        observations = pa.table(
            {
                "measure_id": pa.array([measure.pk] * len(rows), pa.int32()),
                "area_id": pa.array([r[0] for r in rows], pa.int32()),
                "period_code": pa.array([r[2].isoformat() for r in rows], pa.string()),
                "o1": pa.array(sex_slot if uses_sex else [None] * len(rows), pa.int32()),
                "o2": pa.nulls(len(rows), pa.int32()),
                "o3": pa.nulls(len(rows), pa.int32()),
                "o4": pa.nulls(len(rows), pa.int32()),
                "value": pa.array([float(r[3]) for r in rows], pa.float64()),
                "flags": pa.array([flags] * len(rows), pa.int32()),
                "symbol": pa.nulls(len(rows), pa.string()),
                "part_code": pa.array(
                    [r[5] if r[4] == "gemeinde" and r[5] else "upper" for r in rows], pa.string()
                ),
            }
        )
        batch = ImportBatch.objects.create(
            district=None,
            source=source,
            kind=ImportBatch.Kind.SHIPPED,
            status=ImportBatch.Status.DONE,
            file_name=data_source.code,
            file_sha256=digest,
            finished_at=timezone.now(),
        )
        result = observations_write(batch=batch, observations=observations)
        batch.observations = result.observations
        batch.summary = {
            "measures": result.measures,
            "periods": result.periods,
            "replaced": result.replaced,
        }
        batch.save(update_fields=["observations", "summary"])
        report.loaded += result.observations
    return report
