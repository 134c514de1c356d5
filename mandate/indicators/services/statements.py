"""Recording a figure as stated — "90/69 = 130,4%" typed in, or quoted from a report — with the
verdict of recomputing it at the precision it was written with (issue 11, item 8; ADR 0035).

Numbers are read with ``core.numbers.parse_number`` (through ``core.stated_figures``), never
guessed. What happens to a malformed number depends on what the statement is:

* typed in as one's own figure (not ``quoted``): refused with 400 and the reason on the field
  that holds it ("24.3200" — a group of four digits after a dot), so that whoever typed it writes
  it again; nothing is stored;
* **quoted** from a source (a report, a document, ``quoted=True`` or a ``source_document``):
  recorded as written with the verdict ``malformed`` and its reason code, because the source did
  write it and the point of the check is to show that (seed 004's "27.409 out of 24.3200").

A text that is no statement at all ("not_a_statement") and a statement about a period without
days are refused in every case. Whoever records a statement writes in the unit's scope (any
writing role, as for a task's progress); one audit entry per statement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.models import Period
from mandate.core.numbers import NumberStyle, infer_style
from mandate.core.stated_figures import FigureCheck, Verdict, check_percentage, check_statement
from mandate.documents.models import Document
from mandate.indicators.models import Indicator, StatedFigure
from mandate.indicators.services.common import LARGEST, field_error, moment, user_or_none
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.people.scopes import write_scope

COMPUTED_LIMIT = Decimal(10) ** 19  # the computed percentage's column: 24 digits, 4 decimals
STATEMENT_FIELDS = [
    "indicator",
    "unit",
    "period",
    "text",
    "numerator_text",
    "denominator_text",
    "stated_text",
    "style",
    "quoted",
    "source_document",
    "source",
    "numerator",
    "denominator",
    "stated",
    "computed",
    "places",
    "verdict",
    "code",
]


@dataclass(frozen=True)
class Statement:
    """What was written: the whole ``text``, or its ``numerator``, ``denominator`` and (optional)
    ``stated`` percentage as separate strings. ``style`` None: the numbers' own writing decides,
    Vietnamese when both fit (``core.numbers.infer_style``)."""

    text: str = ""
    numerator: str = ""
    denominator: str = ""
    stated: str = ""
    style: str | None = None


def check(statement: Statement) -> tuple[FigureCheck, NumberStyle]:
    """The verdict on a statement and the style its numbers were read in (pure: used again when a
    stored statement is read, to give the reason in the reader's language)."""
    if statement.text:
        style = NumberStyle(statement.style) if statement.style else None
        result = check_statement(statement.text, style=style)
        read = next((n for n in (result.numerator, result.denominator) if n is not None), None)
        return result, (read.style if read is not None else style or NumberStyle.VI)
    written = [t for t in (statement.numerator, statement.denominator, statement.stated) if t]
    style = NumberStyle(statement.style) if statement.style else infer_style(written) or NumberStyle.VI
    result = check_percentage(
        numerator=statement.numerator,
        denominator=statement.denominator,
        stated=statement.stated or None,
        style=style,
    )
    return result, style


def _field_of(statement: Statement, result: FigureCheck) -> str:
    """The request field a malformed statement's reason belongs to."""
    if statement.text:
        return "text"
    if result.numerator is None:
        return "numerator"
    if result.denominator is None or result.code == "zero_denominator":
        return "denominator"
    return "stated"


def _shape(statement: Statement) -> Statement:
    parts = (statement.numerator, statement.denominator, statement.stated)
    text = statement.text.strip()
    if text and any(p.strip() for p in parts):
        raise field_error("text", _("Give the statement as one text or as its numbers, not both."))
    if not text and not (statement.numerator.strip() and statement.denominator.strip()):
        raise field_error("text", _("Give the statement as written, or its numerator and denominator."))
    if statement.style not in (None, "", *NumberStyle):
        raise field_error("style", _("Not a choice."))
    return Statement(
        text=text,
        numerator=statement.numerator.strip(),
        denominator=statement.denominator.strip(),
        stated=statement.stated.strip(),
        style=statement.style or None,
    )


def _fits(statement: Statement, result: FigureCheck) -> None:
    """The numbers read fit the columns (four decimals, sixteen digits before them)."""
    message = _("The number is too large or has more than four decimals.")
    read = (("numerator", result.numerator), ("denominator", result.denominator), ("stated", result.stated))
    for name, number in read:
        if number is not None and (number.places > 4 or abs(number.value) > LARGEST):
            raise field_error("text" if statement.text else name, message)
    if result.computed is not None and abs(result.computed) >= COMPUTED_LIMIT:
        raise field_error("text" if statement.text else "denominator", message)


@transaction.atomic
def statement_record(
    *,
    actor: User | None,
    unit: OrgUnit,
    period: Period,
    statement: Statement,
    indicator: Indicator | None = None,
    quoted: bool = False,
    source_document: Document | None = None,
    source: str = "",
    on: dt.date | None = None,
) -> StatedFigure:
    """Check a stated figure and record it with its verdict (see the module's rules)."""
    if actor is not None and not write_scope(actor).covers(unit.path):
        raise PermissionDeniedError(
            _("Only someone who works for the unit or oversees it records the figures stated for it.")
        )
    statement = _shape(statement)
    quoted = quoted or source_document is not None
    result, style = check(statement)
    if result.malformed and (result.code == "not_a_statement" or not quoted):
        message = str(result.reason)
        raise ApplicationError(message, code="malformed", fields={_field_of(statement, result): [message]})
    _fits(statement, result)
    figure = StatedFigure.objects.create(
        indicator=indicator,
        unit=unit,
        unit_path=unit.path,
        period=period,
        text=statement.text,
        numerator_text=statement.numerator,
        denominator_text=statement.denominator,
        stated_text=statement.stated,
        style=style.value,
        quoted=quoted,
        source_document=source_document,
        source=source.strip()[:300],
        numerator=result.numerator.value if result.numerator is not None else None,
        denominator=result.denominator.value if result.denominator is not None else None,
        stated=result.stated.value if result.stated is not None else None,
        computed=result.computed,
        places=result.places,
        verdict=Verdict(result.verdict).value,
        code=result.code or "",
        entered_by=user_or_none(actor),
        entered_at=moment(on),
    )
    audit.record(
        actor=actor,
        action="indicators.statement_record",
        target=figure,
        after=audit.snapshot(figure, STATEMENT_FIELDS),
    )
    return figure
