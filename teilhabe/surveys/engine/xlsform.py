"""XLSForm in and out.

:func:`read_xlsform` lets pyxform parse and validate a workbook (its errors come back
with their row numbers, in plain words), then builds Teilhabe's questionnaire from the
sheets' rows. Whatever Teilhabe cannot represent (metadata such as ``start``, geopoints,
``pulldata()`` …) is listed in the result's ``notes``; nothing is dropped silently.

:func:`write_xlsform` writes a questionnaire as an ``.xlsx`` XLSForm that pyxform
converts without errors. Texts that XLSForm has no column for (introduction, consent,
thank-you page) and the translation records travel in an extra sheet ``teilhabe``,
which XLSForm tools ignore, so that import → export → import keeps everything.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .expressions import ExpressionError, UnsupportedExpressionError, parse
from .form import (
    CALCULATE,
    CHOICE_TYPES,
    FORM_TEXTS,
    GROUP,
    INPUT_TYPES,
    MEDIA_KINDS,
    NOTE,
    QUESTION_TEXTS,
    REPEAT,
    Form,
    empty_definition,
)
from .messages import Message, gettext_noop

MAX_UNPACKED_BYTES = 50 * 1024 * 1024

#: Language names for XLSForm columns (``label::Arabic (ar)``), as KoBoToolbox writes them.
LANGUAGE_NAMES = {
    "de": "German",
    "de-ls": "Leichte Sprache",
    "en": "English",
    "ar": "Arabic",
    "uk": "Ukrainian",
    "ru": "Russian",
    "fa": "Persian",
    "prs": "Dari",
    "tr": "Turkish",
    "ro": "Romanian",
    "bg": "Bulgarian",
    "ps": "Pashto",
    "ku": "Kurdish",
    "kmr": "Kurmanji",
    "ckb": "Sorani",
    "ti": "Tigrinya",
    "so": "Somali",
    "fr": "French",
    "es": "Spanish",
    "pl": "Polish",
    "sq": "Albanian",
    "sr": "Serbian",
    "vi": "Vietnamese",
}
#: Names without a code that forms use in the wild.
_NAME_TO_CODE = {
    **{name.lower(): code for code, name in LANGUAGE_NAMES.items()},
    "deutsch": "de",
    "englisch": "en",
    "arabisch": "ar",
    "farsi": "fa",
    "ukrainisch": "uk",
    "russisch": "ru",
    "türkisch": "tr",
    "rumänisch": "ro",
    "bulgarisch": "bg",
    "easy german": "de-ls",
    "einfache sprache": "de-ls",
}
_EASY = ("leicht", "easy", "plain", "einfach")

#: XLSForm question types Teilhabe reads, with aliases.
_TYPE_ALIASES = {
    "text": "text",
    "string": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "note": "note",
    "calculate": "calculate",
    "range": "range",
}
_METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "imei",
    "username",
    "phonenumber",
    "simserial",
    "subscriberid",
    "email",
    "audit",
    "start-geopoint",
    "background-audio",
}
_COLUMN_ALIASES = {
    "relevance": "relevant",
    "constraint message": "constraint_message",
    "required message": "required_message",
    "calculate": "calculation",
    "choice filter": "choice_filter",
    "repeat count": "repeat_count",
    "list name": "list_name",
    "bind::relevant": "relevant",
    "bind::required": "required",
    "bind::constraint": "constraint",
    "bind::calculate": "calculation",
    "bind::jr:constraintmsg": "constraint_message",
    "bind::jr:requiredmsg": "required_message",
    "body::appearance": "appearance",
    "control::appearance": "appearance",
    "big-image": "image",
}
_PLAIN_COLUMNS = (
    "required",
    "relevant",
    "constraint",
    "calculation",
    "default",
    "choice_filter",
    "appearance",
    "parameters",
    "repeat_count",
)
_TRANSLATABLE = (*QUESTION_TEXTS, *MEDIA_KINDS)
_KEPT_QUIETLY = {"type", "name", "list_name"}


@dataclass
class Note:
    """Something about the import: where (sheet, row) and what, in plain words."""

    message: Message
    sheet: str = ""
    row: int | None = None


@dataclass
class ImportResult:
    form: Form | None
    errors: list[Note] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.form is not None and not self.errors


def split_column(column: str) -> tuple[str, str]:
    """``'label::Arabic (ar)'`` → ``('label', 'Arabic (ar)')``; ``'label'`` → ``('label', '')``."""
    base, _, language = column.partition("::")
    base = base.strip().lower()
    if base in {"media", "bind", "body", "control", "instance"} and "::" in language:
        # media::image::Arabic (ar)
        base, _, language = language.partition("::")
        base = base.strip().lower()
    elif base in {"bind", "body", "control"}:
        return _COLUMN_ALIASES.get(column.strip().lower(), column.strip().lower()), ""
    base = _COLUMN_ALIASES.get(base, base)
    return base, language.strip()


def language_code(name: str) -> str | None:
    """Teilhabe's code for an XLSForm language name (``'Arabic (ar)'`` → ``'ar'``)."""
    match = re.match(r"^(.*?)\s*\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\)\s*$", name)
    if match:
        label, code = match.group(1).strip().lower(), match.group(2).lower()
        if code == "de" and any(word in label for word in _EASY):
            return "de-ls"
        return code
    return _NAME_TO_CODE.get(name.strip().lower())


