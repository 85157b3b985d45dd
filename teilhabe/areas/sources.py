"""The datasets shipped in ``teilhabe/areas/data`` and the credit each one requires.

All are official open data under the Datenlizenz Deutschland – Namensnennung – 2.0
(dl-de/by-2-0): wherever they are shown, the publisher is named, and changed data
are marked "Daten verändert". See docs/data.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceSpec:
    code: str
    filename: str
    title: str
    publisher: str
    attribution: str
    modified: bool
    url: str
    note: str = ""


KREISE_GEOJSON = SourceSpec(
    code="bkg-vg5000-kreise-2021",
    filename="kreise_vg5000_2021-01-01.geojson",
    title="Verwaltungsgebiete 1:5 000 000 (VG5000), Ebene Kreise, Stand 01.01.2021",
    publisher="Bundesamt für Kartographie und Geodäsie (BKG)",
    attribution="© GeoBasis-DE / BKG 2021 (Daten verändert)",
    modified=True,
    url="https://gdz.bkg.bund.de/index.php/default/verwaltungsgebiete-1-5-000-000-stand-01-01-vg5000-01-01.html",
    note="Coordinates rounded to 5 decimals; Eisenach joined to the Wartburgkreis as of 01.07.2021.",
)
LAENDER_GEOJSON = SourceSpec(
    code="bkg-vg5000-laender-2021",
    filename="laender_vg5000_2021-01-01.geojson",
    title="Verwaltungsgebiete 1:5 000 000 (VG5000), Ebene Länder, Stand 01.01.2021",
    publisher="Bundesamt für Kartographie und Geodäsie (BKG)",
    attribution="© GeoBasis-DE / BKG 2021 (Daten verändert)",
    modified=True,
    url="https://gdz.bkg.bund.de/index.php/default/verwaltungsgebiete-1-5-000-000-stand-01-01-vg5000-01-01.html",
    note="Parts of one Land joined into one geometry; coordinates rounded to 5 decimals.",
)
POPULATION_KREISE = SourceSpec(
    code="destatis-12411-0015",
    filename="genesis_12411-0015_bevoelkerung_kreise_1995-2018.csv",
    title="12411-0015 Bevölkerung: Kreise, Stichtag (Fortschreibung des Bevölkerungsstandes)",
    publisher="Statistisches Bundesamt (Destatis), GENESIS-Online",
    attribution="© Statistisches Bundesamt (Destatis), 2020",
    modified=False,
    url="https://www-genesis.destatis.de/genesis/online?operation=table&code=12411-0015",
    note="Ab 2011: Ergebnisse auf Grundlage des Zensus 2011.",
)
AREA_KREISE = SourceSpec(
    code="destatis-11111-0002",
    filename="genesis_11111-0002_flaeche_kreise_1995-2016.csv",
    title="11111-0002 Gebietsfläche: Kreise, Stichtag",
    publisher="Statistisches Bundesamt (Destatis), GENESIS-Online",
    attribution="© Statistisches Bundesamt (Destatis), 2020",
    modified=False,
    url="https://www-genesis.destatis.de/genesis/online?operation=table&code=11111-0002",
)
ZENSUS_GEMEINDEN = SourceSpec(
    code="zensus2022-1000A-0000",
    filename="zensus2022_1000A-0000_gemeinden_flat.csv",
    title="Zensus 2022, 1000A-0000 Bevölkerung kompakt, Gemeinden, Stichtag 15.05.2022",
    publisher="Statistische Ämter des Bundes und der Länder",
    attribution="Zensus 2022, © Statistische Ämter des Bundes und der Länder",
    modified=False,
    url="https://ergebnisse.zensus2022.de",
    note=(
        "Cells are perturbed by the cell-key method; sums over Gemeinden can differ "
        "slightly from published totals."
    ),
)
GEMEINDEVERZEICHNIS = SourceSpec(
    code="destatis-gv-isys-2020q4",
    filename="gv_auszug_q4_gemeinden_bev2019-12-31.csv",
    title="Gemeindeverzeichnis GV-ISys, Auszug 4. Quartal (Gebietsstand 31.12.2020, Bevölkerung 31.12.2019)",
    publisher="Statistisches Bundesamt (Destatis)",
    attribution="© Statistisches Bundesamt (Destatis) (Daten verändert)",
    modified=True,
    url="https://www.destatis.de/DE/Themen/Laender-Regionen/Regionales/Gemeindeverzeichnis/_inhalt.html",
    note="Converted from the published XLSX to CSV by a third party.",
)
FOREIGN_SHARE = SourceSpec(
    code="regionalatlas-ai0208",
    filename="kreise_auslaenderanteil_2011-2024_regionalatlas.json",
    title="Regionalatlas Deutschland, Indikator AI0208: Anteil der ausländischen Bevölkerung",
    publisher="Statistische Ämter des Bundes und der Länder",
    attribution="Statistische Ämter des Bundes und der Länder, Regionalatlas Deutschland",
    modified=False,
    url="https://regionalatlas.statistikportal.de",
    note="Percent, rounded to one decimal; basis: Bevölkerungsfortschreibung.",
)

ALL_SOURCES = (
    KREISE_GEOJSON,
    LAENDER_GEOJSON,
    POPULATION_KREISE,
    AREA_KREISE,
    ZENSUS_GEMEINDEN,
    GEMEINDEVERZEICHNIS,
    FOREIGN_SHARE,
)
CHANGES_FILENAME = "territorial_changes.csv"
