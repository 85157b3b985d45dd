"""Teilhabe settings: one module, driven by environment variables.

Every variable is listed with its default in docs/deployment.md (a test checks that
the two agree). ``TEILHABE_ENV`` selects the defaults:

* ``development`` (default): SQLite in ``TEILHABE_DATA_DIR``, console mail, plain
  HTTP on localhost, a secret key generated once and kept in the data directory;
* ``production``: everything secure by default (HTTPS, HSTS, ``__Host-`` cookies),
  ``SECRET_KEY`` and ``ALLOWED_HOSTS`` required;
* ``test``: what the test suite uses (see ``settings_test``).
"""

from __future__ import annotations

import os
import secrets
import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent

# --- helpers -----------------------------------------------------------------------------


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = env(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = env(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env(name)
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default


# --- environment ---------------------------------------------------------------------------

TEILHABE_ENV = env("TEILHABE_ENV", "development")
if TEILHABE_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"TEILHABE_ENV must be development, production or test, not {TEILHABE_ENV!r}."
    )
PRODUCTION = TEILHABE_ENV == "production"

DATA_DIR = Path(env("TEILHABE_DATA_DIR", "var")).expanduser().resolve()
DEBUG = env_bool("TEILHABE_DEBUG", False)


def _secret_key() -> str:
    key = env("SECRET_KEY") or env("TEILHABE_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set; production needs a long random value "
            '(for example: python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    # Development and demo: one random key per data directory, kept across restarts.
    key_file = DATA_DIR / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        try:
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            key_file.write_text(key)
            key_file.chmod(0o600)
        except OSError:
            pass  # read-only location: the key then lives for this process only
        return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set; list the host names of this installation, separated by commas."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- applications --------------------------------------------------------------------------

INSTALLED_APPS = [
    # Our apps first, so that their templates override those of contrib apps.
    "teilhabe.core",
    "teilhabe.accounts",
    "teilhabe.areas",
    "teilhabe.districts",
    "teilhabe.audit",
    "teilhabe.jobs",
    "teilhabe.public",
    "teilhabe.monitoring",
    "teilhabe.surveys",
    "teilhabe.directory",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "teilhabe.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "teilhabe.core.middleware.HtmxRedirectMiddleware",
    "teilhabe.accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "teilhabe.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "teilhabe.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "teilhabe.urls"
WSGI_APPLICATION = "teilhabe.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "teilhabe.core.context_processors.shell",
            ],
        },
    }
]

# --- database ------------------------------------------------------------------------------

DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'teilhabe.sqlite3'}"


def _database(url: str) -> dict[str, Any]:
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not valid ({exc}); use postgres://user:password@host:5432/name "
            "or sqlite:////absolute/path/teilhabe.sqlite3."
        ) from None
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets the web server read while the worker writes; IMMEDIATE makes
            # writers queue for the lock instead of failing with "database is locked".
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine == "django.db.backends.postgresql":
        config["CONN_MAX_AGE"] = env_int("TEILHABE_DB_CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", 10)
        statement_timeout_ms = env_int("TEILHABE_DB_STATEMENT_TIMEOUT_MS", 0)
        if statement_timeout_ms:
            options["options"] = f"-c statement_timeout={statement_timeout_ms}"
    else:
        raise ImproperlyConfigured(
            f"DATABASE_URL names {engine}; Teilhabe supports PostgreSQL and SQLite."
        )
    return config


DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- authentication and sessions -----------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "teilhabe.accounts.validators.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "teilhabe.accounts.validators.GermanCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# django-axes: lock an account name after repeated failures, whether or not it exists,
# so that the lockout reveals nothing about which accounts exist.
AXES_FAILURE_LIMIT = env_int("TEILHABE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TEILHABE_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_PROXY_COUNT = env_int("TEILHABE_PROXY_COUNT", 1 if PRODUCTION else 0)
# Lockout is per account name only, on purpose: the staff of a district office share
# one public IP address, so locking an IP would lock the whole office out after a few
# typos. Rate-limit the login URL per IP at the reverse proxy instead (see
# docs/deployment.md), which is why axes' warning about this is silenced.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

SESSION_IDLE_MINUTES = env_int("TEILHABE_SESSION_IDLE_MINUTES", 60)
SESSION_MAX_HOURS = env_int("TEILHABE_SESSION_MAX_HOURS", 10)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Renewed (saved with a new expiry) at most once a minute: accounts.middleware.SessionLimits.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

OTP_TOTP_ISSUER = env("TEILHABE_OTP_ISSUER", "Teilhabe")
OTP_TOTP_TOLERANCE = 1

# --- security headers ----------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("TEILHABE_SSL_REDIRECT", True)
    if env_bool("TEILHABE_BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("TEILHABE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TEILHABE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("TEILHABE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # The __Host- prefix binds the cookies to this exact host, HTTPS only.
    SESSION_COOKIE_NAME = "__Host-teilhabe_session"
    CSRF_COOKIE_NAME = "__Host-teilhabe_csrf"
    LANGUAGE_COOKIE_NAME = "__Host-teilhabe_language"

MAP_TILE_URL = env("TEILHABE_MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env("TEILHABE_MAP_TILE_ATTRIBUTION")


def _origin(url: str) -> list[str]:
    if not url:
        return []
    scheme, _, rest = url.partition("://")
    return [f"{scheme}://{rest.split('/', 1)[0]}"]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_origin(MAP_TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- internationalisation ------------------------------------------------------------------

LANGUAGE_CODE = "de"
TIME_ZONE = env("TEILHABE_TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

# Staff pages speak German and English; public pages speak every language below.
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("fa", "فارسی"),
    ("prs", "دری"),
    ("tr", "Türkçe"),
    ("ro", "Română"),
    ("bg", "Български"),
]
STAFF_LANGUAGES = ["de", "en"]
#: Languages whose catalogue a person has reviewed; public pages in the others say
#: that their text was machine-translated.
TEILHABE_REVIEWED_LANGUAGES = env_list("TEILHABE_REVIEWED_LANGUAGES", ["de", "en"])
LANGUAGES_BIDI = ["ar", "fa", "prs", "he", "ur", "ckb"]

# --- static and uploaded files -------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"  # never served directly: downloads go through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, serve static files straight from the package (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # STATIC_ROOT only fills up when someone runs collectstatic; do not warn before.
    warnings.filterwarnings("ignore", message="No directory at: .*static")
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
TEILHABE_UPLOAD_MAX_BYTES = env_int("TEILHABE_UPLOAD_MAX_MB", 100) * 1024 * 1024

# --- mail ----------------------------------------------------------------------------------

EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Teilhabe <teilhabe@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", a) for a in env_list("TEILHABE_ADMIN_EMAILS", [])]

# --- background tasks ----------------------------------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
TEILHABE_JOB_RESULT_DAYS = env_int("TEILHABE_JOB_RESULT_DAYS", 14)

# --- surveys (issue #4) --------------------------------------------------------------------

#: Days a respondent's saved answers wait for them (the private "continue later" link).
TEILHABE_SURVEYS_DRAFT_DAYS = env_int("TEILHABE_SURVEYS_DRAFT_DAYS", 60)
#: Where the analysis keeps its columnar copies of the responses (rebuilt when needed).
#: New answer sessions of open surveys per client address in ten minutes (0: no limit).
TEILHABE_SURVEYS_STARTS_PER_ADDRESS = env_int("TEILHABE_SURVEYS_STARTS_PER_ADDRESS", 30)
TEILHABE_SURVEYS_CACHE_DIR = Path(
    env("TEILHABE_SURVEYS_CACHE_DIR", str(DATA_DIR / "cache" / "surveys"))
).expanduser()

# --- application settings ------------------------------------------------------------------

TEILHABE_ADMIN_PATH = env("TEILHABE_ADMIN_PATH", "system/admin").strip("/") + "/"
TEILHABE_SITE_NAME = env("TEILHABE_SITE_NAME", "Teilhabe")

# --- integration monitoring (issue #3) ---------------------------------------------------

#: Disclosure thresholds of the shared official statistics (districts set their own).
TEILHABE_MONITORING_MIN_COUNT = env_int("TEILHABE_MONITORING_MIN_COUNT", 3)
TEILHABE_MONITORING_MIN_DENOMINATOR = env_int("TEILHABE_MONITORING_MIN_DENOMINATOR", 20)
#: Limits for imported files: size, rows, seconds of reading.
TEILHABE_MONITORING_IMPORT_MAX_MB = env_int("TEILHABE_MONITORING_IMPORT_MAX_MB", 50)
TEILHABE_MONITORING_IMPORT_MAX_ROWS = env_int("TEILHABE_MONITORING_IMPORT_MAX_ROWS", 2_000_000)
TEILHABE_MONITORING_IMPORT_SECONDS = env_int("TEILHABE_MONITORING_IMPORT_SECONDS", 300)
#: Uploaded files waiting for their column mapping are deleted after this many hours.
TEILHABE_MONITORING_STAGING_HOURS = env_int("TEILHABE_MONITORING_STAGING_HOURS", 24)
#: The analytics engine's threads and memory, and the per-process cache of computed values.
TEILHABE_MONITORING_THREADS = env_int("TEILHABE_MONITORING_THREADS", 2)
TEILHABE_MONITORING_MEMORY_MB = env_int("TEILHABE_MONITORING_MEMORY_MB", 4096)
TEILHABE_MONITORING_CACHE_MB = env_int("TEILHABE_MONITORING_CACHE_MB", 256)

# --- directory (issue #5) ------------------------------------------------------------------

#: Entry owners are reminded to confirm their entry after this many months.
TEILHABE_DIRECTORY_REMIND_MONTHS = env_int("TEILHABE_DIRECTORY_REMIND_MONTHS", 6)
#: Entries not confirmed for this many months are flagged ...
TEILHABE_DIRECTORY_FLAG_MONTHS = env_int("TEILHABE_DIRECTORY_FLAG_MONTHS", 12)
#: ... and unpublished this many days after being flagged (confirming publishes them again).
TEILHABE_DIRECTORY_UNPUBLISH_GRACE_DAYS = env_int("TEILHABE_DIRECTORY_UNPUBLISH_GRACE_DAYS", 28)
#: Public directory pages are served from a cache for up to this many seconds (never
#: after a change to what they show); 0 turns the cache off.
TEILHABE_DIRECTORY_PUBLIC_CACHE_SECONDS = env_int("TEILHABE_DIRECTORY_PUBLIC_CACHE_SECONDS", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("TEILHABE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.security.DisallowedHost": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO (even its own stylesheets when
        # it is imported); only its warnings concern an operator.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
