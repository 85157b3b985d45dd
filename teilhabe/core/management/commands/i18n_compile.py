"""Compile the translation catalogues (.po → .mo) without GNU gettext.

``teilhabe makemessages`` needs GNU gettext (xgettext) to collect new strings;
compiling only needs Babel, a development dependency. The compiled .mo files are
committed, and a test checks that they match their .po files.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from teilhabe.core.i18n import catalogue_dirs


class Command(BaseCommand):
    help = "Compile the .po translation catalogues of Teilhabe to .mo files (uses Babel)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po
        except ImportError:
            raise CommandError(
                "Babel is missing; install the development dependencies (uv sync)."
            ) from None
        count = 0
        for locale_dir in catalogue_dirs():
            for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/django.po")):
                with po_path.open("rb") as handle:
                    catalog = read_po(handle)
                with po_path.with_suffix(".mo").open("wb") as handle:
                    write_mo(handle, catalog, use_fuzzy=False)
                count += 1
                self.stdout.write(f"compiled {po_path.relative_to(locale_dir.parent.parent)}")
        self.stdout.write(f"{count} catalogues compiled.")
