"""Imports: the real GENESIS files, office tables (CSV, XLSX), record lists, published
rates, versions, and every kind of broken or hostile file."""

from __future__ import annotations

import io
import zipfile

import pyarrow.compute as pc
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook

from teilhabe.areas.models import Area
from teilhabe.jobs.models import Job
from teilhabe.monitoring import store
from teilhabe.monitoring.analytics.flags import Flag, Status
from teilhabe.monitoring.models import (
    ImportBatch,
    ImportTemplate,
    Indicator,
    ObservationSlice,
    Period,
    Source,
)
from teilhabe.monitoring.services import imports

from .conftest import real_file, run_import

pytestmark = pytest.mark.django_db

POPULATION = "genesis_12411-0015_bevoelkerung_kreise_1995-2018.csv"
AREA = "genesis_11111-0002_flaeche_kreise_1995-2016.csv"
ZENSUS = "zensus2022_1000A-0000_gemeinden_flat.csv"


def observations_of(batch: ImportBatch):
    assert batch.district_id is not None
    return store.observations(store.ObservationQuery([batch.district_id], official=False))


def test_the_real_genesis_population_table_imports_every_kreis_and_year(
    access, genesis_source, django_capture_on_commit_callbacks
):
    mapping = {"layout": "classic", "measure": "population", "labels": {}, "table": "12411-0015"}
    batch = run_import(
        access,
        genesis_source,
        ImportBatch.Kind.GENESIS,
        real_file(POPULATION).read_bytes(),
        mapping,
        template="GENESIS 12411-0015",
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.DONE, batch.problems
    assert len(batch.summary["periods"]) == 24
    observations = observations_of(batch)
    kreis = Area.objects.get(code="12073", valid_until__isnull=True)
    rows = observations.filter(pc.equal(observations.column("area_id"), kreis.pk)).to_pylist()
    assert len(rows) == 24
    assert max(r["value"] for r in rows) == 159_000 or min(r["value"] for r in rows) > 100_000
    # A Kreis that ended in 2016 has values until then and none after (its "-" cells are
    # the file's way of saying it did not exist).
    old = Area.objects.get(code="03152")
    old_rows = observations.filter(pc.equal(observations.column("area_id"), old.pk)).to_pylist()
    assert len(old_rows) == 21
    # The quirk of 03159 Göttingen: "-" for 2018 is kept as "not available", not as 0.
    goettingen = Area.objects.get(code="03159", valid_until__isnull=True)
    last = list(
        observations.filter(pc.equal(observations.column("area_id"), goettingen.pk)).to_pylist()
    )
    assert any(r["value"] is None for r in last)
    assert ImportTemplate.objects.filter(name="GENESIS 12411-0015").exists()
    assert not list(imports.staging_dir().iterdir())  # the upload is gone


def test_decimal_comma_and_footnotes_of_the_area_table(
    access, genesis_source, django_capture_on_commit_callbacks
):
    from teilhabe.monitoring.services.catalogue import measure_create

    measure_create(access=access, code="area_km2", name_de="Fläche", unit_de="km²")
    mapping = {"layout": "classic", "measure": "area_km2", "labels": {}}
    batch = run_import(
        access,
        genesis_source,
        ImportBatch.Kind.GENESIS,
        real_file(AREA).read_bytes(),
        mapping,
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.DONE, batch.problems
    values = observations_of(batch).column("value").to_pylist()
    assert any(v is not None and v != int(v) for v in values)  # 56,44 → 56.44


def test_the_real_zensus_flat_file_imports_all_gemeinden(
    access, genesis_source, django_capture_on_commit_callbacks
):
    # Gemeinden carry the value variable PRS018, the row for Germany PRS001.
    mapping = {
        "layout": "flat",
        "measures": {"PRS018": "population", "PRS001": "population"},
        "dimensions": {},
    }
    batch = run_import(
        access,
        genesis_source,
        ImportBatch.Kind.GENESIS,
        real_file(ZENSUS).read_bytes(),
        mapping,
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.DONE, batch.problems
    assert batch.observations == 10_787
    assert batch.summary["periods"] == ["2022-05-15"]


def test_a_genesis_label_without_a_mapping_is_a_problem(
    access, genesis_source, django_capture_on_commit_callbacks
):
    text = (
        "GENESIS-Tabelle: 99999-0001\nTest;;;\n;;männlich;weiblich\n;;31.12.2023;31.12.2023\n"
        "12073;Uckermark;60000;59000\n__________\n© Test\n"
    ).encode("latin-1")
    batch = run_import(
        access,
        genesis_source,
        ImportBatch.Kind.GENESIS,
        text,
        {"layout": "classic", "measure": "population", "labels": {}},
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.FAILED
    assert {p["code"] for p in batch.problems} == {"genesis_label"}
    mapping = {
        "layout": "classic",
        "measure": "population",
        "labels": {"männlich": {"sex": "m"}, "weiblich": {"sex": "f"}},
    }
    batch = run_import(
        access,
        genesis_source,
        ImportBatch.Kind.GENESIS,
        text,
        mapping,
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.DONE, batch.problems
    assert batch.observations == 2


def _gemeinden(district):
    return list(
        Area.objects.gemeinden()
        .current()
        .filter(parent=district.kreis, population__gt=0)
        .order_by("name")
    )


def office_csv(district, *, year: str = "2023", factor: int = 1, extra: str = "") -> bytes:
    lines = ["Gemeinde;Jahr;Geschlecht;Anzahl"]
    for index, area in enumerate(_gemeinden(district)):
        lines.append(f"{area.name};{year};männlich;{(index % 7 + 4) * factor}")
        lines.append(f"{area.name};{year};weiblich;{(index % 5 + 1) * factor}")
    return ("\n".join(lines) + "\n" + extra).encode("utf-8")


OFFICE_MAPPING = {
    "area": {"column": "Gemeinde"},
    "period": {"column": "Jahr"},
    "values": [{"column": "Anzahl", "measure": "asylblg_recipients"}],
    "categories": [
        {"column": "Geschlecht", "category": "sex", "options": {"männlich": "m", "weiblich": "f"}}
    ],
}


def test_an_office_csv_imports_computes_values_and_versions_a_reimport(
    access, uckermark, office_source, official, django_capture_on_commit_callbacks
):
    first = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        office_csv(uckermark, year="2022"),
        OFFICE_MAPPING,
        capture=django_capture_on_commit_callbacks,
    )
    assert first.status == ImportBatch.Status.DONE, first.problems
    rate = Indicator.objects.get(code="asylblg_rate", district__isnull=True)
    values = store.value_blocks(district_id=uckermark.pk)
    kreis = (
        values.filter(
            pc.and_(
                pc.equal(values.column("indicator_id"), rate.pk),
                pc.equal(values.column("area_id"), uckermark.kreis_id),
            )
        )
        .filter(pc.equal(pc.field("bcat"), 0))
        .to_pylist()
    )
    assert len(kreis) == 1
    expected_num = sum((i % 7 + 4) + (i % 5 + 1) for i in range(len(_gemeinden(uckermark))))
    assert kreis[0]["num"] == expected_num
    assert kreis[0]["value"] == pytest.approx(expected_num / kreis[0]["den"] * 1000)
    second = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        office_csv(uckermark, year="2022", factor=2),
        OFFICE_MAPPING,
        capture=django_capture_on_commit_callbacks,
    )
    assert second.status == ImportBatch.Status.DONE
    slices = ObservationSlice.objects.filter(source=office_source).order_by("version")
    assert [(s.version, s.is_active) for s in slices] == [(1, False), (2, True)]
    comparison = imports.batch_compare(batch=second, other=first)
    assert comparison[0].changed == comparison[0].after_rows and comparison[0].after_total == 2 * (
        comparison[0].before_total or 0
    )
    with django_capture_on_commit_callbacks(execute=True):
        imports.batch_restore(access=access, batch=first)
    assert ObservationSlice.objects.get(source=office_source, is_active=True).version == 1


def test_an_office_xlsx_with_a_near_miss_gets_a_suggestion_and_nothing_is_stored(
    access, uckermark, office_source, django_capture_on_commit_callbacks
):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Gemeinde", "Jahr", "Geschlecht", "Anzahl"])
    for area in _gemeinden(uckermark)[:3]:
        sheet.append([area.name, 2023, "männlich", 5])
    sheet.append(["Angermunde", 2023, "weiblich", 4])  # typo of Angermünde
    sheet.append(["Prenzlau", 2023, "weiblich", "viele"])
    sheet.append(["Prenzlau", 2031, "männlich", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = ObservationSlice.objects.count()
    batch = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        buffer.getvalue(),
        OFFICE_MAPPING,
        name="amt.xlsx",
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.FAILED
    assert ObservationSlice.objects.count() == before
    lines = imports.problem_lines(batch)
    assert any("Angermünde" in line and "row 5" in line for line in lines), lines
    assert any("“viele” is not a number" in line and "row 6" in line for line in lines), lines
    assert any("2031" in line for line in lines), lines
    job = Job.objects.get(pk=str(batch.job_id))
    assert job.status == Job.Status.FAILED and "Nothing was changed" in job.error


def test_a_record_list_is_counted_and_its_rows_are_never_stored(
    access, uckermark, office_source, django_capture_on_commit_callbacks
):
    gemeinden = _gemeinden(uckermark)
    lines = ["Aktenzeichen;Name;Geburtsdatum;Staatsangehörigkeit;Wohnort"]
    for index in range(40):
        lines.append(
            f"AZ-{index:04d};Person {index};0{index % 9 + 1}.05.{1960 + index};{'polnisch' if index % 3 else 'syrisch'};{gemeinden[index % 4].name}"
        )
    mapping = {
        "measure": "population",
        "area": {"column": "Wohnort"},
        "period": {"fixed": "31.12.2023"},
        "categories": [
            {"column": "Geburtsdatum", "category": "age_group", "derive": "age"},
            {"column": "Staatsangehörigkeit", "category": "nationality", "derive": "nationality"},
        ],
        "fill_zeros": True,
    }
    batch = run_import(
        access,
        office_source,
        ImportBatch.Kind.RECORDS,
        "\n".join(lines).encode(),
        mapping,
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.DONE, batch.problems
    observations = observations_of(batch)
    assert sum(v for v in observations.column("value").to_pylist()) == 40
    # Zeros for every other Gemeinde, so that the Kreis total adds up.
    assert len(set(observations.column("area_id").to_pylist())) == len(gemeinden)
    raw = b"".join(bytes(b) for b in batch.blocks.values_list("data", flat=True))
    assert b"AZ-0001" not in raw and b"Person" not in raw
    assert not list(imports.staging_dir().iterdir())


def test_published_rates_import_from_the_regionalatlas_file(
    access, genesis_source, django_capture_on_commit_callbacks
):
    path = real_file("kreise_auslaenderanteil_2011-2024_regionalatlas.json")
    batch = run_import(
        access,
        genesis_source,
        ImportBatch.Kind.RATES,
        path.read_bytes(),
        {"measure": "foreign_share_published"},
        name="atlas.json",
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.DONE, batch.problems
    assert len(batch.summary["periods"]) == 14


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        ("Gemeinde;Jahr\n".encode("utf-16"), "utf16.csv", "encoding"),
        (b"%PDF-1.7 not a table", "table.csv", "binary"),
        (b"PK\x03\x04 broken zip", "table.xlsx", "not_xlsx"),
    ],
)
def test_broken_files_are_refused_with_a_reason(
    access, office_source, content, name, code, django_capture_on_commit_callbacks
):
    batch = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        content,
        OFFICE_MAPPING,
        name=name,
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.FAILED
    assert [p["code"] for p in batch.problems] == [code]


def test_a_zip_bomb_disguised_as_xlsx_is_refused_without_unpacking(
    access, office_source, django_capture_on_commit_callbacks
):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    assert len(buffer.getvalue()) < 200_000
    batch = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        buffer.getvalue(),
        OFFICE_MAPPING,
        name="bomb.xlsx",
        capture=django_capture_on_commit_callbacks,
    )
    assert [p["code"] for p in batch.problems] == ["zip_bomb"]


def test_ragged_rows_and_formulas_are_listed_by_row(
    access, uckermark, office_source, django_capture_on_commit_callbacks
):
    text = "Gemeinde;Jahr;Geschlecht;Anzahl\nPrenzlau;2023;männlich;4\nPrenzlau;2023;weiblich;4;9;9\nSchwedt/Oder;2023\n"
    batch = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        text.encode(),
        OFFICE_MAPPING,
        capture=django_capture_on_commit_callbacks,
    )
    assert [(p["code"], p["row"]) for p in batch.problems] == [("ragged", 3), ("ragged", 4)]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Gemeinde", "Jahr", "Geschlecht", "Anzahl"])
    sheet.append(["Prenzlau", 2023, "männlich", "=A1*2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        buffer.getvalue(),
        OFFICE_MAPPING,
        name="f.xlsx",
        capture=django_capture_on_commit_callbacks,
    )
    assert [(p["code"], p["row"], p["column"]) for p in batch.problems] == [
        ("formula_cell", 2, "Anzahl")
    ]


def test_duplicates_and_foreign_areas_are_problems(
    access, uckermark, office_source, django_capture_on_commit_callbacks
):
    text = "Gemeinde;Jahr;Geschlecht;Anzahl\nPrenzlau;2023;männlich;4\nPrenzlau;2023;männlich;5\n12069;2023;männlich;5\n"
    batch = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        text.encode(),
        OFFICE_MAPPING,
        capture=django_capture_on_commit_callbacks,
    )
    assert sorted((p["code"], p["row"]) for p in batch.problems) == [
        ("duplicate", 3),
        ("foreign_area", 4),
    ]


@override_settings(TEILHABE_MONITORING_IMPORT_MAX_MB=1)
def test_files_above_the_limit_are_refused_at_upload(access, office_source):
    big = SimpleUploadedFile("big.csv", b"a;b\n" * 400_000)
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        imports.import_upload(
            access=access, source=office_source, kind=ImportBatch.Kind.OFFICE, upload=big
        )
    assert not list(imports.staging_dir().iterdir())


def test_latin1_csv_keeps_its_umlauts(
    access, uckermark, office_source, django_capture_on_commit_callbacks
):
    batch = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        office_csv(uckermark).decode().encode("latin-1"),
        OFFICE_MAPPING,
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.DONE, batch.problems


def test_a_clerk_imports_only_into_the_sources_of_their_office(people, uckermark, genesis_source):
    from django.core.exceptions import PermissionDenied

    from teilhabe.districts.roles import Role
    from teilhabe.districts.selectors import district_access_for_user
    from teilhabe.monitoring.selectors import sources_for_user

    clerk = district_access_for_user(user=people[Role.OFFICE_CLERK], slug=uckermark.slug)
    assert genesis_source not in sources_for_user(access=clerk)
    with pytest.raises(PermissionDenied):
        imports.source_create(access=clerk, name="Fremde Quelle", kind="office", office=None)


def test_source_suppressed_cells_stay_hidden_after_import(
    access, uckermark, office_source, official, django_capture_on_commit_callbacks
):
    text = office_csv(uckermark, year="2022")
    lines = text.decode().splitlines()
    lines[1] = lines[1].rsplit(";", 1)[0] + ";."
    batch = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        "\n".join(lines).encode(),
        OFFICE_MAPPING,
        capture=django_capture_on_commit_callbacks,
    )
    assert batch.status == ImportBatch.Status.DONE, batch.problems
    observations = observations_of(batch)
    flags = observations.column("flags").to_pylist()
    assert any(f & Flag.SOURCE_SUPPRESSED for f in flags)
    values = store.value_blocks(district_id=uckermark.pk)
    statuses = set(values.column("status").to_pylist())
    assert Status.SOURCE in statuses


def test_a_name_shared_by_two_gemeinden_asks_for_the_key(db):
    """Vorpommern-Greifswald has two Gemeinden called Neuenkirchen: the name alone is
    refused (not silently taken for one of them), the key works."""
    from teilhabe.core.testing import make_district
    from teilhabe.monitoring.services.imports import SubmittedObservation, observations_submit

    district = make_district("13075", slug="vorpommern-greifswald")
    source = Source.objects.create(district=district, name="Sozialamt", kind=Source.Kind.OFFICE)
    twins = Area.objects.filter(
        parent=district.kreis, name="Neuenkirchen", valid_until__isnull=True
    ).order_by("code")
    assert twins.count() == 2
    with pytest.raises(imports.ImportRefused) as refused:
        observations_submit(
            district=district,
            source=source,
            measure_code="asylblg_recipients",
            observations=[SubmittedObservation(area="Neuenkirchen", period="2023", value=4)],
        )
    (problem,) = refused.value.problems
    assert problem.code == "ambiguous_area"
    assert problem.params["keys"] == ", ".join(twins.values_list("code", flat=True))
    batch = observations_submit(
        district=district,
        source=source,
        measure_code="asylblg_recipients",
        observations=[SubmittedObservation(area=twins[0].code, period="2023", value=4)],
        recompute=False,
    )
    assert batch.observations == 1


def test_the_name_of_a_kreisfreie_stadt_means_its_gemeinde(db):
    """Flensburg is a Kreis with one Gemeinde of the same name: the name is not ambiguous,
    it names the Gemeinde (and the Kreis is its sum)."""
    from teilhabe.core.testing import make_district
    from teilhabe.monitoring.services.imports import SubmittedObservation, observations_submit

    district = make_district("01001", slug="flensburg")
    source = Source.objects.create(district=district, name="Sozialamt", kind=Source.Kind.OFFICE)
    gemeinde = Area.objects.get(parent=district.kreis, valid_until__isnull=True)
    assert gemeinde.name == "Flensburg, Stadt"  # the Kreis is “Flensburg”: one name to them
    batch = observations_submit(
        district=district,
        source=source,
        measure_code="asylblg_recipients",
        observations=[SubmittedObservation(area=gemeinde.name, period="2023", value=40)],
        recompute=False,
    )
    stored = store.observations(store.ObservationQuery([district.pk], official=False))
    own = stored.filter(pc.equal(stored.column("scope_id"), district.pk))
    assert batch.observations == 1
    assert own.column("area_id").to_pylist() == [gemeinde.pk]


def test_a_partly_replaced_batch_gives_the_engine_only_its_years_still_in_use(
    access, uckermark, office_source, official, django_capture_on_commit_callbacks
):
    """A batch whose every year is in use is read without filtering; once one of its
    years is imported again, only the other year's rows come from it."""
    both_years = (
        office_csv(uckermark, year="2022") + office_csv(uckermark, year="2023").split(b"\n", 1)[1]
    )
    first = run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        both_years,
        OFFICE_MAPPING,
        capture=django_capture_on_commit_callbacks,
    )
    measure = first.slices.first().measure_id

    def office_rows() -> list[tuple[int, float]]:
        table = store.observations(store.ObservationQuery([uckermark.pk]))
        rows = table.filter(
            pc.and_(
                pc.equal(table.column("scope_id"), uckermark.pk),
                pc.equal(table.column("measure_id"), measure),
            )
        )
        years = dict(Period.objects.values_list("pk", "year"))
        return sorted(
            (years[p], v)
            for p, v in zip(
                rows.column("period_id").to_pylist(), rows.column("value").to_pylist(), strict=True
            )
        )

    n = 2 * len(_gemeinden(uckermark))
    before = office_rows()
    assert [year for year, _ in before] == [2022] * n + [2023] * n
    run_import(
        access,
        office_source,
        ImportBatch.Kind.OFFICE,
        office_csv(uckermark, year="2023", factor=3),
        OFFICE_MAPPING,
        capture=django_capture_on_commit_callbacks,
    )
    after = office_rows()
    assert after[:n] == before[:n]  # 2022 still from the first batch
    assert [year for year, _ in after] == [2022] * n + [2023] * n  # 2023 once, not twice
    assert sorted(v for _, v in after[n:]) == sorted(3 * v for _, v in before[n:])