def language_column(code: str) -> str:
    name = LANGUAGE_NAMES.get(code, code)
    return f"{name} ({'de' if code == 'de-ls' else code})"


# --- reading ----------------------------------------------------------------------------------


def _check_archive(data: bytes) -> Message | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return Message(
            gettext_noop(
                "This file is not an Excel workbook (.xlsx). Save the form as .xlsx and try again."
            )
        )
    if total > MAX_UNPACKED_BYTES:
        return Message(
            gettext_noop(
                "The workbook unpacks to more than 50 MB; a questionnaire is never that large."
            )
        )
    return None


_ROW = re.compile(r"\[row\s*:\s*(\d+)\]\s*")


def _pyxform_note(exc: Exception) -> Note:
    text = str(exc).strip()
    context = getattr(exc, "context", None) or {}
    row = context.get("row") if isinstance(context, dict) else None
    match = _ROW.search(text)
    if match:
        row = row or int(match.group(1))
        text = _ROW.sub("", text)
    sheet = str(context.get("sheet", "")) if isinstance(context, dict) else ""
    return Note(
        Message(gettext_noop("The form checker says: %(text)s"), {"text": text}),
        sheet or "survey",
        row,
    )


def read_xlsform(data: bytes, *, source_language: str = "de") -> ImportResult:
    """Read an ``.xlsx`` XLSForm (bytes) into a questionnaire, with everything worth saying."""
    problem = _check_archive(data)
    if problem is not None:
        return ImportResult(None, errors=[Note(problem)])

    from pyxform import xls2json_backends
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    try:
        convert(xlsform=data, file_type=".xlsx", warnings=warnings)
        sheets = xls2json_backends.get_xlsform(data, file_type=".xlsx")
    except PyXFormError as exc:
        note = _pyxform_note(exc)
        if note.row is None:
            note.row = _guess_row(data, str(exc))
        return ImportResult(None, errors=[note])
    except (ValueError, KeyError, TypeError) as exc:  # pyxform's own bugs on odd input
        return ImportResult(
            None,
            errors=[
                Note(
                    Message(
                        gettext_noop("The form could not be read: %(error)s"), {"error": str(exc)}
                    )
                )
            ],
        )
    result = ImportResult(None)
    for warning in warnings:
        for line in str(warning).splitlines():
            if line.strip():
                row_match = _ROW.search(line)
                result.warnings.append(
                    Note(
                        Message(
                            gettext_noop("The form checker warns: %(text)s"),
                            {"text": _ROW.sub("", line).strip()},
                        ),
                        "survey",
                        int(row_match.group(1)) if row_match else None,
                    )
                )
    builder = _Builder(result, source_language)
    builder.settings(list(sheets.settings or []))
    builder.choices(list(sheets.choices or []))
    builder.survey(list(sheets.survey or []))
    builder.teilhabe_sheet(data)
    result.form = builder.finish()
    return result


