"""The territorial data as loaded by ``areas_load`` (once per test session)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Count

from teilhabe.areas.models import Area, AreaBoundary, AreaChange, AreaFigure
from teilhabe.areas.selectors import area_get_by_key, area_successors_on, gemeinden_of
from teilhabe.areas.services import areas_load

pytestmark = pytest.mark.django_db


def test_all_laender_kreise_and_gemeinden_are_there():
    current = Area.objects.current()
    assert current.filter(level="country").count() == 1
    assert current.filter(level="land").count() == 16
    assert current.filter(level="kreis").count() == 400
    # 10,786 Gemeinden of Zensus 2022 plus 208 uninhabited unincorporated areas.
    assert (
        current.filter(level="gemeinde").exclude(kind="gemeindefreies Gebiet").count() == 10_786 - 2
    )
    assert current.filter(level="gemeinde").count() == 10_994
    # On 1 January 2021 there were 401 Kreise (Eisenach still kreisfrei).
    assert Area.objects.kreise().valid_on(date(2021, 1, 1)).count() == 401
    assert Area.objects.kreise().valid_on(date(2000, 12, 31)).count() == 440


def test_every_current_kreis_has_a_land_a_boundary_and_a_population():
    kreise = Area.objects.kreise().current().select_related("parent")
    assert all(k.parent is not None and k.parent.level == "land" for k in kreise)
    assert AreaBoundary.objects.filter(area__in=kreise).count() == 400
    assert not kreise.filter(population__isnull=True).exists()
    assert AreaBoundary.objects.filter(area__level="land").count() == 16


def test_types_of_kreise():
    kinds = dict(
        Area.objects.kreise()
        .valid_on(date(2021, 1, 1))
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert kinds == {
        "Landkreis": 251,
        "Kreisfreie Stadt": 98,
        "Kreis": 42,
        "Stadtkreis": 9,
        "Regionalverband": 1,
    }


def test_population_totals():
    germany = Area.objects.get(code="DG")
    zensus = AreaFigure.objects.get(
        area=germany, kind="population", reference_date=date(2022, 5, 15)
    )
    assert zensus.value == 82_719_540  # the published total, not a sum of perturbed cells
    assert not zensus.derived
    gv = AreaFigure.objects.get(area=germany, kind="population", reference_date=date(2019, 12, 31))
    assert gv.value == 83_166_711
    assert gv.derived
    male = AreaFigure.objects.get(
        area=germany, kind="population_male", reference_date=date(2019, 12, 31)
    )
    female = AreaFigure.objects.get(
        area=germany, kind="population_female", reference_date=date(2019, 12, 31)
    )
    assert male.value + female.value == gv.value


def test_uckermark_figures():
    uckermark = Area.objects.get(code="12073", valid_until__isnull=True)
    assert uckermark.name == "Uckermark"
    assert uckermark.kind == "Landkreis"
    assert uckermark.display_name == "Landkreis Uckermark"
    assert uckermark.parent.code == "12"
    series = dict(
        AreaFigure.objects.filter(
            area=uckermark, kind="population", source__code="destatis-12411-0015"
        ).values_list("reference_date", "value")
    )
    assert len(series) == 24
    assert series[date(1995, 12, 31)] > series[date(2018, 12, 31)]
    share = AreaFigure.objects.get(
        area=uckermark, kind="foreign_share_pct", reference_date=date(2024, 12, 31)
    )
    assert share.value == Decimal("6.3")  # Regionalatlas AI0208, 2024
    assert uckermark.population_date == date(2022, 5, 15)
    assert gemeinden_of(kreis=uckermark).count() == 30  # Zensus 2022 lists 30


def test_berlin_and_hamburg_are_land_and_kreis():
    for code in ("02000", "11000"):
        kreis = Area.objects.get(code=code, valid_until__isnull=True)
        assert AreaFigure.objects.filter(area=kreis, kind="foreign_share_pct").count() == 14


def test_lookup_by_key_and_date():
    before = area_get_by_key(key="03152", on=date(2015, 6, 30))
    assert (
        before is not None
        and before.name == "Göttingen"
        and before.valid_until == date(2016, 10, 31)
    )
    assert area_get_by_key(key="03152", on=date(2017, 1, 1)) is None
    after = area_get_by_key(key="03159", on=date(2017, 1, 1))
    assert after is not None and after.valid_from == date(2016, 11, 1)
    assert area_get_by_key(key="03159", on=date(2015, 1, 1)) is None
    # Gemeinde by AGS (8 digits) and by ARS (12 digits).
    schwedt = area_get_by_key(key="120735051532")
    assert schwedt is not None and schwedt.name == "Schwedt/Oder, Stadt"


def test_territorial_changes_are_followed():
    eisenach = Area.objects.get(code="16056")
    assert eisenach.valid_until == date(2021, 6, 30)
    assert [a.code for a in area_successors_on(area=eisenach, on=date(2022, 1, 1))] == ["16063"]
    osterode = Area.objects.get(code="03156")
    assert [a.code for a in area_successors_on(area=osterode, on=date(2020, 1, 1))] == ["03159"]
    merged = AreaChange.objects.filter(successor__code="03159").values_list(
        "predecessor__code", flat=True
    )
    assert sorted(merged) == ["03152", "03156"]
    # The Eisenach Gemeinde got a key in the Wartburgkreis on the same day.
    town = Area.objects.get(code="160560000000")
    assert town.valid_until == date(2021, 6, 30) and town.parent.code == "16056"
    assert [a.code for a in area_successors_on(area=town, on=date(2023, 1, 1))] == ["160630105105"]


def test_gemeinden_that_ended_between_the_sources_are_marked_approximate():
    old = Area.objects.get(code="031530007007")  # Langelsheim, re-keyed after mergers
    assert old.valid_until == date(2022, 5, 14)
    assert old.validity_approximate
    assert "031530019019" in old.validity_note
    new = Area.objects.get(code="031530019019")
    assert new.valid_from == date(2021, 1, 1) and new.validity_approximate


def test_wartburgkreis_boundary_includes_eisenach():
    wartburg = AreaBoundary.objects.get(area__code="16063", area__valid_until__isnull=True)
    eisenach = AreaBoundary.objects.get(area__code="16056")
    assert wartburg.min_lon <= eisenach.min_lon and wartburg.max_lat >= eisenach.max_lat


def test_second_load_changes_nothing():
    counts = (Area.objects.count(), AreaFigure.objects.count(), AreaChange.objects.count())
    ids = dict(Area.objects.filter(level="kreis").values_list("code", "id")[:50])
    report = areas_load()
    assert report.skipped
    forced = areas_load(force=True)
    assert not forced.skipped
    assert forced.areas_created == 0 and forced.areas_updated == 0
    assert (Area.objects.count(), AreaFigure.objects.count(), AreaChange.objects.count()) == counts
    assert (
        dict(Area.objects.filter(code__in=ids).filter(level="kreis").values_list("code", "id"))
        == ids
    )
