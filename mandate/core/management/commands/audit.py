from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mandate.core import audit, audit_anchor, audit_keys


class Command(BaseCommand):
    help = (
        "Audit trail tools. `audit verify` walks the keyed hash chain, checks it against the latest "
        "checkpoint and names the first broken entry (exit status 1 when broken). `audit checkpoint` "
        "writes the chain's head as a signed file (MANDATE_AUDIT_CHECKPOINT_DIR) and mails it "
        "(MANDATE_AUDIT_CHECKPOINT_EMAIL); run it daily from cron. `audit seal` gives committed entries "
        "their place in the chain (writers do it on commit; cron catches what is left). "
        "`audit local-key` makes a development machine's key and checkpoint folder under var/ "
        "when none is configured."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint", "seal", "local-key"])

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "verify":
            self.verify()
        elif action == "checkpoint":
            self.checkpoint()
        elif action == "seal":
            sealed = audit.seal_pending(wait=True, rounds=1_000_000)
            self.stdout.write(f"Sealed {sealed} entries into the chain.")
        else:
            self.local_key()

    def verify(self) -> None:
        result = audit_anchor.verify_trail()
        if not result.ok:
            where = f" at entry #{result.broken_entry_id}" if result.broken_entry_id is not None else ""
            raise CommandError(
                f"Audit trail BROKEN{where}: {result.reason} "
                f"({result.chain.checked} entries before it are intact)."
            )
        chain = result.chain
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {chain.checked} entries verified."))
        if chain.unsealed:
            self.stdout.write(
                f"{chain.unsealed} entries are not sealed into the chain yet (each checked by its own keyed "
                "hash; `mandate audit seal` seals them)."
            )
        if chain.legacy:
            self.stdout.write(
                f"{chain.legacy} entries were written before the chain was keyed (plain SHA-256): "
                "anyone who can write the database could recompute them."
            )
        if result.checkpoint is None:
            self.stdout.write(
                "No checkpoint yet: a cut tail would not be detected. Run `mandate audit checkpoint`."
            )
        else:
            self.stdout.write(
                f"Latest checkpoint: entry #{result.checkpoint.entry_id} of {result.checkpoint.at}, "
                "found with the same hash and position."
            )
        self.stdout.write(
            f"Entries after the last checkpoint ({result.after_checkpoint}) are protected only by the key."
        )

    def checkpoint(self) -> None:
        try:
            written = audit_anchor.write_checkpoint()
        except audit_anchor.CheckpointError as error:
            raise CommandError(str(error)) from error
        mailed = f", mailed to {', '.join(written.mailed_to)}" if written.mailed_to else ", not mailed"
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoint of entry #{written.checkpoint.entry_id} ({written.checkpoint.count} entries) "
                f"written to {written.path}{mailed}."
            )
        )

    def local_key(self) -> None:
        path, created = audit_keys.ensure_local_key()
        folder = audit_keys.checkpoint_dir()
        folder.mkdir(parents=True, exist_ok=True)
        if path is None:
            self.stdout.write(f"Audit trail: the configured key is used; checkpoints go to {folder}.")
        elif created:
            self.stdout.write(
                f"Audit trail: made a local key {path} and checkpoint folder {folder} "
                "(development only: set MANDATE_AUDIT_KEY in production)."
            )
        else:
            self.stdout.write(f"Audit trail: using the local key {path}; checkpoints go to {folder}.")
