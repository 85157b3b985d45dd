"""The survey engine: a plain library (no Django imports).

* :mod:`.expressions` parses and evaluates XLSForm expressions (``${field}``,
  ``selected()``, ``if()`` …) without ``eval``;
* :mod:`.form` is the questionnaire definition (questions, groups, repeats, choices,
  texts per language with their translation status, media per language) and what a
  respondent's answers mean for it (pages, relevance, validation, calculations);
* :mod:`.xlsform` reads XLSForms through pyxform and writes them back;
* :mod:`.disclosure` is the small-group protection;
* :mod:`.analysis` aggregates responses in DuckDB;
* :mod:`.stats` holds the chi-square test.
"""
