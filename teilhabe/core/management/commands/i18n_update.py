"""Collect the translatable strings into every catalogue (needs GNU gettext's xgettext).

Runs ``makemessages`` once for the foundation (``teilhabe/locale``) and once inside each
module app that keeps its own ``locale`` folder, for every language in ``LANGUAGES``.
Then translate the new entries and run ``teilhabe i18n_compile``.
"""

from __future__ import annotations

from contextlib import chdir
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from teilhabe.core.i18n import module_locale_dirs

IGNORE = [".venv", "var", "node_modules", "tests", "*/tests/*", "benchmarks"]


class Command(BaseCommand):
    help = "Collect new and changed UI strings into the foundation's and the modules' catalogues."

    def handle(self, *args: Any, **options: Any) -> None:
        package = Path(settings.PACKAGE_DIR)
        languages = [code for code, _ in settings.LANGUAGES]
        modules = [folder.parent for folder in module_locale_dirs()]
        common = {
            "locale": languages,
            "no_location": True,
            "verbosity": max(0, options["verbosity"] - 1),
        }
        with chdir(package.parent):
            ignore = IGNORE + [f"{m.relative_to(package.parent)}/*" for m in modules]
            call_command("makemessages", ignore_patterns=ignore, **common)
        for module in modules:
            # Inside the module, with no project-wide LOCALE_PATHS, makemessages writes
            # to the module's own locale folder.
            with chdir(module), override_settings(LOCALE_PATHS=[]):
                call_command("makemessages", ignore_patterns=IGNORE, **common)
        self.stdout.write(f"Updated the foundation catalogue and {len(modules)} module catalogues.")
