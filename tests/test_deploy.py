"""Production settings pass Django's deployment checks without a single warning."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_NOT_INHERITED = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env.update(
        {
            "TEILHABE_ENV": "production",
            "SECRET_KEY": "p" * 10 + "-production-secret-with-enough-entropy-0123456789-abcdefgh",
            "ALLOWED_HOSTS": "teilhabe.landkreis.example",
            "TEILHABE_DATA_DIR": str(tmp_path),
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "teilhabe", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_host_bound_and_secure(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env.update(
        {
            "TEILHABE_ENV": "production",
            "SECRET_KEY": "s" * 60,
            "ALLOWED_HOSTS": "x.example",
            "TEILHABE_DATA_DIR": str(tmp_path),
        }
    )
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.CSRF_COOKIE_NAME, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-m", "teilhabe", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.stdout.split() == [
        "__Host-teilhabe_session",
        "True",
        "True",
        "Lax",
        "__Host-teilhabe_csrf",
        "True",
        "31536000",
        "True",
        "False",
    ]
