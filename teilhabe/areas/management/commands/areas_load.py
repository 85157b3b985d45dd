from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.areas.services import AreasDataError, areas_load


class Command(BaseCommand):
    help = (
        "Load Germany's Länder, Kreise and Gemeinden with keys, population, area, "
        "boundaries, neighbours and territorial changes. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="folder with the data files (default: shipped)",
        )
        parser.add_argument(
            "--force", action="store_true", help="load even if the files did not change"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 2

        def progress(percent: int, message: str) -> None:
            if verbose:
                self.stdout.write(f"{percent:3d} % {message}")

        try:
            report = areas_load(
                data_dir=options["data_dir"], force=options["force"], progress=progress
            )
        except AreasDataError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from None
        if report.skipped:
            self.stdout.write("The territorial data are loaded and unchanged.")
        else:
            self.stdout.write(
                f"Loaded: {report.areas_created} areas new, {report.areas_updated} updated, "
                f"{report.figures} figures, {report.boundaries} boundaries, "
                f"{report.neighbours} neighbour pairs, {report.changes} territorial changes."
            )
        counts = report.counts
        self.stdout.write(
            f"Current: {counts.get('land', 0)} Länder, {counts.get('kreis', 0)} Kreise, "
            f"{counts.get('gemeinde', 0)} Gemeinden (including unincorporated areas)."
        )
