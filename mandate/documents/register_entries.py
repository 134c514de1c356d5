"""The register's own fields (docs/adr/0025-document-register.md): what an incoming and an
outgoing entry carry, and the rule that a classified document is kept by its details only. Pure
checks, no query: ``documents.services`` calls them on registration and on every correction, and
the register page's live check of a symbol (``symbol_findings``) calls the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mandate.core.exceptions import ApplicationError
from mandate.documents.enums import CLASSIFIED, Direction
from mandate.documents.models import DocumentType
from mandate.documents.symbols import ParsedSymbol, SymbolError, parse_symbol


def refuse(field: str, message: str, code: str = "invalid") -> ApplicationError:
    return ApplicationError(message, code=code, fields={field: [message]})


def check_register_entry(
    *,
    direction: str,
    issued_on: dt.date,
    incoming_number: int | None,
    received_on: dt.date | None,
    outgoing_number: int | None,
) -> None:
    """The register's own fields fit the register: số đến and ngày đến for an incoming document,
    số đi for an outgoing one, nothing without a register."""
    if direction not in ("", *Direction.values):
        raise refuse("direction", _("Not a choice."))
    if direction == Direction.INCOMING:
        if incoming_number is None:
            raise refuse("incoming_number", _("Give the number of the incoming register."))
        if received_on is None:
            raise refuse("received_on", _("Give the day the document was received."))
        if outgoing_number is not None:
            raise refuse("outgoing_number", _("An incoming document has no outgoing number."))
        if received_on < issued_on:
            message = _("A document cannot be received (%(r)s) before it was issued (%(i)s).") % {
                "r": received_on.strftime("%d/%m/%Y"),
                "i": issued_on.strftime("%d/%m/%Y"),
            }
            raise refuse("received_on", message)
        if received_on > timezone.localdate():
            raise refuse("received_on", _("The day received cannot be in the future."))
    elif direction == Direction.OUTGOING:
        if outgoing_number is None:
            raise refuse("outgoing_number", _("Give the number of the outgoing register."))
        if incoming_number is not None or received_on is not None:
            field = "incoming_number" if incoming_number is not None else "received_on"
            raise refuse(field, _("An outgoing document has no incoming number or day received."))
    elif incoming_number is not None or received_on is not None or outgoing_number is not None:
        raise refuse("direction", _("Say in which register the document is entered: incoming or outgoing."))
    for field, number in (("incoming_number", incoming_number), ("outgoing_number", outgoing_number)):
        if number is not None and not 1 <= number <= 999999:
            message = _("A register number is between 1 and %(max)s.") % {
                "max": number_format(999999, force_grouping=True)
            }
            raise refuse(field, message)


def check_files_allowed(*, confidentiality: str, files: Sequence[object]) -> None:
    if files and confidentiality in CLASSIFIED:
        message = _(
            "A classified document (Mật, Tối mật, Tuyệt mật) is registered by its details only: "
            "its scan and annexes are never stored here."
        )
        raise ApplicationError(message, code="classified_content", fields={"files": [message]})


def parse_for_type(symbol: str, document_type: DocumentType) -> ParsedSymbol:
    try:
        parsed = parse_symbol(symbol)
    except SymbolError as err:
        raise ApplicationError(err.message, code="invalid_symbol", fields={"symbol": [err.message]}) from err
    fits = parsed.type_code in document_type.symbol_codes if parsed.type_code else document_type.codeless
    if not fits:
        expected = ", ".join(document_type.symbol_codes) or _("no type code")
        message = _("A document of type “%(type)s” has %(expected)s in its symbol, not “%(code)s”.") % {
            "type": document_type.localized_name,
            "expected": expected,
            "code": parsed.type_code or _("no type code"),
        }
        raise ApplicationError(message, code="type_mismatch", fields={"document_type": [message]})
    return parsed


@dataclass(frozen=True)
class SymbolFindings:
    """What the register page shows while a symbol is typed: the parse, and the problems
    registration would refuse it for (the same checks as ``document_register``)."""

    parsed: ParsedSymbol | None
    problems: tuple[str, ...]


def symbol_findings(
    *, symbol: str, document_type: DocumentType | None, issued_on: dt.date | None
) -> SymbolFindings:
    """Registration's own checks of the symbol, against the type and the date when they are known
    already; nothing is written."""
    try:
        parsed = parse_symbol(symbol)
    except SymbolError as err:
        return SymbolFindings(None, (str(err.message),))
    problems: list[str] = []
    if document_type is not None:
        try:
            parse_for_type(symbol, document_type)
        except ApplicationError as err:
            problems.append(str(err.message))
    if issued_on is not None and parsed.year is not None and parsed.year != issued_on.year:
        problems.append(symbol_year_message(parsed.year, issued_on))
    return SymbolFindings(parsed, tuple(problems))


def symbol_year_message(year: int, issued_on: dt.date) -> str:
    return _("The symbol says %(y)s but the document is dated %(d)s.") % {
        "y": year,
        "d": issued_on.strftime("%d/%m/%Y"),
    }
