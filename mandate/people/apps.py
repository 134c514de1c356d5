from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _log_refused_sign_in(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    """Refused sign-ins go to the security log (the name tried, never the password)."""
    from mandate.core import security_log

    locked = bool(getattr(request, "axes_locked_out", False))
    security_log.sign_in_refused(
        request, username=str(credentials.get("username", "")), result="locked" if locked else "refused"
    )


class PeopleConfig(AppConfig):
    name = "mandate.people"
    label = "people"
    verbose_name = _("People and access")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        user_login_failed.connect(_log_refused_sign_in, dispatch_uid="mandate.people.refused_sign_in")
