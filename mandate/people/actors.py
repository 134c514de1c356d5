"""The signed-in account of a request, typed: the services take a ``User``, not Django's
``User | AnonymousUser``."""

from __future__ import annotations

from typing import Any

from mandate.core.exceptions import PermissionDeniedError
from mandate.people.models import User


def actor_of(user: Any) -> User:
    """The request's account. Pages and API views are signed-in only, so an anonymous user here
    is a configuration error: refuse rather than act as nobody."""
    if not isinstance(user, User):
        raise PermissionDeniedError()
    return user
