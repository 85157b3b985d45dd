"""Small-group protection (statistical disclosure control) for survey results.

Rules, with ``k`` the survey's smallest group (default 5):

* **Primary suppression.** A count of 1 to k−1 is not shown. A whole row or column of a
  cross-tab whose total is below k (a group of fewer than k people) is not shown.
* **Secondary suppression.** In every row and column of a table (totals included), a
  hidden count must never be the only hidden one next to a shown total, or it could
  be recovered by subtraction. Further cells (the smallest non-zero shown ones) are
  hidden until that holds; where no cell is left, the total is hidden.
* **Filters.** A selection of respondents is allowed only if it and its remainder both
  have at least k respondents; otherwise comparing results with and without the
  filter would reveal the answers of the few.
* **Zeros** stay visible: a zero says nothing about a person.

Everything here works on small aggregated tables (counts), never on responses.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    """A cross-tab of counts with its margins and what is hidden.

    ``hidden[i][j]`` hides cell (i, j); ``row_hidden[i]``/``col_hidden[j]`` hide
    margins; ``total_hidden`` hides the grand total. ``small_rows``/``small_cols``
    mark whole groups below k."""

    counts: list[list[int]]
    k: int
    hidden: list[list[bool]] = field(default_factory=list)
    row_hidden: list[bool] = field(default_factory=list)
    col_hidden: list[bool] = field(default_factory=list)
    total_hidden: bool = False
    small_rows: list[bool] = field(default_factory=list)
    small_cols: list[bool] = field(default_factory=list)

    @property
    def row_totals(self) -> list[int]:
        return [sum(row) for row in self.counts]

    @property
    def col_totals(self) -> list[int]:
        if not self.counts:
            return []
        return [sum(row[j] for row in self.counts) for j in range(len(self.counts[0]))]

    @property
    def total(self) -> int:
        return sum(self.row_totals)

    def shown(self, i: int, j: int) -> int | None:
        return None if self.hidden[i][j] else self.counts[i][j]

    @property
    def suppressed_cells(self) -> int:
        return sum(sum(1 for h in row if h) for row in self.hidden)


def _small(value: int, k: int) -> bool:
    return 0 < value < k


def _protect_line(
    values: list[int], hidden: list[bool], total_hidden: bool
) -> tuple[bool, int | None]:
    """For one line with its total: ``(hide_total, extra_index)`` needed so that a
    single hidden value cannot be recovered. Returns the index of one more value to hide,
    or asks to hide the total."""
    hidden_count = sum(hidden)
    if total_hidden or hidden_count != 1:
        return False, None
    candidates = [
        (v, i) for i, (v, h) in enumerate(zip(values, hidden, strict=True)) if not h and v > 0
    ]
    if candidates:
        return False, min(candidates)[1]
    return True, None


def protect_table(counts: list[list[int]], k: int) -> Table:
    """Apply primary and secondary suppression to a cross-tab."""
    rows = len(counts)
    cols = len(counts[0]) if counts else 0
    table = Table([list(map(int, row)) for row in counts], k)
    row_totals, col_totals = table.row_totals, table.col_totals
    table.small_rows = [_small(t, k) for t in row_totals]
    table.small_cols = [_small(t, k) for t in col_totals]
    table.hidden = [
        [_small(counts[i][j], k) or table.small_rows[i] or table.small_cols[j] for j in range(cols)]
        for i in range(rows)
    ]
    # A small group's cells are hidden even when zero (the group is not shown at all).
    table.row_hidden = list(table.small_rows)
    table.col_hidden = list(table.small_cols)
    table.total_hidden = _small(table.total, k)
    changed = True
    while changed:
        changed = False
        for i in range(rows):
            hide_total, extra = _protect_line(counts[i], table.hidden[i], table.row_hidden[i])
            if extra is not None:
                table.hidden[i][extra] = True
                changed = True
            elif hide_total:
                table.row_hidden[i] = True
                changed = True
        for j in range(cols):
            column = [counts[i][j] for i in range(rows)]
            column_hidden = [table.hidden[i][j] for i in range(rows)]
            hide_total, extra = _protect_line(column, column_hidden, table.col_hidden[j])
            if extra is not None:
                table.hidden[extra][j] = True
                changed = True
            elif hide_total:
                table.col_hidden[j] = True
                changed = True
        # The margins themselves add up to the grand total.
        for margins, totals in ((table.row_hidden, row_totals), (table.col_hidden, col_totals)):
            hide_total, extra = _protect_line(totals, margins, table.total_hidden)
            if extra is not None:
                margins[extra] = True
                changed = True
            elif hide_total:
                table.total_hidden = True
                changed = True
    return table


@dataclass
class Frequencies:
    """One question's counts with what is hidden; ``base`` is the number who answered."""

    labels: list[str]
    counts: list[int]
    hidden: list[bool]
    base: int
    base_hidden: bool
    k: int

    def percent(self, index: int) -> float | None:
        if self.hidden[index] or self.base_hidden or not self.base:
            return None
        return 100.0 * self.counts[index] / self.base


def protect_frequencies(labels: list[str], counts: list[int], base: int, k: int) -> Frequencies:
    """Suppression for a one-way table. For multiple choice the counts may add up to
    more than ``base`` (one person, several answers); then no secondary suppression
    against the base is possible or needed beyond hiding small counts, because the
    base does not equal their sum."""
    hidden = [_small(c, k) for c in counts]
    base_hidden = _small(base, k)
    if sum(counts) == base and not base_hidden:
        while True:
            hide_base, extra = _protect_line(counts, hidden, base_hidden)
            if extra is not None:
                hidden[extra] = True
                continue
            if hide_base:
                base_hidden = True
            break
    return Frequencies(labels, counts, hidden, base, base_hidden, k)


@dataclass(frozen=True)
class FilterCheck:
    allowed: bool
    selected: int
    remainder: int
    k: int


def check_filter(*, selected: int, total: int, k: int) -> FilterCheck:
    """Is a selection of respondents large enough (and its remainder too)?"""
    remainder = total - selected
    allowed = selected >= k and (remainder == 0 or remainder >= k)
    return FilterCheck(allowed, selected, remainder, k)


def protect_series(counts: list[int], k: int) -> list[int | None]:
    """Counts over time (their sum is shown as the number of responses): small counts
    hidden, and one more where a single hidden count could be recovered from the sum."""
    protected = protect_frequencies([""] * len(counts), counts, sum(counts), k)
    return [
        None if hidden else count for count, hidden in zip(counts, protected.hidden, strict=True)
    ]
