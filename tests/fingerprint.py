"""A fingerprint of the whole database, computed in SQL: for every table, its row count and a
checksum of every cell of every row (docs/testing.md, "The write matrix"; quality
document T2).

- PostgreSQL: ``md5(string_agg(t::text, …  ORDER BY t::text))`` over the row values, so every
  column of every row counts, whatever the table.
- SQLite has no row-to-text: the statement quotes every column (``quote(col)``), joins them into
  one text per row, and ``group_concat`` joins the rows sorted by that text; Python hashes the one
  aggregate string that comes back.

Every table the database holds is fingerprinted (the models', the many-to-many tables, Django's
and the libraries' own, sessions included), except ``EXCLUDED``: tables that a request changes
whether it is allowed or not, each with its reason. One statement (``UNION ALL``) reads all
tables at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import connections

# Tables a refused request may legitimately write, each with its reason; everything else must
# stay as it was. None today: the sessions, django-axes's sign-in records and the cache
# generations are all fingerprinted, and no refused write of the matrix touches them (a refused
# sign-in with a wrong password would write axes's records, but the matrix signs in with valid
# credentials). A log of refusals themselves (issue 9, section 4) will belong here when it lands.
EXCLUDED: dict[str, str] = {}


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    checksum: str


Fingerprint = dict[str, TableFingerprint]


def _tables(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(name for name in names if name not in EXCLUDED)


def _postgres_statement(alias: str, tables: list[str]) -> str:
    quote = connections[alias].ops.quote_name
    parts = [
        f"SELECT {index} AS n, count(*) AS rows, "  # noqa: S608  (names from the introspection)
        f"coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') AS checksum "
        f"FROM {quote(table)} AS t"
        for index, table in enumerate(tables)
    ]
    return " UNION ALL ".join(parts)


def _sqlite_statement(alias: str, tables: list[str]) -> str:
    connection = connections[alias]
    quote = connection.ops.quote_name
    parts = []
    with connection.cursor() as cursor:
        for index, table in enumerate(tables):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            row = " || char(31) || ".join(f"quote({quote(column)})" for column in columns)
            parts.append(
                f"SELECT {index} AS n, count(*) AS rows, "  # noqa: S608  (names from the introspection)
                f"coalesce(group_concat(r, char(30)), '') AS checksum "
                f"FROM (SELECT {row} AS r FROM {quote(table)} ORDER BY r)"
            )
    return " UNION ALL ".join(parts)


_STATEMENTS: dict[tuple[str, str], tuple[list[str], str]] = {}


def _statement(alias: str) -> tuple[list[str], str]:
    """The tables and the one statement that reads them; built once per database (the tables
    do not change while the tests run)."""
    connection = connections[alias]
    key = (alias, connection.settings_dict["NAME"])
    if key not in _STATEMENTS:
        tables = _tables(alias)
        if connection.vendor == "postgresql":
            sql = _postgres_statement(alias, tables)
        elif connection.vendor == "sqlite":
            sql = _sqlite_statement(alias, tables)
        else:  # pragma: no cover - the project runs on these two only
            raise NotImplementedError(connection.vendor)
        _STATEMENTS[key] = (tables, sql)
    return _STATEMENTS[key]


def forget_statements() -> None:
    """For a test that adds or drops a table."""
    _STATEMENTS.clear()


def fingerprint(alias: str = "default") -> Fingerprint:
    """Every table's row count and checksum, read in one statement."""
    tables, sql = _statement(alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        found = cursor.fetchall()
    result: Fingerprint = {}
    for index, rows, checksum in found:
        if connection.vendor == "sqlite":  # the rows themselves came back: hash them here
            checksum = hashlib.sha256(str(checksum).encode()).hexdigest()
        result[tables[index]] = TableFingerprint(rows=int(rows), checksum=str(checksum))
    return result


def changed_tables(before: Fingerprint, after: Fingerprint) -> dict[str, str]:
    """The tables whose fingerprint differs, each with how (rows before → after)."""
    changes = {}
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table), after.get(table)
        if old != new:
            old_rows = "-" if old is None else old.rows
            new_rows = "-" if new is None else new.rows
            changes[table] = f"rows {old_rows} → {new_rows}" + (
                " (same count, changed cells)" if old_rows == new_rows else ""
            )
    return changes
