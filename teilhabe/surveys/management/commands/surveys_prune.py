"""``teilhabe surveys-prune``: delete respondents' unfinished answers that have waited
too long, and outdated copies of responses kept for the analysis."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from teilhabe.surveys.services import drafts_prune


class Command(BaseCommand):
    help = (
        "Delete unfinished survey answers not saved for TEILHABE_SURVEYS_DRAFT_DAYS days "
        "(their private links stop working). Run it daily, like jobs-prune."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="override TEILHABE_SURVEYS_DRAFT_DAYS for this run",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = (
            options["days"] if options["days"] is not None else settings.TEILHABE_SURVEYS_DRAFT_DAYS
        )
        deleted = drafts_prune(older_than_days=days)
        self.stdout.write(f"{deleted} unfinished survey answers older than {days} days deleted.")
