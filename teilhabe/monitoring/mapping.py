"""The mapping step of an import: from the posted form to the mapping JSON and back.

Field names of the mapping form (one row per column of the file):

* ``role__<i>``: ``area``, ``period``, ``value``, ``category`` or empty (ignore);
* ``measure__<i>``: the measure of a value column; ``category__<i>``: the category of a
  category column; ``derive__<i>``: ``age`` / ``nationality`` (record lists);
* ``label__<i>__<j>``: the option of the j-th distinct label of column i
  (``__total__`` for a total row, empty: not mapped);
* ``period_fixed``, ``measure``, ``dash``, ``sheet``, ``fill_zeros``, ``template_name``;
* ``area_names``: the names chosen for area texts so far (JSON: text → key);
  ``areatext__<k>`` / ``areaname__<k>``: the k-th unrecognised area text and the key
  chosen for it (empty: leave it, the import lists it as a problem);
* GENESIS: ``glabel__<j>`` (classic labels), ``gmeasure__<code>``, ``gdim__<code>``,
  ``gopt__<code>__<j>`` (flat variables).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from teilhabe.monitoring.imports.genesis import GenesisInfo
from teilhabe.monitoring.imports.resolve import normalise_name
from teilhabe.monitoring.models import Category, ImportBatch
from teilhabe.monitoring.services.imports import Inspection

TOTAL = "__total__"
TOTAL_WORDS = {"insgesamt", "gesamt", "summe", "total", "alle", "zusammen"}


@dataclass
class OptionChoice:
    code: str
    label: str


@dataclass
class LabelRow:
    index: int
    label: str
    chosen: str


@dataclass
class ColumnRow:
    index: int
    name: str
    samples: list[str]
    role: str = ""
    measure: str = ""
    category: str = ""
    derive: str = ""
    labels: list[LabelRow] = field(default_factory=list)
    options: list[OptionChoice] = field(default_factory=list)


def suggest_option(label: str, category: Category | None) -> str:
    """Best guess for a label (“männlich” → m, “Insgesamt” → total)."""
    text = label.strip()
    if normalise_name(text) in TOTAL_WORDS:
        return TOTAL
    if category is None:
        return ""
    candidates: dict[str, str] = {}
    for option in category.options.all():
        for name in (option.code, option.name_de, option.name_en):
            if name:
                candidates[name.casefold()] = option.code
    if text.casefold() in candidates:
        return candidates[text.casefold()]
    found = process.extractOne(text.casefold(), list(candidates), scorer=fuzz.WRatio)
    if found and found[1] >= 85:
        return candidates[found[0]]
    return ""


def columns_for(
    inspection: Inspection, data: Mapping[str, Any], categories: Mapping[str, Category]
) -> list[ColumnRow]:
    rows = []
    for index, name in enumerate(inspection.header):
        row = ColumnRow(index, name, inspection.distinct.get(name, [])[:3])
        row.role = str(data.get(f"role__{index}", ""))
        row.measure = str(data.get(f"measure__{index}", ""))
        row.category = str(data.get(f"category__{index}", ""))
        row.derive = str(data.get(f"derive__{index}", ""))
        category = categories.get(row.category)
        if row.role == "category" and category is not None and not row.derive:
            row.options = [OptionChoice(o.code, o.name) for o in category.options.all()]
            for j, label in enumerate(inspection.distinct.get(name, [])):
                chosen = data.get(f"label__{index}__{j}")
                row.labels.append(
                    LabelRow(
                        j,
                        label,
                        str(chosen) if chosen is not None else suggest_option(label, category),
                    )
                )
        rows.append(row)
    return rows


def _labels(data: Mapping[str, Any], index: int, labels: Sequence[str]) -> dict[str, str | None]:
    mapping: dict[str, str | None] = {}
    for j, label in enumerate(labels):
        chosen = str(data.get(f"label__{index}__{j}", "")).strip()
        if chosen == TOTAL:
            mapping[label] = None
        elif chosen:
            mapping[label] = chosen
    return mapping


def area_names(data: Mapping[str, Any]) -> dict[str, str]:
    """Names chosen for area texts: those carried over (a template, an earlier update of
    the form) and those chosen now."""
    try:
        carried = json.loads(str(data.get("area_names") or "{}"))
    except ValueError:
        carried = {}
    names = {str(k): str(v) for k, v in carried.items() if v} if isinstance(carried, dict) else {}
    for key, text in data.items():
        if key.startswith("areatext__"):
            chosen = str(data.get(f"areaname__{key.removeprefix('areatext__')}", "")).strip()
            if chosen:
                names[str(text)] = chosen
            else:  # shown and left empty: no longer chosen
                names.pop(str(text), None)
    return names


def table_mapping(kind: str, inspection: Inspection, data: Mapping[str, Any]) -> dict[str, Any]:
    """The mapping of an office table or a record list from the posted form."""
    mapping: dict[str, Any] = {"categories": [], "values": []}
    if data.get("sheet"):
        mapping["sheet"] = str(data["sheet"])
    for index, name in enumerate(inspection.header):
        role = data.get(f"role__{index}", "")
        if role == "area":
            mapping["area"] = {"column": name}
            if names := area_names(data):
                mapping["area"]["names"] = names
        elif role == "period":
            mapping["period"] = {"column": name}
        elif role == "value":
            mapping["values"].append(
                {"column": name, "measure": str(data.get(f"measure__{index}", ""))}
            )
        elif role == "category":
            spec: dict[str, Any] = {
                "column": name,
                "category": str(data.get(f"category__{index}", "")),
            }
            derive = str(data.get(f"derive__{index}", ""))
            if derive in {"age", "nationality"} and kind == ImportBatch.Kind.RECORDS:
                spec["derive"] = derive
            else:
                spec["options"] = _labels(data, index, inspection.distinct.get(name, []))
            mapping["categories"].append(spec)
    if "period" not in mapping and data.get("period_fixed"):
        mapping["period"] = {"fixed": str(data["period_fixed"]).strip()}
    mapping["dash"] = "zero" if data.get("dash") == "zero" else "missing"
    if kind == ImportBatch.Kind.RECORDS:
        mapping["measure"] = str(data.get("measure", ""))
        mapping["fill_zeros"] = bool(data.get("fill_zeros"))
        mapping.pop("values")
    return mapping


def genesis_mapping(info: GenesisInfo, data: Mapping[str, Any]) -> dict[str, Any]:
    mapping: dict[str, Any] = {
        "layout": info.layout,
        "table": info.code,
        "dash": "zero" if data.get("dash") == "zero" else "missing",
    }
    if info.layout == "classic":
        mapping["measure"] = str(data.get("measure", ""))
        labels: dict[str, Any] = {}
        for j, label in enumerate(info.labels):
            chosen = str(data.get(f"glabel__{j}", ""))
            if chosen == "ignore":
                labels[label] = "ignore"
            elif chosen == TOTAL:
                labels[label] = {}
            elif "=" in chosen:
                category, _, option = chosen.partition("=")
                labels[label] = {category: option}
        mapping["labels"] = labels
        return mapping
    mapping["measures"] = {
        code: str(data.get(f"gmeasure__{code}", ""))
        for code, _ in info.value_variables
        if data.get(f"gmeasure__{code}")
    }
    dims: dict[str, Any] = {}
    for code, attributes in info.dimensions.items():
        category = str(data.get(f"gdim__{code}", ""))
        if category in {"", "ignore"}:
            dims[code] = "ignore"
            continue
        options: dict[str, str] = {}
        for j, (attribute, _label) in enumerate(attributes):
            chosen = str(data.get(f"gopt__{code}__{j}", ""))
            if chosen == TOTAL:
                options[attribute] = ""
            elif chosen:
                options[attribute] = chosen
        dims[code] = {"category": category, "options": options}
    mapping["dimensions"] = dims
    return mapping


def form_data_from(kind: str, inspection: Inspection, mapping: Mapping[str, Any]) -> dict[str, str]:
    """Fill the form from a saved mapping (a template), so that next year's upload is
    one step."""
    data: dict[str, str] = {}
    if not mapping:
        return data
    if kind == ImportBatch.Kind.GENESIS and inspection.genesis is not None:
        info = inspection.genesis
        data["measure"] = mapping.get("measure", "")
        data["dash"] = mapping.get("dash", "missing")
        for j, label in enumerate(info.labels):
            spec = mapping.get("labels", {}).get(label)
            if spec == "ignore":
                data[f"glabel__{j}"] = "ignore"
            elif spec == {}:
                data[f"glabel__{j}"] = TOTAL
            elif isinstance(spec, dict) and spec:
                (category, option), *_ = spec.items()
                data[f"glabel__{j}"] = f"{category}={option}"
        for code, measure in mapping.get("measures", {}).items():
            data[f"gmeasure__{code}"] = measure
        for code, spec in mapping.get("dimensions", {}).items():
            if spec == "ignore":
                data[f"gdim__{code}"] = "ignore"
                continue
            data[f"gdim__{code}"] = spec.get("category", "")
            for j, (attribute, _) in enumerate(info.dimensions.get(code, [])):
                option = spec.get("options", {}).get(attribute)
                if option is not None:
                    data[f"gopt__{code}__{j}"] = option or TOTAL
        return data
    by_column = {name: i for i, name in enumerate(inspection.header)}
    if "sheet" in mapping:
        data["sheet"] = mapping["sheet"]
    if (area := mapping.get("area", {}).get("column")) in by_column:
        data[f"role__{by_column[area]}"] = "area"
        if mapping["area"].get("names"):
            data["area_names"] = json.dumps(mapping["area"]["names"], ensure_ascii=False)
    period = mapping.get("period", {})
    if period.get("column") in by_column:
        data[f"role__{by_column[period['column']]}"] = "period"
    elif period.get("fixed"):
        data["period_fixed"] = period["fixed"]
    for spec in mapping.get("values", []):
        if spec.get("column") in by_column:
            i = by_column[spec["column"]]
            data[f"role__{i}"] = "value"
            data[f"measure__{i}"] = spec.get("measure", "")
    for spec in mapping.get("categories", []):
        if spec.get("column") not in by_column:
            continue
        i = by_column[spec["column"]]
        data[f"role__{i}"] = "category"
        data[f"category__{i}"] = spec.get("category", "")
        if spec.get("derive"):
            data[f"derive__{i}"] = spec["derive"]
        for j, label in enumerate(inspection.distinct.get(spec["column"], [])):
            options = spec.get("options", {})
            if label in options:
                data[f"label__{i}__{j}"] = options[label] or TOTAL
    data["dash"] = mapping.get("dash", "missing")
    if kind == ImportBatch.Kind.RECORDS:
        data["measure"] = mapping.get("measure", "")
        if mapping.get("fill_zeros"):
            data["fill_zeros"] = "on"
    return data


def guess_roles(inspection: Inspection) -> dict[str, str]:
    """A first guess for a new file: columns named like area, year, sex, …"""
    data: dict[str, str] = {}
    words = {
        "area": (
            "gemeinde",
            "kreis",
            "ags",
            "ars",
            "schlüssel",
            "schluessel",
            "gebiet",
            "ort",
            "area",
            "municipality",
        ),
        "period": ("jahr", "stichtag", "datum", "year", "date", "zeitraum"),
        "value": ("anzahl", "wert", "value", "count", "summe", "personen", "fälle", "faelle"),
    }
    categories = {
        "geschlecht": "sex",
        "sex": "sex",
        "altersgruppe": "age_group",
        "alter": "age_group",
        "staatsangehörigkeit": "nationality",
        "nationalität": "nationality",
        "nationality": "nationality",
        "aufenthaltsdauer": "length_of_stay",
        "aufenthaltsstatus": "residence_status",
    }
    for index, name in enumerate(inspection.header):
        key = name.casefold()
        for role, hints in words.items():
            if any(h in key for h in hints) and f"role__{index}" not in data:
                data[f"role__{index}"] = role
        for hint, category in categories.items():
            if hint in key:
                data[f"role__{index}"] = "category"
                data[f"category__{index}"] = category
    return data
