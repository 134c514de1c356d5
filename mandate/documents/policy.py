"""One action policy for documents (as ``tasks.policy`` for tasks): what an actor may do to a
document now, with the reason when not. The services refuse through ``require``; pages and the
API read ``available_actions``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mandate.core.exceptions import InvalidStateError, PermissionDeniedError
from mandate.documents import permissions
from mandate.documents.enums import CLASSIFIED
from mandate.documents.models import Document
from mandate.people.models import User

ACTIONS = ("edit", "retire", "relate", "attach")


@dataclass(frozen=True)
class Action:
    """One action as this actor sees it now; ``conflict``: refused by the document's state (409)."""

    name: str
    allowed: bool
    reason: str = ""
    conflict: bool = False


def _side(actor: User | None, document: Document, name: str) -> str:
    if actor is None:
        return ""
    checks: dict[str, tuple[Callable[..., bool], str]] = {
        "edit": (
            permissions.can_change_document,
            _("Only the issuing unit, or the office that registered the document for it, may change it."),
        ),
        "retire": (
            permissions.can_retire_document,
            _(
                "Only a leader of the issuing unit, or of the office that registered the document, "
                "may retire it."
            ),
        ),
        "relate": (
            permissions.can_change_document,
            _("Only the issuing unit, or the office that registered the document for it, may relate it."),
        ),
        "attach": (
            permissions.can_attach_to_document,
            _("Only the issuing unit and the units the document reaches attach files to it."),
        ),
    }
    allowed, reason = checks[name]
    return "" if allowed(actor=actor, document=document) else reason


def check(actor: User | None, document: Document, name: str) -> Action:
    reason = _side(actor, document, name)
    if reason:
        return Action(name, False, reason)
    if document.retired_at is not None and name in ("edit", "retire", "relate"):
        return Action(name, False, _("The document is retired."), conflict=True)
    if name == "attach" and document.confidentiality in CLASSIFIED:
        return Action(
            name,
            False,
            _("A classified document is kept by its details only: no file of it is stored here."),
            conflict=True,
        )
    return Action(name, True)


def available_actions(actor: User | None, document: Document) -> list[Action]:
    return [check(actor, document, name) for name in ACTIONS]


def require(actor: User | None, document: Document, name: str) -> None:
    """403 for someone who may not, 409 for a retired document."""
    action = check(actor, document, name)
    if action.allowed:
        return
    if action.conflict:
        raise InvalidStateError(action.reason)
    raise PermissionDeniedError(action.reason)
