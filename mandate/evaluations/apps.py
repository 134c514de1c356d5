from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "mandate.evaluations"
    label = "evaluations"
    verbose_name = _("Accountability and evaluation")

    def ready(self) -> None:
        """The annual classification counts the monthly results (ADR 0053's seam)."""
        from mandate.evaluations import selectors_annual
        from mandate.evaluations.monthly_into_annual import decided_months

        selectors_annual.use_monthly_reader(decided_months)
