"""Multilingual surveys of newcomers: XLSForm-compatible questionnaires, public answer
pages, analysis with small-group protection, exports."""
