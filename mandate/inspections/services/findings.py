"""Findings and conclusions about the subjects of an inspection (issue 12, item 4; ADR 0042).

A finding is recorded while the inspection is decided or under way, against the signs of a
catalogue in force on its day that the inspecting body may cite (its own, or one of a committee
above it); evidence files pass the same checks as every upload (size, type by content:
``core.uploads``). A conclusion is one per subject, recorded while the inspection is under way or
concluded, and corrected with the version read. Writers: ``policy_sensitive.may_write_records``;
the caller found the subject through ``selectors_sensitive`` (404 otherwise). Audit entries hold
hashes of the texts (``sealed_audit``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, InvalidStateError
from mandate.core.uploads import check_uploads, sha256_of
from mandate.inspections import discipline_rules
from mandate.inspections.enums import InspectedKind, InspectionState, Severity, SubjectKind
from mandate.inspections.models import (
    Conclusion,
    DisciplineForm,
    Finding,
    FindingEvidence,
    InspectionSubject,
    ViolationSign,
)
from mandate.inspections.policy import require
from mandate.inspections.policy_sensitive import may_write_records
from mandate.inspections.sealed_audit import record_sealed, sealed
from mandate.organisations.selectors import valid_on_q
from mandate.people.models import User

FINDING_STATES = frozenset({InspectionState.DECIDED, InspectionState.UNDER_WAY})
CONCLUSION_STATES = frozenset({InspectionState.UNDER_WAY, InspectionState.CONCLUDED})
MAX_EVIDENCE_FILES = 10


def _text(value: str, field: str, message: str) -> str:
    if not value or not value.strip():
        raise ApplicationError(message, fields={field: [message]})
    return value.strip()


def _locked_subject(subject: InspectionSubject) -> InspectionSubject:
    return (
        InspectionSubject.objects.select_for_update(of=("self",))
        .select_related("inspection__body__unit")
        .get(pk=subject.pk)
    )


def _require_writer(actor: User | None, subject: InspectionSubject) -> None:
    if actor is not None:  # the system (demo loader, tests) is never asked
        require(may_write_records(actor, subject))


def _require_open(subject: InspectionSubject, states: frozenset[str], record: str) -> None:
    """``record`` is "finding" or "conclusion": whole sentences each, for the translators."""
    inspection = subject.inspection
    if inspection.withdrawn_at is not None or subject.withdrawn_at is not None:
        raise InvalidStateError(
            _("This inspection or subject was withdrawn: nothing more is recorded about it.")
        )
    if inspection.state not in states:
        label = InspectionState(inspection.state).label
        if record == "finding":
            message = _(
                "A finding is recorded while the inspection is decided or under way, not “%(state)s”."
            )
        else:
            message = _(
                "A conclusion is recorded while the inspection is under way or concluded, not “%(state)s”."
            )
        raise InvalidStateError(message % {"state": label})


def _signs(
    subject: InspectionSubject, signs: Iterable[ViolationSign | int], on: dt.date
) -> list[ViolationSign]:
    """The signs cited, each in force on the day in a catalogue in force that the body may use."""
    wanted = list(dict.fromkeys(s.pk if isinstance(s, ViolationSign) else int(s) for s in signs))
    found = {
        sign.pk: sign
        for sign in ViolationSign.objects.filter(pk__in=wanted).select_related("catalogue__owner_unit")
    }
    usable = set(
        ViolationSign.objects.filter(
            valid_on_q(on), valid_on_q(on, "catalogue__"), pk__in=wanted
        ).values_list("pk", flat=True)
    )
    # A catalogue applies below its owner: to the body's own Party committee and those above it,
    # or to the subject's unit (a district's own catalogue for that district's members).
    places = (subject.inspection.body.unit.path, subject.subject_path)
    problems = []
    for pk in wanted:
        sign = found.get(pk)
        if sign is None:
            problems.append(_("Sign #%(id)s does not exist.") % {"id": pk})
        elif pk not in usable:
            problems.append(
                _("Sign %(code)s is not in force on %(day)s.") % {"code": sign.code, "day": f"{on:%d/%m/%Y}"}
            )
        elif not any(place.startswith(sign.catalogue.owner_unit.path) for place in places):
            problems.append(
                _(
                    "Sign %(code)s belongs to a catalogue of “%(unit)s”, which this inspecting body "
                    "does not use."
                )
                % {"code": sign.code, "unit": sign.catalogue.owner_unit.name}
            )
    if problems:
        raise ApplicationError(" ".join(problems), fields={"signs": [*problems]})
    return [found[pk] for pk in wanted]


@transaction.atomic
def finding_record(
    *,
    actor: User | None,
    subject: InspectionSubject,
    text: str,
    signs: Iterable[ViolationSign | int] = (),
    recorded_on: dt.date,
) -> Finding:
    subject = _locked_subject(subject)
    _require_writer(actor, subject)
    _require_open(subject, FINDING_STATES, "finding")
    text = _text(text, "text", _("Write what was found."))
    cited = _signs(subject, signs, recorded_on)
    finding = Finding.objects.create(subject=subject, text=text, recorded_by=actor, recorded_on=recorded_on)
    finding.signs.set(cited)
    after = {"subject": subject.pk, "recorded_on": recorded_on, "signs": sorted(s.pk for s in cited)}
    record_sealed(
        actor=actor,
        action="inspections.finding_record",
        target=finding,
        after=sealed(after, texts={"text": text}),
    )
    return finding


@transaction.atomic
def finding_withdraw(
    *, actor: User | None, finding: Finding, reason: str, expected_version: int | None
) -> Finding:
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    subject = InspectionSubject.objects.select_related("inspection__body__unit").get(pk=finding.subject_id)
    _require_writer(actor, subject)
    check_version(obj=finding, expected_version=expected_version)
    if finding.withdrawn_at is not None:
        raise InvalidStateError(_("This finding was already withdrawn."))
    reason = _text(reason, "reason", _("Say why the finding is withdrawn."))
    finding.withdrawn_at, finding.withdrawn_reason = timezone.now(), reason[:300]
    bump_version(finding)
    finding.save(update_fields=["withdrawn_at", "withdrawn_reason", "version", "updated_at"])
    record_sealed(
        actor=actor,
        action="inspections.finding_withdraw",
        target=finding,
        after=sealed({"withdrawn_at": finding.withdrawn_at}, texts={"reason": finding.withdrawn_reason}),
    )
    return finding


def finding_evidence_add(
    *, actor: User | None, finding: Finding, files: Sequence[UploadedFile[bytes]]
) -> list[FindingEvidence]:
    """Files behind a finding. The right and the finding's state are asked before the files are
    read; every file is checked before any is stored, and a failure removes what was stored."""
    subject = InspectionSubject.objects.select_related("inspection__body__unit").get(pk=finding.subject_id)
    _require_writer(actor, subject)
    if not files:
        raise ApplicationError(fields={"files": [_("Attach at least one file.")]})
    if len(files) > MAX_EVIDENCE_FILES:
        raise ApplicationError(fields={"files": [_("At most %(n)s files.") % {"n": MAX_EVIDENCE_FILES}]})
    checked = check_uploads(files)
    stored: list[FindingEvidence] = []
    try:
        with transaction.atomic():
            finding = Finding.objects.select_for_update().get(pk=finding.pk)
            if finding.withdrawn_at is not None:
                raise InvalidStateError(_("This finding was withdrawn: no file can be added to it."))
            for upload, check in zip(files, checked, strict=True):
                evidence = FindingEvidence(
                    finding=finding,
                    display_name=check.display_name,
                    content_type=check.content_type,
                    size=check.size,
                    sha256=sha256_of(upload),
                )
                evidence.file.save(check.storage_name, upload, save=False)
                stored.append(evidence)
                evidence.save()
            # The file names may name the person: the trail keeps the checksums only.
            after = {"evidence": [(e.pk, e.sha256, e.size) for e in stored]}
            record_sealed(actor=actor, action="inspections.finding_evidence_add", target=finding, after=after)
    except Exception:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return stored


def _conclusion_values(
    subject: InspectionSubject,
    *,
    violated: bool,
    severity: str,
    proposes_discipline: bool,
    proposed_form: str | None,
    proposed_kind: str | None,
    text: str,
    concluded_on: dt.date,
) -> tuple[str, DisciplineForm | None, str]:
    """The severity, the proposed form and the text, checked: a severity iff violated (R13's
    tiers); a form only with a proposal, in force on the conclusion's day for the subject's kind."""
    text = _text(text, "text", _("Write the conclusion."))
    severity = severity or ""
    if violated and not severity:
        raise ApplicationError(fields={"severity": [_("Say how serious the violation is.")]})
    if not violated and (severity or proposes_discipline or proposed_form):
        message = _("Without a violation there is no severity and no discipline to propose.")
        raise ApplicationError(message, fields={"severity": [message]})
    if severity and severity not in Severity.values:
        raise ApplicationError(
            fields={"severity": [_("Not one of the tiers: %(t)s.") % {"t": ", ".join(Severity.values)}]}
        )
    if proposed_form and not proposes_discipline:
        raise ApplicationError(
            fields={"proposed_form": [_("A form is given only with a proposal of discipline.")]}
        )
    form = None
    if proposed_form:
        kind = proposed_kind or (
            SubjectKind.PARTY_ORGANISATION
            if subject.kind == InspectedKind.ORGANISATION
            else SubjectKind.PARTY_MEMBER
        )
        form = discipline_rules.check_discipline_form(kind, proposed_form, concluded_on)
    return severity, form, text


@transaction.atomic
def conclusion_record(
    *,
    actor: User | None,
    subject: InspectionSubject,
    violated: bool,
    severity: str = "",
    proposes_discipline: bool = False,
    proposed_form: str | None = None,
    proposed_kind: str | None = None,
    text: str,
    concluded_on: dt.date,
) -> Conclusion:
    """The one conclusion about a subject; a second is refused (409: correct the first)."""
    subject = _locked_subject(subject)
    _require_writer(actor, subject)
    _require_open(subject, CONCLUSION_STATES, "conclusion")
    if Conclusion.objects.filter(subject=subject).exists():
        raise InvalidStateError(_("This subject already has its conclusion: correct it instead."))
    severity, form, text = _conclusion_values(
        subject, violated=violated, severity=severity, proposes_discipline=proposes_discipline,
        proposed_form=proposed_form, proposed_kind=proposed_kind, text=text, concluded_on=concluded_on,
    )  # fmt: skip
    conclusion = Conclusion.objects.create(
        subject=subject, violated=violated, severity=severity, proposes_discipline=proposes_discipline,
        proposed_form=form, text=text, concluded_on=concluded_on, recorded_by=actor,
    )  # fmt: skip
    record_sealed(
        actor=actor,
        action="inspections.conclusion_record",
        target=conclusion,
        after=sealed(_facts(conclusion), texts={"text": text}),
    )
    return conclusion


def _facts(conclusion: Conclusion) -> dict[str, object]:
    return {
        "subject": conclusion.subject_id,
        "violated": conclusion.violated,
        "severity": conclusion.severity,
        "proposes_discipline": conclusion.proposes_discipline,
        "proposed_form": conclusion.proposed_form_id,
        "concluded_on": conclusion.concluded_on,
    }


@transaction.atomic
def conclusion_correct(
    *,
    actor: User | None,
    conclusion: Conclusion,
    expected_version: int | None,
    violated: bool,
    severity: str = "",
    proposes_discipline: bool = False,
    proposed_form: str | None = None,
    proposed_kind: str | None = None,
    text: str,
    concluded_on: dt.date,
) -> Conclusion:
    """A correction of the whole conclusion, with the version read (409 when stale)."""
    conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
    subject = InspectionSubject.objects.select_related("inspection__body__unit").get(pk=conclusion.subject_id)
    _require_writer(actor, subject)
    check_version(obj=conclusion, expected_version=expected_version)
    _require_open(subject, CONCLUSION_STATES, "conclusion")
    severity, form, text = _conclusion_values(
        subject, violated=violated, severity=severity, proposes_discipline=proposes_discipline,
        proposed_form=proposed_form, proposed_kind=proposed_kind, text=text, concluded_on=concluded_on,
    )  # fmt: skip
    before = sealed(_facts(conclusion), texts={"text": conclusion.text})
    conclusion.violated, conclusion.severity = violated, severity
    conclusion.proposes_discipline, conclusion.proposed_form = proposes_discipline, form
    conclusion.text, conclusion.concluded_on = text, concluded_on
    bump_version(conclusion)
    conclusion.save()
    record_sealed(
        actor=actor,
        action="inspections.conclusion_correct",
        target=conclusion,
        before=before,
        after=sealed(_facts(conclusion), texts={"text": text}),
    )
    return conclusion
