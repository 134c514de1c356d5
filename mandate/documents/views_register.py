"""The register's writes in the browser: enter a document (with its signed scan and annexes),
correct it, withdraw it with a reason, relate it to others, attach files — each page offered and
answered exactly as ``documents.policy`` and the services decide (docs/adr/0025).

A refused form is shown again with what was typed and the service's message beside the field it
names; files cannot be kept by a browser, so the page asks for them again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from mandate.core.exceptions import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from mandate.core.uploads import refuse_oversized_body
from mandate.documents import permissions, policy, register_entries, selectors, services
from mandate.documents.enums import CLASSIFIED
from mandate.documents.forms import (
    DocumentAttachForm,
    DocumentEditForm,
    DocumentRegisterForm,
    DocumentRelateForm,
    DocumentRetireForm,
    SymbolCheckForm,
)
from mandate.documents.models import Document
from mandate.organisations import selectors as org_selectors
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of
from mandate.people.scopes import today

# A service names some fields differently from the page's forms.
REGISTER_ALIASES = {"files": "scan", "file": "scan"}
ATTACH_ALIASES = {"file": "uploads", "files": "uploads"}
FILES_AGAIN = gettext_lazy("Choose the files again: a browser cannot keep them.")
MAX_CANDIDATES = 20


def document_url(document: Document) -> str:
    return reverse("tasks:document_detail", kwargs={"document_id": document.pk})


def _unit_choices(units: Sequence[OrgUnit]) -> list[tuple[int, str]]:
    """Units as options, indented by their depth in the tree (a select cannot nest)."""
    if not units:
        return []
    top = min(unit.depth for unit in units)
    return [(unit.pk, "\u00a0\u00a0\u00a0" * (unit.depth - top) + unit.name) for unit in units]


def _place_errors(
    form: forms.Form,
    err: ApplicationError,
    *,
    aliases: dict[str, str] | None = None,
    files_sent: bool = False,
) -> None:
    """A service's refusal beside the fields it names, or above the form."""
    placed = False
    for name, errors in err.fields.items():
        field = (aliases or {}).get(name, name) if name not in form.fields else name
        if field in form.fields and field not in (form.errors or {}):
            for message in errors:
                form.add_error(field, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(err.message))
    if files_sent and "scan" in form.fields and "scan" not in form.errors:
        form.add_error("scan", str(FILES_AGAIN))


# --- registering ---------------------------------------------------------------------------


def _register_form(request: HttpRequest) -> DocumentRegisterForm:
    types = [(t.slug, t.localized_name) for t in selectors.document_type_list()]
    units = _unit_choices(list(org_selectors.unit_list(on=today())))
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    return _wire(DocumentRegisterForm(data, files, types=types, units=units))


def _wire(form: DocumentRegisterForm) -> DocumentRegisterForm:
    """htmx and the page's script where they help: the symbol is checked as it is typed (and again
    when the type or the date changes); a classified level hides the file inputs."""
    check = {
        "hx-get": reverse("documents:symbol_check"),
        "hx-target": "#symbol-check",
        "hx-swap": "innerHTML",
        "hx-include": "#id_symbol, #id_document_type, #id_issued_on",
    }
    form.fields["symbol"].widget.attrs.update(check | {"hx-trigger": "input changed delay:300ms, change"})
    form.fields["document_type"].widget.attrs.update(check | {"hx-trigger": "change"})
    form.fields["issued_on"].widget.attrs.update(check | {"hx-trigger": "change"})
    form.fields["confidentiality"].widget.attrs["data-classified"] = " ".join(sorted(CLASSIFIED))
    return form


