"""Imports: upload, map, run in the background, version, compare, restore.

1. ``import_upload`` stages the file (outside the web root, deleted when the import ends
   or after ``TEILHABE_MONITORING_STAGING_HOURS``) and records a pending import.
2. ``import_inspect`` reads it for the mapping step (columns, labels, periods).
3. ``import_start`` saves the mapping (and, if asked, as a template of the office and
   source) and starts ``import_run`` as a background job.
4. ``import_run`` reads, checks and writes all-or-nothing: every problem is reported at
   once by row and column and nothing is stored; otherwise the observations become the
   new version of each (source, measure, period) and the district's values are
   recomputed.

``observations_submit`` is the door for other modules (surveys): aggregated observations
for a measure, checked like an import, stored as a batch, then recomputed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import shutil
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.accounts.models import User
from teilhabe.areas.models import Area
from teilhabe.audit.services import audit_record
from teilhabe.districts.access import DistrictAccess
from teilhabe.districts.models import District, Office
from teilhabe.districts.roles import Capability
from teilhabe.districts.selectors import district_get_for_user
from teilhabe.jobs.models import Job
from teilhabe.jobs.services import UserFacingError, job_progress, job_start, job_succeed
from teilhabe.monitoring.analytics import blocks
from teilhabe.monitoring.imports import genesis as genesis_reader
from teilhabe.monitoring.imports import office as office_reader
from teilhabe.monitoring.imports import rates as rates_reader
from teilhabe.monitoring.imports.problems import Collector, ImportProblem, ImportRefused
from teilhabe.monitoring.imports.resolve import (
    SLOTS,
    Context,
    MeasureContext,
    area_context_table,
    is_count_unit,
    match_area_texts,
    resolve,
)
from teilhabe.monitoring.imports.safety import Limits
from teilhabe.monitoring.imports.tables import RawTable, read_table
from teilhabe.monitoring.messages import import_problem_text
from teilhabe.monitoring.models import (
    ImportBatch,
    ImportTemplate,
    Measure,
    ObservationBlock,
    ObservationSlice,
    Period,
    Source,
)
from teilhabe.monitoring.selectors import measure_slots, measures_for_district

logger = logging.getLogger(__name__)

KIND_FILES = {
    ImportBatch.Kind.GENESIS,
    ImportBatch.Kind.OFFICE,
    ImportBatch.Kind.RECORDS,
    ImportBatch.Kind.RATES,
}


def limits() -> Limits:
    max_mb = min(
        settings.TEILHABE_MONITORING_IMPORT_MAX_MB,
        settings.TEILHABE_UPLOAD_MAX_BYTES // (1024 * 1024),
    )
    return Limits(
        max_bytes=max_mb * 1024 * 1024,
        max_rows=settings.TEILHABE_MONITORING_IMPORT_MAX_ROWS,
        seconds=float(settings.TEILHABE_MONITORING_IMPORT_SECONDS),
    )


def staging_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "monitoring" / "staging"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def staging_cleanup(*, now: dt.datetime | None = None) -> int:
    """Delete staged files of imports that were never started (and their pending rows)."""
    cutoff = (now or timezone.now()) - dt.timedelta(
        hours=settings.TEILHABE_MONITORING_STAGING_HOURS
    )
    stale = ImportBatch.objects.filter(status=ImportBatch.Status.PENDING, created_at__lt=cutoff)
    count = 0
    for batch in stale:
        _unstage(batch)
        batch.delete()
        count += 1
    return count


def _unstage(batch: ImportBatch) -> None:
    if batch.staged_path:
        path = staging_dir() / Path(batch.staged_path).name
        path.unlink(missing_ok=True)
        ImportBatch.objects.filter(pk=batch.pk).update(staged_path="")
        batch.staged_path = ""


def staged_file(batch: ImportBatch) -> Path:
    if not batch.staged_path:
        raise UserFacingError(_("The uploaded file is no longer there; upload it again."))
    path = staging_dir() / Path(batch.staged_path).name
    if not path.exists():
        raise UserFacingError(_("The uploaded file is no longer there; upload it again."))
    return path


# --- sources ------------------------------------------------------------------------------


@transaction.atomic
def source_create(
    *,
    access: DistrictAccess,
    name: str,
    kind: str,
    office: Office | None = None,
    publisher: str = "",
    attribution: str = "",
    licence: str = "",
    url: str = "",
) -> Source:
    access.require(Capability.RECORDS_EDIT)
    if office is not None and office.district_id != access.district.pk:
        raise ValidationError({"office": _("The office belongs to another district.")})
    clerk = access.office_ids and not access.can(Capability.PLANNING_EDIT)
    if clerk and (office is None or office.pk not in access.office_ids):
        raise PermissionDenied
    source = Source(
        district=access.district,
        office=office,
        name=name,
        kind=kind,
        publisher=publisher,
        attribution=attribution,
        licence=licence,
        url=url,
    )
    source.full_clean()
    source.save()
    audit_record(
        actor=access.user,
        action="monitoring.source.create",
        district_id=access.district.pk,
        obj=source,
    )
    return source


# --- upload and mapping ---------------------------------------------------------------------


def import_upload(
    *, access: DistrictAccess, source: Source, kind: str, upload: UploadedFile
) -> ImportBatch:
    """Stage an uploaded file and record a pending import (nothing is read yet)."""
    access.require(Capability.RECORDS_EDIT)
    if source.district_id != access.district.pk:
        raise PermissionDenied
    if kind not in KIND_FILES:
        raise ValidationError({"kind": _("Choose the kind of file.")})
    staging_cleanup()
    bounds = limits()
    if upload.size is not None and upload.size > bounds.max_bytes:
        raise ValidationError(
            {
                "file": import_problem_text(
                    "too_large", {"max_mb": bounds.max_bytes // (1024 * 1024)}
                )
            }
        )
    name = f"{uuid.uuid4().hex}.upload"
    path = staging_dir() / name
    digest = hashlib.sha256()
    size = 0
    with path.open("wb") as handle:
        for chunk in upload.chunks(1024 * 1024):
            size += len(chunk)
            if size > bounds.max_bytes:
                handle.close()
                path.unlink(missing_ok=True)
                raise ValidationError(
                    {
                        "file": import_problem_text(
                            "too_large", {"max_mb": bounds.max_bytes // (1024 * 1024)}
                        )
                    }
                )
            digest.update(chunk)
            handle.write(chunk)
    path.chmod(0o600)
    batch = ImportBatch(
        district=access.district,
        source=source,
        office=source.office,
        kind=kind,
        file_name=(upload.name or "upload")[:255],
        file_sha256=digest.hexdigest(),
        file_size=size,
        staged_path=name,
        created_by=access.user,
    )
    batch.full_clean()
    batch.save()
    return batch


@dataclass
class Inspection:
    """What the mapping step shows about a staged file."""

    kind: str
    header: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)
    distinct: dict[str, list[str]] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)
    rows: int = 0
    genesis: genesis_reader.GenesisInfo | None = None
    problems: list[str] = field(default_factory=list)
    #: distinct texts of each column (up to 5,000), to check the area column's names
    texts: dict[str, list[str]] = field(default_factory=dict)


def problem_texts(problems: Iterable[ImportProblem]) -> list[str]:
    """Problems in plain words, each with its row and column, in the order of the file
    (problems of the whole file first)."""
    lines = []
    for problem in sorted(problems, key=lambda p: (p.row is not None, p.row or 0)):
        where = []
        if problem.row is not None:
            where.append(_("row %(row)s") % {"row": problem.row})
        if problem.column:
            where.append(_("column “%(column)s”") % {"column": problem.column})
        text = import_problem_text(problem.code, problem.params)
        lines.append(f"{', '.join(where)}: {text}" if where else text)
    return lines


def import_inspect(*, batch: ImportBatch, sheet: str | None = None) -> Inspection:
    """Read the staged file far enough to offer a mapping; problems come back as text."""
    path = staged_file(batch)
    bounds = limits()
    try:
        if batch.kind == ImportBatch.Kind.GENESIS:
            _, _, info = genesis_reader.read_genesis(path, bounds)
            return Inspection(kind=batch.kind, genesis=info, rows=info.rows)
        if batch.kind == ImportBatch.Kind.RATES:
            frame = rates_reader.regionalatlas_frame(
                path, bounds, measure="foreign_share_published"
            )
            return Inspection(kind=batch.kind, rows=frame.num_rows)
        table = read_table(path, bounds, sheet=sheet or batch.mapping.get("sheet"))
    except ImportRefused as exc:
        return Inspection(kind=batch.kind, problems=problem_texts(exc.problems))
    inspection = Inspection(
        kind=batch.kind, header=table.header, sheets=table.sheets, rows=table.num_rows
    )
    if batch.kind == ImportBatch.Kind.RECORDS:
        # No whole rows of a record list on screen: only a few values per column.
        inspection.distinct = {h: table.distinct(h, limit=8) for h in table.header}
    else:
        inspection.preview = table.preview(5)
        inspection.distinct = {h: table.distinct(h, limit=40) for h in table.header}
    inspection.texts = {h: table.distinct(h, limit=5000) for h in table.header}
    return inspection


@dataclass
class UnknownArea:
    """A text of the area column that is no key or name of the district's areas."""

    text: str
    suggestions: list[tuple[str, str]]  # (key, name), closest first


