from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from teilhabe.jobs.services import jobs_prune


class Command(BaseCommand):
    help = "Delete finished background jobs (and their result files) older than N days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.TEILHABE_JOB_RESULT_DAYS,
            help="keep jobs younger than this (default: TEILHABE_JOB_RESULT_DAYS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = jobs_prune(before=timezone.now() - timedelta(days=options["days"]))
        self.stdout.write(f"Removed {removed} finished jobs.")
