"""Problems found in an imported file: every one of them, by row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class ImportProblem:
    code: str
    row: int | None = None
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "row": self.row, "column": self.column, "params": self.params}


class ImportRefused(ValueError):  # noqa: N818 - a refusal, not a programming error
    """The file cannot be imported; ``problems`` lists every reason found."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__(", ".join(p.code for p in problems[:10]))


class Collector:
    """Collects problems up to a limit (a broken file can have millions)."""

    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        self.items: list[ImportProblem] = []
        self.total = 0

    def add(
        self, code: str, row: int | None = None, column: str | None = None, **params: Any
    ) -> None:
        self.total += 1
        if len(self.items) < self.limit:
            self.items.append(ImportProblem(code, row, column, params))

    def __bool__(self) -> bool:
        return self.total > 0

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRefused(self.items)
