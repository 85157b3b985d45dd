"""The formula language of indicators.

An indicator divides a numerator expression by a denominator expression. Expressions
combine numbers and **operands** with ``+ - * /`` and parentheses. An operand names a
measure and, optionally, filters on its categories and a time lag::

    #{foreign_residents}
    #{foreign_residents | sex=f}
    #{foreign_residents | age_group=age_18_20,age_21_24 | nationality_group!=eu}
    #{foreign_residents | stay=stay_8_10,stay_10_plus | lag=1}

* ``category=a,b`` keeps the options ``a`` and ``b``; ``category!=a`` keeps all others;
* ``lag=1`` takes the value of the year before (for example a Stichtag at the end of
  the previous year as the base of a year's count).

An operand stands for the sum of the measure's values over the kept options at the
coarsest level the data offer (a published total is used as it is; otherwise the cells
are added up). Values of larger areas are added up before the expression is evaluated,
so a Kreis value is Σ numerator / Σ denominator over its Gemeinden, never an average of
rates.

Problems are reported with a code, the position in the text and parameters, so that the
interface can show them in the user's language (see ``monitoring.messages``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

__all__ = [
    "BinOp",
    "CatalogueInfo",
    "Expr",
    "FormulaError",
    "FormulaProblem",
    "MeasureInfo",
    "Neg",
    "Num",
    "Operand",
    "Term",
    "compile_terms",
    "operands",
    "parse",
    "to_sql",
    "validate",
]


@dataclass(frozen=True, slots=True)
class FormulaProblem:
    code: str
    position: int
    params: tuple[tuple[str, str], ...] = ()

    @property
    def param_dict(self) -> dict[str, str]:
        return dict(self.params)


class FormulaError(ValueError):
    def __init__(self, problems: list[FormulaProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.code} at {p.position}" for p in problems))


@dataclass(frozen=True, slots=True)
class Filter:
    category: str
    options: tuple[str, ...]
    exclude: bool
    position: int


@dataclass(frozen=True, slots=True)
class Num:
    value: float


@dataclass(frozen=True, slots=True)
class Operand:
    measure: str
    filters: tuple[Filter, ...]
    lag: int
    position: int
    text: str


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Expr


Expr = Num | Operand | BinOp | Neg

_TOKEN = re.compile(
    r"\s*(?:(?P<operand>\#\{[^{}]*\})|(?P<number>\d+(?:\.\d+)?)|(?P<op>[-+*/()])|(?P<bad>[^\s#{}()+\-*/0-9]+|\S))"
)
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_OPTION = re.compile(r"^[a-z0-9][a-z0-9_]*$")
MAX_LAG = 10
MAX_LENGTH = 2000


def _problem(code: str, position: int, **params: object) -> FormulaProblem:
    return FormulaProblem(code, position, tuple((k, str(v)) for k, v in sorted(params.items())))


def _parse_operand(text: str, position: int, problems: list[FormulaProblem]) -> Operand:
    inner = text[2:-1]
    parts = [p.strip() for p in inner.split("|")]
    measure = parts[0]
    if not _CODE.match(measure):
        problems.append(_problem("measure_code", position, text=measure or "∅"))
    filters: list[Filter] = []
    lag = 0
    seen: set[str] = set()
    for part in parts[1:]:
        match = re.match(r"^([a-z][a-z0-9_]*)\s*(!=|=)\s*(.*)$", part)
        if match is None:
            problems.append(_problem("modifier", position, text=part or "∅"))
            continue
        name, sign, rest = match.groups()
        if name == "lag":
            if sign != "=" or not rest.strip().isdigit() or int(rest) > MAX_LAG:
                problems.append(_problem("lag", position, text=rest, max=MAX_LAG))
            else:
                lag = int(rest)
            continue
        options = tuple(o.strip() for o in rest.split(",") if o.strip())
        if not options or any(not _OPTION.match(o) for o in options):
            problems.append(_problem("options", position, category=name, text=rest or "∅"))
            continue
        if name in seen:
            problems.append(_problem("filter_twice", position, category=name))
            continue
        seen.add(name)
        filters.append(Filter(name, options, sign == "!=", position))
    return Operand(measure, tuple(filters), lag, position, text)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[FormulaProblem] = []
        self.tokens: list[tuple[str, str, int]] = []
        position = 0
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None or match.end() == position:
                break
            kind = match.lastgroup or "bad"
            start = match.start(kind)
            value = match.group(kind)
            if kind == "bad":
                code = "stray_brace" if value in "{}#" else "character"
                self.problems.append(_problem(code, start, text=value))
            else:
                self.tokens.append((kind, value, start))
            position = match.end()
        self.index = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expr(self) -> Expr:
        left = self.term()
        while (token := self.peek()) is not None and token[1] in {"+", "-"}:
            self.take()
            left = BinOp(token[1], left, self.term())
        return left

    def term(self) -> Expr:
        left = self.unary()
        while (token := self.peek()) is not None and token[1] in {"*", "/"}:
            self.take()
            left = BinOp(token[1], left, self.unary())
        return left

    def unary(self) -> Expr:
        token = self.peek()
        if token is not None and token[1] == "-":
            self.take()
            return Neg(self.unary())
        return self.atom()

    def atom(self) -> Expr:
        token = self.peek()
        if token is None:
            self.problems.append(_problem("unexpected_end", len(self.text)))
            return Num(0.0)
        kind, value, position = self.take()
        if kind == "number":
            return Num(float(value))
        if kind == "operand":
            return _parse_operand(value, position, self.problems)
        if value == "(":
            inner = self.expr()
            closing = self.peek()
            if closing is None or closing[1] != ")":
                self.problems.append(
                    _problem("missing_paren", closing[2] if closing else len(self.text))
                )
            else:
                self.take()
            return inner
        self.problems.append(_problem("unexpected", position, text=value))
        return Num(0.0)


def parse(text: str) -> Expr:
    """Parse an expression; raise :class:`FormulaError` listing every problem found."""
    if len(text) > MAX_LENGTH:
        raise FormulaError([_problem("too_long", MAX_LENGTH, max=MAX_LENGTH)])
    if not text.strip():
        raise FormulaError([_problem("empty", 0)])
    parser = _Parser(text)
    if parser.problems:  # what follows from unreadable text would only add noise
        raise FormulaError(parser.problems)
    expr = parser.expr() if parser.tokens else Num(0.0)
    if (token := parser.peek()) is not None:
        parser.problems.append(_problem("unexpected", token[2], text=token[1]))
    if not parser.tokens and not parser.problems:
        parser.problems.append(_problem("empty", 0))
    if parser.problems:
        raise FormulaError(parser.problems)
    return expr


def operands(expr: Expr) -> Iterator[Operand]:
    if isinstance(expr, Operand):
        yield expr
    elif isinstance(expr, BinOp):
        yield from operands(expr.left)
        yield from operands(expr.right)
    elif isinstance(expr, Neg):
        yield from operands(expr.operand)


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    """What validation and compilation need to know about a measure."""

    id: int
    code: str
    additive: bool
    #: Category codes by slot (slot 1 first).
    categories: tuple[str, ...]
    #: category code → option code → option id
    options: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    #: category code → category id
    category_ids: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogueInfo:
    measures: Mapping[str, MeasureInfo]


def validate(expr: Expr, catalogue: CatalogueInfo) -> list[FormulaProblem]:
    """Check every operand against the catalogue: measures, categories, options."""
    problems: list[FormulaProblem] = []
    for operand in operands(expr):
        measure = catalogue.measures.get(operand.measure)
        if measure is None:
            problems.append(_problem("unknown_measure", operand.position, measure=operand.measure))
            continue
        if not measure.additive and (operand.filters or operand.lag):
            problems.append(
                _problem("not_additive_filter", operand.position, measure=operand.measure)
            )
        for flt in operand.filters:
            if flt.category not in measure.categories:
                problems.append(
                    _problem(
                        "unknown_category",
                        flt.position,
                        measure=operand.measure,
                        category=flt.category,
                        known=", ".join(measure.categories) or "–",
                    )
                )
                continue
            known = measure.options.get(flt.category, {})
            for option in flt.options:
                if option not in known:
                    problems.append(
                        _problem(
                            "unknown_option",
                            flt.position,
                            category=flt.category,
                            option=option,
                            known=", ".join(known) or "–",
                        )
                    )
    return problems


@dataclass(frozen=True, slots=True)
class Term:
    """A compiled operand: the measure, the allowed options per slot (None: any), a lag."""

    measure_id: int
    allowed: tuple[tuple[int, ...] | None, ...]
    lag: int

    @property
    def filter_mask(self) -> int:
        return sum(1 << i for i, allowed in enumerate(self.allowed) if allowed is not None)


def compile_operand(operand: Operand, catalogue: CatalogueInfo) -> Term:
    measure = catalogue.measures[operand.measure]
    allowed: list[tuple[int, ...] | None] = [None] * 4
    for flt in operand.filters:
        slot = measure.categories.index(flt.category)
        options = measure.options[flt.category]
        chosen = {options[o] for o in flt.options}
        ids = sorted(set(options.values()) - chosen) if flt.exclude else sorted(chosen)
        allowed[slot] = tuple(ids)
    return Term(measure.id, tuple(allowed), operand.lag)


def compile_terms(expr: Expr, catalogue: CatalogueInfo) -> dict[Operand, Term]:
    """Compile every operand of a validated expression."""
    return {operand: compile_operand(operand, catalogue) for operand in operands(expr)}


def to_sql(expr: Expr, column: Mapping[Operand, str]) -> str:
    """The expression as DuckDB SQL over the columns holding each operand's value.
    Division by zero gives NULL (no value), never an error."""
    if isinstance(expr, Num):
        return repr(float(expr.value))
    if isinstance(expr, Operand):
        return column[expr]
    if isinstance(expr, Neg):
        return f"(-{to_sql(expr.operand, column)})"
    left, right = to_sql(expr.left, column), to_sql(expr.right, column)
    if expr.op == "/":
        return f"({left} / NULLIF({right}, 0))"
    return f"({left} {expr.op} {right})"
