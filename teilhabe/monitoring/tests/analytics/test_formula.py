"""The formula language: parsing, problems with positions, validation, SQL."""

from __future__ import annotations

import pytest

from teilhabe.monitoring.analytics import formula
from teilhabe.monitoring.analytics.formula import FormulaError, Term

from .helpers import FEMALE, MALE, MIDDLE, OLD, YOUNG, catalogue


def codes(text: str) -> list[str]:
    with pytest.raises(FormulaError) as caught:
        formula.parse(text)
    return [p.code for p in caught.value.problems]


def test_parses_operands_filters_lags_and_arithmetic():
    expr = formula.parse(
        "(#{foreign | sex=f | age=young,old} + 2 * #{cases}) / #{population | lag=1}"
    )
    found = list(formula.operands(expr))
    assert [o.measure for o in found] == ["foreign", "cases", "population"]
    assert found[0].filters[0].category == "sex" and found[0].filters[1].options == ("young", "old")
    assert found[2].lag == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["empty"]),
        ("   ", ["empty"]),
        ("#{foreign} +", ["unexpected_end"]),
        ("(#{foreign}", ["missing_paren"]),
        ("#{foreign} #{cases}", ["unexpected"]),
        ("#{Foreign}", ["measure_code"]),
        ("#{foreign | sex}", ["modifier"]),
        ("#{foreign | lag=11}", ["lag"]),
        ("#{foreign | sex=f | sex=m}", ["filter_twice"]),
        ("#{foreign | sex=}", ["options"]),
        ("foreign * 2", ["character"]),
        ("#{foreign} } ", ["stray_brace"]),
        ("1,5 * #{cases}", ["character"]),
    ],
)
def test_every_problem_is_reported_with_a_code(text, expected):
    assert codes(text) == expected


def test_problems_carry_positions():
    with pytest.raises(FormulaError) as caught:
        formula.parse("#{foreign} + $")
    assert caught.value.problems[0].position == 13


def test_validation_names_unknown_measures_categories_and_options():
    info = catalogue()
    expr = formula.parse(
        "#{nope} + #{foreign | colour=red} + #{foreign | sex=x} + #{share_published | lag=1}"
    )
    problems = formula.validate(expr, info)
    assert [p.code for p in problems] == [
        "unknown_measure",
        "unknown_category",
        "unknown_option",
        "not_additive_filter",
    ]
    assert problems[1].param_dict["known"] == "sex, age"


def test_compiled_terms_hold_option_ids_and_exclusions_become_inclusions():
    info = catalogue()
    expr = formula.parse("#{foreign | age!=old | sex=f}")
    (term,) = formula.compile_terms(expr, info).values()
    assert term == Term(1, ((FEMALE,), (YOUNG, MIDDLE), None, None), 0)
    assert term.filter_mask == 0b11
    assert MALE not in (term.allowed[0] or ())
    assert OLD not in (term.allowed[1] or ())


def test_sql_divides_safely():
    expr = formula.parse("#{cases} / (#{population} - 2)")
    ops = list(formula.operands(expr))
    sql = formula.to_sql(expr, {ops[0]: "a", ops[1]: "b"})
    assert sql == "(a / NULLIF((b - 2.0), 0))"
