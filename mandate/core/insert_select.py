"""The constant columns of an ``INSERT … SELECT``: what a job writes for many rows at once
(the sweep's timeline rows and notices) without building a model instance per row.

Every column the statement does not take from its source gets the value given, or else its
field's Python default, which ``Model.__init__`` would set and the database does not know.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


def column_of(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise LookupError(f"{model._meta.label}.{name} is not a column.")
    return field.column


def constant_columns(
    model: type[models.Model],
    *,
    values: dict[str, Any],
    skip: Collection[str],
    connection: BaseDatabaseWrapper,
) -> dict[str, Any]:
    """Column → value prepared for ``connection``, for every concrete column of ``model`` but the
    primary key, those with a database default and the fields in ``skip`` (the statement takes
    them from its source)."""
    fields = model._meta.concrete_fields
    unknown = {*values, *skip} - {f.name for f in fields}
    if unknown:
        raise LookupError(f"Not fields of {model._meta.label}: {', '.join(sorted(unknown))}.")
    return {
        column_of(model, f.name): f.get_db_prep_save(
            values[f.name] if f.name in values else f.get_default(), connection
        )
        for f in fields
        if not f.primary_key and not f.has_db_default() and f.name not in skip
    }
