"""Transaction-scoped locks that serialise writers of one kind (the audit chain, the tree).

On PostgreSQL an advisory lock held until the transaction ends; on SQLite every transaction
already begins IMMEDIATE (config/settings.py), which serialises all writers.
"""

import zlib

from django.db import connection


def lock_key(name: str) -> int:
    """The advisory lock's number for a name (callers that take it in a statement of their own)."""
    return zlib.crc32(name.encode("utf-8"))


def lock_for_transaction(name: str) -> None:
    if connection.vendor == "postgresql":
        key = lock_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def try_lock_for_transaction(name: str) -> bool:
    """Take the lock if it is free, without waiting (PostgreSQL); on SQLite the transaction's
    write lock is already held, so the answer is always yes."""
    if connection.vendor != "postgresql":
        return True
    key = lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [key])
        row = cursor.fetchone()
    return bool(row and row[0])
