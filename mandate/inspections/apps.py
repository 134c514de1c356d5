from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "mandate.inspections"
    label = "inspections"
    verbose_name = _("Inspection and discipline")

    def ready(self) -> None:
        """Readers of findings and discipline about people who are not inspectors sign in with a
        second factor too (ADR 0034, 0042)."""
        from mandate.inspections.second_factor_rule import reads_person_records
        from mandate.people import second_factor

        second_factor.register_rule("inspections.readers", reads_person_records)
