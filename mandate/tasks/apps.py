from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "mandate.tasks"
    label = "tasks"
    verbose_name = _("Tasks")

    def ready(self) -> None:
        """Notices about a task tell whether their reader may still see it (notifications.targets)."""
        from mandate.notifications import targets
        from mandate.people.models import User
        from mandate.tasks import selectors

        def visible_task_ids(actor: User, ids: list[str]) -> set[str]:
            numbers = [int(i) for i in ids if i.isdigit()]
            return {str(pk) for pk in selectors.task_exists_visible(actor=actor, task_ids=numbers)}

        targets.register("tasks.task", visible_task_ids)
