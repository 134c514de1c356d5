"""Importing a workbook into the database, for any app: the app declares an ``Importer`` (its
columns, its target and its apply function); this module does the rest the same way for every
import (docs/adr/0032-sheet-import-and-export.md):

- **all or nothing**: the whole file is read and every problem listed (``SheetRefused``, with
  each problem's sheet, row, column, value, what is wrong and how to mend it, in the reader's
  language); nothing is written unless there is none. The importer's ``apply`` then runs in one
  transaction, and may still refuse rows by its own rules (``SheetRefused``), which undoes it all;
- **idempotent**: a file is known by its SHA-256 per importer and target (``ImportBatch``); the
  same file again changes nothing and says when it was imported and by whom. ``apply`` leaves
  rows equal to what is stored alone (``differences``), so another file with the same values
  changes nothing either;
- **one audit entry per import** (``core.sheet_import``: the file's hash, name and size, the
  rows, what was created, updated and left, who), not one per value;
- **large files run as a job** (``core.sheet_import`` of the job engine, ADR 0023) with their
  progress in ``JobRun.progress``: more than ``JOB_ROWS`` rows (by the sheet's declared size) or,
  when a sheet declares none, more than ``JOB_BYTES``.

An importer's ``params`` are plain JSON (the job carries them); its ``target`` checks the actor's
right (403, or 404 for what he may not see) before the file is looked at, and again in the job.
"""

from __future__ import annotations

import logging
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook  # type: ignore[import-untyped]

from mandate.core import audit, job_engine
from mandate.core.exceptions import ApplicationError
from mandate.core.locks import lock_for_transaction
from mandate.core.models import ImportBatch, JobRun
from mandate.core.sheet_reader import (
    CheckedWorkbook,
    Problem,
    Progress,
    SheetRow,
    SheetSpec,
    as_upload,
    check_workbook,
    pick_sheet,
    read_sheet,
)
from mandate.core.templatetags.mandate_format import number

logger = logging.getLogger("mandate.sheets")

JOB_NAME = "core.sheet_import"
JOB_ROWS = 2000
JOB_BYTES = 512 * 1024
STORED_FOLDER = "imports"
APPLIED, ALREADY_IMPORTED, QUEUED, REFUSED = "applied", "already_imported", "queued", "refused"


@dataclass(frozen=True)
class Target:
    """What a file is imported into: a key that names it exactly (an indicator set and a period,
    "indicators.set:3/period:17"), at most 200 characters, and its name for people."""

    key: str
    label: str


@dataclass
class Applied:
    """What ``apply`` did: rows created, updated and left as they were; ``details`` (plain JSON)
    goes into the import's audit entry."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    details: dict[str, Any] = field(default_factory=dict)


class Importer:
    """One kind of import. Subclass it, set ``kind`` ("<app>.<name>"), implement the three
    methods, and ``register`` an instance in a module the app's ``jobs.py`` imports (the job
    engine imports every app's ``jobs`` module, so a consumer finds it)."""

    kind: ClassVar[str] = ""

    def spec(self, *, actor: Any, params: Mapping[str, Any]) -> SheetSpec:
        """The sheet's declared columns (reference columns hold only what the actor may use)."""
        raise NotImplementedError

    def target(self, *, actor: Any, params: Mapping[str, Any]) -> Target:
        """The target, after checking that the actor may import into it (raise
        ``PermissionDeniedError``, or ``NotFoundError`` for what he may not see)."""
        raise NotImplementedError

    def apply(
        self, *, actor: Any, rows: Sequence[SheetRow], params: Mapping[str, Any], progress: Progress
    ) -> Applied:
        """Write the rows (inside the import's transaction); leave rows equal to what is stored
        alone; raise ``SheetRefused`` with ``row.problem(...)`` for rows the app's rules refuse."""
        raise NotImplementedError


_IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    known = _IMPORTERS.get(importer.kind)
    if not importer.kind or (known is not None and type(known) is not type(importer)):
        raise ValueError(f"An importer needs a kind of its own, not {importer.kind!r}.")
    _IMPORTERS[importer.kind] = importer
    return importer


def importer_named(kind: str) -> Importer:
    job_engine.discover()  # the apps' jobs modules register their importers
    try:
        return _IMPORTERS[kind]
    except KeyError:
        raise ValueError(f"No importer is named {kind!r}.") from None


