from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mandate.core.admin_audit import AuditedAdmin
from mandate.organisations import services
from mandate.organisations.models import OrgUnit, PartyTerm, UnitLineage


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    list_display = ["name", "kind", "level", "code", "valid_from", "valid_to"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "name_en", "code"]
    # Structure changes go through the merge/retire services (API); here only corrections.
    fields = ["name", "name_en", "code", "kind", "level", "valid_from", "valid_to", "retired_reason"]
    readonly_fields = ["kind", "level", "valid_from", "valid_to", "retired_reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(UnitLineage)
class UnitLineageAdmin(AuditedAdmin):
    """Links are made by the merge services; here only the note is corrected, through
    ``lineage_correct``, which also makes every process forget the scopes lineage widens."""

    list_display = ["predecessor", "successor", "kind", "effective_on"]
    readonly_fields = ["predecessor", "successor", "kind", "effective_on"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: UnitLineage, form: Any, change: bool) -> None:
        services.lineage_correct(actor=request.user, link=obj, note=form.cleaned_data.get("note", obj.note))


@admin.register(PartyTerm)
class PartyTermAdmin(AuditedAdmin):
    list_display = ["unit", "name", "starts_on", "ends_on"]
    raw_id_fields = ["unit"]

    def save_model(self, request: HttpRequest, obj: PartyTerm, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        services.party_term_record(
            actor=request.user, unit=obj.unit, name=obj.name, starts_on=obj.starts_on, ends_on=obj.ends_on
        )
