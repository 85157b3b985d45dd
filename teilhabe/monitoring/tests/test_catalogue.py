"""The standard catalogue and a district's own entries (versioned definitions)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from teilhabe.monitoring.analytics import formula
from teilhabe.monitoring.catalogue import standard
from teilhabe.monitoring.models import (
    FieldOfAction,
    Indicator,
    IndicatorHidden,
    IndicatorVersion,
    Measure,
)
from teilhabe.monitoring.selectors import catalogue_info, indicators_for_district
from teilhabe.monitoring.services.catalogue import (
    Definition,
    catalogue_sync,
    category_create,
    formula_problems,
    indicator_create,
    indicator_update,
    indicator_visibility_set,
    measure_create,
)

pytestmark = pytest.mark.django_db

SHARE = Definition(
    numerator="#{foreign_residents | nationality=third_country}",
    denominator="#{population}",
    kind="percent",
    direction="neutral",
    breakdowns=("sex",),
    title_de="Drittstaatsangehörige je 100 Einwohner",
)


def test_the_standard_catalogue_has_at_least_30_valid_indicators_in_every_field():
    indicators = Indicator.objects.filter(district__isnull=True, current__isnull=False)
    assert indicators.count() >= 30
    assert {i.field for i in indicators} == {f for f, _ in FieldOfAction.choices}
    info = catalogue_info(district=None)
    for indicator in indicators.select_related("current"):
        version = indicator.current
        assert version.title_de and version.title_en and version.short_de and version.long_en
        assert version.definition, indicator.code  # the source of the definition is named
        for text in (version.numerator, version.denominator):
            if text:
                assert formula.validate(formula.parse(text), info) == [], indicator.code


def test_sync_is_idempotent_and_versions_changed_definitions(monkeypatch):
    assert catalogue_sync().new_versions == 0
    before = IndicatorVersion.objects.count()
    changed = [
        spec
        if spec.code != "foreign_share"
        else type(spec)(**{**spec.__dict__, "denominator": "#{population | sex=f}"})
        for spec in standard.INDICATORS
    ]
    monkeypatch.setattr(standard, "INDICATORS", tuple(changed))
    report = catalogue_sync()
    assert report.new_versions == 1
    indicator = Indicator.objects.get(code="foreign_share", district__isnull=True)
    assert indicator.current.number == 2 and IndicatorVersion.objects.count() == before + 1
    assert indicator.versions.get(number=1).denominator == "#{population}"


def test_own_indicator_is_versioned_on_every_change(access):
    indicator = indicator_create(
        access=access, code="third_share", field="demography", definition=SHARE
    )
    assert indicator.current.number == 1
    same = indicator_update(
        access=access, indicator=indicator, field="demography", definition=SHARE
    )
    assert same.number == 1  # nothing changed, no new version
    changed = Definition(
        **{
            **SHARE.__dict__,
            "denominator": "#{population | nationality!=german}",
            "change_note": "Basis: Ausländer",
        }
    )
    version = indicator_update(
        access=access, indicator=indicator, field="demography", definition=changed
    )
    assert version.number == 2 and version.change_note == "Basis: Ausländer"
    assert list(indicator.versions.values_list("number", flat=True)) == [2, 1]


def test_formula_problems_are_in_plain_words(access):
    broken = Definition(
        **{
            **SHARE.__dict__,
            "numerator": "#{foreign_residents | colour=red} +",
            "breakdowns": ("tenure",),
        }
    )
    problems = formula_problems(access=access, definition=broken)
    assert problems["numerator"] == [
        "At the end: The formula ends too early: a number or #{measure} is missing."
    ]
    wrong = Definition(
        **{
            **SHARE.__dict__,
            "numerator": "#{foreign_residents | colour=red}",
            "breakdowns": ("tenure",),
        }
    )
    problems = formula_problems(access=access, definition=wrong)
    assert "is not broken down by “colour”" in problems["numerator"][0]
    with pytest.raises(ValidationError):
        indicator_create(access=access, code="broken", field="demography", definition=wrong)


def test_standard_indicators_can_be_hidden_and_shown_again(access, uckermark):
    indicator = Indicator.objects.get(code="tolerated_share", district__isnull=True)
    indicator_visibility_set(access=access, indicator=indicator, hidden=True)
    indicator_visibility_set(access=access, indicator=indicator, hidden=True)  # twice is fine
    assert indicator not in indicators_for_district(district=uckermark)
    indicator_visibility_set(access=access, indicator=indicator, hidden=False)
    assert indicator in indicators_for_district(district=uckermark)
    assert not IndicatorHidden.objects.exists()
    with pytest.raises(ValidationError):
        indicator_update(access=access, indicator=indicator, field="legal", definition=SHARE)


def test_own_measures_and_categories_extend_the_formula_language(access, uckermark):
    providers = category_create(
        access=access,
        code="provider",
        name_de="Träger",
        options=[("vhs", "VHS", "adult education"), ("caritas", "Caritas", "")],
    )
    measure = measure_create(
        access=access, code="welcome_course", name_de="Willkommenskurs", categories=[providers]
    )
    assert measure.district == uckermark
    info = catalogue_info(district=uckermark)
    assert info.measures["welcome_course"].options["provider"].keys() == {"vhs", "caritas"}
    assert "welcome_course" not in catalogue_info(district=None).measures
    with pytest.raises(ValidationError):
        measure_create(access=access, code="population", name_de="Doppelt")
    assert Measure.objects.filter(code="population").count() == 1


def test_only_planners_change_the_catalogue(people, uckermark):
    from django.core.exceptions import PermissionDenied

    from teilhabe.districts.roles import Role
    from teilhabe.districts.selectors import district_access_for_user

    analyst = district_access_for_user(user=people[Role.ANALYST], slug=uckermark.slug)
    with pytest.raises(PermissionDenied):
        indicator_create(access=analyst, code="x", field="demography", definition=SHARE)
