"""The monitoring's part of the isolation walk (tests/test_isolation.py): objects in
districts A and B and the URL values that name them."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from teilhabe.core.testing import SENTINEL, IsolationWorld, office_of
from teilhabe.districts.models import Office
from teilhabe.districts.roles import Role
from teilhabe.districts.selectors import district_access_for_user
from teilhabe.monitoring.models import AreaGroup, ImportBatch, Report, Source
from teilhabe.monitoring.services.catalogue import Definition, indicator_create
from teilhabe.monitoring.services.imports import import_upload
from teilhabe.monitoring.services.reports import report_create

PUBLIC_VIEWS: set[str] = set()
OBJECT_ARGUMENTS = {"indicator_code", "batch_id", "monitoring_report_id", "group_id"}

CSV = "Gemeinde;Jahr;Anzahl\nAngermünde;2023;12\n".encode()


def _objects(world: IsolationWorld, which: str) -> dict[str, str]:
    district = world.a if which == "a" else world.b
    admin = world.users[Role.DISTRICT_ADMIN] if which == "a" else world.b_admin
    officer = world.users[Role.INTEGRATION_OFFICER] if which == "a" else None
    label = "Eigene Kennzahl" if which == "a" else f"{SENTINEL} Kennzahl"
    access = district_access_for_user(user=officer or admin, slug=district.slug)
    if officer is None:  # B: its administrator lacks records.edit; give it an officer role
        from teilhabe.core.testing import grant

        grant(admin, district, Role.INTEGRATION_OFFICER)
        access = district_access_for_user(user=admin, slug=district.slug)
    indicator = indicator_create(
        access=access,
        code=f"own_{which}",
        field="demography",
        definition=Definition(
            numerator="#{foreign_residents}",
            denominator="#{population}",
            kind="percent",
            direction="neutral",
            breakdowns=("sex",),
            title_de=label,
        ),
    )
    # The office clerks of the walk work in the immigration authority: its source.
    source = Source.objects.create(
        district=district,
        name=f"{label} Quelle",
        kind=Source.Kind.OFFICE,
        office=office_of(district, Office.Kind.IMMIGRATION_AUTHORITY),
    )
    if which == "a":
        batch = import_upload(
            access=access,
            source=source,
            kind=ImportBatch.Kind.OFFICE,
            upload=SimpleUploadedFile("a.csv", CSV),
        )
    else:
        batch = ImportBatch.objects.create(
            district=district,
            source=source,
            kind=ImportBatch.Kind.OFFICE,
            status=ImportBatch.Status.DONE,
            file_name=f"{SENTINEL}.csv",
            finished_at=timezone.now(),
        )
    report = report_create(access=access, title=f"{label} Bericht", first_year=2022, last_year=2023)
    if which == "b":
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.PUBLISHED, published_at=timezone.now()
        )
    group = AreaGroup.objects.create(district=district, name=f"{label} Gruppe", level="gemeinde")
    return {
        "indicator_code": indicator.code,
        "batch_id": str(batch.pk),
        "monitoring_report_id": str(report.pk),
        "group_id": str(group.pk),
        "fmt": "csv",
        "section": "summary",
    }


def url_values(world: IsolationWorld) -> dict[str, dict[str, str]]:
    return {"a": _objects(world, "a"), "b": _objects(world, "b")}
