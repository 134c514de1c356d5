from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from mandate.core.admin_audit import AuditedAdmin
from mandate.core.exceptions import PermissionDeniedError
from mandate.people import credentials, services
from mandate.people.actors import actor_of
from mandate.people.models import ApiToken, Person, Position, User
from mandate.people.second_factor_services import second_factor_reset


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin[User]):
    """Switching an account off and changing its password go through ``people.credentials``, so
    its sessions and tokens die (and stay dead when it is switched on again)."""

    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        ("Mandate", {"fields": ("language", "second_factor_required")}),
    )
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "second_factor_required"]
    actions = ["unlock_sign_in", "revoke_credentials", "reset_second_factor"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not (change and "is_active" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        wanted = obj.is_active
        obj.is_active = not wanted  # the rest of the form is saved as usual, is_active by the service
        super().save_model(request, obj, form, change)
        credentials.user_set_active(actor=actor_of(request.user), user=obj, is_active=wanted)
        obj.refresh_from_db()

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        """Django's own password form saves the password itself; this is the one hook it calls
        afterwards with the request. Before ``update_session_auth_hash``, so an administrator who
        changes his own password keeps his session."""
        entry = super().log_change(request, obj, message)
        match = request.resolver_match
        if isinstance(obj, User) and match is not None and match.url_name == "auth_user_password_change":
            credentials.password_changed_record(actor=actor_of(request.user), user=obj)
        return entry

    @admin.action(description=_("Lift the sign-in lock"))
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            credentials.sign_in_unlock(actor=actor_of(request.user), user=user)
        self.message_user(request, _("The sign-in lock was lifted."), messages.SUCCESS)

    @admin.action(description=_("Sign out everywhere and revoke all tokens"))
    def revoke_credentials(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            credentials.credentials_revoke_all(
                actor=actor_of(request.user), user=user, reason=str(_("Revoked by an administrator."))
            )
        self.message_user(request, _("Their sessions and tokens were revoked."), messages.SUCCESS)

    @admin.action(description=_("Reset the second factor (a lost phone)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Its devices and backup codes go, with its sessions and tokens; it enrols again at its
        next sign-in (ADR 0034). Audited by the service."""
        done = 0
        for user in queryset:
            try:
                second_factor_reset(actor=actor_of(request.user), user=user)
            except PermissionDeniedError as exc:
                self.message_user(request, f"{user.get_username()}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("The second factor was reset."), messages.SUCCESS)


# django-otp's own pages would show an administrator the users' secrets and let him delete
# devices without a trace: devices are handled only through people.second_factor_services.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are issued by their owners; here an administrator sees and revokes them."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    actions = ["revoke"]
    readonly_fields = [f.name for f in ApiToken._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            credentials.api_token_revoke(
                actor=actor_of(request.user), token=token, reason=str(_("Revoked by an administrator."))
            )
        self.message_user(request, _("The tokens were revoked."), messages.SUCCESS)


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
            actor=actor_of(request.user),
            position=obj,
            expected_version=obj.version if opened is None else opened,
            changes={name: form.cleaned_data[name] for name in changed},
        )