def _guess_row(data: bytes, message: str) -> int | None:
    """pyxform names some problems without their row; find the row by the quoted value."""
    match = re.search(r"'([^']+)'", message)
    if not match:
        return None
    wanted = match.group(1)
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for name in workbook.sheetnames:
            if name.lower() != "survey":
                continue
            for number, row in enumerate(workbook[name].iter_rows(values_only=True), start=1):
                if any(str(cell).strip() == wanted for cell in row if cell is not None):
                    return number
    finally:
        workbook.close()
    return None


class _Builder:
    def __init__(self, result: ImportResult, source_language: str) -> None:
        self.result = result
        self.data = empty_definition(title="", language=source_language)
        self.data["languages"] = []
        self.data["reviewed"] = []
        self.default_language = ""
        self.languages: dict[str, str] = {}  # XLSForm language name → code
        self.unnamed_reported = False

    def note(self, text: str, sheet: str = "", at: int | None = None, /, **params: Any) -> None:
        self.result.notes.append(Note(Message(text, params), sheet, at))

    def language(self, name: str, sheet: str, row: int | None) -> str:
        if not name:
            code = self.default_language or self.data["source_language"]
            if not self.unnamed_reported and self.languages:
                self.unnamed_reported = True
                self.note(
                    gettext_noop(
                        "Some texts have no language (a column such as 'label' without '::'); "
                        "Teilhabe read them as %(language)s. Change this in the builder if it is wrong."
                    ),
                    sheet,
                    row,
                    language=code,
                )
        elif name in self.languages:
            code = self.languages[name]
        else:
            found = language_code(name)
            if found is None:
                found = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:20] or "xx"
                self.note(
                    gettext_noop(
                        "The language %(name)s has no language code such as '(ar)'; Teilhabe calls it "
                        "%(code)s. Add the code in the form to be sure."
                    ),
                    sheet,
                    row,
                    name=repr(name),
                    code=repr(found),
                )
            self.languages[name] = found
            code = found
        if code not in self.data["languages"]:
            self.data["languages"].append(code)
        return code

    def settings(self, rows: list[dict[str, Any]]) -> None:
        row = rows[0] if rows else {}
        if row.get("default_language"):
            value = str(row["default_language"])
            self.default_language = language_code(value) or value
            self.languages[value] = self.default_language
        for key, value in row.items():
            if value is None:
                continue
            base, lang = split_column(key)
            if base == "form_title":
                code = self.language(lang, "settings", 2) if lang else ""
                self.data["title"][
                    code or self.default_language or self.data["source_language"]
                ] = str(value)
            elif base == "default_language":
                continue
            elif base in {"public_key", "submission_url"}:
                self.note(
                    gettext_noop(
                        "The setting %(name)s has no effect in Teilhabe (answers stay on this server)."
                    ),
                    "settings",
                    2,
                    name=repr(base),
                )
                self.data["settings"][base] = str(value)
            else:
                self.data["settings"][base] = str(value)
        if self.default_language:
            self.data["source_language"] = self.default_language

    def choices(self, rows: list[dict[str, Any]]) -> None:
        lists: dict[str, list[dict[str, Any]]] = self.data["choice_lists"]
        for index, row in enumerate(rows):
            number = index + 2
            if not row:
                continue
            list_name = str(row.get("list_name") or row.get("list name") or "").strip()
            name = str(row.get("name") or "").strip()
            if not list_name or not name:
                continue
            choice: dict[str, Any] = {"name": name, "label": {}, "media": {}, "extra": {}}
            for column, value in row.items():
                if value is None or column in {"list_name", "list name", "name"}:
                    continue
                base, lang = split_column(column)
                if base == "label":
                    choice["label"][self.language(lang, "choices", number)] = str(value)
                elif base in MEDIA_KINDS:
                    choice["media"].setdefault(base, {})[self.language(lang, "choices", number)] = (
                        str(value)
                    )
                else:
                    choice["extra"][column] = str(value)
            lists.setdefault(list_name, []).append(choice)

    def survey(self, rows: list[dict[str, Any]]) -> None:
        stack: list[list[dict[str, Any]]] = [self.data["elements"]]
        skipped: set[str] = set()
        for index, row in enumerate(rows):
            number = index + 2
            if not row:
                continue
            raw_type = " ".join(str(row.get("type") or "").split())
            if not raw_type:
                continue
            kind, _, rest = raw_type.partition(" ")
            kind = kind.lower().replace("-", "_") if kind.lower() not in _METADATA else kind.lower()
            if raw_type.lower() in {"begin group", "begin repeat", "end group", "end repeat"}:
                kind, rest = raw_type.lower().replace(" ", "_"), ""
            name = str(row.get("name") or "").strip()
            if kind in {"end_group", "end_repeat"}:
                if len(stack) > 1:
                    stack.pop()
                continue
            if kind in {"begin_group", "begin_repeat"}:
                element = self.element(
                    GROUP if kind == "begin_group" else REPEAT, name, row, number
                )
                element["children"] = []
                stack[-1].append(element)
                stack.append(element["children"])
                continue
            if kind in _METADATA:
                self.note(
                    gettext_noop(
                        "Row %(row)d: %(type)s is not recorded; Teilhabe stores no device data and, "
                        "for anonymous surveys, only the day of an answer."
                    ),
                    "survey",
                    number,
                    row=number,
                    type=repr(kind),
                )
                skipped.add(name)
                continue
            if kind in CHOICE_TYPES:
                list_name, _, suffix = rest.partition(" ")
                if suffix.strip() == "or_other":
                    self.note(
                        gettext_noop(
                            "Row %(row)d: 'or_other' was left out; add an 'other' choice and a text "
                            "question for it in the builder."
                        ),
                        "survey",
                        number,
                        row=number,
                    )
                element = self.element(kind, name, row, number)
                element["list"] = list_name
                stack[-1].append(element)
                continue
            if kind in _TYPE_ALIASES:
                element = self.element(_TYPE_ALIASES[kind], name, row, number)
                stack[-1].append(element)
                continue
            self.note(
                gettext_noop(
                    "Row %(row)d: the question %(name)s of type %(type)s was left out; Teilhabe "
                    "does not support this type."
                ),
                "survey",
                number,
                row=number,
                name=repr(name),
                type=repr(raw_type),
            )
            skipped.add(name)
        self.skipped = skipped

    def element(self, kind: str, name: str, row: dict[str, Any], number: int) -> dict[str, Any]:
        element: dict[str, Any] = {"type": kind, "name": name, "media": {}, "extra": {}}
        for column, value in row.items():
            if value is None or column in _KEPT_QUIETLY:
                continue
            base, lang = split_column(column)
            text = str(value)
            if base in QUESTION_TEXTS:
                element.setdefault(base, {})[self.language(lang, "survey", number)] = text
            elif base in MEDIA_KINDS:
                element["media"].setdefault(base, {})[self.language(lang, "survey", number)] = text
            elif base in _PLAIN_COLUMNS:
                if base == "required" and text.strip().lower() in {"yes", "true", "true()", "1"}:
                    text = "yes"
                elif base == "required" and text.strip().lower() in {"no", "false", "false()", "0"}:
                    continue
                element[base] = text
                self.check_expression(base, text, number)
            else:
                element["extra"][column] = text
                if base not in {"autoplay", "read_only", "guidance_hint", "label"}:
                    self.note(
                        gettext_noop(
                            "Row %(row)d: the column %(column)s is kept for export but has no effect "
                            "in Teilhabe."
                        ),
                        "survey",
                        number,
                        row=number,
                        column=repr(column),
                    )
                elif base == "guidance_hint":
                    self.note(
                        gettext_noop(
                            "Row %(row)d: guidance hints are kept for export but not shown to respondents."
                        ),
                        "survey",
                        number,
                        row=number,
                    )
                elif base == "read_only":
                    self.note(
                        gettext_noop(
                            "Row %(row)d: 'read_only' is kept for export; Teilhabe shows the question as usual."
                        ),
                        "survey",
                        number,
                        row=number,
                    )
        if kind in (GROUP, REPEAT) and not element.get("label"):
            element.pop("label", None)
        return element

    def check_expression(self, column: str, text: str, number: int) -> None:
        if column in {"appearance", "parameters"} or (column == "required" and text == "yes"):
            return
        if column == "default" and "${" not in text and "(" not in text:
            return
        try:
            parse(text, choice_fields=column == "choice_filter")
        except UnsupportedExpressionError as exc:
            self.note(
                gettext_noop(
                    "Row %(row)d (%(column)s): %(problem)s The expression is kept but not evaluated."
                ),
                "survey",
                number,
                row=number,
                column=column,
                problem=str(exc),
            )
        except ExpressionError as exc:
            self.note(
                gettext_noop("Row %(row)d (%(column)s): %(problem)s"),
                "survey",
                number,
                row=number,
                column=column,
                problem=str(exc),
            )

    def teilhabe_sheet(self, data: bytes) -> None:
        """Texts and records only Teilhabe has (see :func:`write_xlsform`)."""
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if "teilhabe" not in workbook.sheetnames:
                return
            rows = list(workbook["teilhabe"].iter_rows(values_only=True))
        finally:
            workbook.close()
        if not rows:
            return
        header = [str(c or "") for c in rows[0]]
        for values in rows[1:]:
            record = dict(zip(header, values, strict=False))
            key = str(record.get("key") or "")
            if key in FORM_TEXTS:
                for column, value in record.items():
                    base, lang = split_column(column)
                    if base == "text" and value:
                        self.data[key][self.language(lang, "teilhabe", None)] = str(value)
            elif key in {"reviewed", "sources", "source_language", "languages"}:
                try:
                    self.data[key] = (
                        json.loads(str(record.get("value") or "null")) or self.data[key]
                    )
                except json.JSONDecodeError:
                    continue

    def finish(self) -> Form:
        if not self.data["languages"]:
            self.data["languages"] = [self.data["source_language"]]
        if self.data["source_language"] not in self.data["languages"]:
            # The form has no text in the language Teilhabe expected; use its first one.
            self.data["source_language"] = self.data["languages"][0]
        if not self.data["reviewed"]:
            self.data["reviewed"] = [self.data["source_language"]]
        if not self.data["title"]:
            title = (
                self.data["settings"].get("form_title")
                or self.data["settings"].get("form_id")
                or "Fragebogen"
            )
            self.data["title"] = {self.data["source_language"]: title}
        form = Form(self.data)
        if not self.data["sources"]:
            form.mark_all_current()
        for problem in form.problems():
            self.result.notes.append(Note(problem, "survey"))
        return form


