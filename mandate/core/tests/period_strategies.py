"""Hypothesis strategies for periods, shared by the pure tests and the database tests."""

import datetime as dt

from hypothesis import strategies as st

from mandate.core import period_spans as spans
from mandate.core.enums import PeriodBasis, PeriodKind

D = dt.date
BASES = st.sampled_from([PeriodBasis.CALENDAR, PeriodBasis.DECREE09])
YEARS = st.integers(spans.FIRST_YEAR + 1, spans.LAST_YEAR - 1)
DAYS = st.dates(D(spans.FIRST_YEAR + 1, 1, 1), D(spans.LAST_YEAR - 1, 12, 31))


@st.composite
def any_span(draw):
    """Every kind of period on every basis it exists on."""
    year, basis = draw(YEARS), draw(BASES)
    kind = draw(st.sampled_from(PeriodKind.values))
    if kind == PeriodKind.MONTH:
        return spans.month_span(year, draw(st.integers(1, 12)), basis)
    if kind == PeriodKind.QUARTER:
        return spans.quarter_span(year, draw(st.integers(1, 4)), basis)
    if kind == PeriodKind.HALF:
        return spans.half_span(year, draw(st.integers(1, 2)), basis)
    if kind == PeriodKind.YEAR:
        return spans.year_span(year, basis)
    if kind == PeriodKind.CUMULATIVE and draw(st.booleans()):
        return spans.first_months_span(year, draw(st.integers(1, 12)), basis)
    if kind == PeriodKind.CUMULATIVE:
        return spans.cumulative_span(draw(DAYS))
    start, end = sorted([draw(DAYS), draw(DAYS)])
    return spans.range_span(start, end)
