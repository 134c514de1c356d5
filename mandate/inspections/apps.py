from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "mandate.inspections"
    label = "inspections"
    verbose_name = _("Inspection and discipline")

    def ready(self) -> None:
        """Readers of findings and discipline about people who are not inspectors sign in with a
        second factor too (ADR 0034, 0042); a task that is a recommendation shows the inspection
        it comes from, to those who may read it (ADR 0047)."""
        from mandate.inspections.second_factor_rule import reads_person_records
        from mandate.inspections.task_origin import recommendation_origin
        from mandate.people import second_factor
        from mandate.tasks import origins

        second_factor.register_rule("inspections.readers", reads_person_records)
        origins.register("inspections.recommendation", recommendation_origin)
