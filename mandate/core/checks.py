"""System checks of the core: production refuses to start without the audit trail's key.

Why a check with Error level: ``mandate serve``, ``migrate`` and ``check --deploy`` run the system
checks and stop on an error, so a deployment that forgot the key fails at once, not on the first
audited write (which would then be refused) or, worse, with a key made on the server's own disk.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error

from mandate.core import audit_keys


def audit_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problem = audit_keys.key_problem()
    if not problem:
        return []
    return [
        Error(
            problem,
            hint="Generate one with `python -c 'import secrets; print(secrets.token_hex(32))'`, keep it "
            "outside the database and its backups (README, Configuration; docs/adr/0021).",
            id="mandate.E001",
        )
    ]