# --- writing ----------------------------------------------------------------------------------


def _language_columns(form: Form, base: str) -> list[tuple[str, str]]:
    return [(f"{base}::{language_column(code)}", code) for code in form.languages]


def write_xlsform(form: Form) -> bytes:
    """The questionnaire as an XLSForm workbook (``.xlsx`` bytes)."""
    from openpyxl import Workbook

    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    survey = workbook.create_sheet("survey")
    languages = form.languages
    used_media = sorted(
        {kind for element, _ in form.walk() for kind in (element.get("media") or {})}
    )
    extra_columns = sorted(
        {column for element, _ in form.walk() for column in element.get("extra") or {}}
    )
    columns: list[tuple[str, str, str]] = [("type", "", "type"), ("name", "", "name")]
    for base in QUESTION_TEXTS:
        if any(element.get(base) for element, _ in form.walk()) or base == "label":
            columns += [(c, code, base) for c, code in _language_columns(form, base)]
    for base in _PLAIN_COLUMNS:
        if any(element.get(base) for element, _ in form.walk()):
            columns.append((base, "", base))
    for kind in used_media:
        columns += [(c, code, f"media:{kind}") for c, code in _language_columns(form, kind)]
    columns += [(column, "", f"extra:{column}") for column in extra_columns]
    survey.append([c[0] for c in columns])

    def row_for(element: dict[str, Any], kind: str) -> list[Any]:
        cells: list[Any] = []
        for _column, code, base in columns:
            if base == "type":
                cells.append(kind)
            elif base == "name":
                cells.append(element.get("name", ""))
            elif base.startswith("media:"):
                cells.append(((element.get("media") or {}).get(base[6:]) or {}).get(code) or None)
            elif base.startswith("extra:"):
                cells.append((element.get("extra") or {}).get(base[6:]))
            elif base in QUESTION_TEXTS:
                cells.append((element.get(base) or {}).get(code) or None)
            else:
                cells.append(element.get(base) or None)
        return cells

    def write(elements: list[dict[str, Any]]) -> None:
        for element in elements:
            kind = element["type"]
            if kind in (GROUP, REPEAT):
                survey.append(row_for(element, f"begin_{kind}"))
                write(element.get("children", []))
                survey.append([f"end_{kind}"] + [None] * (len(columns) - 1))
            elif kind in CHOICE_TYPES:
                survey.append(row_for(element, f"{kind} {element.get('list', '')}"))
            elif kind in (*INPUT_TYPES, NOTE, CALCULATE):
                survey.append(row_for(element, kind))

    write(form.elements)

    choices = workbook.create_sheet("choices")
    choice_media = sorted(
        {
            kind
            for items in form.choice_lists.values()
            for c in items
            for kind in (c.get("media") or {})
        }
    )
    choice_extra = sorted(
        {
            column
            for items in form.choice_lists.values()
            for c in items
            for column in c.get("extra") or {}
        }
    )
    header = ["list_name", "name"] + [c for c, _ in _language_columns(form, "label")]
    for kind in choice_media:
        header += [c for c, _ in _language_columns(form, kind)]
    choices.append(header + choice_extra)
    for list_name, items in form.choice_lists.items():
        for choice in items:
            row: list[Any] = [list_name, choice["name"]]
            row += [(choice.get("label") or {}).get(code) or None for code in languages]
            for kind in choice_media:
                row += [
                    ((choice.get("media") or {}).get(kind) or {}).get(code) or None
                    for code in languages
                ]
            row += [(choice.get("extra") or {}).get(column) for column in choice_extra]
            choices.append(row)

    settings = workbook.create_sheet("settings")
    setting_values = dict(form.data.get("settings") or {})
    setting_values.pop("default_language", None)
    setting_values.pop("form_title", None)
    setting_values.setdefault("form_id", "teilhabe_survey")
    names = ["form_title", "default_language", *setting_values]
    settings.append(names)
    settings.append(
        [
            form.title(form.source_language),
            language_column(form.source_language),
            *setting_values.values(),
        ]
    )

    extra = workbook.create_sheet("teilhabe")
    extra.append(["key", "value"] + [f"text::{language_column(code)}" for code in languages])
    for key in FORM_TEXTS:
        texts = form.data.get(key) or {}
        extra.append([key, None] + [texts.get(code) or None for code in languages])
    for key in ("source_language", "languages", "reviewed", "sources"):
        extra.append([key, json.dumps(form.data.get(key), ensure_ascii=False)])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def structure(form: Form) -> dict[str, Any]:
    """What a round trip must keep: the definition without empty values (for tests)."""

    def clean(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: clean(v) for k, v in value.items() if v not in ("", None, {}, [])}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return dict(clean(form.data))
