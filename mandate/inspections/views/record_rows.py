"""The subjects of an inspection's page, each with its findings, its conclusion, the discipline
decisions that followed it, and the forms the reader may use on them (``record_forms``). A form
posted and refused comes back on the record it named, with what was typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms as django_forms

from mandate.core.exceptions import ApplicationError
from mandate.core.request_values import parse_day
from mandate.inspections import selectors_sensitive
from mandate.inspections.enums import InspectionState
from mandate.inspections.models import Inspection, InspectionSubject
from mandate.inspections.services.findings import CONCLUSION_STATES
from mandate.inspections.views import choices, record_forms
from mandate.people.models import User
from mandate.people.scopes import today


def decision_day(raw: str) -> dt.date:
    """The day whose discipline forms are offered (``?discipline_on=dd/mm/yyyy`` on the page, the
    decision date typed in a posted form), today by default: the forms in force differ before and
    after a change of the rules (R13)."""
    if not raw:
        return today()
    try:
        return parse_day(raw)
    except (ValueError, ApplicationError):
        return today()


def _bound_on(bound: dict[str, django_forms.Form], action: str, pk: int) -> django_forms.Form | None:
    form = bound.get(action)
    if form is not None and record_forms.record_id(action, form.data) == pk:
        return form
    return None


def record_rows(
    actor: User,
    inspection: Inspection,
    subjects: list[InspectionSubject],
    records: dict[str, Any],
    writable: set[int],
    bound: dict[str, django_forms.Form],
    day: dt.date,
) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows of the subjects shown, and the "to verify" notes of the discipline forms offered."""
    conclusions = list(records["conclusions"].values())
    decisions: dict[int, list[Any]] = {}
    if conclusions:
        shown = list(
            selectors_sensitive.discipline_list_visible(actor=actor).filter(
                conclusion_id__in=[c.pk for c in conclusions]
            )
        )
        selectors_sensitive.log_person_reads(
            actor=actor, records=shown, purpose="inspections.inspection_detail"
        )
        for decision in shown:
            if decision.conclusion_id is not None:
                decisions.setdefault(decision.conclusion_id, []).append(decision)
    conclusion_open = inspection.withdrawn_at is None and inspection.state in CONCLUSION_STATES
    discipline_open = inspection.state in (InspectionState.CONCLUDED, InspectionState.FOLLOW_UP_DONE)
    notes: list[str] = []
    rows = []
    deciders = record_forms.deciding_units(actor) if any(c.violated for c in conclusions) else []
    for subject in subjects:
        writes = subject.pk in writable
        findings = []
        for finding in records["findings"].get(subject.pk, []):
            findings.append(
                {
                    "finding": finding,
                    "withdraw": (
                        _bound_on(bound, "finding_withdraw", finding.pk)
                        or record_forms.finding_withdraw_form(finding)
                    )
                    if writes
                    else None,
                    "evidence": (
                        _bound_on(bound, "evidence_add", finding.pk) or record_forms.evidence_form(finding)
                    )
                    if writes
                    else None,
                }
            )
        conclusion = records["conclusions"].get(subject.pk)
        correct = discipline = None
        if conclusion is not None and writes and conclusion_open and subject.withdrawn_at is None:
            correct = _bound_on(bound, "conclusion_correct", subject.pk) or record_forms.correct_form(
                conclusion
            )
        if conclusion is not None and (discipline_open or conclusion_open):
            built = record_forms.discipline_form(actor, conclusion, day, deciders=deciders)
            if built is not None:
                discipline = _bound_on(bound, "discipline", conclusion.pk) or built[0]
                notes += [note for note in built[1] if note not in notes]
        rows.append(
            {
                "subject": subject,
                "label": choices.subject_label(subject),
                "findings": findings,
                "conclusion": conclusion,
                "correct": correct,
                "discipline": discipline,
                "decisions": decisions.get(conclusion.pk, []) if conclusion is not None else [],
            }
        )
    return rows, notes
