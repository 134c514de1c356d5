from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mandate.core.admin_audit import AuditedAdmin
from mandate.documents import services
from mandate.documents.models import Document, DocumentType
from mandate.people.actors import actor_of


@admin.register(DocumentType)
class DocumentTypeAdmin(AuditedAdmin):
    list_display = ["name", "name_en", "slug", "symbol_codes", "codeless"]


@admin.register(Document)
class DocumentAdmin(AuditedAdmin):
    list_display = [
        "symbol",
        "title",
        "issuing_unit",
        "issued_on",
        "confidentiality",
        "is_public",
        "retired_at",
    ]
    list_filter = ["document_type", "confidentiality", "is_public"]
    search_fields = ["symbol", "title"]
    # The symbol and its parse are set only by registration, which checks them.
    readonly_fields = [
        "document_type", "symbol", "number", "type_code", "issuer_code", "drafting_code", "symbol_year",
        "symbol_form", "issuing_unit", "issued_on", "direction", "received_by", "registered_by",
        "registered_for", "retired_at", "retired_reason", "version",
    ]  # fmt: skip
    fields = [
        *readonly_fields, "title", "summary", "recipients_text", "signer", "confidentiality", "is_public",
        "incoming_number", "received_on", "outgoing_number",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Document, form: Any, change: bool) -> None:
        """The same service as the API: checks, search text, version and audit entry."""
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name in services.EDITABLE_FIELDS
        }
        services.document_update(
            actor=actor_of(request.user),
            document=obj,
            expected_version=form.cleaned_data.get("opened_version"),
            changes=changes,
        )
