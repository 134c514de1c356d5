from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Re-exported: the period choices are read as ``core.models.PeriodKind`` too.
from mandate.core.enums import PeriodBasis as PeriodBasis
from mandate.core.enums import PeriodKind as PeriodKind


class BaseModel(models.Model):
    """Timestamps and the optimistic-concurrency version every editable record carries."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


_Row = TypeVar("_Row", bound=models.Model)


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet[_Row]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit trail is append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The audit trail is append-only.")


class AppendOnlyModel(models.Model):
    """Rows of the audit trail (and of the access log) are written once: the application cannot
    update or delete them (and the database's triggers refuse it too)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit trail is append-only.")


class AuditEntry(AppendOnlyModel):
    """One write, by whom, to what, with the values before and after.

    Rows are chained: ``hash`` covers the row's content and the previous row's hash, so a row
    changed or removed behind the application's back breaks the chain at that row
    (``mandate audit verify``). Triggers refuse UPDATE, DELETE, TRUNCATE and replacing inserts in
    the database itself; the hash is keyed and the head is checkpointed outside the database, so
    a rewrite with the hashes recomputed, a cut tail or a forged append are named too.
    """

    at = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.CharField(_("IP address"), max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # How ``hash`` was computed: NULL for the plain SHA-256 entries written before the chain was
    # keyed, 2 for HMAC-SHA256 with MANDATE_AUDIT_KEY (docs/adr/0021-keyed-anchored-audit-chain.md).
    scheme = models.PositiveSmallIntegerField(_("hash scheme"), null=True, blank=True, editable=False)

    objects = AppendOnlyQuerySet["AuditEntry"].as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["target_type", "target_id", "id"], name="audit_target_idx")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.target_label}"


class AuditSeal(AppendOnlyModel):
    """An entry's place in the chain, given after its transaction committed (``audit.seal_pending``).

    Why apart from the entry: the writers no longer wait for one another on the chain's head
    while their transactions are open; a sequencer seals committed entries in the order it finds
    them, under its own short lock. ``seq`` counts from 1 without gaps; ``hash`` is an HMAC over
    the position, the entry and its keyed hash, and the previous seal's hash (the first seal
    continues the plain chain of the entries written before). Append-only like the entries.
    """

    seq = models.BigIntegerField(_("place in the chain"), primary_key=True)
    entry = models.OneToOneField(AuditEntry, on_delete=models.PROTECT, related_name="seal")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    sealed_at = models.DateTimeField(_("sealed at"))

    objects = AppendOnlyQuerySet["AuditSeal"].as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")

    def __str__(self) -> str:
        return f"{self.seq}: #{self.entry_id}"


class AuditPending(models.Model):
    """The queue of entries written but not yet sealed: the sequencer's work list, so that it never
    scans the trail for them. Not evidence: a row removed here leaves its entry unsealed, which
    ``verify`` reports."""

    entry = models.OneToOneField(AuditEntry, on_delete=models.CASCADE, primary_key=True, related_name="+")

    class Meta:
        verbose_name = _("audit entry to seal")
        verbose_name_plural = _("audit entries to seal")

    def __str__(self) -> str:
        return f"#{self.entry_id}"


