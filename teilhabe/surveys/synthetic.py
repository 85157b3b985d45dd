"""Synthetic answers for demos and benchmarks (never for real surveys).

:func:`synthetic_answers` answers any questionnaire plausibly: choices drawn with
uneven weights, numbers within their constraints, skip logic applied. For the
template "Living in our district" the answers are made to hang together (people who
feel at home mostly want to stay), so that the demo's cross-tabs show something.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from typing import Any

from teilhabe.surveys.engine import form as engine
from teilhabe.surveys.engine.form import Form

FREE_TEXTS = [
    "Mehr Deutschkurse am Abend",
    "Eine eigene Wohnung",
    "Busverbindungen am Wochenende",
    "Hilfe bei der Anerkennung meines Abschlusses",
    "Kita-Plätze",
    "دورات لغة أكثر",
    "Більше робочих місць",
    "Ärzte, die Englisch sprechen",
]


def _weights(n: int, rng: random.Random) -> list[float]:
    return [rng.uniform(0.3, 3.0) for _ in range(n)]


def synthetic_answers(
    form: Form, *, count: int, seed: int = 4, on: date | None = None
) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    weights = {
        element["name"]: _weights(len(form.choices(element)), rng)
        for element in form.questions()
        if element["type"] in engine.CHOICE_TYPES
    }
    living = form.has("at_home") and form.has("stay")
    for _ in range(count):
        answers: dict[str, Any] = {}
        for element in form.questions():
            name, kind = element["name"], element["type"]
            choices = [c["name"] for c in form.choices(element)]
            if kind == engine.SELECT_ONE:
                answers[name] = rng.choices(choices, weights[name])[0]
            elif kind == engine.SELECT_MULTIPLE:
                picked = [
                    c for c, w in zip(choices, weights[name], strict=True) if rng.random() < w / 6
                ]
                if "none" in picked and len(picked) > 1:
                    picked.remove("none")
                answers[name] = picked or [choices[0]]
            elif kind == engine.RANK:
                answers[name] = rng.sample(choices, len(choices))
            elif kind == engine.INTEGER:
                answers[name] = min(
                    max(
                        int(rng.expovariate(0.7)), 1 if "1" in element.get("constraint", "") else 0
                    ),
                    6,
                )
            elif kind == engine.DECIMAL:
                answers[name] = round(rng.uniform(0, 100), 1)
            elif kind == engine.RANGE:
                answers[name] = rng.choice(engine.range_values(element))
            elif kind == engine.DATE:
                answers[name] = date(
                    2020 + rng.randint(0, 5), rng.randint(1, 12), rng.randint(1, 28)
                ).isoformat()
            elif kind == engine.TEXT and rng.random() < 0.3:
                answers[name] = rng.choice(FREE_TEXTS)
        if living:
            home = int(answers["at_home"])
            answers["stay"] = rng.choices(
                ["yes", "probably", "unsure", "probably_not", "no"],
                [home * 2, home + 1, 3, 6 - home, (6 - home) * 1.5],
            )[0]
        yield engine.settle(form, answers, on=on)
