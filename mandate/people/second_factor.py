"""Who must sign in with a second factor, and whether this session has given it (ADR 0034).

Why a policy here and not a flag on every sensitive view: the records that need it (findings and
discipline about people, citizens' contact details) belong to apps above ``people``, which are
built later and read through their own selectors. The sign-in cannot wait for each of them, so
the rule is about the *reader*: whoever could read such records confirms each sign-in with a
code, and ``people.middleware.SecondFactorMiddleware`` holds his session at the code page until
he does. The apps above say who their readers are by a role (``SENSITIVE_ROLES``) or by a rule
they register here (``register_rule``); ``people`` never imports them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from mandate.core.access_log import is_auditor
from mandate.people.enums import Role
from mandate.people.models import User
from mandate.people.scopes import read_scope

# A current position with one of these roles reads sensitive records: the inspectors of issue 12
# (members of an inspection commission or team).
SENSITIVE_ROLES = frozenset({Role.INSPECTOR})

Rule = Callable[[User], bool]
_RULES: dict[str, Rule] = {}

# The session's record of a second factor given: {"device": persistent id, "at": ISO time}.
SESSION_KEY = "mandate_second_factor"
# The secret an enrolment page showed, until the code that confirms it (never in the database
# before that: an abandoned enrolment leaves nothing).
PENDING_KEY = "mandate_second_factor_pending"


def register_rule(name: str, rule: Rule) -> None:
    """An app above ``people`` declares who else reads its sensitive records, e.g. issue 15's
    handlers of citizens' feedback: ``register_rule("feedback.handler", is_feedback_handler)`` in
    its ``AppConfig.ready``. The rule runs on every request of an account not yet confirmed, so it
    must be one indexed query at most. Registering the same name again replaces the rule."""
    _RULES[name] = rule


def unregister_rule(name: str) -> None:
    _RULES.pop(name, None)


def requires_second_factor(user: Any) -> bool:
    """Whether this account must confirm its sign-in with a second factor: a superuser; an
    account the administrator marked; a holder of a current position with a sensitive role; the
    auditor; or anyone a registered rule names. Cheap on purpose (the scope is cached per request
    and per process): it runs on every request of a session not yet confirmed."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.is_superuser or user.second_factor_required:
        return True
    if any(grant.role in SENSITIVE_ROLES for grant in read_scope(user).grants):
        return True
    if is_auditor(user):
        return True
    return any(rule(user) for rule in _RULES.values())


def session_is_verified(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY))


def mark_session_verified(request: HttpRequest, *, device_id: str) -> None:
    """The session gave its second factor: a new session key (the privilege changed, ASVS 7.2.4),
    then the mark. The mark lives as long as the session; an administrator's reset kills the
    session itself (``second_factor_reset`` bumps the credential generation)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"device": device_id, "at": timezone.now().isoformat()}
    request.session.pop(PENDING_KEY, None)


def verified_at(request: HttpRequest) -> dt.datetime | None:
    session = getattr(request, "session", None)
    value = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(value, dict) or not value.get("at"):
        return None
    return dt.datetime.fromisoformat(str(value["at"]))


def is_half_signed_in(request: HttpRequest) -> bool:
    """Signed in with the password, but not yet with the second factor the account needs."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return not session_is_verified(request) and requires_second_factor(user)
