"""teilhabe directory-daily: the directory's scheduled work (run it once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from teilhabe.directory.services.freshness import directory_daily


class Command(BaseCommand):
    help = (
        "Directory upkeep, once a day: remind entry owners to confirm (6 months), flag and then "
        "unpublish unconfirmed entries (12 months), refresh recurring events, mail due follow-ups, "
        "read subscribed calendars, forget old rate-limit records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="address of this installation, for the links in mails (e.g. https://teilhabe.example.de)",
        )
        parser.add_argument(
            "--no-calendars", action="store_true", help="do not read subscribed calendars"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = directory_daily(
            base_url=options["base_url"], calendars=not options["no_calendars"]
        )
        for line in report.lines():
            self.stdout.write(line)