def _register(request: HttpRequest, data: dict[str, Any]) -> Document:
    return services.document_register(
        actor=actor_of(request.user),
        document_type=selectors.document_type_get(slug=data["document_type"]),
        symbol=data["symbol"],
        issuing_unit=org_selectors.units_get(ids=[data["issuing_unit"]], field="issuing_unit")[0],
        issued_on=data["issued_on"],
        title=data["title"],
        summary=data["summary"],
        recipients_text=data["recipients_text"],
        recipient_units=org_selectors.units_get(ids=data["recipient_units"], field="recipient_units"),
        signer=data["signer"],
        confidentiality=data["confidentiality"],
        is_public=data["is_public"],
        direction=data["direction"],
        incoming_number=data["incoming_number"],
        received_on=data["received_on"],
        outgoing_number=data["outgoing_number"],
        scan=data["scan"],
        annexes=data["annexes"],
    )


@require_http_methods(["GET", "POST"])
def register_new(request: HttpRequest) -> HttpResponse:
    """Enter a document in the register: incoming (số đến, ngày đến) or outgoing (số đi)."""
    actor = actor_of(request.user)
    if not permissions.can_register_any(actor=actor):
        raise PermissionDeniedError(
            _("You may register documents only of or for the units you work for, as a leader or specialist.")
        )
    if request.method == "POST":
        refuse_oversized_body(request.META)
    form = _register_form(request)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                document = _register(request, form.cleaned_data)
            except (PermissionDeniedError, NotFoundError):
                raise
            except ApplicationError as err:
                _place_errors(form, err, aliases=REGISTER_ALIASES, files_sent=bool(request.FILES))
                status = err.status_code if err.status_code in (413, 415) else 400
            else:
                messages.success(
                    request, _("%(symbol)s is entered in the register.") % {"symbol": document.symbol}
                )
                return redirect(document_url(document))
        elif request.FILES:
            form.add_error("scan", str(FILES_AGAIN))
    return render(request, "documents/document_new.html", {"form": form}, status=status)


@require_GET
def symbol_check(request: HttpRequest) -> HttpResponse:
    """The symbol as registration would read it, while it is typed (htmx): its parts, and what
    registration would refuse (type, year, a document already registered that the reader sees)."""
    form = SymbolCheckForm(request.GET)
    form.is_valid()  # a date not yet typed in full is left out; the symbol is checked all the same
    data = form.cleaned_data
    context: dict[str, Any] = {}
    if (data.get("symbol") or "").strip():
        document_type = selectors.document_type_list().filter(slug=data.get("document_type") or "").first()
        findings = register_entries.symbol_findings(
            symbol=data["symbol"], document_type=document_type, issued_on=data.get("issued_on")
        )
        same = (
            selectors.document_same_symbol_visible(actor=actor_of(request.user), symbol=data["symbol"])
            if findings.parsed is not None
            else []
        )
        context = {"findings": findings, "same": same}
    return render(request, "documents/_symbol_check.html", context)


# --- correcting, retiring, relating, attaching -------------------------------------------------


def _owned(request: HttpRequest, document_id: int, action: str) -> Document:
    """The document, if the reader sees it (404) and may take the action now (403, 409)."""
    document = selectors.document_get_visible(actor=actor_of(request.user), document_id=document_id)
    policy.require(actor_of(request.user), document, action)
    return document


