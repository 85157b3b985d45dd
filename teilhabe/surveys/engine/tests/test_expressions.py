"""The XLSForm expression evaluator: syntax, XPath value rules, ODK functions, errors."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.surveys.engine.expressions import (
    DictContext,
    ExpressionError,
    UnsupportedExpressionError,
    check,
    evaluate,
    references,
    rename_references,
    truthy,
)


def ev(text, **values):
    return evaluate(text, DictContext(values=values, on=date(2025, 3, 15)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("7 div 2", 3.5),
        ("7 mod 3", 1.0),
        ("-3 + 5", 2.0),
        ("2 - -2", 4.0),
        ("10 - 4 - 3", 3.0),
        ("1 = 1 and 2 > 1", True),
        ("1 = 2 or 0", False),
        ("'a' = 'a'", True),
        ("'a' != 'b'", True),
        ("3 >= 3", True),
        ("if(1 > 2, 'x', 'y')", "y"),
        ("coalesce('', 'z')", "z"),
        ("string-length('Grüße')", 5.0),
        ("concat('a', 1, 'b')", "a1b"),
        ("round(2.5)", 3.0),
        ("round(3.14159, 2)", 3.14),
        ("int(-3.7)", -3.0),
        ("substr('abcdef', 1, 3)", "bc"),
        ("not(false())", True),
        ("regex('12345', '^[0-9]{5}$')", True),
        ("format-date('2024-05-01', '%d.%m.%Y')", "01.05.2024"),
    ],
)
def test_literals_operators_and_functions(text, expected):
    assert ev(text) == expected


def test_references_follow_xpath_rules():
    assert ev("${age} >= 18", age=20.0) is True
    # An unanswered number is NaN: every comparison is false, "!=" is true.
    assert ev("${age} >= 18", age="") is False
    assert ev("${age} < 18", age="") is False
    assert ev("${age} != 18", age="") is True
    assert ev("${name} = ''", name="") is True
    assert ev("${a} + ${b}", a=2.0, b=3.0) == 5.0
    assert math.isnan(ev("${a} + 1", a=""))


def test_select_multiple_functions():
    assert ev("selected(${langs}, 'ar')", langs="de ar") is True
    assert ev("selected(${langs}, 'a')", langs="de ar") is False
    assert ev("count-selected(${langs})", langs="de ar fa") == 3.0
    assert ev("count-selected(${langs})", langs="") == 0.0
    assert ev("selected-at(${langs}, 1)", langs="de ar") == "ar"
    assert ev("selected-at(${langs}, 5)", langs="de ar") == ""


def test_dates():
    assert ev("today()") == date(2025, 3, 15)
    assert ev("${d} < today()", d=date(2025, 1, 1)) is True
    assert ev("${d} > '2025-01-01'", d=date(2025, 2, 1)) is True
    assert ev("today() - ${d}", d=date(2025, 3, 5)) == 10.0
    assert ev("int((today() - ${born}) div 365.25)", born=date(2000, 3, 16)) == 24.0


def test_repeats_as_lists():
    ctx = {"age": [10.0, 12.0, ""]}
    assert ev("count(${age})", **ctx) == 3.0
    assert ev("sum(${age})", **ctx) == 22.0
    assert ev("max(${age})", **ctx) == 12.0
    assert ev("indexed-repeat(${age}, ${kids}, 2)", kids=[], **ctx) == 12.0
    assert ev("join(', ', ${age})", age=["a", "b"]) == "a, b"


def test_current_value_and_choice_labels():
    context = DictContext(values={"q": "x"}, current_value=5.0, labels={("q", "x"): "Ex"})
    assert truthy(". > 3 and . < 10", context)
    assert evaluate("jr:choice-name(${q}, '${q}')", context) == "Ex"


def test_division_by_zero_is_not_an_error():
    assert ev("1 div 0") == math.inf
    assert math.isnan(ev("0 div 0"))
    assert math.isnan(ev("5 mod 0"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("1 +", "Expected a value"),
        ("(1 + 2", "Expected ')'"),
        ("${a} ${b}", "operator missing"),
        ("foo(1)", "Unknown function foo()"),
        ("age > 3", "neither a function call nor a question reference"),
        ("if(1, 2)", "if() was given 2 argument(s)"),
        ("1 # 2", "Unexpected character '#'"),
    ],
)
def test_errors_are_plain_words(text, message):
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ev(text)


def test_unsupported_functions_and_paths_are_named():
    with pytest.raises(UnsupportedExpressionError, match="pulldata"):
        ev("pulldata('x', 'y', 'z', 'w')")
    with pytest.raises(UnsupportedExpressionError, match="Paths"):
        ev("instance('x')/root/item[name = 'a']")


def test_unknown_question_is_an_error_at_evaluation_and_in_check():
    with pytest.raises(ExpressionError, match="no question named 'nope'"):
        ev("${nope} = 1")
    assert [str(m) for m in check("${a} = 1 and ${nope} > 2", ["a"])] == [
        "It refers to ${nope}, but there is no such question."
    ]
    assert check("1 +", ["a"]) and check("${a} = 1", ["a"]) == []


def test_references_and_renaming():
    assert references("selected(${a}, 'x') and ${b} > ${a}") == {"a", "b"}
    assert references("${last-saved#a} = 1") == {"a"}
    assert rename_references("${a} + ${ab} + ${ a }", "a", "c") == "${c} + ${ab} + ${c}"


def test_word_operators_can_still_be_names_of_functions_args():
    # 'and' after an operand is the operator; inside strings it is text.
    assert ev("'and' = 'and' and 1") is True


integers = st.integers(min_value=-10_000, max_value=10_000)


@given(integers, integers, integers)
def test_arithmetic_matches_python(a, b, c):
    assert ev(f"{a} + {b} * {c}".replace("+ -", "- ").replace("* -", "* -")) == a + b * c
    assert ev(f"({a}) - ({b}) - ({c})") == a - b - c
    assert ev(f"{a} < {b}") is (a < b)
    assert ev(f"{a} = {b} or {b} = {c}") is (a == b or b == c)


@given(st.text(max_size=60))
def test_any_text_either_evaluates_or_raises_an_expression_error(text):
    try:
        evaluate(text, DictContext(values={"a": "1"}))
    except ExpressionError as exc:
        message = str(exc)
    else:
        message = "evaluated"
    assert message


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True), st.sampled_from("abcde"))
def test_selected_agrees_with_membership(chosen, item):
    value = " ".join(chosen)
    assert ev(f"selected(${{m}}, '{item}')", m=value) is (item in chosen)
    assert ev("count-selected(${m})", m=value) == len(chosen)