class SheetRefused(ApplicationError):
    """The file has problems; nothing was imported. ``problems`` lists them (at most
    ``sheet_reader.MAX_PROBLEMS``; ``more_problems`` counts the rest)."""

    default_code = "sheet_refused"

    def __init__(self, problems: Sequence[Problem], *, more_problems: int = 0) -> None:
        self.problems = list(problems)
        self.more_problems = more_problems
        count = len(self.problems) + more_problems
        message = ngettext(
            "The file has %(count)s problem, so nothing was imported. Correct it and send the file again.",
            "The file has %(count)s problems, so nothing was imported. Correct them and send the file again.",
            count,
        ) % {"count": number(count)}
        super().__init__(message, fields={"file": [message]})

    def extra(self) -> dict[str, Any]:
        problems = [problem.as_dict() for problem in self.problems]
        return {"problems": problems, "more_problems": self.more_problems}


@dataclass(frozen=True)
class ImportOutcome:
    """How an import ended: ``applied`` (``batch``), ``already_imported`` (the earlier ``batch``;
    nothing changed) or ``queued`` (``job``: a large file, imported by a consumer). ``message``
    says it to the person, in his language."""

    state: str
    message: str
    batch: ImportBatch | None = None
    job: JobRun | None = None

    def as_dict(self) -> dict[str, Any]:
        batch = self.batch
        return {
            "state": self.state,
            "message": self.message,
            "batch": batch.pk if batch is not None else None,
            "job": self.job.pk if self.job is not None else None,
            "rows": batch.rows if batch is not None else None,
            "created": batch.created if batch is not None else None,
            "updated": batch.updated if batch is not None else None,
            "unchanged": batch.unchanged if batch is not None else None,
        }


