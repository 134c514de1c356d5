"""The audit trail's key: where it comes from, the local one of a development machine, and what
counts as production (where there is no local key: the server refuses to start without one).

Why a key at all: a plain hash chain can be recomputed by anyone who can write the database, so a
rewritten row with the hashes after it recomputed passed ``verify``. With an HMAC whose key is
not in the database, forging an entry needs the key too (docs/adr/0021-keyed-anchored-audit-chain.md).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

LOCAL_KEY_NAME = "audit.key"
MIN_KEY_LENGTH = 32


def is_production() -> bool:
    """Production is declared (``MANDATE_ENV=production``) or implied by README's production
    variables: DEBUG off, PostgreSQL, and a real ``DJANGO_SECRET_KEY``. ``MANDATE_ENV`` set to
    anything else (``development``) opts out explicitly.

    Why not "DEBUG off on PostgreSQL" alone: the test suite and the benchmark run exactly so on a
    developer's machine, and they must work with a local or fixed key."""
    declared = str(getattr(settings, "MANDATE_ENV", "") or "").strip().lower()
    if declared:
        return declared == "production"
    on_postgres = settings.DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
    real_secret = not str(settings.SECRET_KEY).startswith("django-insecure-")
    return not settings.DEBUG and on_postgres and real_secret and not getattr(settings, "TESTING", False)


def local_key_path() -> Path:
    return Path(settings.VAR_DIR) / LOCAL_KEY_NAME


def configured_key() -> str:
    return str(getattr(settings, "MANDATE_AUDIT_KEY", "") or "")


def key_problem() -> str:
    """What is wrong with the key for this environment, or "" (the system check and the WSGI
    start-up both ask). Production needs a configured key of at least MIN_KEY_LENGTH characters."""
    if not is_production():
        return ""
    key = configured_key()
    if not key:
        return (
            "MANDATE_AUDIT_KEY (or MANDATE_AUDIT_KEY_FILE) is not set; "
            "production refuses to start without it."
        )
    if len(key) < MIN_KEY_LENGTH:
        return f"MANDATE_AUDIT_KEY is shorter than {MIN_KEY_LENGTH} characters."
    return ""


def require_key_for_production() -> None:
    """Called when the WSGI application starts: gunicorn runs no system checks of its own."""
    problem = key_problem()
    if problem:
        raise ImproperlyConfigured(problem)


def ensure_local_key() -> tuple[Path | None, bool]:
    """The local key file, created (readable by its owner only) when no key is configured.

    Returns (path, created); (None, False) when a key is configured (nothing local is made).
    Refuses in production: a key made on the server's own disk, next to the database's files,
    protects nothing."""
    if configured_key():
        return None, False
    if is_production():
        raise ImproperlyConfigured(
            "MANDATE_AUDIT_KEY (or MANDATE_AUDIT_KEY_FILE) must be set in production (README, Configuration)."
        )
    path = local_key_path()
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
    return path, True


def audit_key() -> bytes:
    """The key the chain's HMAC uses: the configured one, else the local one (made if missing)."""
    key = configured_key()
    if not key:
        path, _created = ensure_local_key()
        assert path is not None  # ensure_local_key returns a path when no key is configured
        key = path.read_text(encoding="utf-8").strip()
    return key.encode("utf-8")


def checkpoint_key() -> bytes:
    """A key derived for signing checkpoints, so a checkpoint's signature never equals an entry's."""
    return hmac.new(audit_key(), b"mandate-audit-checkpoint-v1", hashlib.sha256).digest()


def checkpoint_dir() -> Path:
    return Path(
        getattr(settings, "MANDATE_AUDIT_CHECKPOINT_DIR", "") or Path(settings.VAR_DIR) / "audit-checkpoints"
    )
