from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from mandate.core.admin_audit import AuditedAdmin
from mandate.people import services
from mandate.people.models import Person, Position, User


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin[User]):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Mandate", {"fields": ("language",)}))  # type: ignore[misc]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["full_name", "user"]
    search_fields = ["full_name"]
    raw_id_fields = ["user"]


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    """Positions decide scopes: they are created by ``people.services.position_assign`` (checks,
    administrator rights); here only their wording, end date and declared delegation are
    corrected, through ``position_correct``, so every process forgets the old scope at once."""

    list_display = ["person", "title", "unit", "role", "kind", "is_head", "valid_from", "valid_to"]
    list_filter = ["role", "kind", "is_head"]
    readonly_fields = [
        "person", "unit", "scope_unit", "role", "kind", "is_head", "is_deputy", "on_behalf_of", "valid_from",
        "version",
    ]  # fmt: skip
    fields = [*readonly_fields, "title", "title_en", "valid_to", "acts_for", "acts_for_basis"]
    raw_id_fields = ["acts_for"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Position, form: Any, change: bool) -> None:
        changed = [name for name in form.changed_data if name in services.CORRECTABLE_FIELDS]
        opened = form.cleaned_data.get("opened_version")
        services.position_correct(
            actor=request.user,
            position=obj,
            expected_version=obj.version if opened is None else opened,
            changes={name: form.cleaned_data[name] for name in changed},
        )
