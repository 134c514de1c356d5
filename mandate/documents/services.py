"""Registering and changing documents. The symbol is parsed and checked against the chosen type;
uniqueness is per issuing unit and year (State, legal normative) or Party term (Party)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.locks import lock_for_transaction
from mandate.core.text import fold
from mandate.core.uploads import CheckedFile, check_upload, sha256_of
from mandate.documents import permissions, policy, register_entries
from mandate.documents.enums import (
    CLASSIFIED,
    AttachmentKind,
    Confidentiality,
    Direction,
    RecipientKind,
    RelationKind,
)
from mandate.documents.models import (
    Document,
    DocumentAttachment,
    DocumentRecipient,
    DocumentRelation,
    DocumentType,
)
from mandate.documents.symbols import ParsedSymbol, SymbolForm, symbol_key
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import party_term_for
from mandate.people.models import User
from mandate.people.scopes import acting_for

DOCUMENT_FIELDS = [
    "document_type",
    "symbol",
    "issuing_unit",
    "issued_on",
    "title",
    "summary",
    "recipients_text",
    "signer",
    "confidentiality",
    "is_public",
    "direction",
    "incoming_number",
    "received_on",
    "received_by",
    "outgoing_number",
]
EDITABLE_FIELDS = (
    "title",
    "summary",
    "recipients_text",
    "signer",
    "confidentiality",
    "is_public",
    "incoming_number",
    "received_on",
    "outgoing_number",
)
MAX_ANNEXES = 20


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


def _check_register_number_free(document: Document) -> None:
    """A register numbers its entries once a year: the receiving unit's incoming numbers by the
    year received, the issuer's outgoing numbers by the year issued."""
    others = Document.objects.filter(retired_at__isnull=True).exclude(pk=document.pk)
    if document.direction == Direction.INCOMING and document.received_on is not None:
        taken = others.filter(
            direction=Direction.INCOMING,
            received_by=document.received_by,
            received_on__year=document.received_on.year,
            incoming_number=document.incoming_number,
        ).first()
        field = "incoming_number"
    elif document.direction == Direction.OUTGOING:
        taken = others.filter(
            direction=Direction.OUTGOING,
            issuing_unit=document.issuing_unit,
            issued_on__year=document.issued_on.year,
            outgoing_number=document.outgoing_number,
        ).first()
        field = "outgoing_number"
    else:
        return
    if taken is not None:
        message = _("Number %(n)s of this register is already used in that year, by %(symbol)s.") % {
            "n": getattr(document, field),
            "symbol": taken.symbol,
        }
        raise register_entries.refuse(field, message, code="duplicate_register_number")


def _check_direction_fits(*, actor: User | None, direction: str, issuing_unit: OrgUnit) -> None:
    """A unit's outgoing register holds its own documents (entered by its people or the office it
    delegates to); its incoming register holds the documents of others."""
    if actor is None or not direction:
        return
    acting = acting_for(actor)
    if acting.everything:
        return
    acts = bool(acting.roles_for(issuing_unit.path) & permissions.REGISTERING_ROLES)
    if direction == Direction.OUTGOING and not acts:
        message = _(
            "Only %(unit)s's people, or the office it delegates to, enter its documents as outgoing; "
            "enter it as incoming."
        ) % {"unit": issuing_unit.name}
        raise register_entries.refuse("direction", message)
    if direction == Direction.INCOMING and acts:
        message = _("You act for %(unit)s: its own document goes in its outgoing register.") % {
            "unit": issuing_unit.name
        }
        raise register_entries.refuse("direction", message)


