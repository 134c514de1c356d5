from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "mandate.indicators"
    label = "indicators"
    verbose_name = _("Indicators and targets")

    def ready(self) -> None:
        """Notices about a submission tell whether their reader may still see it
        (notifications.targets)."""
        from mandate.indicators import selectors
        from mandate.notifications import targets
        from mandate.people.models import User

        def visible_submission_ids(actor: User, ids: list[str]) -> set[str]:
            numbers = [int(i) for i in ids if i.isdigit()]
            return {str(pk) for pk in selectors.submission_ids_visible(actor=actor, submission_ids=numbers)}

        targets.register("indicators.submission", visible_submission_ids)
