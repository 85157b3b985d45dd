"""XLSForm expressions (XPath 1.0 with the ODK functions), parsed and evaluated in Python.

The one evaluator for relevance (skip logic), constraints, required conditions,
calculations, defaults and choice filters, on the server. It never calls ``eval``:
text is split into tokens, parsed into a small tree by precedence climbing and the
tree is walked.

Values follow XPath 1.0 as ODK applies it:

* an unanswered question is the empty string ``""``;
* numbers are ``float``; ``"" + 1`` is NaN, and every comparison with NaN is false, so
  ``${age} >= 18`` is false while the age is unknown;
* a multiple-choice answer is its choice names separated by spaces (``"a c"``), which
  is what ``selected()`` and ``count-selected()`` read;
* a date is a :class:`datetime.date`; as a number it is the days since 1970-01-01, and
  an ISO date string (``'2024-05-01'``) compares as a date too;
* a question inside a repeat, referenced from outside it, is the list of its values
  (one per repeat instance): ``count()``, ``sum()``, ``join()`` … read that list; any other
  use takes its first value, as XPath does with node-sets.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Protocol, Union

from .messages import EngineError, Message, gettext_noop

EPOCH = date(1970, 1, 1)
MAX_LENGTH = 4000  # longer expressions are refused (they are never needed in a form)

Value = Union[str, float, bool, date, list["Value"]]  # noqa: UP007 - a recursive alias


class ExpressionError(EngineError):
    """An expression that cannot be read or evaluated; the message is plain words."""


class UnsupportedExpressionError(ExpressionError):
    """Valid XLSForm that Teilhabe does not evaluate (``pulldata()``, ``instance()`` …)."""


# --- tokens -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # number, string, ref, name, op, lparen, rparen, comma, dot, dotdot, end
    text: str
    pos: int


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<ref>\$\{\s*(?:last-saved\#)?[A-Za-z_][\w.\-]*\s*\})
  | (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\|)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<comma>,)
  | (?P<dotdot>\.\.)
  | (?P<dot>\.)
  | (?P<name>[A-Za-z_][\w\-]*(?::[A-Za-z_][\w\-]*)?)
  | (?P<other>.)
    """,
    re.VERBOSE,
)
_WORD_OPERATORS = {"and", "or", "div", "mod"}


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            gettext_noop("The expression is longer than %(n)d characters."), n=MAX_LENGTH
        )
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        value = match.group()
        if kind == "ws":
            continue
        if kind == "other":
            if value in "/[]@":
                raise UnsupportedExpressionError(
                    gettext_noop(
                        "Paths such as %(text)s (with '/', '[ ]' or '@') are not supported; "
                        "refer to questions as ${name}."
                    ),
                    text=repr(text.strip()),
                )
            raise ExpressionError(
                gettext_noop("Unexpected character %(char)s at position %(pos)d."),
                char=repr(value),
                pos=match.start() + 1,
            )
        # 'and', 'div' … are operators only where an operator may stand.
        if (
            kind == "name"
            and value in _WORD_OPERATORS
            and tokens
            and tokens[-1].kind in {"number", "string", "ref", "rparen", "dot", "dotdot"}
        ):
            kind = "op"
        if kind == "ref":
            value = value[2:-1].strip().removeprefix("last-saved#")
        tokens.append(Token(kind, value, match.start()))
    tokens.append(Token("end", "", len(text)))
    return tokens


# --- syntax tree ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    kind: str  # literal, ref, current, parent, call, binary, negate
    value: object = None
    children: tuple[Node, ...] = field(default_factory=tuple)


_PRECEDENCE = {
    "or": 1,
    "and": 2,
    "=": 3,
    "!=": 3,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "div": 6,
    "mod": 6,
    "|": 7,
}


