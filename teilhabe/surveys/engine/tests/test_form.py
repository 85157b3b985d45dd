"""Settling answers: calculations, answers of questions that are no longer relevant,
repeats sized to their count; one pass where the questionnaire allows it."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.surveys.engine.form import Form, settle, settle_plan

ON = date(2026, 5, 4)


def _q(kind: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "name": name, "label": {"de": name}, **extra}


def _form(elements: list[dict[str, Any]]) -> Form:
    return Form(
        {
            "title": {"de": "T"},
            "source_language": "de",
            "languages": ["de"],
            "elements": elements,
            "choice_lists": {"yn": [{"name": "yes"}, {"name": "no"}]},
        }
    )


HOUSEHOLD = [
    _q("select_one", "kids", list="yn"),
    _q("integer", "n_kids", relevant="${kids} = 'yes'"),
    {
        "type": "repeat",
        "name": "child",
        "label": {"de": "Kind"},
        "repeat_count": "${n_kids}",
        "relevant": "${kids} = 'yes'",
        "children": [
            _q("integer", "child_age"),
            _q("select_one", "kita", list="yn", relevant="${child_age} < 7"),
            _q("calculate", "school_age", calculation="if(${child_age} >= 6, 'yes', 'no')"),
        ],
    },
    _q("calculate", "children_count", calculation="count(${child})"),
    _q("text", "comment"),
]


def test_irrelevant_answers_go_calculations_are_made_repeats_are_sized():
    form = _form(HOUSEHOLD)
    assert settle_plan(form).rounds == 1  # every expression looks back
    answers: dict[str, Any] = {
        "kids": "yes",
        "n_kids": 2,
        "child": [{"child_age": 3, "kita": "yes"}, {"child_age": 9, "kita": "no"}, {}],
        "comment": "x",
    }
    settled = settle(form, answers, on=ON)
    assert settled["child"] == [
        {"child_age": 3, "kita": "yes", "school_age": "no"},
        {"child_age": 9, "school_age": "yes"},  # a nine-year-old is not asked about Kita
    ]
    assert settled["children_count"] == 2
    assert answers["child"][2] == {}  # the input is not changed
    # Without children, everything about them goes.
    settled = settle(form, {**answers, "kids": "no"}, on=ON)
    assert "n_kids" not in settled and "child" not in settled
    assert settled["children_count"] == 0 and settled["comment"] == "x"


def test_a_calculation_that_refers_to_a_later_one_takes_further_passes():
    form = _form(
        [
            _q("calculate", "double", calculation="${base} * 2"),
            _q("integer", "age"),
            _q("calculate", "base", calculation="${age} + 1"),
            _q("text", "why", relevant="${double} > 10"),
        ]
    )
    assert settle_plan(form).rounds > 1
    settled = settle(form, {"age": 9, "why": "weil"}, on=ON)
    assert settled == {"age": 9, "base": 10, "double": 20, "why": "weil"}


def test_a_condition_on_the_answer_itself_counts_as_looking_ahead():
    form = _form([_q("integer", "age", relevant=". > 3")])
    assert settle_plan(form).rounds > 1


answers_strategy = st.fixed_dictionaries(
    {},
    optional={
        "kids": st.sampled_from(["yes", "no", "maybe"]),
        "n_kids": st.integers(-1, 6),
        "child": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "child_age": st.integers(0, 17),
                    "kita": st.sampled_from(["yes", "no"]),
                    "school_age": st.just("stale"),
                },
            ),
            max_size=5,
        ),
        "children_count": st.integers(0, 9),
        "comment": st.text(max_size=5),
    },
)


@settings(max_examples=150, deadline=None)
@given(answers=answers_strategy)
def test_one_pass_settles_exactly_as_repeated_passes_and_is_final(answers):
    one = _form(HOUSEHOLD)
    two = _form(HOUSEHOLD)
    two._settle_plan = dataclasses.replace(settle_plan(two), rounds=5)
    settled = settle(one, answers, on=ON)
    assert settled == settle(two, answers, on=ON)
    assert settle(one, settled, on=ON) == settled
