from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from teilhabe.core.preflight import PreflightError, port_check
from teilhabe.core.server import run_server


class Command(BaseCommand):
    help = "Start the web server (gunicorn). Put a reverse proxy with HTTPS in front of it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="port to listen on (default 8000)"
        )
        parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
        parser.add_argument("--access-log", action="store_true", help="log every request to stdout")
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="do not collect static files before starting (production collects them by default)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            port_check(options["host"], options["port"])
        except PreflightError as exc:
            raise CommandError(str(exc)) from None
        if settings.PRODUCTION and not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Teilhabe listens on http://{options['host']}:{options['port']}/")
        run_server(
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            threads=options["threads"],
            access_log=options["access_log"],
        )
