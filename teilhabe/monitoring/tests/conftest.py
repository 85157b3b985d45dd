"""Fixtures of the monitoring tests: a district with people in every role, imports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from teilhabe.core.testing import make_district, make_member, office_of
from teilhabe.districts.models import District, Office
from teilhabe.districts.roles import Role
from teilhabe.districts.selectors import district_access_for_user
from teilhabe.monitoring.models import ImportBatch, Source
from teilhabe.monitoring.services import imports

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared" / "data"
PACKAGED = ROOT / "teilhabe" / "areas" / "data"


def real_file(name: str) -> Path:
    """A real open-data file from ../shared/data (the package keeps copies)."""
    path = SHARED / name
    return path if path.exists() else PACKAGED / name


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> None:
    """The pages are cached per process by district and stamp of values; ids repeat from
    one test's database to the next, so each test starts with an empty cache."""
    from teilhabe.monitoring import pages

    with pages._PAGE_LOCK:
        pages._PAGE_CACHE.clear()


@pytest.fixture
def uckermark(db: None) -> District:
    return make_district("12073", slug="uckermark")


@pytest.fixture
def people(uckermark: District) -> dict[str, Any]:
    return {
        role: make_member(uckermark, role, username=f"u-{role}")
        for role in Role
        if role != Role.PROGRAMME_OFFICE
    }


@pytest.fixture
def officer(people: dict[str, Any]) -> Any:
    return people[Role.INTEGRATION_OFFICER]


@pytest.fixture
def access(officer: Any, uckermark: District) -> Any:
    return district_access_for_user(user=officer, slug=uckermark.slug)


@pytest.fixture
def office_source(uckermark: District) -> Source:
    return Source.objects.create(
        district=uckermark,
        name="Ausländerbehörde – Auszug",
        kind=Source.Kind.OFFICE,
        office=office_of(uckermark, Office.Kind.IMMIGRATION_AUTHORITY),
    )


@pytest.fixture
def genesis_source(uckermark: District) -> Source:
    return Source.objects.create(
        district=uckermark,
        name="Destatis GENESIS",
        kind=Source.Kind.OFFICIAL,
        publisher="Statistisches Bundesamt",
        attribution="© Statistisches Bundesamt (Destatis)",
        licence="dl-de/by-2-0",
    )


def run_import(
    access: Any,
    source: Source,
    kind: str,
    content: bytes,
    mapping: dict[str, Any],
    *,
    name: str = "upload.csv",
    template: str = "",
    capture: Any,
) -> ImportBatch:
    """Upload, map and run an import the way the pages do (the task runs at once)."""
    batch = imports.import_upload(
        access=access, source=source, kind=kind, upload=SimpleUploadedFile(name, content)
    )
    with capture(execute=True):
        imports.import_start(access=access, batch=batch, mapping=mapping, template_name=template)
    batch.refresh_from_db()
    return batch


@pytest.fixture
def official(db: None) -> None:
    """The official figures shipped with Teilhabe, as observations (takes ~2 s)."""
    from teilhabe.monitoring.services.official import official_figures_load

    official_figures_load()


@pytest.fixture(autouse=True)
def _english_messages() -> Any:
    """Services speak the active language (German by default); tests read English, like
    the test clients do."""
    from django.utils import translation

    with translation.override("en"):
        yield
