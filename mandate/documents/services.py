"""Registering and changing documents. The symbol is parsed and checked against the chosen type;
uniqueness is per issuing unit and year (State, legal normative) or Party term (Party)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.text import fold
from mandate.core.uploads import check_upload
from mandate.documents import permissions, policy
from mandate.documents.enums import Confidentiality, RecipientKind, RelationKind
from mandate.documents.models import (
    Document,
    DocumentAttachment,
    DocumentRecipient,
    DocumentRelation,
    DocumentType,
)
from mandate.documents.symbols import ParsedSymbol, SymbolError, SymbolForm, parse_symbol, symbol_key
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import party_term_for
from mandate.people.models import User
from mandate.people.scopes import acting_for, current_positions, effective_role, today

DOCUMENT_FIELDS = [
    "document_type",
    "symbol",
    "issuing_unit",
    "issued_on",
    "title",
    "summary",
    "recipients_text",
    "confidentiality",
    "is_public",
]
EDITABLE_FIELDS = ("title", "summary", "recipients_text", "confidentiality", "is_public")


def _parse(symbol: str, document_type: DocumentType) -> ParsedSymbol:
    try:
        parsed = parse_symbol(symbol)
    except SymbolError as err:
        raise ApplicationError(err.message, code="invalid_symbol", fields={"symbol": [err.message]}) from err
    fits = parsed.type_code in document_type.symbol_codes if parsed.type_code else document_type.codeless
    if not fits:
        expected = ", ".join(document_type.symbol_codes) or _("no type code")
        message = _("A document of type “%(type)s” has %(expected)s in its symbol, not “%(code)s”.") % {
            "type": document_type.localized_name,
            "expected": expected,
            "code": parsed.type_code or _("no type code"),
        }
        raise ApplicationError(message, code="type_mismatch", fields={"document_type": [message]})
    return parsed


def _uniqueness_key(parsed: ParsedSymbol, issuing_unit: OrgUnit, issued_on: dt.date) -> str:
    if parsed.form == SymbolForm.PARTY:
        term = party_term_for(unit=issuing_unit, day=issued_on)
        period = f"T{term.pk}" if term is not None else f"Y{issued_on.year}"
    elif parsed.form == SymbolForm.NORMATIVE:
        period = f"Y{parsed.year}"
    else:
        period = f"Y{issued_on.year}"
    # The drafting unit's code is not part of it: an agency numbers its letters in one sequence.
    return f"{parsed.type_code or ''}|{parsed.number}|{period}"


def _duplicate_error(symbol: str, issuing_unit: OrgUnit) -> ApplicationError:
    message = _("“%(symbol)s” is already registered for %(unit)s in the same year or term.") % {
        "symbol": symbol,
        "unit": issuing_unit.name,
    }
    return ApplicationError(message, code="duplicate_symbol", fields={"symbol": [message]})


def _search_text(document: Document) -> str:
    return fold(f"{document.symbol} {document.title} {document.summary}")


def _validate_flags(*, confidentiality: str, is_public: bool) -> None:
    if confidentiality not in Confidentiality.values:
        raise ApplicationError(
            _("Unknown confidentiality."), fields={"confidentiality": [_("Not a choice.")]}
        )
    if is_public and confidentiality != Confidentiality.NORMAL:
        message = _("A confidential document cannot be public.")
        raise ApplicationError(message, fields={"is_public": [message]})


def registering_unit(
    *, actor: User | None, issuing_unit: OrgUnit, recipient_units: Sequence[OrgUnit]
) -> OrgUnit | None:
    """For whose register the actor enters the document: the issuer's, when he acts for it;
    otherwise his own unit's (the office that registers on the issuer's behalf, or the recipient
    that registers an incoming document). The system registers for nobody."""
    if actor is None:
        return None
    if acting_for(actor).roles_for(issuing_unit.path) & permissions.REGISTERING_ROLES:
        return issuing_unit
    paths = [unit.path for unit in (issuing_unit, *recipient_units)]
    for position in current_positions(user=actor, on=today()):
        covered = (position.scope_unit or position.unit).path
        if effective_role(position) in permissions.REGISTERING_ROLES and any(
            p.startswith(covered) for p in paths
        ):
            return position.unit
    return None


@transaction.atomic
def document_register(
    *,
    actor: User | None,
    document_type: DocumentType,
    symbol: str,
    issuing_unit: OrgUnit,
    issued_on: dt.date,
    title: str,
    summary: str = "",
    recipients_text: str = "",
    recipient_units: Sequence[OrgUnit] = (),
    confidentiality: str = Confidentiality.NORMAL,
    is_public: bool = False,
) -> Document:
    """Enter a document in the register of the unit that issued it or of a unit that received it."""
    if actor is not None and not permissions.can_register_document(
        actor=actor, issuing_unit=issuing_unit, recipient_units=recipient_units
    ):
        raise PermissionDeniedError(
            _("You may register documents only of or for the units you work for, as a leader or specialist.")
        )
    parsed = _parse(symbol, document_type)
    if not title.strip():
        raise ApplicationError(_("Give the document's title."), fields={"title": [_("Required.")]})
    if parsed.year is not None and parsed.year != issued_on.year:
        message = _("The symbol says %(y)s but the document is dated %(d)s.") % {
            "y": parsed.year,
            "d": issued_on.strftime("%d/%m/%Y"),
        }
        raise ApplicationError(message, fields={"issued_on": [message]})
    _validate_flags(confidentiality=confidentiality, is_public=is_public)
    key = _uniqueness_key(parsed, issuing_unit, issued_on)
    if Document.objects.filter(
        issuing_unit=issuing_unit, uniqueness_key=key, retired_at__isnull=True
    ).exists():
        raise _duplicate_error(symbol, issuing_unit)
    document = Document(
        document_type=document_type,
        symbol=" ".join(symbol.split()),
        symbol_key=symbol_key(symbol),
        number=parsed.number,
        type_code=parsed.type_code or "",
        issuer_code=parsed.issuer_code,
        drafting_code=parsed.drafting_code or "",
        symbol_year=parsed.year,
        symbol_form=parsed.form.value,
        uniqueness_key=key,
        issuing_unit=issuing_unit,
        issued_on=issued_on,
        title=title.strip(),
        summary=summary.strip(),
        recipients_text=recipients_text.strip(),
        confidentiality=confidentiality,
        is_public=is_public,
        registered_by=actor if actor is not None and actor.is_authenticated else None,
        registered_for=registering_unit(
            actor=actor, issuing_unit=issuing_unit, recipient_units=recipient_units
        ),
    )
    document.search_text = _search_text(document)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as err:  # a concurrent registration of the same symbol won
        raise _duplicate_error(symbol, issuing_unit) from err
    for unit in dict.fromkeys(recipient_units):
        DocumentRecipient.objects.create(document=document, unit=unit, kind=RecipientKind.ADDRESSED)
    after = audit.snapshot(document, [*DOCUMENT_FIELDS, "registered_for"])
    after["recipient_units"] = [u.pk for u in recipient_units]
    audit.record(actor=actor, action="documents.register", target=document, after=after)
    return document


@transaction.atomic
def document_update(
    *, actor: User | None, document: Document, expected_version: int | None, changes: dict[str, Any]
) -> Document:
    """Correct the record — its owners only (``documents.policy``). A field that cannot be changed
    is refused by name; an update that changes nothing leaves the version and the trail alone."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed: %(f)s.") % {"f": ", ".join(sorted(unknown))},
            fields={f: [_("Cannot be changed.")] for f in sorted(unknown)},
        )
    document = (
        Document.objects.select_for_update(of=("self",))  # registered_for may be null: lock the row only
        .select_related("issuing_unit", "registered_for")
        .get(pk=document.pk)
    )
    policy.require(actor, document, "edit")
    check_version(obj=document, expected_version=expected_version)
    before = audit.snapshot(document, EDITABLE_FIELDS)
    for name, value in changes.items():
        setattr(
            document, name, value.strip() if isinstance(value, str) and name != "confidentiality" else value
        )
    if not document.title:
        raise ApplicationError(_("Give the document's title."), fields={"title": [_("Required.")]})
    _validate_flags(confidentiality=document.confidentiality, is_public=document.is_public)
    old, new = audit.changes(before, audit.snapshot(document, EDITABLE_FIELDS))
    if not new:
        document.refresh_from_db()
        return document
    document.search_text = _search_text(document)
    bump_version(document)
    document.save(update_fields=[*new, "search_text", "version", "updated_at"])
    audit.record(actor=actor, action="documents.update", target=document, before=old, after=new)
    return document


