from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from mandate.core.admin_audit import AuditedAdmin
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
    list_display = ["person", "title", "unit", "role", "kind", "is_head", "valid_from", "valid_to"]
    list_filter = ["role", "kind", "is_head"]
    raw_id_fields = ["person", "unit", "scope_unit", "on_behalf_of"]
    readonly_fields = ["version"]
