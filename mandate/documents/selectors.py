"""Reads of documents, always through the actor's read scope.

A document is visible when it was issued inside the scope, reaches a unit in it (addressed, or
assigning tasks there), or is public.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.core.text import fold
from mandate.documents.enums import RelationKind
from mandate.documents.models import (
    Document,
    DocumentAttachment,
    DocumentRecipient,
    DocumentRelation,
    DocumentType,
)
from mandate.documents.symbols import symbol_key
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.people.scopes import read_scope


def document_type_list() -> QuerySet[DocumentType]:
    return DocumentType.objects.order_by("name")


def document_type_get(*, slug: str, field: str = "document_type") -> DocumentType:
    document_type = DocumentType.objects.filter(slug=slug).first()
    if document_type is None:
        raise ApplicationError(fields={field: [_("Not found.")]})
    return document_type


def _visible(actor: User) -> QuerySet[Document]:
    scope = read_scope(actor)
    documents = Document.objects.all()
    if scope.everything:
        return documents
    reaches = DocumentRecipient.objects.filter(scope.q("unit__path"), document_id=OuterRef("pk"))
    return documents.filter(Q(is_public=True) | scope.q("issuing_unit__path") | Exists(reaches))


# The register's orders (a name, its columns before the id); "-" reverses one. By issuing unit is
# the unit tree's order, as the task list's lead unit (ADR 0026).
DOCUMENT_ORDERINGS: dict[str, tuple[str, ...]] = {
    "issued_on": ("issued_on",),
    "symbol": ("symbol_key",),
    "type": ("document_type__name",),
    "issuer": ("issuing_unit__path", "issued_on"),
}
DOCUMENT_ORDERING_CHOICES = tuple(name for key in DOCUMENT_ORDERINGS for name in (key, f"-{key}"))
DEFAULT_DOCUMENT_ORDERING = "-issued_on"


def document_order_by(ordering: str) -> list[str]:
    """The ORDER BY of ``ordering``: its columns then the id, all in the same direction."""
    sign = "-" if ordering.startswith("-") else ""
    return [f"{sign}{column}" for column in (*DOCUMENT_ORDERINGS[ordering.removeprefix("-")], "id")]


def document_list_visible(
    *,
    actor: User,
    search: str | None = None,
    symbol: str | None = None,
    type_slug: str | None = None,
    issuing_unit_id: int | None = None,
    year: int | None = None,
    include_retired: bool = False,
    ordering: str = DEFAULT_DOCUMENT_ORDERING,
) -> QuerySet[Document]:
    documents = _visible(actor)
    if not include_retired:
        documents = documents.filter(retired_at__isnull=True)
    if symbol:
        documents = documents.filter(symbol_key__startswith=symbol_key(symbol))
    if search:
        for word in fold(search).split():
            documents = documents.filter(search_text__contains=word)
    if type_slug:
        documents = documents.filter(document_type__slug=type_slug)
    if issuing_unit_id:
        documents = documents.filter(issuing_unit_id=issuing_unit_id)
    if year:
        documents = documents.filter(issued_on__year=year)
    return documents.select_related("document_type", "issuing_unit").order_by(*document_order_by(ordering))


def document_get_visible(*, actor: User, document_id: int) -> Document:
    document = (
        _visible(actor)
        .filter(pk=document_id)
        .select_related("document_type", "issuing_unit", "received_by")
        .prefetch_related(
            Prefetch("recipients", queryset=DocumentRecipient.objects.select_related("unit").order_by("id")),
            Prefetch("attachments", queryset=DocumentAttachment.objects.filter(retired_at__isnull=True)),
        )
        .first()
    )
    if document is None:
        raise NotFoundError()
    return document


def relations_visible(
    *, actor: User, document: Document
) -> tuple[list[DocumentRelation], list[DocumentRelation]]:
    """(what this document implements/amends/replaces, what implements/amends/replaces it) — only
    the related documents the actor may see."""
    visible_ids = _visible(actor).values("pk")
    outgoing = list(
        DocumentRelation.objects.filter(source=document, target_id__in=visible_ids)
        .select_related("target__document_type")
        .order_by("id")
    )
    incoming = list(
        DocumentRelation.objects.filter(target=document, source_id__in=visible_ids)
        .select_related("source__document_type")
        .order_by("id")
    )
    return outgoing, incoming


def attachment_get_visible(*, actor: User, document_id: int, attachment_id: int) -> DocumentAttachment:
    document = document_get_visible(actor=actor, document_id=document_id)
    attachment = DocumentAttachment.objects.filter(
        pk=attachment_id, document=document, retired_at__isnull=True
    ).first()
    if attachment is None:
        raise NotFoundError()
    return attachment


def implementing_closure(*, document: Document) -> list[int]:
    """The document and every document that implements it, directly or through others (Program
    06/Ctr-TU and Plan 176/KH-UBND): statistics of a programme count its plans' tasks too."""
    found = {document.pk}
    frontier = {document.pk}
    while frontier:
        sources = set(
            DocumentRelation.objects.filter(target_id__in=frontier, kind=RelationKind.IMPLEMENTS).values_list(
                "source_id", flat=True
            )
        )
        frontier = sources - found
        found |= frontier
    return sorted(found)


def implementing_closures(*, document_ids: Iterable[int]) -> dict[int, set[int]]:
    """``implementing_closure`` of several documents at once: one query per level of the
    implementation chain, however many documents (a report names twenty)."""
    found = {pk: {pk} for pk in document_ids}
    frontier = {pk: {pk} for pk in found}  # root -> the documents reached at the last level
    while any(frontier.values()):
        reached = set().union(*frontier.values())
        relations = DocumentRelation.objects.filter(target_id__in=reached, kind=RelationKind.IMPLEMENTS)
        sources: dict[int, set[int]] = {}
        for source, target in relations.values_list("source_id", "target_id"):
            sources.setdefault(target, set()).add(source)
        for root, level in frontier.items():
            new = set().union(*(sources.get(pk, set()) for pk in level)) - found[root]
            found[root] |= new
            frontier[root] = new
    return found


def document_same_symbol_visible(*, actor: User, symbol: str) -> list[Document]:
    """The registered documents the actor sees with this very symbol, however it was typed: what
    the register's live check names before a second registration."""
    return list(
        _visible(actor)
        .filter(symbol_key=symbol_key(symbol), retired_at__isnull=True)
        .select_related("issuing_unit")
        .order_by("-issued_on", "-id")[:5]
    )


def document_by_symbol_visible(*, actor: User, symbol: str, prefer_issuer: OrgUnit | None = None) -> Document:
    """The one registered document the actor sees with this symbol (however it was typed); when
    several units used the same symbol, the one ``prefer_issuer`` issued. 404 when there is none,
    400 when it remains ambiguous."""
    found = document_same_symbol_visible(actor=actor, symbol=symbol)
    if prefer_issuer is not None and len(found) > 1:
        found = [d for d in found if d.issuing_unit_id == prefer_issuer.pk] or found
    if not found:
        raise NotFoundError()
    if len(found) > 1:
        raise ApplicationError(
            _("Several documents you may see have this symbol: %(units)s.")
            % {"units": ", ".join(d.issuing_unit.name for d in found)},
            fields={"product_document": [_("Several documents have this symbol.")]},
        )
    return found[0]


def documents_visible_by_id(*, actor: User, ids: list[int]) -> dict[int, Document]:
    """Of these documents, those the actor may read, by id (one query; none for no ids)."""
    if not ids:
        return {}
    return {document.pk: document for document in _visible(actor).filter(pk__in=set(ids))}