def area_texts_check(
    *, district: District, texts: Sequence[str], names: Mapping[str, str]
) -> list[UnknownArea]:
    """The texts of an area column that the import would not recognise (with the names
    already chosen in ``names`` counting as known), each with near-miss suggestions."""
    context = import_context(district=district, own_areas_only=True)
    context.area_names = dict(names)
    unknown = [m for m in match_area_texts(texts, context) if not m.area_ids]
    if not unknown:
        return []
    by_name = {
        name: code
        for code, name in Area.objects.filter(
            Q(pk=district.kreis_id) | Q(parent_id=district.kreis_id)
        ).values_list("code", "name")
    }
    return [
        UnknownArea(m.text, [(by_name[s], s) for s in m.suggestions if s in by_name])
        for m in unknown
    ]


def _measure_contexts(district: District | None) -> dict[str, MeasureContext]:
    measures = list(
        Measure.objects.filter(district__isnull=True)
        if district is None
        else measures_for_district(district=district)
    )
    slots = measure_slots(measure_ids=[m.pk for m in measures])
    from teilhabe.monitoring.models import CategoryOption

    options: dict[int, dict[str, int]] = {}
    category_ids = {c.pk for cats in slots.values() for c in cats}
    for category_id, code, pk in CategoryOption.objects.filter(
        category_id__in=category_ids
    ).values_list("category_id", "code", "pk"):
        options.setdefault(category_id, {})[code] = pk
    return {
        m.code: MeasureContext(
            id=m.pk,
            code=m.code,
            categories=tuple(c.code for c in slots.get(m.pk, [])),
            options={c.code: options.get(c.pk, {}) for c in slots.get(m.pk, [])},
            additive=m.is_additive,
            whole_numbers=m.is_additive and is_count_unit(m.unit_de),
            is_rate=not m.is_additive,
        )
        for m in measures
    }


