"""Plain-language texts for the problems the Django-free parts report as codes.

The engine and the file readers report problems as a code with parameters (they know no
languages); this module turns them into sentences in the user's language.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from teilhabe.monitoring.analytics.formula import FormulaProblem


def _formula_texts() -> dict[str, str]:
    return {
        "empty": _("The formula is empty."),
        "too_long": _("The formula is too long (at most %(max)s characters)."),
        "unexpected_end": _("The formula ends too early: a number or #{measure} is missing."),
        "missing_paren": _("A closing parenthesis “)” is missing."),
        "unexpected": _("“%(text)s” is not expected here."),
        "character": _(
            "“%(text)s” is not part of the formula language; measures are written as #{code}, "
            "decimal numbers with a point."
        ),
        "stray_brace": _("“%(text)s” stands alone; a measure is written as #{code}."),
        "measure_code": _("“%(text)s” is not a measure code (lower-case letters, digits, _)."),
        "modifier": _("“%(text)s” is neither a filter (category=option) nor lag=N."),
        "lag": _("The lag “%(text)s” must be a whole number from 0 to %(max)s."),
        "options": _("The filter on “%(category)s” names no valid options: “%(text)s”."),
        "filter_twice": _("“%(category)s” is filtered twice in one operand."),
        "unknown_measure": _("There is no measure “%(measure)s”."),
        "not_additive_filter": _(
            "“%(measure)s” is a published rate; it cannot be filtered or lagged."
        ),
        "unknown_category": _(
            "“%(measure)s” is not broken down by “%(category)s” (it is by: %(known)s)."
        ),
        "unknown_option": _("“%(category)s” has no option “%(option)s” (options: %(known)s)."),
    }


def formula_problem_text(problem: FormulaProblem, text: str) -> str:
    template = _formula_texts().get(problem.code, problem.code)
    message = template % problem.param_dict if "%(" in template else template
    if problem.position and problem.position < len(text):
        return _("At character %(position)s: %(message)s") % {
            "position": problem.position + 1,
            "message": message,
        }
    if problem.position and text.strip():
        return _("At the end: %(message)s") % {"message": message}
    return message


def _import_texts() -> dict[str, str]:
    return {
        # Files as a whole
        "too_large": _(
            "The file is larger than %(max_mb)s MB. Split it or leave out columns you do not need."
        ),
        "empty_file": _("The file is empty."),
        "encoding": _(
            "The file is not readable text (%(detail)s). Save it as CSV in UTF-8 or as an Excel file (.xlsx)."
        ),
        "binary": _("This is not a CSV or XLSX file. Save the table as CSV (UTF-8) or .xlsx."),
        "not_xlsx": _("The file is not a valid Excel workbook (.xlsx): %(detail)s"),
        "zip_bomb": _(
            "The workbook would unpack to more than %(max_mb)s MB (or is compressed suspiciously strongly); "
            "it was not opened. Save it again in Excel or export it as CSV."
        ),
        "xlsx_members": _("The workbook contains too many parts (%(count)s); it was not opened."),
        "xlsx_macro": _("Workbooks with macros (.xlsm) are not accepted; save it as .xlsx."),
        "sheet_missing": _("The workbook has no sheet “%(sheet)s” (sheets: %(known)s)."),
        "too_many_rows": _("The file has more than %(max)s rows; split it into smaller files."),
        "timeout": _("Reading the file took longer than %(seconds)s seconds and was stopped."),
        "csv_broken": _("The CSV structure is broken (%(detail)s)."),
        "genesis": _("%(detail)s"),
        "no_header": _("No header row found: the first row must name the columns."),
        "duplicate_header": _("The column name “%(name)s” appears twice in the header."),
        # Rows and cells
        "ragged": _("The row has %(found)s cells, the header has %(expected)s."),
        "formula_cell": _(
            "The cell contains a formula (%(formula)s) without a stored result. "
            "Save the workbook in Excel once, or paste the values only."
        ),
        "unknown_area": _("“%(text)s” is not a known area key or name in this district."),
        "unknown_area_suggest": _(
            "“%(text)s” is not a known area name. Did you mean %(suggestions)s?"
        ),
        "foreign_area": _(
            "“%(text)s” (%(name)s) lies outside this district; only your own areas can be imported."
        ),
        "ambiguous_area": _(
            "“%(text)s” is the name of several areas (keys %(keys)s); use the key instead."
        ),
        "area_not_valid": _("“%(text)s” (%(name)s) did not exist in %(period)s."),
        "not_a_number": _("“%(text)s” is not a number."),
        "negative": _("“%(text)s” is negative; counts cannot be below zero."),
        "not_whole": _("“%(text)s” is not a whole number; this measure counts people or cases."),
        "bad_period": _("“%(text)s” is not a year (like 2023) or a date (like 31.12.2023)."),
        "period_range": _("The period %(text)s lies outside the range %(first)s–%(last)s."),
        "unknown_option": _(
            "“%(text)s” in the column for “%(category)s” is not mapped to an option (options: %(known)s)."
        ),
        "duplicate": _("This row repeats row %(first)s (same area, period and categories)."),
        "missing_value": _("The value is missing."),
        "symbol_value": _(
            "“%(text)s” is a statistics symbol; the value is stored as not available."
        ),
        "records_value": _("“%(text)s” cannot be counted."),
        "no_rows": _("The file contains no data rows."),
        "mapping": _("The mapping is incomplete: %(detail)s"),
        "rate_range": _("“%(text)s” is not a share between 0 and 100."),
        "genesis_no_area": _("The table has no column with area keys the import understands."),
        "not_a_rates_file": _(
            "This is not a file of published rates the import knows (%(detail)s)."
        ),
        "bad_birth_date": _("“%(text)s” is not a date of birth (like 31.12.1990)."),
        "internal": _("The import stopped because of an error on our side; nothing was changed."),
        "genesis_label": _("The column “%(label)s” is not mapped; map it or leave it out."),
    }


def import_problem_text(code: str, params: dict[str, Any]) -> str:
    template = _import_texts().get(code, code)
    try:
        return template % params if "%(" in template else template
    except (KeyError, TypeError, ValueError):
        return template
