"""Demo data of the monitoring (filled in later in this file)."""

from __future__ import annotations

from teilhabe.core.demo import DemoContext


def monitoring_demo(context: DemoContext) -> str:
    return "monitoring: no demo data yet"
