"""The admin site writes through here, so its edits land in the audit trail like any other and a
stale edit is refused like in the API (the form carries the version it was opened with).

Deleting is switched off everywhere: records are retired, never removed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.accounts import Account


def _concrete_fields(obj: models.Model) -> list[str]:
    skipped = {"password", "search_text", "updated_at", "created_at"}
    return [f.name for f in obj._meta.concrete_fields if f.name not in skipped]


@transaction.atomic
def admin_save(*, actor: Account, obj: models.Model, change: bool) -> None:
    """Save an object edited in the admin and record what changed."""
    fields = _concrete_fields(obj)
    before: dict[str, Any] = {}
    if change and obj.pk is not None:
        original = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
        if original is not None:
            before = audit.snapshot(original, fields)
    if hasattr(obj, "version") and change:
        obj.version = obj.version + 1
    obj.save()
    after = audit.snapshot(obj, fields)
    old, new = audit.changes(before, after) if change else ({}, after)
    action = f"{obj._meta.app_label}.admin_{'change' if change else 'add'}"
    audit.record(actor=actor, action=action, target=obj, before=old or None, after=new)


class VersionedAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """Carries the version the form was opened with; refuses the save if someone changed the row
    since, naming who and when."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and hasattr(self.instance, "version"):
            self.fields["opened_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        opened = cleaned.get("opened_version")
        if self.instance.pk is None or not hasattr(self.instance, "version") or opened is None:
            return cleaned
        current = (
            type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list("version", flat=True)
        )
        if current and current[0] != opened:
            change = audit.last_change(target=self.instance)
            raise forms.ValidationError(
                _(
                    "%(who)s changed this at %(when)s, after you opened it. "
                    "Reload the page and make your change again."
                )
                % {
                    "who": change.actor_label if change else "?",
                    "when": change.at.strftime("%H:%M %d/%m/%Y") if change else "?",
                },
                code="conflict",
            )
        return cleaned


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = VersionedAdminForm

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if obj is not None and hasattr(obj, "version") and "opened_version" not in fields:
            fields.append("opened_version")
        return fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        admin_save(actor=request.user, obj=obj, change=change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