@transaction.atomic
def document_retire(
    *, actor: User | None, document: Document, reason: str, expected_version: int | None
) -> Document:
    """Withdraw a document from the register; it stays on file with the reason. Only its owners'
    leaders: a unit it reaches does not withdraw it for everyone."""
    document = (
        Document.objects.select_for_update(of=("self",))  # registered_for may be null: lock the row only
        .select_related("issuing_unit", "registered_for")
        .get(pk=document.pk)
    )
    policy.require(actor, document, "retire")
    check_version(obj=document, expected_version=expected_version)
    if not reason.strip():
        raise ApplicationError(_("Give the reason."), fields={"reason": [_("Give the reason.")]})
    document.retired_at = timezone.now()
    document.retired_reason = reason.strip()
    bump_version(document)
    document.save(update_fields=["retired_at", "retired_reason", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="documents.retire",
        target=document,
        after={"retired_at": document.retired_at, "retired_reason": document.retired_reason},
    )
    return document


@transaction.atomic
def document_relate(*, actor: User | None, source: Document, target: Document, kind: str) -> DocumentRelation:
    """Record that ``source`` implements, amends or replaces ``target`` — said by ``source``'s
    owners."""
    if kind not in RelationKind.values:
        raise ApplicationError(_("Unknown relation."), fields={"kind": [_("Not a choice.")]})
    if source.pk == target.pk:
        raise ApplicationError(
            _("A document cannot relate to itself."), fields={"target": [_("Same document.")]}
        )
    policy.require(actor, source, "relate")
    relation, created = DocumentRelation.objects.get_or_create(source=source, target=target, kind=kind)
    if created:
        audit.record(
            actor=actor,
            action="documents.relate",
            target=relation,
            after={"source": source.pk, "target": target.pk, "kind": kind},
        )
    return relation


@transaction.atomic
def document_reach_add(*, actor: User | None, document: Document, unit: OrgUnit) -> None:
    """The document now assigns tasks into ``unit``, which makes it visible there.

    Called by the services that assign tasks, after they checked the assigner's right; it has no
    check of its own because reaching a unit is a consequence, not an action.
    """
    _recipient, created = DocumentRecipient.objects.get_or_create(
        document=document, unit=unit, kind=RecipientKind.TASKS
    )
    if created:
        audit.record(
            actor=actor,
            action="documents.reach",
            target=document,
            after={"unit": unit.pk, "kind": RecipientKind.TASKS},
        )


def attachment_add(
    *, actor: User | None, document: Document, upload: UploadedFile[bytes]
) -> DocumentAttachment:
    """The owners' files, and each receiving unit's own implementation files. Check the file first
    (size, type by content); nothing is stored if it is refused."""
    policy.require(actor, document, "attach")
    checked = check_upload(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        attachment = DocumentAttachment(
            document=document,
            display_name=checked.display_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
        attachment.file.save(checked.storage_name, upload, save=False)
        try:
            attachment.save()
            audit.record(
                actor=actor,
                action="documents.attach",
                target=document,
                after={
                    "attachment": attachment.pk,
                    "name": attachment.display_name,
                    "sha256": attachment.sha256,
                },
            )
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment
