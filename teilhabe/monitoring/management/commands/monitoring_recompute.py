"""``teilhabe monitoring-recompute``: compute the indicator values again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.districts.models import District
from teilhabe.monitoring.services.recompute import recompute


class Command(BaseCommand):
    help = (
        "Recompute the indicator values of the named districts (--district, repeatable), of the "
        "shared official statistics (--official), or of everything (no option)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--district", action="append", default=[], help="address name of a district"
        )
        parser.add_argument(
            "--official", action="store_true", help="the shared official statistics"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = options["district"]
        ids = list(District.objects.filter(slug__in=slugs).values_list("pk", flat=True))
        if len(ids) != len(set(slugs)):
            known = set(District.objects.filter(slug__in=slugs).values_list("slug", flat=True))
            raise CommandError(f"Unknown districts: {', '.join(sorted(set(slugs) - known))}")
        if not slugs and not options["official"]:
            report = recompute(district_ids=None, reason="command")
        else:
            report = recompute(district_ids=ids, official=options["official"], reason="command")
        self.stdout.write(
            f"{report.values} values in {report.scopes} scopes computed in {report.seconds:.1f} s; "
            f"{report.suppressed} hidden to protect small groups."
        )