def validate_mapping(
    *, district: District | None, kind: str, mapping: Mapping[str, Any], header: Sequence[str] = ()
) -> list[str]:
    """Plain-language problems of a mapping before anything runs."""
    measures = _measure_contexts(district)
    problems: list[str] = []

    def need_column(name: object, what: str) -> None:
        if header and name not in header:
            problems.append(
                _("The column “%(column)s” chosen for %(what)s is not in the file.")
                % {"column": name, "what": what}
            )

    def need_measure(code: object) -> MeasureContext | None:
        found = measures.get(str(code))
        if found is None:
            problems.append(_("Choose a measure."))
        return found

    if kind in {ImportBatch.Kind.OFFICE, ImportBatch.Kind.RECORDS}:
        if not mapping.get("area", {}).get("column"):
            problems.append(_("Choose the column holding the area (key or name)."))
        else:
            need_column(mapping["area"]["column"], _("the area"))
        names = mapping["area"].get("names") or {}
        if names and district is not None:
            own = set(
                Area.objects.filter(
                    Q(pk=district.kreis_id) | Q(parent_id=district.kreis_id)
                ).values_list("code", flat=True)
            )
            for text, code in names.items():
                if code not in own:
                    problems.append(
                        _(
                            "“%(text)s” is set to the key %(code)s, which is not an area of the district."
                        )
                        % {"text": text, "code": code}
                    )
        period = mapping.get("period", {})
        if period.get("column"):
            need_column(period["column"], _("the period"))
        elif not period.get("fixed"):
            problems.append(
                _("Choose the column holding the period, or give the period for all rows.")
            )
        elif office_reader.parse_period(str(period["fixed"])) is None:
            problems.append(
                _("“%(text)s” is not a year (like 2023) or a date (like 31.12.2023).")
                % {"text": period["fixed"]}
            )
        measure_codes = (
            [v.get("measure") for v in mapping.get("values", [])]
            if kind == ImportBatch.Kind.OFFICE
            else [mapping.get("measure")]
        )
        if kind == ImportBatch.Kind.OFFICE:
            if not mapping.get("values"):
                problems.append(_("Choose at least one value column and its measure."))
            for spec in mapping.get("values", []):
                need_column(spec.get("column"), _("a value"))
        found = [m for m in (need_measure(c) for c in measure_codes) if m is not None]
        for spec in mapping.get("categories", []):
            need_column(spec.get("column"), spec.get("category", ""))
            if found and not any(spec.get("category") in m.categories for m in found):
                problems.append(
                    _("The measure is not broken down by “%(category)s”.")
                    % {"category": spec.get("category")}
                )
    elif kind == ImportBatch.Kind.GENESIS:
        if mapping.get("layout") == "flat":
            if not any(mapping.get("measures", {}).values()):
                problems.append(_("Map at least one value of the table to a measure."))
            for code in mapping.get("measures", {}).values():
                if code:
                    need_measure(code)
        else:
            need_measure(mapping.get("measure"))
    return problems


