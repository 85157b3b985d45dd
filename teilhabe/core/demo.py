"""Demo steps that modules register, run by ``teilhabe demo`` after the districts exist.

A module adds its demo data (synthetic office data, a sample survey, directory
entries …) by registering a step in its ``AppConfig.ready()``::

    from teilhabe.core import demo
    demo.register(demo.DemoStep(name="monitoring", order=20, run=monitoring_demo))

``run`` receives a :class:`DemoContext` and returns one line for the console. Steps must
be idempotent (the demo runs again on every start) and must mark invented data as demo
data wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from teilhabe.districts.demo import DemoReport


@dataclass
class DemoContext:
    password: str
    report: DemoReport
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    run: Callable[[DemoContext], str]


_steps: dict[str, DemoStep] = {}


def register(step: DemoStep) -> None:
    _steps[step.name] = step


def steps() -> list[DemoStep]:
    return sorted(_steps.values(), key=lambda s: (s.order, s.name))


def run_all(context: DemoContext) -> list[str]:
    """Run every registered step in order; return their console lines."""
    return [step.run(context) for step in steps()]
