"""Pearson's chi-square test of independence for a cross-tab (no SciPy needed).

The p-value comes from the regularised upper incomplete gamma function, computed
with the series and continued-fraction expansions of Numerical Recipes (§6.2).
The test is reported only where it is valid: every expected count at least 5.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ChiSquare:
    statistic: float
    df: int
    p_value: float
    cramers_v: float


def _gamma_series(a: float, x: float) -> float:
    term = total = 1.0 / a
    n = a
    for _ in range(1000):
        n += 1
        term *= x / n
        total += term
        if abs(term) < abs(total) * 1e-15:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_fraction(a: float, x: float) -> float:
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 1000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def upper_gamma_regularized(a: float, x: float) -> float:
    """Q(a, x) = Γ(a, x) / Γ(a)."""
    if x <= 0:
        return 1.0
    if x < a + 1.0:
        return 1.0 - _gamma_series(a, x)
    return _gamma_fraction(a, x)


def chi_square_sf(statistic: float, df: int) -> float:
    """P(X ≥ statistic) for X ~ χ²(df)."""
    if df <= 0:
        return 1.0
    return max(0.0, min(1.0, upper_gamma_regularized(df / 2.0, statistic / 2.0)))


def expected_counts(counts: list[list[int]]) -> list[list[float]]:
    total = sum(sum(row) for row in counts)
    if not total:
        return [[0.0 for _ in row] for row in counts]
    rows = [sum(row) for row in counts]
    cols = [sum(row[j] for row in counts) for j in range(len(counts[0]))]
    return [[rows[i] * cols[j] / total for j in range(len(cols))] for i in range(len(rows))]


def chi_square(counts: list[list[int]], *, min_expected: float = 5.0) -> ChiSquare | None:
    """The test, or None where it is not valid (an empty row or column, fewer than two
    rows or columns, or an expected count below ``min_expected``)."""
    table = [row for row in counts if sum(row)]
    if len(table) < 2:
        return None
    keep = [j for j in range(len(table[0])) if sum(row[j] for row in table)]
    table = [[row[j] for j in keep] for row in table]
    if len(keep) < 2:
        return None
    expected = expected_counts(table)
    if any(e < min_expected for row in expected for e in row):
        return None
    statistic = sum(
        (table[i][j] - expected[i][j]) ** 2 / expected[i][j]
        for i in range(len(table))
        for j in range(len(keep))
    )
    df = (len(table) - 1) * (len(keep) - 1)
    total = sum(sum(row) for row in table)
    v = math.sqrt(statistic / (total * (min(len(table), len(keep)) - 1)))
    return ChiSquare(statistic, df, chi_square_sf(statistic, df), v)