def outgoing_number_next(*, issuing_unit: OrgUnit, year: int) -> int:
    """The next number of the unit's outgoing register in ``year``, for a document the system
    issues (a report: issue 13). Call it inside the transaction that registers the document: the
    register's lock is held until then, so two issuers never take the same number."""
    lock_for_transaction(f"outgoing-register:{issuing_unit.pk}")
    used = Document.objects.filter(
        direction=Direction.OUTGOING,
        issuing_unit=issuing_unit,
        issued_on__year=year,
        retired_at__isnull=True,
        outgoing_number__isnull=False,
    ).aggregate(last=Max("outgoing_number"))["last"]
    return (used or 0) + 1


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
    signer: str = "",
    confidentiality: str = Confidentiality.NORMAL,
    is_public: bool = False,
    direction: str = "",
    incoming_number: int | None = None,
    received_on: dt.date | None = None,
    outgoing_number: int | None = None,
    scan: UploadedFile[bytes] | None = None,
    annexes: Sequence[UploadedFile[bytes]] = (),
) -> Document:
    """Enter a document in the register of the unit that issued it (outgoing) or of a unit that
    received it (incoming), with its signed scan and annexes — every file checked before anything
    is stored, and none at all for a classified document (docs/adr/0025)."""
    received_by = None
    if direction == Direction.INCOMING:  # it reaches the unit whose register receives it
        received_by = permissions.receiving_unit(actor=actor, recipient_units=recipient_units)
    reached = list(dict.fromkeys([*recipient_units, *([received_by] if received_by is not None else [])]))
    if actor is not None and not permissions.can_register_document(
        actor=actor, issuing_unit=issuing_unit, recipient_units=reached
    ):
        raise PermissionDeniedError(
            _("You may register documents only of or for the units you work for, as a leader or specialist.")
        )
    parsed = register_entries.parse_for_type(symbol, document_type)
    if not title.strip():
        raise ApplicationError(_("Give the document's title."), fields={"title": [_("Required.")]})
    if parsed.year is not None and parsed.year != issued_on.year:
        message = register_entries.symbol_year_message(parsed.year, issued_on)
        raise ApplicationError(message, fields={"issued_on": [message]})
    _validate_flags(confidentiality=confidentiality, is_public=is_public)
    register_entries.check_register_entry(
        direction=direction,
        issued_on=issued_on,
        incoming_number=incoming_number,
        received_on=received_on,
        outgoing_number=outgoing_number,
    )
    _check_direction_fits(actor=actor, direction=direction, issuing_unit=issuing_unit)
    files = [(AttachmentKind.SCAN, scan)] if scan is not None else []
    files += [(AttachmentKind.ANNEX, annex) for annex in annexes]
    register_entries.check_files_allowed(confidentiality=confidentiality, files=files)
    if len(annexes) > MAX_ANNEXES:
        raise register_entries.refuse("annexes", _("At most %(n)s annexes.") % {"n": MAX_ANNEXES})
    checked = [(kind, upload, check_upload(upload)) for kind, upload in files]
    key = _uniqueness_key(parsed, issuing_unit, issued_on)
    if Document.objects.filter(
        issuing_unit=issuing_unit, uniqueness_key=key, retired_at__isnull=True
    ).exists():
        raise _duplicate_error(symbol, issuing_unit)
    if direction == Direction.INCOMING and received_by is None:
        raise register_entries.refuse(
            "direction", _("You hold no position whose incoming register could hold it.")
        )
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
        signer=signer.strip(),
        confidentiality=confidentiality,
        is_public=is_public,
        direction=direction,
        incoming_number=incoming_number,
        received_on=received_on,
        received_by=received_by,
        outgoing_number=outgoing_number,
        registered_by=actor if actor is not None and actor.is_authenticated else None,
        registered_for=permissions.registering_office(actor=actor, issuing_unit=issuing_unit),
    )
    document.search_text = _search_text(document)
    _check_register_number_free(document)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as err:  # a concurrent registration of the same symbol won
        raise _duplicate_error(symbol, issuing_unit) from err
    for unit in reached:
        DocumentRecipient.objects.create(document=document, unit=unit, kind=RecipientKind.ADDRESSED)
    after = audit.snapshot(document, [*DOCUMENT_FIELDS, "registered_for"])
    after["recipient_units"] = [u.pk for u in reached]
    audit.record(actor=actor, action="documents.register", target=document, after=after)
    stored: list[DocumentAttachment] = []
    try:
        for kind, upload, check in checked:
            stored.append(
                _store_attachment(actor=actor, document=document, upload=upload, checked=check, kind=kind)
            )
    except Exception:
        for attachment in stored:  # the registration is rolled back: its files go too
            attachment.file.delete(save=False)
        raise
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
    register_entries.check_register_entry(
        direction=document.direction,
        issued_on=document.issued_on,
        incoming_number=document.incoming_number,
        received_on=document.received_on,
        outgoing_number=document.outgoing_number,
    )
    if (
        document.confidentiality in CLASSIFIED
        and document.attachments.filter(retired_at__isnull=True).exists()
    ):
        message = _(
            "This document has files. A classified document keeps no content here: it cannot be "
            "classified while its files are on file."
        )
        raise ApplicationError(message, code="classified_content", fields={"confidentiality": [message]})
    old, new = audit.changes(before, audit.snapshot(document, EDITABLE_FIELDS))
    if not new:
        document.refresh_from_db()
        return document
    _check_register_number_free(document)
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
    *,
    actor: User | None,
    document: Document,
    upload: UploadedFile[bytes],
    kind: str = AttachmentKind.FILE,
) -> DocumentAttachment:
    """The owners' files, and each receiving unit's own implementation files. Check the file first
    (size, type by content); nothing is stored if it is refused. A classified document takes none
    (``documents.policy``: its state refuses it)."""
    policy.require(actor, document, "attach")
    if kind not in AttachmentKind.values:
        raise register_entries.refuse("kind", _("Not a choice."))
    checked = check_upload(upload)
    with transaction.atomic():
        return _store_attachment(actor=actor, document=document, upload=upload, checked=checked, kind=kind)


def _store_attachment(
    *, actor: User | None, document: Document, upload: UploadedFile[bytes], checked: CheckedFile, kind: str
) -> DocumentAttachment:
    """Write one checked file and its row (inside the caller's transaction); the file goes again
    if the row cannot be written."""
    attachment = DocumentAttachment(
        document=document,
        kind=kind,
        display_name=checked.display_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=sha256_of(upload),
        uploaded_by=actor,
    )
    attachment.file.save(checked.storage_name, upload, save=False)
    try:
        with transaction.atomic():
            attachment.save()
            audit.record(
                actor=actor,
                action="documents.attach",
                target=document,
                after={
                    "attachment": attachment.pk,
                    "kind": kind,
                    "name": attachment.display_name,
                    "sha256": attachment.sha256,
                },
            )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment
