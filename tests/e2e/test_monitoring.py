"""The monitoring as an integration officer uses it: import a real GENESIS table and an
office workbook, see values with disclosure control, compare with the neighbours on the
map, write the narrative and publish the report as PDF; axe-core finds nothing on the way."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.e2e.conftest import DEMO_PASSWORD, axe_violations, sign_in

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
GENESIS = SHARED / "genesis_12411-0015_bevoelkerung_kreise_1995-2018.csv"
if not GENESIS.exists():  # the package keeps a copy
    GENESIS = ROOT / "teilhabe" / "areas" / "data" / GENESIS.name


@pytest.fixture
def monitoring_demo(demo: Any) -> Any:
    """The foundation's demo plus the monitoring's demo step (official figures, invented
    office data, values, reports)."""
    from teilhabe.core.demo import DemoContext
    from teilhabe.monitoring.demo import monitoring_demo as step

    step(DemoContext(password=DEMO_PASSWORD, report=demo))
    return demo


def office_workbook(path: Path) -> Path:
    from teilhabe.areas.models import Area

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sozialamt"
    sheet.append(["Gemeinde", "Jahr", "Geschlecht", "Anzahl"])
    gemeinden = (
        Area.objects.gemeinden()
        .current()
        .filter(parent__code="12073", population__gt=0)
        .order_by("name")
    )
    for index, area in enumerate(gemeinden):
        # The office spells one Gemeinde its own way (“Angermunde”): a near miss.
        name = "Angermunde" if area.name.startswith("Angermünde") else area.name
        sheet.append([name, 2024, "männlich", index % 6 + 1])
        sheet.append([name, 2024, "weiblich", index % 4])
    workbook.save(path)
    return path


def assert_accessible(page: Any, name: str, report: dict[str, list[dict[str, Any]]]) -> None:
    report[name] = axe_violations(page)


def choose_role(page: Any, column: str, role: str) -> None:
    label = page.locator("table.mapping-table th label", has_text=re.compile(f"^{column}$"))
    page.select_option(f"#{label.get_attribute('for')}", role)


def test_officer_imports_compares_writes_and_publishes(
    page: Any, live_server: Any, monitoring_demo: Any, tmp_path: Path
):
    base = live_server.url
    problems: dict[str, list[dict[str, Any]]] = {}
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((base, "data:")) else None,
    )
    sign_in(page, base, "uckermark.integration")

    # The dashboard: indicators by field of action, German interface.
    page.goto(f"{base}/d/uckermark/monitoring/")
    assert page.locator("h1").inner_text() == "Integrationsmonitoring"
    assert page.locator(".indicator-card").count() >= 30
    assert_accessible(page, "dashboard", problems)

    # 1. A real GENESIS table (population of all Kreise, 1995–2018) from a new source.
    page.click("text=Daten importieren")
    page.click("text=Quelle anlegen")
    page.fill("#id_name", "Destatis GENESIS-Online")
    page.select_option("#id_kind", "official")
    page.fill("#id_attribution", "© Statistisches Bundesamt (Destatis)")
    page.click("form.form button[type=submit]")
    assert_accessible(page, "imports", problems)
    page.select_option("#id_source", label="Destatis GENESIS-Online")
    page.check("input[name=kind][value=genesis]")
    page.set_input_files("#id_file", str(GENESIS))
    page.click("text=Hochladen und weiter")
    assert "12411-0015" in page.inner_text("main")
    page.select_option("#id_measure", "population")
    page.fill("#id_template_name", "GENESIS 12411-0015")
    assert_accessible(page, "mapping (GENESIS)", problems)
    page.click("button[value=start]")
    page.wait_for_selector("text=Zum Import")
    assert "Werte für" in page.inner_text("main")

    # 2. An office workbook: columns mapped, labels suggested, one step.
    page.goto(f"{base}/d/uckermark/monitoring/imports/")
    page.select_option("#id_source", label="Demo: Ämter des Kreises (erfundene Daten)")
    page.check("input[name=kind][value=office]")
    page.set_input_files("#id_file", str(office_workbook(tmp_path / "asylblg.xlsx")))
    page.click("text=Hochladen und weiter")
    choose_role(page, "Gemeinde", "area")
    choose_role(page, "Jahr", "period")
    choose_role(page, "Anzahl", "value")
    choose_role(page, "Geschlecht", "category")
    page.click("button[value=update]")
    measure = page.locator("select[name^=measure__]")
    measure.select_option("asylblg_recipients")
    page.locator("select[name^=category__]").select_option("sex")
    page.click("button[value=update]")
    # The labels “männlich”/“weiblich” are matched to the options by themselves.
    assert page.locator("select[name^=label__] option[selected][value=m]").count() == 1
    # The near miss is offered with a suggestion; the officer picks it.
    assert "1 Name ist kein Gebiet des Kreises" in page.inner_text("main")
    suggestion = page.locator("#areaname-0 optgroup[label='Meinten Sie'] option").first
    assert suggestion.inner_text().startswith("Angermünde")
    page.select_option("#areaname-0", suggestion.get_attribute("value"))
    page.fill("#id_template_name", "Sozialamt AsylbLG")
    assert_accessible(page, "mapping (office table)", problems)
    page.click("button[value=start]")
    page.wait_for_selector("text=Zum Import")
    page.click("text=Zum Import")
    assert "importiert" in page.inner_text("main")

    # Next year's file of the same office: one step with the saved template.
    page.goto(f"{base}/d/uckermark/monitoring/imports/")
    page.select_option("#id_source", label="Demo: Ämter des Kreises (erfundene Daten)")
    page.check("input[name=kind][value=office]")
    page.set_input_files("#id_file", str(office_workbook(tmp_path / "asylblg-next.xlsx")))
    assert page.is_checked("#id_with_template")
    page.click("text=Hochladen und weiter")
    page.wait_for_selector("text=Zum Import")
    assert "Vorlage" in page.inner_text("body")

    # 3. The values, with disclosure control, beside the neighbours on the map.
    page.goto(f"{base}/d/uckermark/monitoring/indicators/asylblg_rate/?year=2024")
    page.wait_for_selector(".leaflet-container path.leaflet-interactive")
    assert page.locator(".leaflet-container path.leaflet-interactive").count() >= 18
    assert page.locator(".suppressed").count() >= 1  # small counts show a dot
    assert "Landkreis Barnim" in page.inner_text("section[aria-labelledby=compare-heading]")
    assert "Region Nord" in page.inner_text("section[aria-labelledby=groups-heading]")
    assert_accessible(page, "indicator page", problems)

    # 4. The narrative of a section, then publish the report as PDF.
    page.goto(f"{base}/d/uckermark/monitoring/reports/")
    page.click("main table a")
    page.click("text=Text zu Asyl und Flucht schreiben oder ändern")
    page.fill("#id_text", "Die Aufnahme Geflüchteter ist gut gelungen.\n\nDie AsylbLG-Quote sinkt.")
    page.click("text=Als neue Version speichern")
    assert "Die AsylbLG-Quote sinkt." in page.inner_text("#section-asylum")
    assert_accessible(page, "report", problems)
    # In tests the PDF task runs inside the request (immediate backend): allow for it.
    page.click("text=Bericht veröffentlichen", timeout=90_000)
    page.wait_for_selector("text=PDF herunterladen", timeout=90_000)
    with page.expect_download() as download:
        page.click("text=PDF herunterladen")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    assert {name: v for name, v in problems.items() if v} == {}
    assert errors == []
    assert outside == []


def test_monitoring_pages_have_no_accessibility_violations(
    page: Any, live_server: Any, monitoring_demo: Any
):
    base = live_server.url
    report: dict[str, list[dict[str, Any]]] = {}
    sign_in(page, base, "uckermark.integration")
    for language in ("de", "en"):
        page.goto(f"{base}/d/uckermark/")
        page.click(f"button[name=language][value={language}]")
        page.wait_for_load_state("networkidle")
        for name, path in [
            ("catalogue", "/d/uckermark/monitoring/catalogue/"),
            ("new indicator", "/d/uckermark/monitoring/catalogue/indicators/new/"),
            ("settings", "/d/uckermark/monitoring/settings/"),
            ("reports", "/d/uckermark/monitoring/reports/"),
            ("foreign share", "/d/uckermark/monitoring/indicators/foreign_share/"),
        ]:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            report[f"{name} [{language}]"] = axe_violations(page)
    # The formula editor checks and previews without leaving the page.
    page.goto(f"{base}/d/uckermark/monitoring/catalogue/indicators/new/")
    page.fill("#id_numerator", "#{asylblg_recipients | sex=f}")
    page.fill("#id_denominator", "#{population}")
    page.select_option("#id_kind", "per_1000")
    page.click("#formula-check ~ p button")
    page.wait_for_selector("#formula-check .preview")
    assert re.search(r"2024|2023", page.inner_text("#formula-check"))
    report["formula preview"] = axe_violations(page)
    page.context.clear_cookies()
    sign_in(page, base, "programmbuero.demo")
    page.goto(f"{base}/programme/land-zuhause-zukunft/monitoring/")
    assert "Landkreis Potsdam-Mittelmark" in page.inner_text("main")
    report["programme office"] = axe_violations(page)
    assert {name: v for name, v in report.items() if v} == {}