class _Parser:
    def __init__(self, text: str, *, choice_fields: bool = False) -> None:
        self.text = text
        self.choice_fields = choice_fields
        self.tokens = tokenize(text)
        self.index = 0

    def peek(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, kind: str, what: str) -> Token:
        token = self.take()
        if token.kind != kind:
            raise ExpressionError(
                gettext_noop("Expected %(what)s at position %(pos)d, found %(found)s."),
                what=what,
                pos=token.pos + 1,
                found=repr(token.text) if token.text else "the end",
            )
        return token

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ExpressionError(gettext_noop("The expression is empty."))
        node = self.expression(0)
        token = self.peek()
        if token.kind != "end":
            raise ExpressionError(
                gettext_noop("Unexpected %(text)s at position %(pos)d; is an operator missing?"),
                text=repr(token.text),
                pos=token.pos + 1,
            )
        return node

    def expression(self, min_precedence: int) -> Node:
        left = self.unary()
        while True:
            token = self.peek()
            if token.kind != "op" or token.text not in _PRECEDENCE:
                return left
            precedence = _PRECEDENCE[token.text]
            if precedence <= min_precedence:
                return left
            self.take()
            right = self.expression(precedence)
            left = Node("binary", token.text, (left, right))

    def unary(self) -> Node:
        token = self.peek()
        if token.kind == "op" and token.text == "-":
            self.take()
            return Node("negate", None, (self.unary(),))
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "number":
            return Node("literal", float(token.text))
        if token.kind == "string":
            return Node("literal", token.text[1:-1])
        if token.kind == "ref":
            return Node("ref", token.text)
        if token.kind == "dot":
            return Node("current")
        if token.kind == "dotdot":
            return Node("parent")
        if token.kind == "lparen":
            inner = self.expression(0)
            self.expect("rparen", "')'")
            return inner
        if token.kind == "name":
            if self.peek().kind != "lparen":
                if self.choice_fields:
                    return Node("field", token.text)
                raise ExpressionError(
                    gettext_noop(
                        "%(text)s at position %(pos)d is neither a function call nor a question "
                        "reference; write questions as ${name} and text in quotes."
                    ),
                    text=repr(token.text),
                    pos=token.pos + 1,
                )
            self.take()
            arguments: list[Node] = []
            if self.peek().kind != "rparen":
                arguments.append(self.expression(0))
                while self.peek().kind == "comma":
                    self.take()
                    arguments.append(self.expression(0))
            self.expect("rparen", "')' or ','")
            name = token.text
            if name not in FUNCTIONS:
                if name in UNSUPPORTED_FUNCTIONS:
                    raise UnsupportedExpressionError(
                        gettext_noop("The function %(name)s() is not supported by Teilhabe."),
                        name=name,
                    )
                raise ExpressionError(gettext_noop("Unknown function %(name)s()."), name=name)
            low, high = FUNCTIONS[name].arity
            if len(arguments) < low or (high is not None and len(arguments) > high):
                raise ExpressionError(
                    gettext_noop("%(name)s() was given %(n)d argument(s)."),
                    name=name,
                    n=len(arguments),
                )
            return Node("call", name, tuple(arguments))
        raise ExpressionError(
            gettext_noop("Expected a value at position %(pos)d, found %(found)s."),
            pos=token.pos + 1,
            found=repr(token.text) if token.text else "the end",
        )


@lru_cache(maxsize=4096)
def parse(text: str, *, choice_fields: bool = False) -> Node:
    """The syntax tree of an expression; raises :class:`ExpressionError` in plain words.

    ``choice_fields`` allows bare names (``country = ${country}`` in a choice filter),
    which name columns of the choice being filtered."""
    return _Parser(text, choice_fields=choice_fields).parse()


def references(text: str, *, choice_fields: bool = False) -> set[str]:
    """The question names an expression refers to (``${name}``)."""
    found: set[str] = set()

    def walk(node: Node) -> None:
        if node.kind == "ref":
            found.add(str(node.value))
        for child in node.children:
            walk(child)

    walk(parse(text, choice_fields=choice_fields))
    return found


def rename_references(text: str, old: str, new: str) -> str:
    """The expression with every ``${old}`` written as ``${new}``."""
    return re.sub(r"\$\{\s*(last-saved#)?" + re.escape(old) + r"\s*\}", "${" + new + "}", text)


# --- evaluation -------------------------------------------------------------------------------


class Context(Protocol):
    """What an expression may ask about the answers."""

    def value(self, name: str) -> Value: ...

    def current(self) -> Value: ...

    def position(self) -> int: ...

    def choice_label(self, question: str, value: str) -> str: ...

    def today(self) -> date: ...

    def field(self, name: str) -> Value:
        """A column of the choice being filtered (choice filters only)."""
        ...


@dataclass
class DictContext:
    """A context over a flat ``{name: value}`` mapping (tests, previews, simple forms)."""

    values: dict[str, Value] = field(default_factory=dict)
    current_value: Value = ""
    index: int = 1
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    on: date = field(default_factory=date.today)
    fields: dict[str, Value] = field(default_factory=dict)

    def value(self, name: str) -> Value:
        if name not in self.values:
            raise ExpressionError(
                gettext_noop("There is no question named %(name)s."), name=repr(name)
            )
        return self.values[name]

    def current(self) -> Value:
        return self.current_value

    def position(self) -> int:
        return self.index

    def choice_label(self, question: str, value: str) -> str:
        return self.labels.get((question, value), value)

    def today(self) -> date:
        return self.on

    def field(self, name: str) -> Value:
        return self.fields.get(name, "")