def differences(obj: models.Model, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values that differ from ``obj``'s (by attribute name): an importer sets and saves only
    these, and leaves a row with none alone."""
    return {name: value for name, value in values.items() if getattr(obj, name) != value}


def _already(batch: ImportBatch) -> ImportOutcome:
    moment = timezone.localtime(batch.imported_at)
    message = _(
        "This file was already imported into %(target)s on %(day)s at %(time)s by %(who)s; "
        "nothing was changed."
    ) % {
        "target": batch.target_label or batch.target_key,
        "day": moment.strftime("%d/%m/%Y"),
        "time": moment.strftime("%H:%M"),
        "who": batch.actor_label,
    }
    return ImportOutcome(ALREADY_IMPORTED, message, batch=batch)


def _applied(batch: ImportBatch) -> ImportOutcome:
    message = ngettext(
        "%(rows)s row imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.",
        "%(rows)s rows imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.",
        batch.rows,
    ) % {
        "rows": number(batch.rows),
        "created": number(batch.created),
        "updated": number(batch.updated),
        "unchanged": number(batch.unchanged),
    }
    return ImportOutcome(APPLIED, message, batch=batch)


def _previous(importer: Importer, target: Target, checked: CheckedWorkbook) -> ImportBatch | None:
    return ImportBatch.objects.filter(
        kind=importer.kind, target_key=target.key, file_sha256=checked.sha256
    ).first()


def _is_large(upload: UploadedFile[bytes], spec: SheetSpec) -> bool:
    """More than ``JOB_ROWS`` rows in the sheet, counted in its XML as it inflates (nothing is
    parsed; a declared dimension can lie, and openpyxl writes none); more than ``JOB_BYTES``
    when the sheet's part cannot be found. A file openpyxl cannot open is not large: the reader
    refuses it with the reason, at once."""
    try:
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True, keep_links=False)
        try:
            sheet = pick_sheet(workbook, spec)
            path = getattr(sheet, "_worksheet_path", None)
            rows = _count_rows(workbook._archive, path) if path else None
        finally:
            workbook.close()
    except Exception:  # a malformed file: read_sheet says why
        return False
    finally:
        upload.seek(0)
    if rows is None:
        return (upload.size or 0) > JOB_BYTES
    return rows > JOB_ROWS


def _count_rows(archive: zipfile.ZipFile, path: str) -> int:
    rows, tail = 0, b""
    with archive.open(path) as part:
        while chunk := part.read(256 * 1024):
            data = tail + chunk
            rows += data.count(b"<row ") + data.count(b"<row>")
            tail = data[-5:]
            rows -= tail.count(b"<row ") + tail.count(b"<row>")  # counted again with the next chunk
    return rows + tail.count(b"<row ") + tail.count(b"<row>")


def sheet_import(
    *,
    actor: Any,
    importer: Importer | str,
    params: Mapping[str, Any],
    upload: UploadedFile[bytes],
    background: bool | None = None,
) -> ImportOutcome:
    """Import ``upload`` with ``importer`` into its target for ``params``: at once, or as a job
    when the file is large (``background`` forces either). Raises ``SheetRefused`` with every
    problem, or the upload's refusals (413, 415, 400), and nothing is written."""
    chosen = importer_named(importer) if isinstance(importer, str) else importer
    target = chosen.target(actor=actor, params=params)
    checked = check_workbook(upload)
    previous = _previous(chosen, target, checked)
    if previous is not None:
        return _already(previous)
    spec = chosen.spec(actor=actor, params=params)
    if background if background is not None else _is_large(upload, spec):
        return _enqueue(actor=actor, importer=chosen, params=params, upload=upload, checked=checked)
    return _import(actor=actor, importer=chosen, params=params, target=target, upload=upload, checked=checked)


def _import(
    *,
    actor: Any,
    importer: Importer,
    params: Mapping[str, Any],
    target: Target,
    upload: UploadedFile[bytes],
    checked: CheckedWorkbook,
    progress: Progress = lambda stage, done, total: None,
    stored_file: str = "",
    job: JobRun | None = None,
) -> ImportOutcome:
    spec = importer.spec(actor=actor, params=params)
    read = read_sheet(upload, spec, name=checked.name, progress=progress)
    if read.problems:
        raise SheetRefused(read.problems, more_problems=read.more_problems)
    with transaction.atomic():
        lock_for_transaction(f"sheet-import:{importer.kind}:{target.key}")
        previous = _previous(importer, target, checked)  # the same file, sent twice at once
        if previous is not None:
            return _already(previous)
        applied = importer.apply(actor=actor, rows=read.rows, params=params, progress=progress)
        batch = ImportBatch.objects.create(
            kind=importer.kind,
            target_key=target.key,
            target_label=target.label[:300],
            file_sha256=checked.sha256,
            file_name=checked.name,
            file_size=checked.size,
            stored_file=stored_file,
            rows=len(read.rows),
            created=applied.created,
            updated=applied.updated,
            unchanged=applied.unchanged,
            actor_id=actor.pk if actor is not None else None,
            actor_label=actor.get_username() if actor is not None else "system",
            job=job,
        )
        after = {
            "kind": importer.kind,
            "target": target.key,
            "file_name": checked.name,
            "file_sha256": checked.sha256,
            "file_size": checked.size,
            "sheet": read.sheet,
            "rows": batch.rows,
            "created": applied.created,
            "updated": applied.updated,
            "unchanged": applied.unchanged,
            "job": job.pk if job is not None else None,
            **applied.details,
        }
        audit.record(actor=actor, action="core.sheet_import", target=batch, after=after)
    return _applied(batch)


def _enqueue(
    *,
    actor: Any,
    importer: Importer,
    params: Mapping[str, Any],
    upload: UploadedFile[bytes],
    checked: CheckedWorkbook,
) -> ImportOutcome:
    upload.seek(0)
    stored = default_storage.save(f"{STORED_FOLDER}/{uuid.uuid4().hex}.xlsx", File(upload))
    run = job_engine.enqueue(
        JOB_NAME,
        kind=importer.kind,
        params=dict(params),
        stored_file=stored,
        file_name=checked.name,
        actor_id=actor.pk if actor is not None else None,
        language=translation.get_language() or "vi",
    )
    message = _("The file is large, so it is imported in the background; its progress is shown here.")
    return ImportOutcome(QUEUED, message, job=run)


def _current_run() -> JobRun | None:
    return JobRun.objects.filter(name=JOB_NAME, state="running").order_by("-started_at").first()


def run_import_job(
    *,
    kind: str,
    params: Mapping[str, Any],
    stored_file: str,
    file_name: str,
    actor_id: int | None,
    language: str,
) -> dict[str, Any]:
    """The job: the same import, from the stored file, in the uploader's language, reporting its
    progress. A refusal is the run's result (``state`` "refused", the problems), not a failure:
    running it again would refuse it again. Run again after a consumer died, the file is found
    already imported, or imported then, never twice."""
    with translation.override(language):
        actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id is not None else None
        try:
            importer = importer_named(kind)
            target = importer.target(actor=actor, params=params)
            with default_storage.open(stored_file, "rb") as handle:
                upload = as_upload(handle, file_name)
                checked = check_workbook(upload)
                previous = _previous(importer, target, checked)
                if previous is not None:
                    return _already(previous).as_dict()
                outcome = _import(
                    actor=actor,
                    importer=importer,
                    params=params,
                    target=target,
                    upload=upload,
                    checked=checked,
                    progress=_report,
                    stored_file=stored_file,
                    job=_current_run(),
                )
            return outcome.as_dict()
        except SheetRefused as refused:
            return {"state": REFUSED, "message": str(refused.message), **refused.extra()}
        except ApplicationError as refused:
            return {"state": REFUSED, "message": str(refused.message), "problems": [], "more_problems": 0}


def _report(stage: str, done: int, total: int) -> None:
    job_engine.report_progress(stage=stage, done=done, total=total)
