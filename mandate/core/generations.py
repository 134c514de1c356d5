"""Process-local caches that are never stale: each entry is keyed by its name's current token,
read from the database at the start of each use, and every write that changes what the cache
holds replaces the token in the same transaction (docs/adr/0015-scope-cache.md).

Readers must read the token *before* the data they cache: a write committed in between then
only makes the entry newer than its token, never older.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from typing import Generic, TypeVar

from django.db import connection

from mandate.core.models import Generation

# Read scopes (people.scopes): replaced when positions or the units' lineage change.
SCOPES = "scopes"

K = TypeVar("K")
V = TypeVar("V")


def current(name: str) -> str:
    """The name's token now (one primary-key read; raw SQL, as it runs on every request)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {Generation._meta.db_table} WHERE name = %s", [name])  # noqa: S608
        row = cursor.fetchone()
    return str(row[0]) if row else ""


def bump(name: str) -> None:
    """Replace the name's token: every entry cached under the old one is dead from the commit on."""
    token = uuid.uuid4().hex
    if not Generation.objects.filter(name=name).update(token=token):
        Generation.objects.update_or_create(name=name, defaults={"token": token})


class BoundedCache(Generic[K, V]):
    """A small LRU map: entries of old tokens are never read again and age out. Locked, since a
    threaded server (``runserver``) shares it between requests."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[K, V] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
