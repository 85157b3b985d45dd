"""Where the translation catalogues live.

The foundation's strings are in ``teilhabe/locale``. A module app may keep its own
catalogue in ``teilhabe/<app>/locale`` (Django reads both), so that modules developed
side by side never edit the same file. ``teilhabe i18n_update`` refreshes all of them,
``teilhabe i18n_compile`` compiles all of them, and tests/test_i18n.py checks all of them.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings


def module_locale_dirs() -> list[Path]:
    """``locale`` folders of Teilhabe apps that keep their own catalogue."""
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("teilhabe."):
            folder = Path(config.path) / "locale"
            if folder.is_dir():
                found.append(folder)
    return found


def catalogue_dirs() -> list[Path]:
    return [Path(p) for p in settings.LOCALE_PATHS] + module_locale_dirs()
