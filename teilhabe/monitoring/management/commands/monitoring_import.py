"""``teilhabe monitoring-import``: import a file into a district's monitoring (or into the
shared official statistics) without the browser, e.g. from a scheduled script."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.accounts.models import User
from teilhabe.districts.models import District
from teilhabe.monitoring.imports.problems import ImportRefused
from teilhabe.monitoring.messages import import_problem_text
from teilhabe.monitoring.models import ImportBatch, ImportTemplate, Source
from teilhabe.monitoring.services.imports import import_file, problem_texts
from teilhabe.monitoring.services.official import official_figures_load


class Command(BaseCommand):
    help = (
        "Import a GENESIS table, an office table, a record list or published rates into the "
        "monitoring of a district (or, without --district, into the shared official statistics), "
        "with a saved template or a mapping file; or load the official figures shipped with Teilhabe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="the file to import")
        parser.add_argument("--district", help="address name of the district (e.g. uckermark)")
        parser.add_argument("--source", help="name of the source (created if it does not exist)")
        parser.add_argument(
            "--kind", choices=["genesis", "office", "records", "rates"], help="kind of file"
        )
        parser.add_argument("--template", help="name of a saved import template of the district")
        parser.add_argument(
            "--mapping", help="a JSON file with the mapping (see docs/monitoring.md)"
        )
        parser.add_argument("--user", help="user name recorded as the importer")
        parser.add_argument(
            "--shipped", action="store_true", help="load the official figures shipped with Teilhabe"
        )
        parser.add_argument(
            "--surveys",
            action="store_true",
            help="take over the figures of the district's survey questions that feed measures",
        )
        parser.add_argument(
            "--no-recompute", action="store_true", help="do not recompute the values"
        )

    def _surveys(self, slug: str | None) -> None:
        from teilhabe.monitoring.demo import system_access
        from teilhabe.monitoring.services.surveys import surveys_installed, surveys_take_over

        if not surveys_installed():
            raise CommandError("The surveys module is not installed.")
        district = District.objects.filter(slug=slug or "").first()
        if district is None:
            raise CommandError("Give --district SLUG of an existing district.")
        try:
            batches = surveys_take_over(access=system_access(district))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except ImportRefused as exc:
            raise CommandError(" ".join(problem_texts(exc.problems))) from None
        self.stdout.write(
            f"Survey figures: {sum(b.observations for b in batches)} values in {len(batches)} imports."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["shipped"]:
            report = official_figures_load()
            self.stdout.write(
                f"Official figures: {report.loaded} values loaded, {report.skipped} datasets unchanged."
            )
            return
        if options["surveys"]:
            self._surveys(options["district"])
            return
        if not options["file"]:
            raise CommandError("Name the file to import (or use --shipped).")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        district = None
        if options["district"]:
            district = District.objects.filter(slug=options["district"]).first()
            if district is None:
                raise CommandError(f"There is no district {options['district']!r}.")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"There is no user {options['user']!r}.")
        mapping: dict[str, Any]
        source: Source | None = None
        kind = options["kind"]
        if options["template"]:
            template = ImportTemplate.objects.filter(
                district=district, name=options["template"]
            ).first()
            if template is None:
                raise CommandError(
                    f"There is no template {options['template']!r} in this district."
                )
            mapping, source, kind = dict(template.mapping), template.source, template.kind
        elif options["mapping"]:
            try:
                mapping = json.loads(Path(options["mapping"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"The mapping file cannot be read: {exc}") from None
        else:
            raise CommandError("Give --template NAME or --mapping FILE.")
        if kind not in {k.value for k in ImportBatch.Kind}:
            raise CommandError("Give --kind (genesis, office, records or rates).")
        if source is None:
            if not options["source"]:
                raise CommandError("Give --source NAME.")
            source, _ = Source.objects.get_or_create(
                district=district,
                name=options["source"],
                defaults={"kind": Source.Kind.OFFICIAL if district is None else Source.Kind.OFFICE},
            )
        try:
            batch = import_file(
                district=district,
                source=source,
                kind=kind,
                path=path,
                mapping=mapping,
                user=user,
                recompute_after=not options["no_recompute"],
            )
        except ImportRefused as exc:
            for problem in exc.problems:
                where = ", ".join(
                    part
                    for part in (
                        f"row {problem.row}" if problem.row else "",
                        f"column {problem.column}" if problem.column else "",
                    )
                    if part
                )
                self.stderr.write(
                    f"{where + ': ' if where else ''}{import_problem_text(problem.code, problem.params)}"
                )
            raise CommandError(
                f"The file was not imported: {len(exc.problems)} problems. Nothing was changed."
            ) from None
        self.stdout.write(
            f"Imported {batch.observations} values for {', '.join(batch.summary.get('periods', []))} "
            f"(import {batch.pk})."
        )
