"""What the results pages show: every figure passes the small-group protection here.

Functions take a :class:`~teilhabe.surveys.engine.analysis.Dataset` and return plain
view models (counts with what is hidden, percentages, charts) for the templates and
the table exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from teilhabe.surveys.engine import analysis, bars, disclosure, stats
from teilhabe.surveys.engine import form as engine
from teilhabe.surveys.engine.analysis import Condition, Dataset
from teilhabe.surveys.engine.form import Form


def pct(value: float | None) -> str:
    return "–" if value is None else f"{number_format(value, decimal_pos=1)} %"


@dataclass
class Selection:
    conditions: list[Condition] = field(default_factory=list)
    waves: list[int] = field(default_factory=list)
    size: int = 0
    total: int = 0
    check: disclosure.FilterCheck | None = None

    @property
    def active(self) -> bool:
        return bool(self.conditions or self.waves)

    @property
    def refused(self) -> bool:
        return self.check is not None and not self.check.allowed


def select(dataset: Dataset, *, conditions: list[Condition], waves: list[int], k: int) -> Selection:
    """Check a selection of respondents: it and its remainder must both reach k.

    The remainder is counted within the chosen waves, because comparing the waves'
    results with and without a filter is the comparison that could reveal someone."""
    total = dataset.count([], waves)
    size = dataset.count(conditions, waves) if conditions else total
    selection = Selection(conditions, waves, size, total)
    if conditions:
        selection.check = disclosure.check_filter(selected=size, total=total, k=k)
    elif waves:
        selection.check = disclosure.check_filter(selected=size, total=size, k=k)
    return selection


def choice_labels(form: Form, name: str, language: str) -> list[tuple[str, str]]:
    element = form.element(name)
    if element["type"] == engine.RANGE:
        return [(_plain(v), _plain(v)) for v in engine.range_values(element)]
    return [
        (c["name"], form.text(c, "label", language) or c["name"]) for c in form.choices(element)
    ]


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass
class QuestionResult:
    name: str
    label: str
    kind: str
    base: int | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)
    chart: str = ""
    mean: str = ""
    median: str = ""
    texts: list[str] = field(default_factory=list)
    hidden_reason: str = ""
    multiple: bool = False
    #: A matrix: its statements' results (rows), all on the answers ``choice_labels``.
    items: list[QuestionResult] = field(default_factory=list)
    choice_labels: list[str] = field(default_factory=list)
    #: A question inside a repeated block: counted per instance (``unit``) and
    #: protected by the number of respondents behind each figure.
    unit: str = ""


def question_result(
    dataset: Dataset, form: Form, name: str, selection: Selection, *, k: int, language: str
) -> QuestionResult:
    element = form.element(name)
    kind = element["type"]
    result = QuestionResult(name, form.label(element, language), kind)
    hidden = _("hidden (small group)")
    if kind in engine.CHOICE_TYPES:
        counts, base = dataset.frequencies(name, selection.conditions, selection.waves)
        labels = choice_labels(form, name, language)
        known = {code for code, _label in labels}
        labels += [(code, code) for code in sorted(counts) if code not in known]
        protected = disclosure.protect_frequencies(
            [label for _c, label in labels], [counts.get(code, 0) for code, _l in labels], base, k
        )
        result.multiple = kind != engine.SELECT_ONE
        result.base = None if protected.base_hidden else base
        for index, (code, label) in enumerate(labels):
            result.rows.append(
                {
                    "code": code,
                    "label": label,
                    "count": None if protected.hidden[index] else protected.counts[index],
                    "percent": pct(protected.percent(index)),
                }
            )
        result.chart = bars.horizontal_bars(
            [
                bars.Bar(r["label"], protected.percent(i), r["percent"])
                for i, r in enumerate(result.rows)
            ],
            title=result.label,
            description=_("Share of respondents per answer, in per cent."),
            hidden_label=hidden,
            maximum=100.0,
        )
    elif kind in (engine.INTEGER, engine.DECIMAL, engine.RANGE):
        n, mean, median = dataset.numbers(name, selection.conditions, selection.waves)
        if 0 < n < k:
            result.hidden_reason = _("Fewer than %(k)d answers: not shown.") % {"k": k}
        else:
            result.base = n
            result.mean = number_format(mean, decimal_pos=1) if mean is not None else "–"
            result.median = number_format(median, decimal_pos=1) if median is not None else "–"
        if kind == engine.RANGE and not result.hidden_reason:
            counts, base = dataset.frequencies(name, selection.conditions, selection.waves)
            labels = choice_labels(form, name, language)
            normalised = {_plain(float(code)): value for code, value in counts.items()}
            protected = disclosure.protect_frequencies(
                [label for _c, label in labels],
                [normalised.get(code, 0) for code, _l in labels],
                base,
                k,
            )
            for index, (code, label) in enumerate(labels):
                result.rows.append(
                    {
                        "code": code,
                        "label": label,
                        "count": None if protected.hidden[index] else protected.counts[index],
                        "percent": pct(protected.percent(index)),
                    }
                )
    elif kind == engine.TEXT:
        base = dataset.answered(name, selection.conditions, selection.waves)
        if 0 < base < k:
            result.hidden_reason = _("Fewer than %(k)d answers: the texts are not shown.") % {
                "k": k
            }
        else:
            result.base = base
            result.texts = dataset.values(name, selection.conditions, selection.waves, limit=200)
    return result


def matrices(form: Form) -> list[tuple[dict[str, Any], list[str]]]:
    """Matrices (groups with the ``table-list`` appearance) whose statements are all
    single-choice questions on the same answers: ``(group, statement names)``."""
    found = []
    for element, _parent in form.walk():
        if element["type"] != engine.GROUP or engine.MATRIX_APPEARANCE not in str(
            element.get("appearance", "")
        ):
            continue
        children = element.get("children", [])
        lists = {c.get("list") for c in children}
        if (
            children
            and all(c["type"] == engine.SELECT_ONE for c in children)
            and len(lists) == 1
            and form.repeat_of(children[0]["name"]) is None
        ):
            found.append((element, [c["name"] for c in children]))
    return found


def group_matrices(
    sections: list[QuestionResult], form: Form, language: str
) -> list[QuestionResult]:
    """The results with each matrix's statements drawn together as one grid (in the
    place of its first statement)."""
    by_name = {q.name: q for q in sections}
    replaced: dict[str, QuestionResult | None] = {}
    for group, names in matrices(form):
        items = [by_name[n] for n in names if n in by_name]
        if not items:
            continue
        grid = QuestionResult(group["name"], form.label(group, language), "matrix")
        grid.items = items
        grid.choice_labels = [label for _code, label in choice_labels(form, names[0], language)]
        replaced[items[0].name] = grid
        for item in items[1:]:
            replaced[item.name] = None
    result = []
    for section in sections:
        if section.name not in replaced:
            result.append(section)
        elif (grid_result := replaced[section.name]) is not None:
            result.append(grid_result)
    return result


def repeat_question_result(
    dataset: Dataset, form: Form, name: str, selection: Selection, *, k: int, language: str
) -> QuestionResult:
    """A question inside a repeated block (e.g. one per child): how many instances gave
    each answer. A figure is shown only when at least k respondents stand behind it;
    counts of instances are not additive over respondents, so hidden figures cannot be
    worked out from the total either (the total is hidden with any hidden figure)."""
    element = form.element(name)
    repeat = form.repeat_of(name)
    result = QuestionResult(name, form.label(element, language), element["type"])
    result.unit = form.label(repeat, language) if repeat else ""
    hidden_text = _("hidden (small group)")
    column = dataset.columns[name]
    if column.kind == analysis.NUMBER:
        n, people, mean, median = dataset.repeat_numbers(
            name, selection.conditions, selection.waves
        )
        if 0 < people < k:
            result.hidden_reason = _("Fewer than %(k)d respondents: not shown.") % {"k": k}
        else:
            result.base = n
            result.mean = number_format(mean, decimal_pos=1) if mean is not None else "–"
            result.median = number_format(median, decimal_pos=1) if median is not None else "–"
        return result
    if column.kind not in (analysis.SINGLE, analysis.MULTIPLE):
        result.hidden_reason = _("Texts and dates in repeated blocks are in the export.")
        return result
    counts, (instances, people) = dataset.repeat_frequencies(
        name, selection.conditions, selection.waves
    )
    result.multiple = True
    labels = choice_labels(form, name, language)
    known = {code for code, _label in labels}
    labels += [(code, code) for code in sorted(counts) if code not in known]
    if 0 < people < k:
        result.hidden_reason = _("Fewer than %(k)d respondents: not shown.") % {"k": k}
        return result
    any_hidden = False
    bars_data = []
    for code, label in labels:
        n, behind = counts.get(code, (0, 0))
        hidden = 0 < behind < k
        any_hidden = any_hidden or hidden
        share = None if hidden or not instances else 100.0 * n / instances
        result.rows.append(
            {"code": code, "label": label, "count": None if hidden else n, "percent": pct(share)}
        )
        bars_data.append(bars.Bar(label, share, pct(share)))
    result.base = None if any_hidden else instances
    result.chart = bars.horizontal_bars(
        bars_data,
        title=result.label,
        description=_("Share of all %(unit)s per answer, in per cent.") % {"unit": result.unit},
        hidden_label=hidden_text,
        maximum=100.0,
    )
    return result


@dataclass
class CrossTab:
    row_label: str
    col_label: str
    rows: list[tuple[str, str]]
    cols: list[tuple[str, str]]
    table: disclosure.Table
    test: stats.ChiSquare | None
    mode: str
    multiple: bool

    def cell(self, i: int, j: int) -> dict[str, Any]:
        count = self.table.shown(i, j)
        row_total = None if self.table.row_hidden[i] else self.table.row_totals[i]
        col_total = None if self.table.col_hidden[j] else self.table.col_totals[j]
        if count is None:
            return {"count": None, "percent": "–"}
        if self.mode == "row":
            share = 100.0 * count / row_total if row_total else None
        elif self.mode == "col":
            share = 100.0 * count / col_total if col_total else None
        else:
            total = None if self.table.total_hidden else self.table.total
            share = 100.0 * count / total if total else None
        return {"count": count, "percent": pct(share)}

    def grid(self) -> list[dict[str, Any]]:
        return [
            {
                "label": label,
                "cells": [self.cell(i, j) for j in range(len(self.cols))],
                "total": None if self.table.row_hidden[i] else self.table.row_totals[i],
            }
            for i, (_code, label) in enumerate(self.rows)
        ]

    @property
    def col_totals(self) -> list[int | None]:
        return [
            None if h else t
            for t, h in zip(self.table.col_totals, self.table.col_hidden, strict=True)
        ]

    @property
    def total(self) -> int | None:
        return None if self.table.total_hidden else self.table.total


def crosstab(
    dataset: Dataset,
    form: Form,
    row: str,
    col: str,
    selection: Selection,
    *,
    k: int,
    language: str,
    mode: str = "count",
    wave_names: dict[int, str] | None = None,
) -> CrossTab:
    counts = dataset.crosstab(row, col, selection.conditions, selection.waves)
    rows = choice_labels(form, row, language)
    if col == "wave":
        cols = [(str(pk), name) for pk, name in (wave_names or {}).items()]
        col_label = _("Wave")
        multiple = form.element(row)["type"] != engine.SELECT_ONE
    else:
        cols = choice_labels(form, col, language)
        col_label = form.label(form.element(col), language)
        multiple = (
            form.element(row)["type"] != engine.SELECT_ONE
            or form.element(col)["type"] != engine.SELECT_ONE
        )
    matrix = [[counts.get((r, c), 0) for c, _l in cols] for r, _l in rows]
    table = disclosure.protect_table(matrix, k)
    # A chi-square test assumes each person in exactly one cell: not for multiple choice.
    test = None if multiple else stats.chi_square(matrix)
    return CrossTab(
        form.label(form.element(row), language), col_label, rows, cols, table, test, mode, multiple
    )


def over_time(
    dataset: Dataset, selection: Selection, *, k: int, unit: str = "week"
) -> dict[str, Any]:
    series = dataset.over_time(selection.conditions, selection.waves, unit=unit)
    if series and (series[-1][0] - series[0][0]).days > 7 * 104:
        unit = "month"
        series = dataset.over_time(selection.conditions, selection.waves, unit=unit)
    series = _fill_gaps(series, unit)
    protected = disclosure.protect_series([n for _d, n in series], k)
    rows: list[dict[str, Any]] = [
        {"period": period, "count": shown}
        for (period, _n), shown in zip(series, protected, strict=True)
    ]
    chart = bars.columns_chart(
        [
            bars.Bar(period.strftime("%d.%m.%y"), shown, str(shown))
            for (period, _n), shown in zip(series, protected, strict=True)
        ],
        title=_("Responses per week") if unit == "week" else _("Responses per month"),
        description=_("Number of responses per week; hidden weeks had too few responses to show."),
        hidden_label=_("hidden (small group)"),
    )
    return {"rows": rows, "chart": chart}


def _fill_gaps(series: list[tuple[Any, int]], unit: str) -> list[tuple[Any, int]]:
    """Periods without responses count as 0, so that the time axis is even."""
    from datetime import timedelta

    if len(series) < 2:
        return series
    counts = dict(series)
    filled = []
    current = series[0][0]
    while current <= series[-1][0]:
        filled.append((current, counts.get(current, 0)))
        if unit == "day":
            current += timedelta(days=1)
        elif unit == "week":
            current += timedelta(days=7)
        else:
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return filled


def filter_options(form: Form, language: str) -> list[tuple[str, str]]:
    """``question:answer`` pairs a selection can be made of."""
    options = []
    for question in form.questions():
        if question["type"] in (engine.SELECT_ONE, engine.SELECT_MULTIPLE):
            label = form.label(question, language)
            for code, answer in choice_labels(form, question["name"], language):
                options.append((f"{question['name']}:{code}", f"{label}: {answer}"))
    return options


def parse_conditions(values: list[str], dataset: Dataset) -> list[Condition]:
    conditions = []
    for value in values:
        name, _sep, code = value.partition(":")
        column = dataset.columns.get(name)
        if column is not None and code and column.kind in (analysis.SINGLE, analysis.MULTIPLE):
            conditions.append(Condition(name, code))
    return conditions
