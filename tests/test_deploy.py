"""Production settings pass Django's deployment checks without a single warning."""

from tests.test_cli import run

PRODUCTION = {
    "TEILHABE_ENV": "production",
    "SECRET_KEY": "p" * 10 + "-production-secret-with-enough-entropy-0123456789-abcdefgh",
    "ALLOWED_HOSTS": "teilhabe.landkreis.example",
}


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION, "TEILHABE_DATA_DIR": str(tmp_path)},
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_host_bound_and_secure(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_NAME, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = run(
        "shell",
        "--no-imports",
        "-c",
        code,
        env={**PRODUCTION, "TEILHABE_DATA_DIR": str(tmp_path)},
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