def evaluate(text: str, context: Context, *, choice_fields: bool = False) -> Value:
    """Evaluate an expression against the answers in ``context``."""
    return _eval(parse(text, choice_fields=choice_fields), context)


def truthy(text: str, context: Context) -> bool:
    """Evaluate an expression as a condition (relevance, constraint, required)."""
    return to_bool(evaluate(text, context))


def _first(value: Value) -> Value:
    if isinstance(value, list):
        return value[0] if value else ""
    return value


def to_string(value: Value) -> str:
    value = _first(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z]*)?\s*$")


def _date_from_text(text: str) -> date | None:
    match = _ISO_DATE.match(text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def to_number(value: Value) -> float:
    value = _first(value)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, datetime):
        return (value - datetime(1970, 1, 1, tzinfo=value.tzinfo)).total_seconds() / 86400
    if isinstance(value, date):
        return float((value - EPOCH).days)
    text = str(value).strip()
    if not text:
        return math.nan
    try:
        return float(text)
    except ValueError:
        as_date = _date_from_text(text)
        return float((as_date - EPOCH).days) if as_date else math.nan


def to_bool(value: Value) -> bool:
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    if isinstance(value, date):
        return True
    return bool(str(value))


def to_date(value: Value) -> date | None:
    value = _first(value)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else EPOCH + timedelta(days=math.floor(value))
    return _date_from_text(str(value))


def _selected_items(value: Value) -> list[str]:
    return to_string(value).split()


def _compare(op: str, left: Value, right: Value) -> bool:
    left, right = _first(left), _first(right)
    if op in {"=", "!="}:
        if isinstance(left, bool) or isinstance(right, bool):
            equal = to_bool(left) == to_bool(right)
        elif isinstance(left, float | date) or isinstance(right, float | date):
            a, b = to_number(left), to_number(right)
            equal = a == b
            if math.isnan(a) or math.isnan(b):
                # "" = 3 is false and "" != 3 is true (XPath compares numbers here).
                return op == "!="
        else:
            equal = to_string(left) == to_string(right)
        return equal if op == "=" else not equal
    a, b = to_number(left), to_number(right)
    if math.isnan(a) or math.isnan(b):
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _arithmetic(op: str, left: Value, right: Value) -> Value:
    a, b = to_number(left), to_number(right)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "div":
        if b == 0:
            if a == 0 or math.isnan(a):
                return math.nan
            return math.copysign(math.inf, a) * math.copysign(1, b)
        return a / b
    if op == "mod":
        if b == 0 or math.isnan(a) or math.isnan(b) or math.isinf(a):
            return math.nan
        return math.fmod(a, b)
    raise ExpressionError(gettext_noop("Unknown operator %(op)s."), op=repr(op))


def _eval(node: Node, context: Context) -> Value:
    kind = node.kind
    if kind == "literal":
        return node.value  # type: ignore[return-value]
    if kind == "ref":
        return context.value(str(node.value))
    if kind == "field":
        return context.field(str(node.value))
    if kind == "current":
        return context.current()
    if kind == "parent":
        return ""
    if kind == "negate":
        return -to_number(_eval(node.children[0], context))
    if kind == "binary":
        op = str(node.value)
        if op == "and":
            return to_bool(_eval(node.children[0], context)) and to_bool(
                _eval(node.children[1], context)
            )
        if op == "or":
            return to_bool(_eval(node.children[0], context)) or to_bool(
                _eval(node.children[1], context)
            )
        left = _eval(node.children[0], context)
        right = _eval(node.children[1], context)
        if op in {"=", "!=", "<", "<=", ">", ">="}:
            return _compare(op, left, right)
        if op == "|":
            return _as_list(left) + _as_list(right)
        return _arithmetic(op, left, right)
    if kind == "call":
        function = FUNCTIONS[str(node.value)]
        if function.lazy:
            return function.body(context, list(node.children))  # type: ignore[arg-type]
        arguments = [_eval(child, context) for child in node.children]
        return function.body(context, arguments)  # type: ignore[arg-type]
    raise ExpressionError(gettext_noop("Cannot evaluate %(kind)s."), kind=kind)


def _as_list(value: Value) -> list[Value]:
    return list(value) if isinstance(value, list) else [value]


# --- functions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Function:
    body: Callable[[Context, list[Value]], Value] | Callable[[Context, list[Node]], Value]
    arity: tuple[int, int | None]
    lazy: bool = False  # receives the argument nodes instead of their values


