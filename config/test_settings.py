"""The test suite's settings: fast hashing, mail kept in memory, files in a scratch folder, a fixed
audit key."""

import os

from config.env import env_bool
from config.settings import *  # noqa: F403
from config.settings import MANDATE_JOBS_NAME, PASSWORD_HASHERS, STATIC_ROOT, VAR_DIR

TESTING = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# A fixed key, so that every test (and every worker) computes the same keyed audit hashes; the
# checkpoint tests point MANDATE_AUDIT_CHECKPOINT_DIR at their own temporary folder.
MANDATE_AUDIT_KEY = "test-only-audit-key-0123456789abcdef0123456789abcdef"
MANDATE_AUDIT_CHECKPOINT_DIR = VAR_DIR / "test-audit-checkpoints"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Jobs run in the calling test at once; the tests of real consumers switch this off, and their
# consumers get MANDATE_JOBS_IMMEDIATE=0. One queue per pytest-xdist worker (its name on Redis or
# PostgreSQL, its own file on SQLite), so parallel workers never take each other's jobs.
MANDATE_JOBS_IMMEDIATE = env_bool("MANDATE_JOBS_IMMEDIATE", True)
_JOBS_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
MANDATE_JOBS_NAME = f"{MANDATE_JOBS_NAME}-test-{_JOBS_WORKER}"
MANDATE_JOBS_SQLITE = VAR_DIR / f"test-jobs-{_JOBS_WORKER}.sqlite3"
