"""Checks before the server, the worker or the demo start, with messages a person can act on."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader


class PreflightError(Exception):
    """Something outside the code is wrong; the message says what to do."""


def database_preflight() -> None:
    """Connect once, and refuse a database written by a newer Teilhabe.

    A newer version may have changed tables in ways this version cannot read;
    starting anyway could damage data. Raises ``OperationalError`` when the database
    cannot be reached (the CLI turns that into one sentence).
    """
    if connection.vendor == "sqlite":
        folder = Path(str(connection.settings_dict["NAME"])).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PreflightError(
                f"Cannot create the data folder {folder} ({exc.strerror}); set TEILHABE_DATA_DIR "
                "to a folder this user may write to."
            ) from None
    connection.ensure_connection()
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    ours = {config.label for config in apps.get_app_configs()}
    unknown = sorted(
        (app, name)
        for app, name in loader.applied_migrations
        if app in ours and (app, name) not in loader.disk_migrations
    )
    if unknown:
        app, name = unknown[0]
        raise PreflightError(
            f"This database was written by a newer version of Teilhabe: it contains the "
            f"migration {app}.{name}, which this version does not know. Install that newer "
            "version again, or restore a backup made with this version."
        )


def port_check(host: str, port: int) -> None:
    """Fail early, in plain words, when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PreflightError(
                    f"Port {port} on {host} is already in use by another program (perhaps a "
                    "Teilhabe that is still running). Stop that program, or choose another "
                    "port with --port."
                ) from None
            if exc.errno == errno.EACCES:
                raise PreflightError(
                    f"This user may not open port {port}; choose a port above 1023 with --port."
                ) from None
            raise PreflightError(f"Cannot listen on {host}:{port} ({exc.strerror}).") from None
