"""The audit entry of a sensitive record: its reference and a hash of its text, never the text
(issue 12, item 7; ADR 0042).

Why a hash: the trail is evidence and is read by the administrator and the auditor, who may not
read findings about people. The SHA-256 of the text lets whoever holds the record prove that the
text he reads is the one written at that time (and that a correction changed it), without the
trail ever holding a word of it. Every free text of these records (a finding, a conclusion, a
discipline's reason, a reason for withdrawal or annulment) goes through here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from django.db import models

from mandate.core import audit
from mandate.people.models import User


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sealed(values: Mapping[str, Any], *, texts: Mapping[str, str]) -> dict[str, Any]:
    """``values`` plus ``<name>_sha256`` for each free text: the texts themselves are left out."""
    return {**values, **{f"{name}_sha256": text_sha256(text) for name, text in texts.items()}}


def record_sealed(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    after: Mapping[str, Any],
    before: Mapping[str, Any] | None = None,
) -> None:
    """An audit entry whose label is the record's number (``__str__`` never prints its text)."""
    audit.record(actor=actor, action=action, target=target, before=before, after=after)
