"""The teilhabe command: thin, and one clear sentence for every problem a person can fix."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(
    *args: str, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    inherited = {
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "TEILHABE_ENV",
        "SECRET_KEY",
        "TEILHABE_DATA_DIR",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    environment = {k: v for k, v in os.environ.items() if k not in inherited}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "teilhabe", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr.strip()


def _dump(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("demo", "serve", "worker", "areas-load", "migrate", "createsuperuser"):
        assert command in result.stdout


def test_django_commands_pass_through(tmp_path):
    result = run(
        "shell", "--no-imports", "-c", "print(6 * 7)", env={"TEILHABE_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"


def test_wrong_database_url_scheme(tmp_path):
    result = run(
        "migrate",
        env={"DATABASE_URL": "postgress://u:p@localhost/x", "TEILHABE_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 2
    assert "DATABASE_URL is not valid" in one_sentence(result)


def test_unreachable_database_names_it_without_the_password(tmp_path):
    result = run(
        "migrate",
        env={
            "DATABASE_URL": "postgres://teilhabe:geheim@127.0.0.1:1/teilhabe",
            "TEILHABE_DATA_DIR": str(tmp_path),
        },
        timeout=60,
    )
    assert result.returncode == 1
    message = one_sentence(result)
    assert message.startswith(
        "teilhabe: Cannot use the database postgres://teilhabe:***@127.0.0.1:1/teilhabe"
    )
    assert "geheim" not in message
    assert message.endswith(
        "Check DATABASE_URL and that the database server is running and reachable."
    )


def test_production_needs_a_secret_key(tmp_path):
    result = run(
        "check",
        env={
            "TEILHABE_ENV": "production",
            "TEILHABE_DATA_DIR": str(tmp_path),
            "SECRET_KEY": "",
            "ALLOWED_HOSTS": "x",
        },
    )
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in one_sentence(result)


def test_database_of_a_newer_version_is_refused_untouched(tmp_path):
    env = {"TEILHABE_DATA_DIR": str(tmp_path)}
    assert run("migrate", "--verbosity", "0", env=env).returncode == 0
    database = tmp_path / "teilhabe.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('areas', '0999_from_the_future', '2030-01-01')"
        )
    before = _dump(database)
    result = run("migrate", env=env)
    assert result.returncode == 1
    message = one_sentence(result)
    assert "newer version of Teilhabe" in message and "areas.0999_from_the_future" in message
    assert _dump(database) == before


def test_port_in_use(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port), env={"TEILHABE_DATA_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_data_file_in_areas_load(tmp_path):
    env = {"TEILHABE_DATA_DIR": str(tmp_path)}
    run("migrate", "--verbosity", "0", env=env)
    empty = tmp_path / "nodata"
    empty.mkdir()
    result = run("areas-load", "--data-dir", str(empty), env=env)
    assert result.returncode == 1
    assert "is missing from" in result.stderr and "Nothing was changed." in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_demo_prepare_only_is_idempotent_and_resets(tmp_path):
    env = {"TEILHABE_DATA_DIR": str(tmp_path / "var")}
    first = run("demo", "--prepare-only", env=env, timeout=600)
    assert first.returncode == 0, first.stderr
    assert "400 Kreise, 10994 Gemeinden" in first.stdout
    assert "uckermark.integration" in first.stdout and "programmbuero.demo" in first.stdout
    password = (tmp_path / "var" / "demo_password").read_text().strip()
    assert f"Password for all of them: {password}" in first.stdout
    second = run("demo", "--prepare-only", env=env, timeout=600)
    assert second.returncode == 0
    assert "(already loaded)" in second.stdout
    assert f"Password for all of them: {password}" in second.stdout
    reset = run("demo", "--prepare-only", "--reset", env=env, timeout=600)
    assert reset.returncode == 0
    assert "Started over" in reset.stdout
    assert (tmp_path / "var" / "demo_password").read_text().strip() != password