def import_start(
    *,
    access: DistrictAccess,
    batch: ImportBatch,
    mapping: dict[str, Any],
    template_name: str = "",
) -> Job:
    """Save the mapping (and a template) and run the import in the background."""
    access.require(Capability.RECORDS_EDIT)
    if batch.district_id != access.district.pk or batch.status != ImportBatch.Status.PENDING:
        raise PermissionDenied
    problems = validate_mapping(district=access.district, kind=batch.kind, mapping=mapping)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        batch.mapping = mapping
        if template_name:
            template, _created = ImportTemplate.objects.update_or_create(
                district=access.district,
                name=template_name[:200],
                defaults={
                    "source": batch.source,
                    "office": batch.source.office,
                    "kind": batch.kind,
                    "mapping": mapping,
                    "created_by": access.user,
                },
            )
            batch.template = template
        batch.status = ImportBatch.Status.RUNNING
        batch.save(update_fields=["mapping", "template", "status"])
        job = job_start(
            owner=access.user,
            kind="monitoring.import",
            title=_("Import of %(file)s") % {"file": batch.file_name},
            task=_import_task(),
            district=access.district,
            batch_id=batch.pk,
        )
        ImportBatch.objects.filter(pk=batch.pk).update(job=job)
    return job


def import_start_from_template(
    *, access: DistrictAccess, batch: ImportBatch
) -> tuple[Job | None, ImportTemplate | None]:
    """Next year's upload in one step: start the import with the source's saved template
    when it fits the file (its columns exist, every label of a category column and every
    area name is known, the mapping is valid). Otherwise no job: the mapping step shows the template filled in,
    with whatever needs a decision."""
    access.require(Capability.RECORDS_EDIT)
    first = import_inspect(batch=batch)
    template = template_for(
        access=access, batch=batch, code=first.genesis.code if first.genesis else ""
    )
    if template is None:
        return None, None
    mapping = template.mapping
    sheet = str(mapping.get("sheet") or "") or None
    inspection = import_inspect(batch=batch, sheet=sheet) if sheet else first
    if inspection.problems:
        return None, template
    if inspection.genesis is not None and mapping.get("table") != inspection.genesis.code:
        return None, template
    for spec in mapping.get("categories", []):
        options = spec.get("options")
        if options is None:
            continue
        labels = inspection.distinct.get(str(spec.get("column", "")), [])
        if any(label not in options for label in labels):
            return None, template
    area = mapping.get("area") or {}
    if area.get("column") and area_texts_check(
        district=access.district,
        texts=inspection.texts.get(str(area["column"]), []),
        names=area.get("names") or {},
    ):
        return None, template
    if validate_mapping(
        district=access.district, kind=batch.kind, mapping=mapping, header=inspection.header
    ):
        return None, template
    job = import_start(access=access, batch=batch, mapping=mapping, template_name=template.name)
    return job, template


def _import_task() -> Any:
    from teilhabe.monitoring.tasks import import_task

    return import_task


def template_for(
    *, access: DistrictAccess, batch: ImportBatch, code: str = ""
) -> ImportTemplate | None:
    """The saved mapping for this source and kind (for GENESIS: this table)."""
    rows = ImportTemplate.objects.filter(
        district=access.district, source=batch.source, kind=batch.kind
    )
    if code:
        exact = [t for t in rows if t.mapping.get("table") == code]
        if exact:
            return exact[0]
    return rows.order_by("-updated_at").first()


# --- running an import ------------------------------------------------------------------------


def import_context(*, district: District | None, own_areas_only: bool) -> Context:
    kreis = district.kreis if district else None
    inside_ids: set[int] = set()
    if kreis is not None:
        inside_ids = {kreis.pk, *Area.objects.filter(parent=kreis).values_list("pk", flat=True)}
    rows = [
        (
            pk,
            code,
            ags,
            name,
            level,
            start,
            end,
            parent_code,
            (pk in inside_ids) if district else True,
        )
        for pk, code, ags, name, level, start, end, parent_code in Area.objects.values_list(
            "pk", "code", "ags", "name", "level", "valid_from", "valid_until", "parent__code"
        )
    ]
    year = timezone.localdate().year
    return Context(
        areas=area_context_table(rows),
        measures=_measure_contexts(district),
        first_year=1990,
        last_year=year + 1,
        own_areas_only=own_areas_only and district is not None,
    )


