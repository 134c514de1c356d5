"""The annual classification reads the monthly results through a seam (ADR 0053) so that the two
areas were built apart; this is the wire between them, installed by the app's ``ready``.

The annual sheet has already decided who may read the person (and logged it), so the monthly
results are read here without a reader of their own."""

from __future__ import annotations

from collections.abc import Sequence

from mandate.evaluations import selectors_monthly
from mandate.evaluations.selectors_annual import MonthlyGrade
from mandate.people.models import Person


def decided_months(person_id: int, year: int) -> Sequence[MonthlyGrade]:
    """The person's decided months of ``year`` as the annual classification counts them."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return ()
    results = selectors_monthly.monthly_results(actor=None, person=person, year=year, purpose="annual")
    return [MonthlyGrade(month=r.month.month, grade=r.grade, points=r.total) for r in results]