EDIT_FIELDS = services.EDITABLE_FIELDS


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _owned(request, document_id, "edit")
    initial = {name: getattr(document, name) for name in EDIT_FIELDS} | {"version": document.version}
    form = DocumentEditForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.document_update(
                    actor=actor_of(request.user),
                    document=document,
                    expected_version=form.cleaned_data["version"],
                    changes={name: form.cleaned_data[name] for name in EDIT_FIELDS},
                )
            except (PermissionDeniedError, NotFoundError):
                raise
            except ConflictError as err:
                # The record as it is now: what was typed stays, with the version now shown, so
                # that it can be checked and sent again.
                document = selectors.document_get_visible(
                    actor=actor_of(request.user), document_id=document_id
                )
                data = request.POST.copy()
                data["version"] = str(document.version)
                form = DocumentEditForm(data)
                form.is_valid()
                form.add_error(None, str(err.message))
                status = 409
            except ApplicationError as err:
                _place_errors(form, err)
                status = err.status_code if err.status_code == 409 else 400
            else:
                messages.success(request, _("The document is corrected."))
                return redirect(document_url(document))
    return render(
        request, "documents/document_edit.html", {"document": document, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
def retire(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _owned(request, document_id, "retire")
    form = DocumentRetireForm(
        request.POST if request.method == "POST" else None, initial={"version": document.version}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.document_retire(
                    actor=actor_of(request.user),
                    document=document,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except (PermissionDeniedError, NotFoundError):
                raise
            except ApplicationError as err:
                _place_errors(form, err)
                status = err.status_code if err.status_code == 409 else 400
            else:
                messages.success(request, _("The document is withdrawn from the register."))
                return redirect(document_url(document))
    return render(
        request, "documents/document_retire.html", {"document": document, "form": form}, status=status
    )


def _candidates(request: HttpRequest, document: Document, find: str) -> list[tuple[int, str]]:
    if not find:
        return []
    actor = actor_of(request.user)
    found = selectors.document_list_visible(actor=actor, symbol=find).exclude(pk=document.pk)
    if not found.exists():
        found = selectors.document_list_visible(actor=actor, search=find).exclude(pk=document.pk)
    return [
        (d.pk, f"{d.document_type.localized_name} {d.symbol} — {d.title}") for d in found[:MAX_CANDIDATES]
    ]


@require_http_methods(["GET", "POST"])
def relate(request: HttpRequest, document_id: int) -> HttpResponse:
    """Say that this document implements, amends or replaces another: find it by its symbol or
    words of its title (GET), choose it and send (POST)."""
    document = _owned(request, document_id, "relate")
    source = request.POST if request.method == "POST" else request.GET
    find = (source.get("find") or "").strip()[:200]
    form = DocumentRelateForm(
        request.POST if request.method == "POST" else None, candidates=_candidates(request, document, find)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            actor = actor_of(request.user)
            try:
                try:
                    target = selectors.document_get_visible(
                        actor=actor, document_id=form.cleaned_data["target"]
                    )
                except NotFoundError as err:
                    raise ApplicationError(fields={"target": [_("Not found.")]}) from err
                services.document_relate(
                    actor=actor, source=document, target=target, kind=form.cleaned_data["kind"]
                )
            except (PermissionDeniedError, NotFoundError):
                raise
            except ApplicationError as err:
                _place_errors(form, err)
            else:
                messages.success(request, _("The relation is recorded."))
                return redirect(document_url(document))
    context = {"document": document, "form": form, "find": find}
    return render(request, "documents/document_relate.html", context, status=status)


@require_http_methods(["GET", "POST"])
def attach(request: HttpRequest, document_id: int) -> HttpResponse:
    """Attach files: the owners' scan and annexes, or a receiving unit's own implementation files.
    All the files are stored, or none."""
    document = _owned(request, document_id, "attach")
    if request.method == "POST":
        refuse_oversized_body(request.META)
    form = DocumentAttachForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                with transaction.atomic():
                    for upload in form.cleaned_data["uploads"]:
                        services.attachment_add(
                            actor=actor_of(request.user),
                            document=document,
                            upload=upload,
                            kind=form.cleaned_data["kind"],
                        )
            except (PermissionDeniedError, NotFoundError):
                raise
            except ApplicationError as err:
                _place_errors(form, err, aliases=ATTACH_ALIASES)
                if "uploads" not in form.errors:
                    form.add_error("uploads", str(FILES_AGAIN))
                status = err.status_code if err.status_code in (409, 413, 415) else 400
            else:
                messages.success(request, _("The files are attached."))
                return redirect(document_url(document))
    return render(
        request, "documents/document_attach.html", {"document": document, "form": form}, status=status
    )
