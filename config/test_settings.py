"""The test suite's settings: fast hashing, mail kept in memory, files in a scratch folder, a fixed
audit key."""

from config.settings import *  # noqa: F403
from config.settings import PASSWORD_HASHERS, STATIC_ROOT, VAR_DIR

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
