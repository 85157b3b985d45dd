"""``teilhabe demo``: everything a newcomer needs, in one command.

Creates the data directory and the SQLite database, migrates, loads the territorial
data and the demo districts, prints the logins, then runs a background worker and the
web server until Ctrl-C. Running it again reuses what exists; ``--reset`` starts over.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from teilhabe.areas.services import AreasDataError, areas_load
from teilhabe.core import demo as demo_steps
from teilhabe.core.preflight import PreflightError, port_check
from teilhabe.core.server import run_server
from teilhabe.districts.demo import demo_setup


def demo_password(data_dir: Path) -> str:
    """One random password for all demo accounts of this data directory."""
    path = data_dir / "demo_password"
    if path.exists():
        return path.read_text().strip()
    password = "demo-" + secrets.token_urlsafe(9)
    path.write_text(password)
    path.chmod(0o600)
    return password


class Command(BaseCommand):
    help = "Set up a demo installation with the real territorial data and demo districts, then serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="delete the demo database and start over"
        )
        parser.add_argument(
            "--prepare-only",
            action="store_true",
            help="set everything up, then exit instead of serving",
        )
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="port to listen on (default 8000)"
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start a background worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        data_dir: Path = settings.DATA_DIR
        database = settings.DATABASES["default"]
        sqlite = database["ENGINE"].endswith("sqlite3")
        if options["reset"]:
            if not sqlite:
                raise CommandError(
                    "--reset only works with the built-in SQLite database; for PostgreSQL drop and "
                    "create the database yourself."
                )
            connections.close_all()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database['NAME']}{suffix}").unlink(missing_ok=True)
            shutil.rmtree(Path(settings.MEDIA_ROOT), ignore_errors=True)
            (data_dir / "demo_password").unlink(missing_ok=True)
            self.stdout.write("Started over with an empty database.")
        data_dir.mkdir(parents=True, exist_ok=True)
        if not options["prepare_only"]:
            try:
                port_check(options["host"], options["port"])
            except PreflightError as exc:
                raise CommandError(str(exc)) from None

        self.stdout.write("Preparing the database …")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Loading Germany's Länder, Kreise and Gemeinden …")
        try:
            report = areas_load()
        except AreasDataError as exc:
            raise CommandError(f"{exc} Nothing was changed.") from None
        self.stdout.write(
            f"  {report.counts.get('kreis', 0)} Kreise, {report.counts.get('gemeinde', 0)} Gemeinden"
            + (" (already loaded)" if report.skipped else "")
        )
        self.stdout.write("Creating the demo districts and accounts …")
        password = demo_password(data_dir)
        demo = demo_setup(password=password)
        self.stdout.write(
            f"  {len(demo.districts)} demo districts of the programme Land.Zuhause.Zukunft"
        )
        context = demo_steps.DemoContext(password=password, report=demo)
        for line in demo_steps.run_all(context):
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(f"Prepared in {time.monotonic() - started:.1f} s."))
        self._print_logins(demo.logins, password, options)
        if options["prepare_only"]:
            return
        self._serve(options)

    def _print_logins(self, logins: list[Any], password: str, options: dict[str, Any]) -> None:
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(f"Open {url} and sign in with one of these demo accounts.")
        self.stdout.write(f"Password for all of them: {password}")
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.role} – {login.where}")
        self.stdout.write(f"Public pages (no sign-in): {url}public/")
        self.stdout.write("")

    def _serve(self, options: dict[str, Any]) -> None:
        worker = None
        if not options["no_worker"]:
            connections.close_all()
            worker = subprocess.Popen(
                [sys.executable, "-m", "teilhabe", "worker", "--verbosity", "0"],
                env={**os.environ, "TEILHABE_DATA_DIR": str(settings.DATA_DIR)},
            )
            self.stdout.write("Background worker started.")
        self.stdout.write("Press Ctrl-C to stop.")
        try:
            run_server(
                host=options["host"], port=options["port"], workers=1, threads=8, access_log=False
            )
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
