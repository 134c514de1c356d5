"""The access policy of the evaluation routes (issue 14; ADR 0048), part of
``tests/route_policy.ROUTES``. Each area adds its routes here."""

from __future__ import annotations

from tests.route_policy import Policy

EVALUATION_ROUTES: dict[str, Policy] = {}

# --- signals (issue 14 items 1 and 7; docs/adr/0049): a unit's board is its leaders'; a person's
# signals are his own and his leaders' (``signals_unit`` and ``signals_person`` are personal
# objects of the permission matrix: mandate/evaluations/tests/test_signals_access.py walks every
# route as every role).
SIGNALS_UNIT = {"unit_id": "signals_unit"}
EVALUATION_ROUTES |= {
    "evaluations:signals": Policy("signed_in"),
    "evaluations:signals-board": Policy("scoped_object", SIGNALS_UNIT),
    "evaluations:signals-records": Policy("scoped_object", {**SIGNALS_UNIT, "code": "signal_code"}),
    "evaluations:signals-person": Policy("scoped_object", {"person_id": "signals_person"}),
    "api-evaluation-signal-board": Policy("scoped_object", SIGNALS_UNIT),
    "api-evaluation-signal-records": Policy("scoped_object", {**SIGNALS_UNIT, "code": "signal_code"}),
    "api-evaluation-signal-person": Policy("scoped_object", {"person_id": "signals_person"}),
}
SIGNALS_PERSONAL_OBJECTS = {"signals_unit", "signals_person"}


def signals_objects(cast: object) -> dict[str, object]:
    """The permission matrix's signals objects: culture's board (its leader dung reads it) and
    dung's own signals."""
    return {
        "signals_unit": cast.culture.pk,  # type: ignore[attr-defined]
        "signals_person": cast.dung.person.pk,  # type: ignore[attr-defined]
        "signal_code": "not_updated",
    }