def read_observations(
    *, kind: str, path: Path, mapping: Mapping[str, Any], context: Context
) -> pa.Table:
    """Read and resolve a file into observations; raise :class:`ImportRefused` listing
    every problem."""
    bounds = limits()
    problems = Collector()
    categories_of = {code: m.categories for code, m in context.measures.items()}
    context.dash = mapping.get("dash", "missing")
    area = mapping.get("area")
    context.area_names = dict(area.get("names") or {}) if isinstance(area, Mapping) else {}
    if kind == ImportBatch.Kind.GENESIS:
        layout, parsed, _ = genesis_reader.read_genesis(path, bounds)
        if layout == "flat":
            frame = genesis_reader.flat_frame(parsed, dict(mapping), categories_of, problems)
        else:
            measure = context.measures.get(mapping.get("measure", ""))
            frame = genesis_reader.classic_frame(
                parsed, dict(mapping), measure.categories if measure else (), problems
            )
        context.labels = {"area": "1", "value": "", "period": ""}
    elif kind == ImportBatch.Kind.RATES:
        frame = rates_reader.regionalatlas_frame(
            path, bounds, measure=mapping.get("measure", "foreign_share_published")
        )
    else:
        table: RawTable = read_table(
            path, bounds, sheet=mapping.get("sheet"), header_row=int(mapping.get("header_row", 1))
        )
        labels: dict[str, str] = {}
        if kind == ImportBatch.Kind.RECORDS:
            frame = office_reader.records_frame(table, mapping, categories_of, problems, labels)
        else:
            frame = office_reader.office_frame(table, mapping, categories_of, problems, labels)
        context.labels = labels
    problems.raise_if_any()
    return resolve(frame, context, problems)


def _periods_for(observations: pa.Table) -> dict[str, Period]:
    codes = sorted(set(pc.unique(observations.column("period_code")).to_pylist()))
    existing = {p.code: p for p in Period.objects.filter(code__in=codes)}
    for code in codes:
        if code in existing:
            continue
        if "-" in code:
            day = dt.date.fromisoformat(code)
            period = Period(code=code, kind=Period.Kind.DATE, year=day.year, reference_date=day)
        else:
            year = int(code)
            period = Period(
                code=code, kind=Period.Kind.YEAR, year=year, reference_date=dt.date(year, 12, 31)
            )
        period.full_clean()
        period.save()
        existing[code] = period
    return existing


@dataclass
class WriteReport:
    observations: int = 0
    measures: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    replaced: int = 0


def observations_write(*, batch: ImportBatch, observations: pa.Table) -> WriteReport:
    """Store observations as blocks and make them the new version of each (source,
    measure, period). Call inside a transaction."""
    periods = _periods_for(observations)
    period_ids = pc.cast(
        pc.index_in(observations.column("period_code"), value_set=pa.array(list(periods))),
        pa.int32(),
    )
    id_lookup = pa.array([periods[c].pk for c in periods], pa.int32())
    observations = observations.append_column("period_id", pc.take(id_lookup, period_ids))
    report = WriteReport(observations=observations.num_rows)
    measures = observations.column("measure_id").to_numpy()
    parts = pc.dictionary_encode(observations.column("part_code")).combine_chunks()
    part_index = parts.indices.to_numpy()
    part_names = parts.dictionary.to_pylist()
    order = np.lexsort((part_index, measures))
    sorted_obs = observations.take(pa.array(order))
    m_sorted, p_sorted = measures[order], part_index[order]
    change = np.flatnonzero((np.diff(m_sorted) != 0) | (np.diff(p_sorted) != 0)) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [len(order)]])
    new_blocks = []
    for start, end in zip(starts, ends, strict=True):
        piece = sorted_obs.slice(int(start), int(end - start))
        new_blocks.append(
            ObservationBlock(
                batch=batch,
                measure_id=int(m_sorted[start]),
                part=str(part_names[p_sorted[start]]),
                rows=piece.num_rows,
                data=blocks.encode(blocks.conform(piece, blocks.OBSERVATION_SCHEMA)),
            )
        )
    ObservationBlock.objects.bulk_create(new_blocks, batch_size=100)
    # Versions per (measure, period).
    summary = (
        pa.table(
            {
                "measure_id": observations.column("measure_id"),
                "period_id": observations.column("period_id"),
                "value": observations.column("value"),
            }
        )
        .group_by(["measure_id", "period_id"])
        .aggregate([("value", "sum"), ("value", "count", pc.CountOptions(mode="all"))])
        .to_pylist()
    )
    keys = {(r["measure_id"], r["period_id"]) for r in summary}
    latest = {
        (m, p): v
        for m, p, v in ObservationSlice.objects.filter(source=batch.source)
        .values_list("measure_id", "period_id")
        .annotate(v=Max("version"))
        .values_list("measure_id", "period_id", "v")
    }
    previous = ObservationSlice.objects.filter(source=batch.source, is_active=True)
    replaced = [s.pk for s in previous if (s.measure_id, s.period_id) in keys]
    ObservationSlice.objects.filter(pk__in=replaced).update(is_active=False)
    report.replaced = len(replaced)
    ObservationSlice.objects.bulk_create(
        ObservationSlice(
            batch=batch,
            district_id=batch.district_id,
            source=batch.source,
            measure_id=row["measure_id"],
            period_id=row["period_id"],
            version=latest.get((row["measure_id"], row["period_id"]), 0) + 1,
            is_active=True,
            rows=row["value_count"],
            total=row["value_sum"],
        )
        for row in summary
    )
    measure_names = dict(
        Measure.objects.filter(pk__in={r["measure_id"] for r in summary}).values_list("pk", "code")
    )
    report.measures = sorted(set(measure_names.values()))
    period_names = {p.pk: p.code for p in periods.values()}
    report.periods = sorted({period_names[r["period_id"]] for r in summary})
    return report


