from django.contrib import admin

from mandate.core.admin_audit import AuditedAdmin
from mandate.documents.models import Document, DocumentType


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
        "document_type",
        "symbol",
        "number",
        "type_code",
        "issuer_code",
        "drafting_code",
        "symbol_year",
        "symbol_form",
        "issuing_unit",
        "issued_on",
        "retired_at",
        "retired_reason",
        "version",
    ]
    fields = [*readonly_fields, "title", "summary", "recipients_text", "confidentiality", "is_public"]

    def has_add_permission(self, request: object) -> bool:
        return False