def _if(context: Context, nodes: list[Node]) -> Value:
    condition = to_bool(_eval(nodes[0], context))
    return _eval(nodes[1] if condition else nodes[2], context)


def _coalesce(context: Context, nodes: list[Node]) -> Value:
    for node in nodes:
        value = _first(_eval(node, context))
        if to_string(value) != "":
            return value
    return ""


def _once(context: Context, nodes: list[Node]) -> Value:
    current = context.current()
    if to_string(current) != "":
        return current
    return _eval(nodes[0], context)


def _round(_c: Context, a: list[Value]) -> Value:
    number = to_number(a[0])
    digits = int(to_number(a[1])) if len(a) > 1 else 0
    if math.isnan(number) or math.isinf(number):
        return number
    factor = 10.0**digits
    # XPath rounds halves up (towards positive infinity), not to even.
    return math.floor(number * factor + 0.5) / factor


def _int(_c: Context, a: list[Value]) -> Value:
    number = to_number(a[0])
    if math.isnan(number) or math.isinf(number):
        return number
    return float(math.trunc(number))


def _substr(_c: Context, a: list[Value]) -> Value:
    text = to_string(a[0])
    start = to_number(a[1])
    end = to_number(a[2]) if len(a) > 2 else float(len(text))
    if math.isnan(start) or math.isnan(end):
        return ""
    return text[max(0, int(start)) : max(0, int(end))]


def _regex(_c: Context, a: list[Value]) -> Value:
    text, pattern = to_string(a[0]), to_string(a[1])
    if len(pattern) > 500 or len(text) > 10_000:
        raise ExpressionError(gettext_noop("The text or the pattern of regex() is too long."))
    try:
        return re.search(pattern, text) is not None
    except re.error as exc:
        raise ExpressionError(
            gettext_noop("regex() has an invalid pattern: %(error)s."), error=str(exc)
        ) from None


def _format_date(context: Context, a: list[Value]) -> Value:
    when = to_date(a[0])
    if when is None:
        return ""
    pattern = to_string(a[1])
    replacements = {
        "%Y": f"{when.year:04d}",
        "%y": f"{when.year % 100:02d}",
        "%m": f"{when.month:02d}",
        "%n": str(when.month),
        "%d": f"{when.day:02d}",
        "%e": str(when.day),
        "%b": when.strftime("%b"),
        "%a": when.strftime("%a"),
    }
    return re.sub(r"%[Yymndeba]", lambda m: replacements[m.group()], pattern)


def _date(_c: Context, a: list[Value]) -> Value:
    result = to_date(a[0])
    if result is None:
        return ""
    return result


def _numbers(values: list[Value]) -> list[float]:
    flat: list[Value] = []
    for value in values:
        flat.extend(_as_list(value))
    return [to_number(v) for v in flat if to_string(v) != ""]


def _sum(_c: Context, a: list[Value]) -> Value:
    return float(sum(_numbers(a)))


def _min(_c: Context, a: list[Value]) -> Value:
    numbers = _numbers(a)
    return min(numbers) if numbers else math.nan


def _max(_c: Context, a: list[Value]) -> Value:
    numbers = _numbers(a)
    return max(numbers) if numbers else math.nan


def _count(_c: Context, a: list[Value]) -> Value:
    value = a[0]
    if isinstance(value, list):
        return float(len(value))
    if isinstance(value, float):
        return value  # count(${repeat}) where the context gives the number of instances
    return 1.0 if to_string(value) != "" else 0.0


def _count_non_empty(_c: Context, a: list[Value]) -> Value:
    return float(sum(1 for v in _as_list(a[0]) if to_string(v) != ""))


def _join(_c: Context, a: list[Value]) -> Value:
    separator = to_string(a[0])
    items: list[Value] = []
    for value in a[1:]:
        items.extend(_as_list(value))
    return separator.join(to_string(v) for v in items)


def _indexed_repeat(_c: Context, a: list[Value]) -> Value:
    values = _as_list(a[0])
    index = to_number(a[-1])
    if math.isnan(index) or not 1 <= index <= len(values):
        return ""
    return values[int(index) - 1]


def _selected_at(_c: Context, a: list[Value]) -> Value:
    items = _selected_items(a[0])
    index = to_number(a[1])
    if math.isnan(index) or not 0 <= index < len(items):
        return ""
    return items[int(index)]


def _choice_name(context: Context, a: list[Value]) -> Value:
    question = to_string(a[1]).strip()
    if question.startswith("${") and question.endswith("}"):
        question = question[2:-1].strip()
    return context.choice_label(question, to_string(a[0]))


def _string_function(func: Callable[[str], Value]) -> Callable[[Context, list[Value]], Value]:
    return lambda _c, a: func(to_string(a[0]))