def _execute(batch: ImportBatch, path: Path, actor: User | None) -> WriteReport:
    """Read, check and store one import all-or-nothing. Raises :class:`ImportRefused`
    (the batch is then marked refused with every problem) and leaves the store as it was."""
    context = import_context(
        district=batch.district,
        own_areas_only=batch.kind in {ImportBatch.Kind.OFFICE, ImportBatch.Kind.RECORDS},
    )
    try:
        observations = read_observations(
            kind=batch.kind, path=path, mapping=batch.mapping, context=context
        )
        if batch.kind == ImportBatch.Kind.RECORDS and batch.mapping.get("fill_zeros", True):
            observations = office_reader.fill_zeros(observations, context, batch.mapping["measure"])
    except ImportRefused as exc:
        _refuse(batch, exc.problems)
        raise
    except Exception:
        _refuse(batch, [ImportProblem("internal")])
        raise
    with transaction.atomic():
        report = observations_write(batch=batch, observations=observations)
        batch.status = ImportBatch.Status.DONE
        batch.observations = report.observations
        batch.finished_at = timezone.now()
        batch.summary = {
            "measures": report.measures,
            "periods": report.periods,
            "replaced": report.replaced,
        }
        batch.save(update_fields=["status", "observations", "finished_at", "summary"])
        audit_record(
            actor=actor,
            action="monitoring.import",
            district_id=batch.district_id,
            office_id=batch.office_id,
            obj=batch,
            changes={"observations": report.observations, "periods": report.periods},
        )
    return report


def import_run(*, job_id: str, batch_id: int) -> None:
    """The body of the import task: read, check, write all-or-nothing, recompute."""
    job = Job.objects.select_related("owner", "district").get(pk=job_id)
    batch = ImportBatch.objects.select_related("source", "district").get(pk=batch_id)
    try:
        # Check the permission again: it may have been withdrawn since the job was queued.
        access = district_get_for_user(
            user=job.owner,
            slug=batch.district.slug if batch.district else "",
            capability=Capability.RECORDS_EDIT,
        )
        job_progress(job_id=job_id, percent=5, message=_("Reading the file"))
        try:
            report = _execute(batch, staged_file(batch), access.user)
        except ImportRefused as exc:
            # The job page links to the import, which lists every problem by row and column.
            Job.objects.filter(pk=job_id).update(
                result_url=reverse(
                    "monitoring:import_detail",
                    kwargs={"district": access.district.slug, "batch_id": batch.pk},
                ),
                result_label=_("See every problem"),
            )
            first = problem_texts(exc.problems)[:3]
            more = len(exc.problems) - len(first)
            raise UserFacingError(
                " ".join(
                    [
                        _(
                            "The file was not imported: %(count)s problems were found. "
                            "Nothing was changed."
                        )
                        % {"count": len(exc.problems)},
                        *first,
                        *([_("… and %(more)s more.") % {"more": more}] if more > 0 else []),
                    ]
                )
            ) from None
    finally:
        _unstage(batch)
    job_progress(job_id=job_id, percent=75, message=_("Computing the indicator values"))
    from teilhabe.monitoring.services.recompute import recompute

    recompute(district_ids=[access.district.pk], reason=f"import {batch.pk}")
    job_succeed(
        job_id=job_id,
        message=_("%(n)s values imported for %(periods)s.")
        % {"n": report.observations, "periods": ", ".join(report.periods)},
        result_url=reverse(
            "monitoring:import_detail",
            kwargs={"district": access.district.slug, "batch_id": batch.pk},
        ),
        result_label=_("See the import"),
    )


def import_file(
    *,
    district: District | None,
    source: Source,
    kind: str,
    path: Path,
    mapping: Mapping[str, Any],
    user: User | None = None,
    recompute_after: bool = True,
) -> ImportBatch:
    """An import without the browser (the command line, scripts): synchronous, the same
    checks, all-or-nothing. ``district`` None imports into the shared official statistics.
    Raises :class:`ImportRefused` listing every problem."""
    if source.district_id != (district.pk if district else None):
        raise PermissionDenied
    problems = validate_mapping(district=district, kind=kind, mapping=mapping)
    if problems:
        raise ImportRefused([ImportProblem("mapping", params={"detail": "; ".join(problems)})])
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    batch = ImportBatch.objects.create(
        district=district,
        source=source,
        office=source.office,
        kind=kind,
        status=ImportBatch.Status.RUNNING,
        file_name=path.name[:255],
        file_sha256=digest.hexdigest(),
        file_size=path.stat().st_size,
        mapping=dict(mapping),
        created_by=user,
    )
    _execute(batch, path, user)
    if recompute_after:
        from teilhabe.monitoring.services.recompute import recompute

        if district is None:
            recompute(district_ids=None, reason=f"official import {batch.pk}")
        else:
            recompute(district_ids=[district.pk], reason=f"import {batch.pk}")
    return batch


