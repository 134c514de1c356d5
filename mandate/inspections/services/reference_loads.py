"""The writes of the inspection reference data: loading a catalogue of violation signs, and
loading the discipline rules. Each load is all-or-nothing, idempotent and one audit entry (who,
the file's checksum, how many rows, what it changed); docs/adr/0033.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.concurrency import bump_version
from mandate.core.exceptions import ApplicationError, InvalidStateError, PayloadTooLargeError
from mandate.core.locks import lock_for_transaction
from mandate.core.upload_size import megabytes
from mandate.documents import selectors as document_selectors
from mandate.documents.models import Document
from mandate.documents.symbols import symbol_key
from mandate.inspections import policy
from mandate.inspections.catalogue import CatalogueSpec, SourceFinder, read_catalogue
from mandate.inspections.discipline_file import RulesSpec, read_rules
from mandate.inspections.enums import LoadOutcome
from mandate.inspections.file_reading import FileRefused
from mandate.inspections.models import (
    DeferralReason,
    DisciplineForm,
    DisciplineRuleSet,
    SignGroup,
    ViolationCatalogue,
    ViolationSign,
)
from mandate.organisations.models import OrgUnit
from mandate.people.models import User


class NamedFile(Protocol):
    """An uploaded file, or a file opened by the command: a name to tell the format, and bytes."""

    name: str | None

    def read(self, size: int = -1) -> bytes: ...


@dataclass(frozen=True)
class CatalogueLoad:
    catalogue: ViolationCatalogue
    outcome: str
    closed: ViolationCatalogue | None = None


@dataclass
class RulesLoad:
    outcome: str
    created: list[str] = field(default_factory=list)
    changed: dict[str, Any] = field(default_factory=dict)
    retired: list[str] = field(default_factory=list)


def _read(file: NamedFile) -> tuple[str, bytes]:
    limit: int = settings.MANDATE_MAX_UPLOAD_BYTES
    data = file.read(limit + 1)
    name = (file.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    if len(data) > limit:
        message = _("The file is over the limit of %(limit)s MB.") % {"limit": megabytes(limit)}
        raise PayloadTooLargeError(message, fields={"file": [message]})
    if not data:
        raise ApplicationError(_("The file is empty."), fields={"file": [_("The file is empty.")]})
    return name, data


def _refused(err: FileRefused) -> ApplicationError:
    lines = err.lines()
    return ApplicationError(
        _("The file was not loaded, and nothing was changed: %(count)s problem(s). The first: %(first)s")
        % {"count": len(lines), "first": lines[0]},
        code="file_refused",
        fields={"file": list(lines)},
    )


def _source_finder(actor: User | None) -> SourceFinder:
    """A source document is found by its symbol among the documents the loader may see (the
    system sees all), and by its date when several share the symbol."""

    def find(symbol: str, issued_on: dt.date | None) -> tuple[int | None, str]:
        key = symbol_key(symbol)
        if actor is None:
            documents = Document.objects.filter(retired_at__isnull=True)
        else:
            documents = document_selectors.document_list_visible(actor=actor, symbol=symbol)
        documents = documents.filter(symbol_key=key)
        if issued_on is not None:
            documents = documents.filter(issued_on=issued_on)
        ids = list(documents.order_by().values_list("pk", flat=True)[:2])
        if not ids:
            return None, _(
                "No registered document “%(symbol)s” can be found: register it first, or leave "
                "source_document empty and name the source in source_reference."
            ) % {"symbol": symbol}
        if len(ids) > 1:
            return None, _(
                "Several documents are numbered “%(symbol)s”: give source_issued_on to say which."
            ) % {"symbol": symbol}
        return ids[0], ""

    return find


@transaction.atomic
def catalogue_load(*, actor: User | None, file: NamedFile, owner_unit: OrgUnit) -> CatalogueLoad:
    """Load one version of a catalogue for ``owner_unit`` from a YAML, CSV or Excel file.

    The same content again (same key, same first day) changes nothing. A version with a later
    first day closes the validity of the one before it on the day before (never deletes it). A
    version that would start on or before a loaded one's first day with other content is refused:
    a correction is a new version."""
    if actor is not None:
        policy.require(policy.may_load_catalogue_for(actor, owner_unit))
    name, data = _read(file)
    try:
        spec = read_catalogue(name, data, find_source=_source_finder(actor))
    except FileRefused as err:
        raise _refused(err) from err
    lock_for_transaction(f"inspections.catalogue:{owner_unit.pk}:{spec.key}")
    versions = list(
        ViolationCatalogue.objects.select_for_update()
        .filter(owner_unit=owner_unit, key=spec.key)
        .order_by("valid_from")
    )
    file_sha256 = hashlib.sha256(data).hexdigest()
    content_sha256 = spec.content_sha256()
    same_day = next((v for v in versions if v.valid_from == spec.valid_from), None)
    if same_day is not None:
        if same_day.content_sha256 != content_sha256:
            raise InvalidStateError(
                _(
                    "A version of “%(key)s” in force from %(day)s is already loaded with other content. "
                    "Load the correction as a new version with a later first day."
                )
                % {"key": spec.key, "day": f"{spec.valid_from:%d/%m/%Y}"},
                code="catalogue_version_exists",
            )
        _audit_load(actor, same_day, spec, name, file_sha256, LoadOutcome.UNCHANGED, None)
        return CatalogueLoad(same_day, LoadOutcome.UNCHANGED)
    later = [v for v in versions if v.valid_from > spec.valid_from]
    if later:
        raise InvalidStateError(
            _(
                "A later version of “%(key)s”, in force from %(day)s, is already loaded: versions are "
                "loaded in order."
            )
            % {"key": spec.key, "day": f"{later[0].valid_from:%d/%m/%Y}"},
            code="catalogue_later_version",
        )
    catalogue = _create(actor, owner_unit, spec, name, file_sha256, content_sha256)
    closed = _close_previous(versions[-1] if versions else None, spec.valid_from)
    _audit_load(actor, catalogue, spec, name, file_sha256, LoadOutcome.LOADED, closed)
    return CatalogueLoad(catalogue, LoadOutcome.LOADED, closed[0] if closed else None)


def _create(
    actor: User | None,
    owner_unit: OrgUnit,
    spec: CatalogueSpec,
    name: str,
    file_sha256: str,
    content_sha256: str,
) -> ViolationCatalogue:
    catalogue = ViolationCatalogue.objects.create(
        key=spec.key,
        name=spec.name,
        name_en=spec.name_en,
        owner_unit=owner_unit,
        source_document_id=spec.source_document_id,
        source_reference=spec.source_reference,
        valid_from=spec.valid_from,
        valid_to=spec.valid_to,
        is_example=spec.is_example,
        note=spec.note,
        note_en=spec.note_en,
        content_sha256=content_sha256,
        file_sha256=file_sha256,
        file_name=name,
        loaded_by=actor,
    )
    groups = SignGroup.objects.bulk_create(
        [
            SignGroup(
                catalogue=catalogue,
                code=g.code,
                name=g.name,
                name_en=g.name_en,
                kind=g.kind,
                order=g.order,
                official_count=g.official_count,
            )
            for g in spec.groups
        ]
    )
    group_ids = {group.code: group.pk for group in groups}
    if None in group_ids.values():  # a database that does not return the ids of a bulk insert
        group_ids = dict(SignGroup.objects.filter(catalogue=catalogue).values_list("code", "pk"))
    ViolationSign.objects.bulk_create(
        [
            ViolationSign(
                catalogue=catalogue,
                group_id=group_ids[s.group],
                code=s.code,
                text=s.text,
                text_en=s.text_en,
                order=s.order,
                valid_from=s.valid_from,
                valid_to=s.valid_to,
                basis=s.basis,
            )
            for s in spec.signs
        ]
    )
    return catalogue


def _close_previous(
    previous: ViolationCatalogue | None, first_day: dt.date
) -> tuple[ViolationCatalogue, dt.date | None] | None:
    """The version before ends the day before the new one starts (if it ran that far)."""
    last_day = first_day - dt.timedelta(days=1)
    if previous is None or (previous.valid_to is not None and previous.valid_to <= last_day):
        return None
    before = previous.valid_to
    previous.valid_to = last_day
    bump_version(previous)
    previous.save(update_fields=["valid_to", "version", "updated_at"])
    return previous, before


def _audit_load(
    actor: User | None,
    catalogue: ViolationCatalogue,
    spec: CatalogueSpec,
    name: str,
    file_sha256: str,
    outcome: str,
    closed: tuple[ViolationCatalogue, dt.date | None] | None,
) -> None:
    after: dict[str, Any] = {
        "outcome": outcome,
        "file_name": name,
        "file_sha256": file_sha256,
        "content_sha256": catalogue.content_sha256,
        "format": spec.format,
        "rows": spec.row_count,
        "groups": len(spec.groups),
        "signs": len(spec.signs),
        "owner_unit": catalogue.owner_unit_id,
        "key": catalogue.key,
        "valid_from": catalogue.valid_from,
        "is_example": catalogue.is_example,
    }
    if closed is not None:
        previous, before = closed
        after["closed"] = {"catalogue": previous.pk, "valid_to_before": before, "valid_to": previous.valid_to}
    audit.record(actor=actor, action="inspections.catalogue_load", target=catalogue, after=after)


@transaction.atomic
def discipline_rules_load(*, actor: User | None, file: NamedFile) -> RulesLoad:
    """Make the stored rules what the file says: rule sets and deferral reasons by their key,
    forms by kind of subject and code. New rows are created, changed rows updated, rows the file
    no longer has retired (never deleted: decisions point at them). The same file twice changes
    nothing."""
    if actor is not None:
        policy.require(policy.may_load_discipline_rules(actor))
    name, data = _read(file)
    try:
        spec = read_rules(data)
    except FileRefused as err:
        raise _refused(err) from err
    lock_for_transaction("inspections.discipline-rules")
    result = RulesLoad(outcome=LoadOutcome.UNCHANGED)
    _load_rule_sets(spec, result)
    _load_deferrals(spec, result)
    if result.created or result.changed or result.retired:
        result.outcome = LoadOutcome.LOADED
    audit.record(
        actor=actor,
        action="inspections.discipline_rules_load",
        target_type="inspections.disciplineruleset",
        target_label=name,
        after={
            "outcome": result.outcome,
            "file_name": name,
            "file_sha256": hashlib.sha256(data).hexdigest(),
            "content_sha256": spec.content_sha256(),
            "rows": spec.row_count,
            "created": result.created,
            "changed": result.changed,
            "retired": result.retired,
        },
    )
    return result


RULE_SET_FIELDS = (
    "system", "source_document", "source_title", "source_title_en", "source_article", "source_url",
    "valid_from", "valid_to", "to_verify", "to_verify_note", "to_verify_note_en",
)  # fmt: skip
DEFERRAL_FIELDS = (
    "name", "name_en", "end_rule", "months", "end_rule_text", "end_rule_text_en", "subject_kinds", "waivable",
    "source_document", "source_article", "source_url", "valid_from", "valid_to", "to_verify",
    "to_verify_note", "to_verify_note_en",
)  # fmt: skip
FORM_FIELDS = ("name", "name_en", "severity", "note", "note_en")


def _update(row: Any, values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """Set the values that differ (and bring a retired row back); the changes as [before, after]."""
    changes: dict[str, Any] = {}
    for name in fields:
        if getattr(row, name) != values[name]:
            changes[name] = [audit.snapshot(row, [name])[name], values[name]]
            setattr(row, name, values[name])
    if row.retired_at is not None:
        changes["retired_at"] = [row.retired_at, None]
        row.retired_at = None
    if changes:
        if hasattr(row, "version"):
            bump_version(row)
        row.save()
    return changes


def _load_rule_sets(spec: RulesSpec, result: RulesLoad) -> None:
    now = timezone.now()
    stored = {row.key: row for row in DisciplineRuleSet.objects.select_for_update()}
    for rules in spec.rule_sets:
        values = {name: getattr(rules, name) for name in RULE_SET_FIELDS}
        row = stored.pop(rules.key, None)
        if row is None:
            row = DisciplineRuleSet.objects.create(key=rules.key, **values)
            result.created.append(rules.key)
        elif changes := _update(row, values, RULE_SET_FIELDS):
            result.changed[rules.key] = changes
        form_changes = _load_forms(row, rules.forms, now)
        if form_changes:
            result.changed.setdefault(rules.key, {})["forms"] = form_changes
    for key, row in stored.items():
        if row.retired_at is None:
            row.retired_at = now
            bump_version(row)
            row.save(update_fields=["retired_at", "version", "updated_at"])
            result.retired.append(key)


def _load_forms(rule_set: DisciplineRuleSet, forms: Any, now: dt.datetime) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    stored = {(f.subject_kind, f.code): f for f in DisciplineForm.objects.filter(rule_set=rule_set)}
    for form in forms:
        values = {name: getattr(form, name) for name in FORM_FIELDS}
        row = stored.pop((form.subject_kind, form.code), None)
        label = f"{form.subject_kind}:{form.code}"
        if row is None:
            DisciplineForm.objects.create(
                rule_set=rule_set, subject_kind=form.subject_kind, code=form.code, **values
            )
            changes[label] = "created"
        elif changed := _update(row, values, FORM_FIELDS):
            changes[label] = changed
    for (kind, code), row in stored.items():
        if row.retired_at is None:
            row.retired_at = now
            row.save(update_fields=["retired_at"])
            changes[f"{kind}:{code}"] = "retired"
    return changes


def _load_deferrals(spec: RulesSpec, result: RulesLoad) -> None:
    now = timezone.now()
    stored = {row.code: row for row in DeferralReason.objects.select_for_update()}
    for reason in spec.deferrals:
        values = {name: getattr(reason, name) for name in DEFERRAL_FIELDS}
        values["subject_kinds"] = list(reason.subject_kinds)
        row = stored.pop(reason.code, None)
        if row is None:
            DeferralReason.objects.create(code=reason.code, **values)
            result.created.append(f"deferral:{reason.code}")
        elif changes := _update(row, values, DEFERRAL_FIELDS):
            result.changed[f"deferral:{reason.code}"] = changes
    for code, row in stored.items():
        if row.retired_at is None:
            row.retired_at = now
            bump_version(row)
            row.save(update_fields=["retired_at", "version", "updated_at"])
            result.retired.append(f"deferral:{code}")