def _pow(_c: Context, a: list[Value]) -> Value:
    try:
        return float(math.pow(to_number(a[0]), to_number(a[1])))
    except (OverflowError, ValueError):
        return math.nan


def _today(context: Context, _a: list[Value]) -> Value:
    return context.today()


def _math(func: Callable[[float], float]) -> Callable[[Context, list[Value]], Value]:
    def apply(_c: Context, a: list[Value]) -> Value:
        number = to_number(a[0])
        if math.isnan(number) or math.isinf(number):
            return number
        try:
            return float(func(number))
        except ValueError:
            return math.nan

    return apply


FUNCTIONS: dict[str, Function] = {
    "selected": Function(lambda _c, a: to_string(a[1]) in _selected_items(a[0]), (2, 2)),
    "count-selected": Function(lambda _c, a: float(len(_selected_items(a[0]))), (1, 1)),
    "selected-at": Function(_selected_at, (2, 2)),
    "jr:choice-name": Function(_choice_name, (2, 2)),
    "if": Function(_if, (3, 3), lazy=True),
    "coalesce": Function(_coalesce, (2, None), lazy=True),
    "once": Function(_once, (1, 1), lazy=True),
    "not": Function(lambda _c, a: not to_bool(a[0]), (1, 1)),
    "true": Function(lambda _c, a: True, (0, 0)),
    "false": Function(lambda _c, a: False, (0, 0)),
    "boolean": Function(lambda _c, a: to_bool(a[0]), (1, 1)),
    "boolean-from-string": Function(
        lambda _c, a: to_string(a[0]).strip().lower() in {"true", "1"}, (1, 1)
    ),
    "number": Function(lambda _c, a: to_number(a[0]), (1, 1)),
    "string": Function(lambda _c, a: to_string(a[0]), (1, 1)),
    "int": Function(_int, (1, 1)),
    "round": Function(_round, (1, 2)),
    "floor": Function(_math(math.floor), (1, 1)),
    "ceiling": Function(_math(math.ceil), (1, 1)),
    "abs": Function(_math(abs), (1, 1)),
    "sqrt": Function(_math(math.sqrt), (1, 1)),
    "pow": Function(_pow, (2, 2)),
    "string-length": Function(lambda _c, a: float(len(to_string(a[0]))), (1, 1)),
    "normalize-space": Function(_string_function(lambda s: " ".join(s.split())), (1, 1)),
    "concat": Function(lambda _c, a: "".join(to_string(v) for v in a), (0, None)),
    "contains": Function(lambda _c, a: to_string(a[1]) in to_string(a[0]), (2, 2)),
    "starts-with": Function(lambda _c, a: to_string(a[0]).startswith(to_string(a[1])), (2, 2)),
    "ends-with": Function(lambda _c, a: to_string(a[0]).endswith(to_string(a[1])), (2, 2)),
    "substr": Function(_substr, (2, 3)),
    "regex": Function(_regex, (2, 2)),
    "today": Function(_today, (0, 0)),
    "now": Function(_today, (0, 0)),
    "date": Function(_date, (1, 1)),
    "format-date": Function(_format_date, (2, 2)),
    "decimal-date-time": Function(lambda _c, a: to_number(a[0]), (1, 1)),
    "count": Function(_count, (1, 1)),
    "count-non-empty": Function(_count_non_empty, (1, 1)),
    "sum": Function(_sum, (1, 1)),
    "min": Function(_min, (1, None)),
    "max": Function(_max, (1, None)),
    "join": Function(_join, (2, None)),
    "position": Function(lambda c, _a: float(c.position()), (0, 1)),
    "indexed-repeat": Function(_indexed_repeat, (3, 7)),
}

#: XLSForm functions that need data Teilhabe does not have (external files, devices).
UNSUPPORTED_FUNCTIONS = {
    "pulldata",
    "instance",
    "random",
    "randomize",
    "uuid",
    "digest",
    "distance",
    "area",
    "geofence",
    "checklist",
    "weighted-checklist",
    "base64-decode",
    "encrypt-string",
    "decrypt-string",
    "current",
    "property",
    "version",
}


def check(
    text: str, known: Sequence[str] | set[str], *, choice_fields: bool = False
) -> list[Message]:
    """Problems of an expression in plain words: syntax, unknown questions."""
    try:
        names = references(text, choice_fields=choice_fields)
    except ExpressionError as exc:
        return [exc.message]
    return [
        Message(
            gettext_noop("It refers to ${%(name)s}, but there is no such question."), {"name": name}
        )
        for name in sorted(names - set(known))
    ]