def _refuse(batch: ImportBatch, problems: list[ImportProblem]) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED,
        problems=[p.as_dict() for p in problems],
        finished_at=timezone.now(),
    )


def problem_lines(batch: ImportBatch) -> list[str]:
    return problem_texts(
        ImportProblem(p["code"], p.get("row"), p.get("column"), p.get("params") or {})
        for p in batch.problems
    )


# --- versions ---------------------------------------------------------------------------------


@transaction.atomic
def batch_restore(*, access: DistrictAccess, batch: ImportBatch) -> int:
    """Make every (measure, period) of an earlier import the active version again."""
    access.require(Capability.RECORDS_EDIT)
    if batch.district_id != access.district.pk or batch.status != ImportBatch.Status.DONE:
        raise PermissionDenied
    slices = list(ObservationSlice.objects.filter(batch=batch))
    keys = {(s.measure_id, s.period_id) for s in slices}
    current = ObservationSlice.objects.filter(source=batch.source, is_active=True).exclude(
        batch=batch
    )
    ObservationSlice.objects.filter(
        pk__in=[s.pk for s in current if (s.measure_id, s.period_id) in keys]
    ).update(is_active=False)
    ObservationSlice.objects.filter(batch=batch).update(is_active=True)
    audit_record(
        actor=access.user,
        action="monitoring.import.restore",
        district_id=access.district.pk,
        obj=batch,
    )
    from teilhabe.monitoring.services.recompute import recompute_enqueue

    recompute_enqueue(district=access.district, user=access.user, reason=f"restore {batch.pk}")
    return len(slices)


@dataclass
class ComparisonRow:
    measure: str
    period: str
    before_rows: int
    after_rows: int
    before_total: float | None
    after_total: float | None
    changed: int
    added: int
    removed: int
    areas_changed: list[str]


def batch_compare(*, batch: ImportBatch, other: ImportBatch) -> list[ComparisonRow]:
    """Compare two imports of the same source: per measure and period, how many
    observations changed, were added or removed, and in which areas. No single small
    count is shown, only totals over the district and the names of areas."""
    import duckdb

    def load(b: ImportBatch) -> pa.Table:
        tables = []
        for measure_id, data in ObservationBlock.objects.filter(batch=b).values_list(
            "measure_id", "data"
        ):
            table = blocks.decode(data)
            tables.append(
                table.append_column(
                    "measure_id", pa.array(np.full(table.num_rows, measure_id, np.int32))
                )
            )
        if not tables:
            return blocks.OBSERVATION_SCHEMA.append(
                pa.field("measure_id", pa.int32())
            ).empty_table()
        return pa.concat_tables(tables)

    con = duckdb.connect(":memory:")
    try:
        con.register("a", load(other))
        con.register("b", load(batch))
        rows = con.sql(
            """
            WITH j AS (
                SELECT coalesce(a.measure_id, b.measure_id) AS measure_id,
                       coalesce(a.period_id, b.period_id) AS period_id,
                       coalesce(a.area_id, b.area_id) AS area_id,
                       a.value AS before, b.value AS after,
                       a.area_id IS NOT NULL AS in_a, b.area_id IS NOT NULL AS in_b
                FROM a FULL OUTER JOIN b ON a.measure_id = b.measure_id AND a.period_id = b.period_id
                    AND a.area_id = b.area_id AND a.o1 IS NOT DISTINCT FROM b.o1 AND a.o2 IS NOT DISTINCT FROM b.o2
                    AND a.o3 IS NOT DISTINCT FROM b.o3 AND a.o4 IS NOT DISTINCT FROM b.o4
            )
            SELECT measure_id, period_id,
                   count(*) FILTER (WHERE in_a) AS before_rows, count(*) FILTER (WHERE in_b) AS after_rows,
                   sum(before) AS before_total, sum(after) AS after_total,
                   count(*) FILTER (WHERE in_a AND in_b AND before IS DISTINCT FROM after) AS changed,
                   count(*) FILTER (WHERE in_b AND NOT in_a) AS added,
                   count(*) FILTER (WHERE in_a AND NOT in_b) AS removed,
                   list(DISTINCT area_id) FILTER (WHERE before IS DISTINCT FROM after) AS areas
            FROM j GROUP BY ALL ORDER BY measure_id, period_id
            """
        ).fetchall()
    finally:
        con.close()
    measures = dict(Measure.objects.values_list("pk", "code"))
    periods = dict(Period.objects.values_list("pk", "code"))
    area_ids = {a for row in rows for a in (row[9] or [])}
    names = dict(Area.objects.filter(pk__in=area_ids).values_list("pk", "name"))
    return [
        ComparisonRow(
            measure=measures.get(row[0], str(row[0])),
            period=periods.get(row[1], str(row[1])),
            before_rows=row[2],
            after_rows=row[3],
            before_total=row[4],
            after_total=row[5],
            changed=row[6],
            added=row[7],
            removed=row[8],
            areas_changed=sorted(names.get(a, str(a)) for a in (row[9] or [])),
        )
        for row in rows
    ]


