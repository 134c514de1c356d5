"""Serializer fields shared by the apps' APIs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.request import Request

from mandate.core.dates import WORK_DATES, DateOutOfRangeError, DateRange, check_day
from mandate.core.exceptions import ApplicationError
from mandate.core.lengths import replace_length_validators
from mandate.core.request_values import RequestValues


def query_date(request: Request, name: str = "on", dates: DateRange = WORK_DATES) -> dt.date | None:
    """A YYYY-MM-DD query parameter within the product's range, or a 400 that says what is wrong."""
    values = RequestValues(request.query_params, written_dates=False)
    day = values.day(name, dates=dates)
    values.raise_if_invalid()
    return day


def query_int(request: Request, name: str) -> int | None:
    """A positive whole number, or a 400 that says what is wrong (``core.request_values``)."""
    values = RequestValues(request.query_params, written_dates=False)
    number = values.positive(name)
    values.raise_if_invalid()
    return number


def query_year(request: Request, name: str = "year", dates: DateRange = WORK_DATES) -> int | None:
    """A year within the product's range of dates, or a 400 that says which years are allowed: a
    year becomes the dates 1 January and 31 December, which a far-off year cannot be."""
    year = query_int(request, name)
    if year is not None and not dates.first.year <= year <= dates.last.year:
        raise ApplicationError(fields={name: [dates.message()]})
    return year


class VersionField(serializers.IntegerField):
    """The version the client read; may also come as an If-Match header."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault("help_text", "The version you read (or send If-Match).")
        super().__init__(**kwargs)


class IdField(serializers.IntegerField):
    """An id in a request body; bounded so no database ever overflows on it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**62)
        super().__init__(**kwargs)


def refuse_unknown_fields(data: Any, serializer: serializers.Serializer[Any]) -> None:
    """A PATCH that names a field its serializer does not take is a 400 naming that field, not a
    silent no-op: a client that sends ``lead_unit`` or ``status`` must learn it changed nothing."""
    if not hasattr(data, "keys"):
        return
    unknown = sorted(str(name) for name in data if name not in serializer.fields)
    if unknown:
        message = _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(unknown)}
        raise ApplicationError(
            message,
            code="field_not_editable",
            fields={name: [_("Cannot be changed here.")] for name in unknown},
        )


class DateField(serializers.DateField):
    """A date in a request body, within the product's range (``WORK_DATES`` unless told), so
    that no far-off year reaches the date arithmetic of the services."""

    def __init__(self, *, dates: DateRange = WORK_DATES, **kwargs: Any) -> None:
        self.dates = dates
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> dt.date:
        day: dt.date = super().to_internal_value(value)
        try:
            return check_day(day, self.dates)
        except DateOutOfRangeError as err:
            raise serializers.ValidationError(str(err), code="date_range") from err


class StrictCharField(serializers.CharField):
    """Text in a request body must be a JSON string, as the schema says: DRF would turn ``0`` or
    ``true`` into the text "0" or "True" and store it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # The limit said in the reader's numbers, with the text's own length (core/lengths.py).
        self.validators = replace_length_validators(self.validators)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))
