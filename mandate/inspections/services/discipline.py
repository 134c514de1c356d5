"""Discipline decisions (issue 12, item 5; ADR 0042): about a Party organisation or a person, in
a form in force on the decision's date for that kind of subject (``check_discipline_form``: a civil
servant's salary-step downgrade dated 2023 is accepted, dated after the 2025 change refused with
the rule and its date), with a deferral only for the kinds its reason applies to and its end by the
reason's rule; annulled, never deleted. Audit entries hold hashes of the reasons (``sealed_audit``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, InvalidStateError
from mandate.inspections import discipline_rules
from mandate.inspections.enums import DeferralEnd, InspectedKind, SubjectKind
from mandate.inspections.models import Conclusion, DeferralReason, DisciplineDecision
from mandate.inspections.policy import require
from mandate.inspections.policy_sensitive import may_decide_discipline
from mandate.inspections.sealed_audit import record_sealed, sealed
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, Position, User
from mandate.people.selectors import valid_positions_q


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, fields={field: [message]})


def _subject_path(subject_kind: str, unit: OrgUnit | None, person: Person | None, on: dt.date) -> str:
    if subject_kind == SubjectKind.PARTY_ORGANISATION:
        if unit is None or person is not None:
            raise _invalid(
                "unit", _("A decision about a Party organisation names the organisation, not a person.")
            )
        return str(unit.path)
    if person is None:
        raise _invalid("person", _("A decision about a person names the person."))
    if unit is not None:
        return str(unit.path)
    position = (
        Position.objects.filter(valid_positions_q(on), person=person)
        .select_related("unit")
        .order_by("id")
        .first()
    )
    if position is None:
        raise _invalid("unit", _("This person holds no position on the decision's date: name his unit."))
    return str(position.unit.path)


def _deferral(
    subject_kind: str, code: str | None, until: dt.date | None, counted_from: dt.date | None, on: dt.date
) -> tuple[DeferralReason | None, dt.date | None]:
    """The deferral's reason, for the kinds it applies to on that day, and its last day by the
    reason's rule: computed (a child under 12 months: from the birth), or recorded when the
    circumstance ends (none yet is allowed)."""
    if not code:
        if until is not None or counted_from is not None:
            raise _invalid("deferral_reason", _("A deferral needs its reason."))
        return None, None
    reason = next(
        (r for r in discipline_rules.deferral_reasons_in_force(subject_kind, on) if r.code == code), None
    )
    if reason is None:
        raise _invalid(
            "deferral_reason",
            _("“%(code)s” is not a reason for deferral in force on %(day)s for this kind of subject.")
            % {"code": code, "day": f"{on:%d/%m/%Y}"},
        )
    if reason.end_rule == DeferralEnd.MONTHS_AFTER:
        if counted_from is None:
            raise _invalid(
                "deferral_counted_from",
                _("Give the day the deferral is counted from (%(rule)s).") % {"rule": reason.end_rule_text},
            )
        last = discipline_rules.deferral_last_day(reason, counted_from=counted_from)
        if until is not None and until != last:
            raise _invalid(
                "deferred_until",
                _("By its rule (%(rule)s) this deferral ends on %(day)s.")
                % {"rule": reason.end_rule_text, "day": f"{last:%d/%m/%Y}" if last else "?"},
            )
        return reason, last
    if until is not None and until < on:
        raise _invalid("deferred_until", _("A deferral ends after the decision's date."))
    return reason, until


def _check_conclusion(conclusion: Conclusion | None, unit: OrgUnit | None, person: Person | None) -> None:
    if conclusion is None:
        return
    subject = conclusion.subject
    same = (
        subject.person_id == person.pk
        if person is not None
        else subject.kind == InspectedKind.ORGANISATION and unit is not None and subject.unit_id == unit.pk
    )
    if not same:
        raise _invalid("conclusion", _("The conclusion is about another subject."))
    if not conclusion.violated:
        raise _invalid("conclusion", _("The conclusion found no violation: no discipline follows from it."))


def _facts(decision: DisciplineDecision) -> dict[str, object]:
    return {
        "subject_kind": decision.subject_kind,
        "unit": decision.unit_id,
        "person": decision.person_id,
        "deciding_unit": decision.deciding_unit_id,
        "conclusion": decision.conclusion_id,
        "number": decision.number,
        "decided_on": decision.decided_on,
        "form": decision.form_id,
        "effective_from": decision.effective_from,
        "deferral_reason": decision.deferral_reason_id,
        "deferred_until": decision.deferred_until,
    }


@transaction.atomic
def discipline_decide(
    *,
    actor: User | None,
    subject_kind: str,
    unit: OrgUnit | None = None,
    person: Person | None = None,
    deciding_unit: OrgUnit,
    number: str,
    decided_on: dt.date,
    form: str,
    reason: str,
    effective_from: dt.date,
    conclusion: Conclusion | None = None,
    deferral_reason: str | None = None,
    deferred_until: dt.date | None = None,
    deferral_counted_from: dt.date | None = None,
) -> DisciplineDecision:
    if subject_kind not in SubjectKind.values:
        raise _invalid(
            "subject_kind", _("Not a kind of subject: %(k)s.") % {"k": ", ".join(SubjectKind.values)}
        )
    subject_path = _subject_path(subject_kind, unit, person, decided_on)
    if actor is not None:
        require(may_decide_discipline(actor, deciding_unit, subject_path))
    number = (number or "").strip()
    if not number:
        raise _invalid("number", _("Give the decision's number."))
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Say why the discipline is decided."))
    if effective_from < decided_on:
        raise _invalid("effective_from", _("A discipline takes effect on or after the decision's date."))
    chosen = discipline_rules.check_discipline_form(subject_kind, form, decided_on)
    deferral, until = _deferral(
        subject_kind, deferral_reason, deferred_until, deferral_counted_from, decided_on
    )
    _check_conclusion(conclusion, unit, person)
    decision = DisciplineDecision.objects.create(
        subject_kind=subject_kind, unit=unit, person=person, subject_path=subject_path,
        deciding_unit=deciding_unit, deciding_path=deciding_unit.path, conclusion=conclusion,
        number=number[:60], decided_on=decided_on, form=chosen, reason=reason,
        effective_from=effective_from, deferral_reason=deferral, deferred_until=until, recorded_by=actor,
    )  # fmt: skip
    record_sealed(
        actor=actor,
        action="inspections.discipline_decide",
        target=decision,
        after=sealed(_facts(decision), texts={"reason": reason}),
    )
    return decision


@transaction.atomic
def discipline_annul(
    *,
    actor: User | None,
    decision: DisciplineDecision,
    annulled_on: dt.date,
    reason: str,
    expected_version: int | None,
) -> DisciplineDecision:
    """Annulled (on a complaint, or a mistake): the row stays, out of effect from then on."""
    decision = (
        DisciplineDecision.objects.select_for_update().select_related("deciding_unit").get(pk=decision.pk)
    )
    if actor is not None:
        require(may_decide_discipline(actor, decision.deciding_unit, decision.subject_path))
    check_version(obj=decision, expected_version=expected_version)
    if decision.annulled_on is not None:
        raise InvalidStateError(_("This decision was already annulled."))
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Say why the decision is annulled."))
    if annulled_on < decision.decided_on:
        raise _invalid("annulled_on", _("A decision is annulled on or after its date."))
    decision.annulled_on, decision.annulled_reason = annulled_on, reason[:300]
    bump_version(decision)
    decision.save(update_fields=["annulled_on", "annulled_reason", "version", "updated_at"])
    record_sealed(
        actor=actor,
        action="inspections.discipline_annul",
        target=decision,
        after=sealed({"annulled_on": annulled_on}, texts={"reason": decision.annulled_reason}),
    )
    return decision
