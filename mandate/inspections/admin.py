"""The inspection reference data in the admin: read only, with a page to load a catalogue file.

Rows change only through the loads (``services.catalogue_load``, ``discipline_rules_load``), which
check the whole file and write one audit entry; an edit here would bypass both, so there is none.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandate.core.exceptions import ApplicationError
from mandate.inspections import services
from mandate.inspections.api import example_notice
from mandate.inspections.models import (
    DeferralReason,
    DisciplineForm,
    DisciplineRuleSet,
    SignGroup,
    ViolationCatalogue,
    ViolationSign,
)
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class GroupInline(ReadOnlyInline):
    model = SignGroup
    fields = readonly_fields = ("code", "name", "name_en", "kind", "order", "official_count")


class SignInline(ReadOnlyInline):
    model = ViolationSign
    fields = readonly_fields = (
        "code",
        "group",
        "text",
        "text_en",
        "order",
        "valid_from",
        "valid_to",
        "basis",
    )


class LoadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Catalogue file (.yaml, .csv or .xlsx)"))
    owner_unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.order_by("path"), label=gettext_lazy("Owner unit")
    )


@admin.register(ViolationCatalogue)
class ViolationCatalogueAdmin(ReadOnlyAdmin):
    list_display = ["name", "example_mark", "key", "owner_unit", "valid_from", "valid_to", "loaded_at"]
    list_filter = ["is_example"]
    search_fields = ["name", "name_en", "key"]
    inlines = [GroupInline, SignInline]
    change_list_template = "admin/inspections/violationcatalogue/change_list.html"

    @admin.display(description=gettext_lazy("example"), boolean=False)
    def example_mark(self, catalogue: ViolationCatalogue) -> str:
        return example_notice(catalogue.is_example) or "—"

    def get_urls(self) -> list[URLPattern]:
        load = path("load/", self.admin_site.admin_view(self.load_view), name="inspections_catalogue_load")
        return [load, *super().get_urls()]

    def load_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a catalogue file: the same service as the API and the command."""
        form = LoadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = services.catalogue_load(
                    actor=actor_of(request.user),
                    file=form.cleaned_data["file"],
                    owner_unit=form.cleaned_data["owner_unit"],
                )
            except ApplicationError as err:
                form.add_error(None, str(err.message))
                for message in err.fields.get("file", [])[1:]:
                    form.add_error("file", str(message))
            else:
                text = (
                    _("Loaded: %(name)s.") if result.outcome == "loaded" else _("Already loaded: %(name)s.")
                )
                messages.success(request, text % {"name": result.catalogue.name})
                return HttpResponseRedirect(reverse("admin:inspections_violationcatalogue_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Load a catalogue of violation signs"),
            "form": form,
        }
        return TemplateResponse(request, "admin/inspections/violationcatalogue/load.html", context)


class FormInline(ReadOnlyInline):
    model = DisciplineForm
    fields = readonly_fields = ("subject_kind", "code", "name", "name_en", "severity", "note", "retired_at")


@admin.register(DisciplineRuleSet)
class DisciplineRuleSetAdmin(ReadOnlyAdmin):
    list_display = [
        "key",
        "system",
        "source_document",
        "source_article",
        "valid_from",
        "valid_to",
        "to_verify",
    ]
    list_filter = ["system", "to_verify"]
    inlines = [FormInline]


@admin.register(DeferralReason)
class DeferralReasonAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "end_rule", "months", "valid_from", "valid_to", "to_verify"]
