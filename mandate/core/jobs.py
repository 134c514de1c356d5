"""The audit trail's jobs (docs/adr/0021-keyed-anchored-audit-chain.md), run by the job engine at
the times of ``MANDATE_JOBS_SCHEDULE``; ``mandate audit seal`` and ``mandate audit checkpoint`` do
the same by hand."""

from __future__ import annotations

from typing import Any

from mandate.core import audit, audit_anchor, sheet_import
from mandate.core.job_engine import job


@job("core.audit_seal")
def audit_seal() -> dict[str, int]:
    """Seal what writers left unsealed (they seal on commit; a busy moment leaves some)."""
    return {"sealed": audit.seal_pending(wait=True, rounds=1_000_000)}


@job("core.audit_checkpoint", catch_up=True)
def audit_checkpoint() -> dict[str, Any]:
    """Verify the chain and write its head outside the database (a signed file, and a mail).
    A broken or empty trail fails the run, with the reason as its error."""
    written = audit_anchor.write_checkpoint()
    return {
        "entry_id": written.checkpoint.entry_id,
        "count": written.checkpoint.count,
        "path": str(written.path),
        "mailed_to": list(written.mailed_to),
    }


@job("core.sheet_import")
def sheet_import_job(**args: Any) -> dict[str, Any]:
    """A large workbook's import (``sheet_import.sheet_import`` queues it): the result says how it
    ended, applied or refused with its problems; ``JobRun.progress`` how far it has come."""
    return sheet_import.run_import_job(**args)