# --- the door for other modules ------------------------------------------------------------------


@dataclass(frozen=True)
class SubmittedObservation:
    """One aggregated observation handed over by another module.

    ``area``: an area key (ARS / AGS) or a Gemeinde name of the district; ``period``: a
    year (``"2024"``) or a date (``"2024-12-31"``); ``options``: category code → option
    code (categories left out mean the total); ``value``: the count (None: not available);
    ``flags``: bits of ``analytics.flags.Flag``."""

    area: str
    period: str
    value: float | None
    options: Mapping[str, str] = field(default_factory=dict)
    flags: int = 0


def observations_submit(
    *,
    district: District,
    source: Source,
    measure_code: str,
    observations: Sequence[SubmittedObservation],
    user: User | None = None,
    note: str = "",
    recompute: bool = True,
) -> ImportBatch:
    """Take aggregated observations for one measure from another module (e.g. a survey
    question feeding a monitoring measure), check them like an import, store them as the
    new version for their periods and recompute the district's values after commit
    (``recompute=False``: the caller recomputes once after several submissions).

    Raises :class:`ImportRefused` listing every problem (nothing is stored then)."""
    if source.district_id != district.pk:
        raise PermissionDenied
    context = import_context(district=district, own_areas_only=True)
    measure = context.measures.get(measure_code)
    if measure is None:
        raise ImportRefused([ImportProblem("mapping", params={"detail": measure_code})])
    slots: list[list[str | None]] = [[], [], [], []]
    for item in observations:
        for index in range(4):
            category = measure.categories[index] if index < len(measure.categories) else None
            slots[index].append(item.options.get(category) if category else None)
    frame = pa.table(
        {
            "row": pa.array(range(1, len(observations) + 1), pa.int32()),
            "area": pa.array([o.area for o in observations], pa.string()),
            "period": pa.array([o.period for o in observations], pa.string()),
            "value": pa.array(
                ["." if o.value is None else repr(float(o.value)) for o in observations],
                pa.string(),
            ),
            "measure": pa.array([measure_code] * len(observations), pa.string()),
            **{slot: pa.array(slots[i], pa.string()) for i, slot in enumerate(SLOTS)},
        }
    )
    problems = Collector()
    resolved = resolve(frame, context, problems)
    extra = pa.array([o.flags for o in observations], pa.int32())
    if len(extra) == resolved.num_rows:
        resolved = resolved.set_column(
            resolved.schema.get_field_index("flags"),
            "flags",
            pc.bit_wise_or(resolved.column("flags"), extra),
        )
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            district=district,
            source=source,
            office=source.office,
            kind=ImportBatch.Kind.SUBMITTED,
            status=ImportBatch.Status.DONE,
            file_name=note[:255],
            created_by=user,
            finished_at=timezone.now(),
        )
        report = observations_write(batch=batch, observations=resolved)
        batch.observations = report.observations
        batch.summary = {
            "measures": report.measures,
            "periods": report.periods,
            "replaced": report.replaced,
        }
        batch.save(update_fields=["observations", "summary"])
        audit_record(
            actor=user,
            action="monitoring.observations.submit",
            district_id=district.pk,
            obj=batch,
            changes={"measure": measure_code, "observations": report.observations},
        )
        if recompute:
            district_id = district.pk
            transaction.on_commit(lambda: _recompute_now(district_id, f"submitted {batch.pk}"))
    return batch


def _recompute_now(district_id: int, reason: str) -> None:
    from teilhabe.monitoring.services.recompute import recompute

    try:
        recompute(district_ids=[district_id], reason=reason)
    except Exception:  # the data are stored; the next recomputation picks them up
        logger.exception("recomputation after a submission failed")


def staged_copy(path: Path) -> Path:
    """Copy a file into the staging folder (for the command line); returns the copy."""
    target = staging_dir() / f"{uuid.uuid4().hex}.upload"
    shutil.copyfile(path, target)
    target.chmod(0o600)
    return target
