from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.genesis import Cell, CellValueError, parse_value


@pytest.mark.parametrize(
    ("raw", "value", "symbol", "flags"),
    [
        ("87276", Decimal("87276"), None, set()),
        ("56,44", Decimal("56.44"), None, set()),
        ("1.234,5", Decimal("1234.5"), None, set()),
        ("1.234.567", Decimal("1234567"), None, set()),
        (" 90 164", Decimal("90164"), None, set()),
        ("-12,5", Decimal("-12.5"), None, set()),
        ("-", None, "-", set()),
        ("–", None, "-", set()),
        (".", None, ".", set()),
        ("x", None, "x", set()),
        ("X", None, "x", set()),
        ("...", None, "...", set()),
        ("…", None, "...", set()),
        ("/", None, "/", set()),
        ("123p", Decimal("123"), None, {"p"}),
        ("4,5 r", Decimal("4.5"), None, {"r"}),
        ("(12)", Decimal("12"), None, {"()"}),
        ("(7,5)s", Decimal("7.5"), None, {"()", "s"}),
        ("", None, None, set()),
    ],
)
def test_parse_value_reads_numbers_symbols_and_flags(raw, value, symbol, flags):
    cell = parse_value(raw)
    assert cell.value == value
    assert cell.symbol == symbol
    assert set(cell.flags) == flags


@pytest.mark.parametrize(
    "raw", ["abc", "12a", "1,2,3", "1.5", "(12", "12)", "NaN", "Infinity", "1e5x"]
)
def test_parse_value_refuses_text_that_is_no_number(raw):
    with pytest.raises(CellValueError):
        parse_value(raw)


def test_flat_mode_accepts_decimal_point():
    assert parse_value("1.5", decimal_comma=None).value == Decimal("1.5")
    assert parse_value("1,5", decimal_comma=None).value == Decimal("1.5")


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9
    )
)
def test_german_decimal_round_trip(number):
    text = f"{number:.2f}".replace(".", ",")
    assert parse_value(text).value == number


@given(st.text(max_size=30))
def test_parse_value_never_crashes_unexpectedly(text):
    try:
        cell = parse_value(text)
    except CellValueError:
        return
    assert isinstance(cell, Cell)
    assert cell.value is None or cell.value.is_finite()
