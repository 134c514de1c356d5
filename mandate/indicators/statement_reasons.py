"""Why a stated figure is flagged, in the reader's language (ADR 0035): computed when read, so
the API's list and the indicator page's section give the same sentence."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from mandate.core.templatetags.mandate_format import number, percent
from mandate.indicators.enums import StatementVerdict
from mandate.indicators.models import StatedFigure
from mandate.indicators.services import statements as statement_services


def _as_written(value: Decimal | None) -> str:
    """A stored number with the decimals it has (578, 45,37), in the reader's language."""
    if value is None:
        return "—"
    exponent = value.normalize().as_tuple().exponent
    return number(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def reason_of(figure: StatedFigure) -> str:
    """Why a statement is flagged, in the reader's language ('' when it is right)."""
    if figure.verdict == StatementVerdict.OK:
        return ""
    if figure.verdict == StatementVerdict.MALFORMED:
        result, _style = statement_services.check(
            statement_services.Statement(
                text=figure.text,
                numerator=figure.numerator_text,
                denominator=figure.denominator_text,
                stated=figure.stated_text,
                style=figure.style,
            )
        )
        return str(result.reason or "")
    places = figure.places or 0
    return _("%(numerator)s / %(denominator)s is %(computed)s, not %(stated)s.") % {
        "numerator": _as_written(figure.numerator),
        "denominator": _as_written(figure.denominator),
        "computed": percent(figure.computed, places),
        "stated": percent(figure.stated, places),
    }
