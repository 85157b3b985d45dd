"""Settings for the test suite: the production module, made faster and self-contained.

Only speed and isolation change here (fast password hashing, mail kept in memory,
tasks run at once, a throw-away data directory); everything else is what runs in
production. ``DATABASE_URL`` still selects PostgreSQL when set (CI does that).
"""

import os
import tempfile

os.environ.setdefault("TEILHABE_ENV", "test")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("TEILHABE_DATA_DIR", tempfile.mkdtemp(prefix="teilhabe-test-"))

from teilhabe.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
WHITENOISE_AUTOREFRESH = True
