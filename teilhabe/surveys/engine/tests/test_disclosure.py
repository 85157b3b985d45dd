"""Small-group protection: primary and secondary suppression, filters (property-based)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.surveys.engine.disclosure import (
    check_filter,
    protect_frequencies,
    protect_series,
    protect_table,
)

counts = st.integers(min_value=0, max_value=40)
tables = st.integers(min_value=1, max_value=6).flatmap(
    lambda cols: st.lists(st.lists(counts, min_size=cols, max_size=cols), min_size=1, max_size=6)
)
ks = st.integers(min_value=3, max_value=10)


def _recoverable(values, hidden, total_hidden):
    """A hidden value next to a shown total with every other value shown is recoverable."""
    return not total_hidden and sum(hidden) == 1


@settings(max_examples=300, deadline=None)
@given(tables, ks)
def test_no_small_cell_is_shown_and_no_hidden_cell_can_be_recovered_from_totals(matrix, k):
    table = protect_table(matrix, k)
    rows, cols = len(matrix), len(matrix[0])
    for i in range(rows):
        for j in range(cols):
            if not table.hidden[i][j]:
                assert not 0 < matrix[i][j] < k
                assert not table.small_rows[i] and not table.small_cols[j]
    # Every row and column: never exactly one hidden cell next to a shown total.
    for i in range(rows):
        assert not _recoverable(matrix[i], table.hidden[i], table.row_hidden[i])
    for j in range(cols):
        column_hidden = [table.hidden[i][j] for i in range(rows)]
        assert not _recoverable([r[j] for r in matrix], column_hidden, table.col_hidden[j])
    # Margins add up to the grand total, so the same holds for them.
    assert not _recoverable(table.row_totals, table.row_hidden, table.total_hidden)
    assert not _recoverable(table.col_totals, table.col_hidden, table.total_hidden)
    # Shown margins are never small groups.
    for i, total in enumerate(table.row_totals):
        assert table.row_hidden[i] or not 0 < total < k
    assert table.total_hidden or not 0 < table.total < k


def test_a_concrete_table():
    table = protect_table([[10, 2, 8], [12, 9, 7], [20, 15, 11]], 5)
    # 2 is primary; in its row and column one more cell is hidden (the smallest others).
    assert table.hidden[0] == [False, True, True]
    assert table.hidden[1][1] is True
    assert table.row_totals == [20, 28, 46] and not any(table.row_hidden)


def test_small_groups_are_not_shown_at_all():
    table = protect_table([[1, 2], [10, 12], [0, 0]], 5)
    assert table.small_rows == [True, False, False]
    assert table.hidden[0] == [True, True] and table.row_hidden[0]
    assert table.hidden[2] == [False, False]  # zeros say nothing about a person


@settings(max_examples=300, deadline=None)
@given(st.lists(counts, min_size=1, max_size=10), ks)
def test_frequencies_of_single_choice(values, k):
    base = sum(values)
    result = protect_frequencies([str(i) for i in range(len(values))], values, base, k)
    for value, hidden in zip(values, result.hidden, strict=True):
        assert hidden or not 0 < value < k
    assert not _recoverable(values, result.hidden, result.base_hidden)
    for index in range(len(values)):
        if result.hidden[index]:
            assert result.percent(index) is None


def test_series_protect_the_weeks():
    assert protect_series([10, 2, 8], 5) == [10, None, None]
    assert protect_series([10, 12, 9], 5) == [10, 12, 9]


def test_filters_need_k_inside_and_outside():
    assert check_filter(selected=4, total=100, k=5).allowed is False
    assert check_filter(selected=97, total=100, k=5).allowed is False  # 3 left outside
    assert check_filter(selected=100, total=100, k=5).allowed is True  # nothing outside
    assert check_filter(selected=50, total=100, k=5).allowed is True
