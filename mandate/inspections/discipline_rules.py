"""The discipline rules as applied: which forms are in force for a kind of subject on a day, the
check a decision's form must pass, and the last day of a deferral (R11, R13; docs/adr/0033).

A form is offered, and accepted, only from the rule set that covers the kind of subject on the
decision's date; the refusal says which rule gave the form and when, and which rule applies
instead. A rule set marked "to verify" passes its mark to every form it gives, so that whoever is
offered the form sees the doubt.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mandate.core.exceptions import ApplicationError
from mandate.inspections.enums import DeferralEnd, SubjectKind
from mandate.inspections.models import DeferralReason, DisciplineForm, DisciplineRuleSet
from mandate.organisations.selectors import valid_on_q


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def _day(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _check_kind(subject_kind: str) -> None:
    if subject_kind not in SubjectKind.values:
        message = _("“%(value)s” is not a kind of subject. The kinds are: %(kinds)s.") % {
            "value": subject_kind,
            "kinds": ", ".join(SubjectKind.values),
        }
        raise ApplicationError(message, code="invalid", fields={"subject_kind": [message]})


def forms_in_force(subject_kind: str | None, on_date: dt.date) -> QuerySet[DisciplineForm]:
    """The forms a decision dated ``on_date`` may take for that kind of subject (every kind when
    ``None``), from the lightest; each with its rule set (source, period, "to verify")."""
    forms = DisciplineForm.objects.filter(
        valid_on_q(on_date, "rule_set__"), retired_at__isnull=True, rule_set__retired_at__isnull=True
    )
    if subject_kind is not None:
        _check_kind(subject_kind)
        forms = forms.filter(subject_kind=subject_kind)
    return forms.select_related("rule_set").order_by("subject_kind", "severity")


def source_label(rule_set: DisciplineRuleSet) -> str:
    """The rule as people cite it: "Decree 112/2020/NĐ-CP, Article 7"."""
    if rule_set.source_article:
        return _("%(document)s, Article %(article)s") % {
            "document": rule_set.source_document,
            "article": rule_set.source_article,
        }
    return rule_set.source_document


def to_verify_note(rule_set: DisciplineRuleSet) -> str:
    if not rule_set.to_verify:
        return ""
    return rule_set.to_verify_note_en if _english() else rule_set.to_verify_note


def _name(form: DisciplineForm) -> str:
    return form.name_en if _english() else form.name


def check_discipline_form(subject_kind: str, form: str, decision_date: dt.date) -> DisciplineForm:
    """The form in force for that kind of subject on the decision's date, or a refusal (400,
    ``discipline_form_not_in_force``) that names the rule, its dates and the forms in force."""
    in_force = list(forms_in_force(subject_kind, decision_date))
    chosen = next((f for f in in_force if f.code == form), None)
    if chosen is not None:
        return chosen
    parts = [
        _("“%(form)s” is not a discipline form in force on %(day)s for this kind of subject (%(kind)s).")
        % {"form": _form_name(form), "kind": SubjectKind(subject_kind).label, "day": _day(decision_date)}
    ]
    earlier = _elsewhere(subject_kind, form, decision_date)
    if earlier is not None:
        rule_set = earlier.rule_set
        if rule_set.valid_to is not None and rule_set.valid_to < decision_date:
            parts.append(
                _("%(rule)s provided it until %(last)s.")
                % {"rule": source_label(rule_set), "last": _day(rule_set.valid_to)}
            )
        else:
            parts.append(
                _("%(rule)s provides it from %(first)s.")
                % {"rule": source_label(rule_set), "first": _day(rule_set.valid_from)}
            )
        if rule_set.to_verify:
            parts.append(_("To verify: %(note)s") % {"note": to_verify_note(rule_set)})
    if in_force:
        rule_set = in_force[0].rule_set
        parts.append(
            _("On that day %(rule)s applies (in force from %(first)s): %(forms)s.")
            % {
                "rule": source_label(rule_set),
                "first": _day(rule_set.valid_from),
                "forms": ", ".join(_name(f) for f in in_force),
            }
        )
        if rule_set.to_verify and rule_set.pk != (earlier.rule_set_id if earlier else None):
            parts.append(_("To verify: %(note)s") % {"note": to_verify_note(rule_set)})
    else:
        parts.append(_("No discipline form is loaded for this kind of subject on that day."))
    message = " ".join(parts)
    raise ApplicationError(message, code="discipline_form_not_in_force", fields={"form": [message]})


def _form_name(code: str) -> str:
    """The form's name from any rule set (it may be out of force on the day asked), else its code."""
    known = DisciplineForm.objects.filter(code=code).order_by("-rule_set__valid_from").first()
    return _name(known) if known is not None else code


def _elsewhere(subject_kind: str, code: str, day: dt.date) -> DisciplineForm | None:
    """The same form for the same kind under the rule set nearest to ``day`` (before or after)."""
    candidates = list(
        DisciplineForm.objects.filter(
            subject_kind=subject_kind, code=code, retired_at__isnull=True, rule_set__retired_at__isnull=True
        ).select_related("rule_set")
    )
    if not candidates:
        return None

    def distance(form: DisciplineForm) -> int:
        rule_set = form.rule_set
        if rule_set.valid_to is not None and rule_set.valid_to < day:
            return (day - rule_set.valid_to).days
        return (rule_set.valid_from - day).days

    return min(candidates, key=distance)


def deferral_reasons_in_force(subject_kind: str | None, on_date: dt.date) -> list[DeferralReason]:
    reasons = DeferralReason.objects.filter(valid_on_q(on_date), retired_at__isnull=True).order_by("code")
    if subject_kind is None:
        return list(reasons)
    _check_kind(subject_kind)
    return [reason for reason in reasons if subject_kind in reason.subject_kinds]


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deferral_last_day(reason: DeferralReason, *, counted_from: dt.date | None) -> dt.date | None:
    """The last day of the deferral. For a child under 12 months: the day before the child is 12
    months old, counted from the birth (``counted_from``). For a circumstance that ends by itself
    (pregnancy, leave, treatment): unknown until it ends (``None``); the day is then recorded."""
    if reason.end_rule == DeferralEnd.MONTHS_AFTER and reason.months and counted_from is not None:
        return _add_months(counted_from, reason.months) - dt.timedelta(days=1)
    return None
