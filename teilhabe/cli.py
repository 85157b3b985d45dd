"""The ``teilhabe`` command: a thin shell over Django's management commands.

``teilhabe demo``, ``teilhabe serve``, ``teilhabe worker``, ``teilhabe areas-load`` and
every Django command (``teilhabe migrate``, ``teilhabe shell -c …``,
``teilhabe createsuperuser``) run through here, so nobody needs ``manage.py``.
Hyphens in command names are accepted (``areas-load`` runs ``areas_load``).

Problems a person can fix (a wrong ``DATABASE_URL``, a database that cannot be
reached) end in one sentence on stderr and a non-zero exit, not in a traceback.
"""

from __future__ import annotations

import os
import sys

USAGE = """\
Usage: teilhabe <command> [options]

Getting started
  demo              set up a demo installation (SQLite in ./var) and start it
  demo --prepare-only
                    set up everything, then exit (for scripts and CI)

Running in production
  serve             start the web server (gunicorn)
  worker            run background tasks (imports, reports, exports)
  migrate           create or update the database tables
  check --deploy    check the production settings

Data and administration
  areas-load        load Germany's Länder, Kreise and Gemeinden
  district-create   make a Kreis a district of this installation
  createsuperuser   create an administrator for the admin site
  audit-verify      check that the audit log was not tampered with
  jobs-prune        delete old background-job results

All Django management commands are available: teilhabe help --commands
Help for one command: teilhabe <command> --help
"""


def _mask(url: str) -> str:
    """Hide the password in a database URL before printing it."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def describe_database_error(exc: BaseException) -> str:
    from django.conf import settings

    url = _mask(settings.DATABASE_URL)
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return (
            f"Cannot use the SQLite database at {settings.DATABASES['default']['NAME']} ({reason}). "
            "Check that TEILHABE_DATA_DIR points at a writable folder."
        )
    return (
        f"Cannot use the database {url} ({reason}). "
        "Check DATABASE_URL and that the database server is running and reachable."
    )


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    if not args or args[0] in {"-h", "--help"}:
        print(USAGE)
        return 0
    if args[0] in {"--version", "version"}:
        from teilhabe import __version__

        print(__version__)
        return 0
    command = args[0].replace("-", "_")

    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        print(f"teilhabe: {exc}", file=sys.stderr)
        return 2

    from django.core.management import execute_from_command_line
    from django.db.utils import InterfaceError, OperationalError

    from teilhabe.core.preflight import PreflightError, database_preflight

    try:
        if command in {"migrate", "serve", "worker", "demo", "areas_load", "district_create"}:
            database_preflight()
        execute_from_command_line(["teilhabe", command, *args[1:]])
    except PreflightError as exc:
        print(f"teilhabe: {exc}", file=sys.stderr)
        return 1
    except (OperationalError, InterfaceError) as exc:
        print(f"teilhabe: {describe_database_error(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
