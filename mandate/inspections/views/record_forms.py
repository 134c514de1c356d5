"""The forms an inspection's page carries on a record (a finding, a conclusion): withdraw a
finding, add evidence to it, correct a conclusion, decide a discipline following it. Each form
names its record in a hidden field and has its own ids (``auto_id``), since the page shows one
per record; the same builders bind what was posted (``views/actions_records``), so a refused form
comes back with what was typed, on its record.

Offering a form decides nothing: the services ask ``policy_sensitive`` again. The page offers the
finding and conclusion forms to those who write the records (``choices.writable_subjects``) and the
discipline form to those who may decide about the subject for some unit they act for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms as django_forms
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mandate.inspections import discipline_rules
from mandate.inspections.enums import InspectedKind, SubjectKind
from mandate.inspections.forms import (
    ConclusionCorrectForm,
    DisciplineDecisionForm,
    EvidenceForm,
    FindingWithdrawForm,
)
from mandate.inspections.models import Conclusion, Finding, InspectionSubject
from mandate.inspections.policy_sensitive import decider_units_q, may_decide_discipline
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.tasks.forms import Choices

# The action, and the hidden field that names its record.
RECORD_KEYS = {
    "finding_withdraw": "finding",
    "evidence_add": "finding",
    "conclusion_correct": "subject",
    "discipline": "conclusion",
}


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def record_id(action: str, data: Any) -> int | None:
    """The record a posted per-record form names (None: missing or not a number)."""
    try:
        return int(data.get(f"{action}-{RECORD_KEYS[action]}", ""))
    except (TypeError, ValueError):
        return None


def _ids(action: str, pk: int) -> str:
    return f"id_{action}_{pk}_%s"


def finding_withdraw_form(finding: Finding, data: Any = None) -> django_forms.Form:
    return FindingWithdrawForm(
        data,
        prefix="finding_withdraw",
        auto_id=_ids("fw", finding.pk),
        initial={"finding": finding.pk, "version": finding.version},
    )


def evidence_form(finding: Finding, data: Any = None, files: Any = None) -> django_forms.Form:
    return EvidenceForm(
        data, files, prefix="evidence_add", auto_id=_ids("ev", finding.pk), initial={"finding": finding.pk}
    )


def correct_form(conclusion: Conclusion, data: Any = None) -> django_forms.Form:
    initial = {
        "subject": conclusion.subject_id,
        "version": conclusion.version,
        "violated": conclusion.violated,
        "severity": conclusion.severity,
        "text": conclusion.text,
        "concluded_on": conclusion.concluded_on,
    }
    return ConclusionCorrectForm(
        data, prefix="conclusion_correct", auto_id=_ids("cc", conclusion.subject_id), initial=initial
    )


def subject_kinds(subject: InspectionSubject) -> Choices:
    """An organisation is disciplined as a Party organisation; a person as one of the others."""
    if subject.kind == InspectedKind.ORGANISATION:
        return [(SubjectKind.PARTY_ORGANISATION.value, SubjectKind.PARTY_ORGANISATION.label)]
    return [(value, label) for value, label in SubjectKind.choices if value != SubjectKind.PARTY_ORGANISATION]


def deciding_units(actor: User) -> list[OrgUnit]:
    """The units the actor decides for (read once per page)."""
    return list(OrgUnit.objects.filter(decider_units_q(actor)).order_by("path"))


def decider_units(actor: User, subject: InspectionSubject, units: list[OrgUnit]) -> Choices:
    """Those of ``units`` that may discipline this subject (``policy_sensitive``)."""
    return [
        (unit.pk, unit.name)
        for unit in units
        if may_decide_discipline(actor, unit, subject.subject_path).allowed
    ]


def forms_offered(kinds: Choices, day: dt.date) -> tuple[Choices, list[str]]:
    """The discipline forms in force on ``day`` for those kinds, grouped by kind, each with its
    rule and, for a rule set marked "to verify", that mark; and the notes of what to verify."""
    wanted = {value for value, _label in kinds}
    groups: dict[str, list[tuple[str, str]]] = {}
    notes: list[str] = []
    for form in discipline_rules.forms_in_force(None, day):
        if form.subject_kind not in wanted:
            continue
        rule_set = form.rule_set
        label = f"{form.name_en if _english() else form.name} ({discipline_rules.source_label(rule_set)})"
        if rule_set.to_verify:
            label = f"{label} · {_('to verify')}"
            note = discipline_rules.to_verify_note(rule_set)
            if note and note not in notes:
                notes.append(note)
        groups.setdefault(str(SubjectKind(form.subject_kind).label), []).append((form.code, label))
    return list(groups.items()), notes


def deferral_choices(kinds: Choices, day: dt.date) -> Choices:
    wanted = {value for value, _label in kinds}
    return [
        (reason.code, reason.name_en if _english() else reason.name)
        for reason in discipline_rules.deferral_reasons_in_force(None, day)
        if not reason.subject_kinds or wanted & set(reason.subject_kinds)
    ]


def discipline_form(
    actor: User,
    conclusion: Conclusion,
    day: dt.date,
    data: Any = None,
    *,
    deciders: list[OrgUnit] | None = None,
) -> tuple[django_forms.Form, list[str]] | None:
    """The decision form of a conclusion that found a violation, for one who may decide about its
    subject (None otherwise), and the "to verify" notes of the forms it offers."""
    if not conclusion.violated:
        return None
    subject = conclusion.subject
    units = decider_units(actor, subject, deciding_units(actor) if deciders is None else deciders)
    if not units:
        return None
    kinds = subject_kinds(subject)
    offered, notes = forms_offered(kinds, day)
    initial = {
        "conclusion": conclusion.pk,
        "subject_kind": kinds[0][0],
        "decided_on": day,
        "effective_from": day,
    }
    form = DisciplineDecisionForm(
        data,
        prefix="discipline",
        auto_id=_ids("dd", conclusion.pk),
        initial=initial,
        kinds=kinds,
        units=units,
        forms_offered=offered,
        deferrals=deferral_choices(kinds, day),
    )
    return form, notes
