"""The curated list of territorial changes, checked against the official population series:
the predecessors' population just before a reform must match the successors' just after."""

from collections import defaultdict
from decimal import Decimal

from teilhabe.areas.loader import PACKAGE_DATA, _read_changes
from teilhabe.areas.sources import POPULATION_KREISE
from teilhabe.genesis import parse_area_label, read_classic


def _components(changes):
    """Groups of Kreise linked by changes (a predecessor split over several successors)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for change in changes:
        parent[find(change.predecessor)] = find(change.successor)
    groups: dict[str, set[str]] = defaultdict(set)
    for change in changes:
        root = find(change.successor)
        groups[root] |= {change.predecessor, change.successor}
    return list(groups.values())


def test_population_is_continuous_across_every_reform():
    table = read_classic(PACKAGE_DATA / POPULATION_KREISE.filename)
    series = {row.keys[0]: [c.value for c in row.cells] for row in table.rows}
    ended = {row.keys[0] for row in table.rows if parse_area_label(row.keys[1]).valid_until}
    changes = [
        c
        for c in _read_changes((PACKAGE_DATA / "territorial_changes.csv").read_bytes())
        if len(c.predecessor) == 5 and c.effective.year <= 2018
    ]
    assert ended == {c.predecessor for c in changes}
    checked = 0
    for group in _components(changes):
        successors = {c.successor for c in changes if c.successor in group}
        new = [s for s in successors if series[s][0] is None]
        if not new:
            continue
        first = min(next(i for i, v in enumerate(series[s]) if v is not None) for s in new)
        after = sum((series[s][first] or Decimal(0) for s in successors), Decimal(0))
        before = sum((series[p][first - 1] or Decimal(0) for p in group), Decimal(0))
        # Within 4 %: a year of change, and the Zensus 2011 revision in Mecklenburg-Vorpommern.
        assert abs(after / before - 1) < 0.04, (sorted(group), after, before)
        checked += 1
    assert checked >= 25
