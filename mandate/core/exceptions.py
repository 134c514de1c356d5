"""The errors a service may raise. Each carries a stable ``code`` for machines, a translated
``message`` for people and, where it concerns fields, ``fields``. The API and the pages turn them
into the same answer (see ``mandate.core.api.exception_handler``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Message = str | Promise


class ApplicationError(Exception):
    status_code = 400
    default_code = "invalid"
    default_message: Message = _("The request is not valid.")

    def __init__(
        self,
        message: Message | None = None,
        *,
        code: str | None = None,
        fields: dict[str, list[Message]] | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        self.code = code or self.default_code
        self.fields = fields or {}
        super().__init__(str(self.message))

    def extra(self) -> dict[str, Any]:
        return {}


class NotFoundError(ApplicationError):
    """Missing and not allowed to see look the same: never reveal that something exists."""

    status_code = 404
    default_code = "not_found"
    default_message = _("Not found.")


class PermissionDeniedError(ApplicationError):
    status_code = 403
    default_code = "permission_denied"
    default_message = _("You may not do this.")


class VersionRequiredError(ApplicationError):
    default_code = "version_required"
    default_message = _(
        "Send the version you read (the 'version' field or an If-Match header) so that nobody's "
        "changes are overwritten."
    )


class ConflictError(ApplicationError):
    status_code = 409
    default_code = "conflict"
    default_message = _("Someone else changed this after you read it. Reload it and make your change again.")

    def __init__(
        self,
        *,
        current_version: int,
        changed_by: str | None,
        changed_at: dt.datetime | None,
        message: Message | None = None,
    ) -> None:
        super().__init__(message)
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at

    def extra(self) -> dict[str, Any]:
        return {
            "current_version": self.current_version,
            "changed_by": self.changed_by,
            "changed_at": self.changed_at.isoformat() if self.changed_at else None,
        }


class PayloadTooLargeError(ApplicationError):
    status_code = 413
    default_code = "too_large"
    default_message = _("The file is too large.")


class UnsupportedFileTypeError(ApplicationError):
    status_code = 415
    default_code = "unsupported_file_type"
    default_message = _("This type of file is not accepted.")


class InvalidStateError(ApplicationError):
    """The move is not in the declared map for the record's current state."""

    status_code = 409
    default_code = "invalid_transition"
    default_message = _("This cannot be done in the record's current state.")