class AccessLogEntry(AppendOnlyModel):
    """One read of a sensitive record: who read which record, when, by which route, for what
    (``core.access_log``; issue 12 item 7, issue 15 item 6; ADR 0034).

    Why not an audit entry: reads are many and must never wait. An entry is one plain INSERT,
    taking no lock of the audit chain and no hash, so a list of findings or a feedback handler's
    page is never slowed by the chain's sequencer. Append-only like the trail: the application
    refuses update and delete, and the database's triggers refuse them too (migration
    ``…_access_log``). The record is named by type and id only, never by its text.
    """

    at = models.DateTimeField(_("time"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=150)
    record_type = models.CharField(_("record type"), max_length=80)
    record_id = models.CharField(_("record id"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=200)
    route = models.CharField(_("route"), max_length=300, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.CharField(_("IP address"), max_length=64, blank=True)

    objects = AppendOnlyQuerySet["AccessLogEntry"].as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["record_type", "record_id", "id"], name="accesslog_record_idx"),
            models.Index(fields=["actor_id", "id"], name="accesslog_actor_idx"),
        ]
        # Only reading is a right here (the auditor's); nobody adds, changes or deletes by hand.
        default_permissions = ("view",)
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"#{self.pk} {self.actor_label} {self.record_type} {self.record_id}"


class CalendarOverride(BaseModel):
    """An administrator's ruling on one day, which wins over the holiday library.

    Why it exists: the government decides each year's Tết break, bridge days and make-up working
    Saturdays by decision, sometimes late in the year before, and the library only knows what its
    last release recorded. A row declares its day a working day or a day off, citing the decision.
    Rows are never deleted: a retired row (``retired_at`` set) no longer applies but stays on file.
    """

    day = models.DateField(_("day"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    reason = models.CharField(_("reason"), max_length=300)
    source_document = models.CharField(_("source document"), max_length=100, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_reason = models.CharField(_("reason for retiring"), max_length=300, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return self.day.strftime("%d/%m/%Y")


class Generation(models.Model):
    """A token per name, replaced by every write that changes what process-local caches keyed by
    that name hold (``core.generations``). A random token rather than a counter: a write that is
    rolled back never brings its token back, so nothing cached under it is ever served again."""

    name = models.CharField(_("name"), primary_key=True, max_length=50)
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("cache generation")
        verbose_name_plural = _("cache generations")

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"


class JobState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class JobRun(models.Model):
    """One run of a background job (``core.job_engine``): what ran, where, how often it was tried
    and how it ended, in the database every consumer shares, so that a page can show it and a run
    lost with a killed consumer can be found and run again.

    A scheduled run names its ``slot`` (the moment of the schedule it is for): two consumers that
    both fire the same slot make one row, so one run. Runs asked for by hand have no slot. Rows are
    engine bookkeeping, not evidence: what a job changes is audited by the job's own services.
    """

    name = models.CharField(_("job"), max_length=100, db_index=True)
    args = models.JSONField(_("arguments"), default=dict, blank=True)
    slot = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    # When the run is next due to be picked up: its queueing, or the retry after a failure.
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    consumer = models.CharField(_("consumer"), max_length=200, blank=True)
    # How far a running job has come ({"stage", "done", "total"}), written by the heartbeat.
    progress = models.JSONField(_("progress"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "slot"], condition=models.Q(slot__isnull=False), name="jobrun_one_per_slot"
            )
        ]
        indexes = [models.Index(fields=["state", "name"], name="jobrun_state_idx")]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.name} ({self.state})"


class Period(models.Model):
    """One span of days that a figure, a target, a task or a report is about: the one period
    model of the whole product (ADR 0028).

    Reference data: created on demand by the constructors of ``core.periods`` (get-or-create on
    ``code``), never edited, never deleted, so any app may point at a row with PROTECT. ``basis``
    says whose months these are: calendar months, or the data cut-offs of Decree 09/2019/NĐ-CP
    (the 15th of the previous month to the 14th), so that "9 tháng đầu năm 2023" on either basis
    is a different row with a different code and label. Labels are computed at read time in the
    reader's language (``core.periods.label``), not stored.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    basis = models.CharField(
        _("basis"), max_length=10, choices=PeriodBasis.choices, default=PeriodBasis.CALENDAR
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Month 1-12, quarter 1-4, half 1-2, or for a cumulative period the N of "N tháng đầu năm";
    # null for a year, a date range and a cumulative period to an arbitrary day.
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # The cut-off day a cumulative value is stated "as of" ("tính đến ngày 15/9/2023").
    as_of = models.DateField(_("as of"), null=True, blank=True)
    code = models.CharField(_("code"), max_length=32, unique=True)

    class Meta:
        ordering = ["starts_on", "ends_on", "kind", "basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "basis", "starts_on", "ends_on"], name="period_one_per_span"
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")), name="period_starts_before_end"
            ),
            models.CheckConstraint(condition=models.Q(kind__in=PeriodKind.values), name="period_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(basis__in=PeriodBasis.values), name="period_basis_valid"
            ),
        ]
        verbose_name = _("period")
        verbose_name_plural = _("periods")

    def __str__(self) -> str:
        return self.code


class ImportBatch(models.Model):
    """A workbook imported into a target (``core.sheet_import``, ADR 0032): which file (its
    SHA-256), into what (the importer's ``kind`` and the target's key, e.g. an indicator set and
    a period), by whom, when, and what it changed.

    Why a row: the same file sent again into the same target changes nothing and says when it was
    imported (the unique constraint holds that under concurrent uploads too); and a large import
    runs as a job, whose file is kept here under a generated name. Written once, never changed;
    the import's audit entry points at it. Refused files leave no row.
    """

    kind = models.CharField(_("import"), max_length=100)
    target_key = models.CharField(_("target"), max_length=200)
    target_label = models.CharField(_("target label"), max_length=300, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64)
    file_name = models.CharField(_("file name"), max_length=200)
    file_size = models.PositiveBigIntegerField(_("file size"))
    stored_file = models.CharField(_("stored file"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"))
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=150)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    job = models.ForeignKey(JobRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_key", "file_sha256"], name="importbatch_one_file_per_target"
            )
        ]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} → {self.target_label or self.target_key}"
