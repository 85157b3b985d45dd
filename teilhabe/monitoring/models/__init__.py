"""Data of the integration monitoring module.

* :mod:`.catalogue` — what is counted (measures with categories and options) and what
  is computed from it (indicators with versioned formulas), per district or standard.
* :mod:`.data` — sources, periods, imports and the observation store (columnar blocks),
  computed values, area groups and per-district monitoring settings.
* :mod:`.reports` — the Integrationsbericht with its versioned narratives and the values
  a district publishes.
"""

from .catalogue import (
    Category,
    CategoryOption,
    FieldOfAction,
    Indicator,
    IndicatorHidden,
    IndicatorVersion,
    Measure,
    MeasureCategory,
)
from .data import (
    AreaGroup,
    ImportBatch,
    ImportTemplate,
    MonitoringSettings,
    ObservationBlock,
    ObservationSlice,
    Period,
    RecomputeRun,
    Source,
    ValueBlock,
)
from .reports import Narrative, PublishedValues, Report

__all__ = [
    "AreaGroup",
    "Category",
    "CategoryOption",
    "FieldOfAction",
    "ImportBatch",
    "ImportTemplate",
    "Indicator",
    "IndicatorHidden",
    "IndicatorVersion",
    "Measure",
    "MeasureCategory",
    "MonitoringSettings",
    "Narrative",
    "ObservationBlock",
    "ObservationSlice",
    "Period",
    "PublishedValues",
    "RecomputeRun",
    "Report",
    "Source",
    "ValueBlock",
]
