"""Validation against the HSDS 3.0 schemas shipped in ``teilhabe/directory/hsds_schema``
(JSON objects and the tabular CSV package)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "hsds_schema"


@cache
def _registry() -> Any:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (path.name, Resource.from_contents(schema, default_specification=DRAFT202012))
        )
    return Registry().with_resources(resources)


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


def validation_errors(name: str, item: dict[str, Any], *, limit: int = 20) -> list[str]:
    """Problems of one object against the HSDS schema ``name`` (empty when valid)."""
    errors = []
    for error in _validator(name).iter_errors(item):
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        errors.append(f"{name} {item.get('id', '?')}: {where}: {error.message}")
        if len(errors) >= limit:
            break
    return errors


def document_errors(document: dict[str, Any], *, limit: int = 50) -> list[str]:
    errors: list[str] = []
    for key, name in (
        ("organizations", "organization"),
        ("services", "service"),
        ("locations", "location"),
    ):
        for item in document.get(key, []):
            errors.extend(validation_errors(name, item, limit=limit - len(errors)))
            if len(errors) >= limit:
                return errors
    return errors


@cache
def tabular_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / "tabular.json").read_text(encoding="utf-8"))
    return schema


def table_columns(resource: str) -> tuple[str, list[str]]:
    """(file name, scalar columns) of one table of the CSV package."""
    item = tabular_schema()["properties"][resource]["items"]
    columns = [
        name
        for name, spec in item["properties"].items()
        if spec.get("type") not in {"array", "object"} and "$ref" not in spec and spec.get("type")
    ]
    return item["path"], columns
