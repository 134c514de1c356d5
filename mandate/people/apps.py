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


def _clear_failures_after_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """What django-axes's reset on success did, for any sign-in page (ours, the admin's), except
    for an account with a second factor: its count is cleared by the right code, never by the
    password alone (ADR 0034; ``AXES_RESET_ON_SUCCESS`` is off)."""
    from mandate.core import request_context
    from mandate.people import credentials
    from mandate.people.second_factor import requires_second_factor

    if request is not None and not requires_second_factor(user):
        credentials.sign_in_failures_clear(
            username=user.get_username(), client_ip=request_context.client_ip.get()
        )


class PeopleConfig(AppConfig):
    name = "mandate.people"
    label = "people"
    verbose_name = _("People and access")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        user_login_failed.connect(_log_refused_sign_in, dispatch_uid="mandate.people.refused_sign_in")
        user_logged_in.connect(_clear_failures_after_sign_in, dispatch_uid="mandate.people.clear_failures")
