from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel
from mandate.tasks.enums import EventKind, ExtensionStatus, TaskKind, TaskStatus, Urgency
from mandate.tasks.list_order import status_rank


class Task(BaseModel):
    """An assignment with the "6 clear": one lead unit (and person), the content, the deadline,
    the responsibility (coordinating units), the authority it is assigned under and the product.

    ``lead_path`` and ``assigner_path`` copy the units' tree paths: units never move, so the copies
    never go stale, and scoped reads filter on one indexed column instead of joining the tree.
    """

    # No single-column indexes on ``document`` and ``lead_person``: the (…, status) indexes below
    # serve those look-ups, and every index is a write on each insert (performance.md, F7).
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="tasks", verbose_name=_("document"),
        db_index=False,
    )  # fmt: skip
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subtasks",
        verbose_name=_("parent task"),
    )  # fmt: skip
    depth = models.PositiveSmallIntegerField(default=1)
    ordinal = models.CharField(_("number in the document"), max_length=20, blank=True)
    content = models.TextField(_("task"))
    expected_product = models.TextField(_("expected product"), blank=True)
    lead_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="led_tasks",
        verbose_name=_("lead unit"),
    )
    lead_path = models.CharField(max_length=255, editable=False)
    lead_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="led_tasks",
        verbose_name=_("lead person"), db_index=False,
    )  # fmt: skip
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigner_unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="assigned_tasks",
        verbose_name=_("assigning unit"),
    )  # fmt: skip
    assigner_path = models.CharField(max_length=255, editable=False)
    authority = models.CharField(_("assigned under the authority of"), max_length=300, blank=True)
    assigned_on = models.DateField(_("assigned on"))
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices, default=TaskKind.DEADLINE)
    working_days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    deadline_on = models.DateField(_("deadline"), null=True, blank=True)
    original_deadline_on = models.DateField(_("original deadline"), null=True, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=7, decimal_places=2, null=True, blank=True)
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    last_progress_at = models.DateTimeField(_("last updated"), null=True, blank=True)
    done_reported_on = models.DateField(_("reported done on"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    # Kept by the sweep (mandate sweep), set-based.
    overdue_since = models.DateField(null=True, blank=True, editable=False)
    not_updated_since = models.DateField(null=True, blank=True, editable=False)
    reminded_before_on = models.DateField(null=True, blank=True, editable=False)
    reminded_due_on = models.DateField(null=True, blank=True, editable=False)
    last_reminder_on = models.DateField(null=True, blank=True, editable=False)
    reminders_after_deadline = models.PositiveSmallIntegerField(default=0, editable=False)
    escalated_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline_on", "id"]
        indexes = [
            # Covering the columns of the reporting states: a subtree's counts on any date (the
            # statistics, the dashboard's charts) read this index alone, not the table
            # (docs/performance.md, F10).
            models.Index(
                fields=["lead_path", "status"],
                include=[
                    "id",
                    "parent_id",
                    "assigned_on",
                    "cancelled_on",
                    "kind",
                    "deadline_on",
                    "done_reported_on",
                ],
                name="task_lead_path_status_idx",
            ),
            models.Index(fields=["assigner_path"], name="task_assigner_path_idx"),
            models.Index(fields=["document", "status"], name="task_document_status_idx"),
            # The list by deadline, both ways (``list_order``): the id breaks the ties, so the
            # descending list reads it backwards with no sort of the 50,000 regular tasks (no
            # deadline: first when descending) at 1M (performance.md, state G). Replaces
            # (deadline_on, status); the status stays in it for the conditions on a deadline range.
            models.Index(fields=["deadline_on", "id"], include=["status"], name="task_deadline_order_idx"),
            models.Index(fields=["lead_person", "status"], name="task_lead_person_status_idx"),
            # The list by progress, both ways (ADR 0026, amended 7 Dec 2026): without it the sort
            # reads and sorts a province (262 ms at 1M); with it a progress report is no longer a
            # HOT update, a cost measured in performance.md ("The progress index").
            models.Index(fields=["progress", "id"], name="task_progress_order_idx"),
            # The signal "escalated after three reminders" of a period (evaluations, ADR 0049): few
            # tasks are ever escalated, so a partial index is small and the sweep's writes to other
            # columns stay HOT; covering, the period's escalations are read from it alone
            # (performance.md, "A province's accountability signals").
            models.Index(
                fields=["escalated_on"],
                include=["id", "lead_path", "lead_person_id"],
                condition=Q(escalated_on__isnull=False),
                name="task_escalated_idx",
            ),
            # Lists of open tasks by deadline (overdue, due soon) read only open rows.
            models.Index(
                fields=["deadline_on", "id"],
                condition=Q(status__in=["assigned", "in_progress", "reported", "returned"]),
                name="task_open_deadline_idx",
            ),
            # Covering: a subtree's count of open tasks in a state is an index-only scan
            # (performance.md, F4); none of the included columns is one the sweep updates, so its
            # updates stay HOT.
            models.Index(
                fields=["lead_path", "deadline_on", "id"],
                include=[
                    "parent_id",
                    "assigned_on",
                    "cancelled_on",
                    "kind",
                    "assigner_path",
                    "done_reported_on",
                ],
                condition=Q(status__in=["assigned", "in_progress", "reported", "returned"]),
                name="task_open_path_deadline_idx",
            ),
            # My work's "awaiting my decision": the few tasks reported done or returned, by the
            # unit that assigned them (docs/performance.md, F10).
            models.Index(
                fields=["assigner_path", "deadline_on", "id"],
                condition=Q(status__in=["reported", "returned"]),
                name="task_awaiting_idx",
            ),
            # … and its first page in deadline order: without it PostgreSQL walks every open task
            # by deadline to find the first twenty (performance.md, F10).
            models.Index(
                fields=["deadline_on", "id"],
                condition=Q(status__in=["reported", "returned"]),
                name="task_awaiting_deadline_idx",
            ),
            # My work's "assigned by my side, waiting for the other side": the open tasks a unit
            # assigned, in deadline order, counted from the index alone (vanphong's 26,000 at 1M:
            # 2.1 s through the assigner path's index and the table; performance.md, state G).
            models.Index(
                fields=["assigner_path", "deadline_on", "id"],
                include=["status", "lead_path"],
                condition=Q(status__in=["assigned", "in_progress", "reported", "returned"]),
                name="task_open_assigner_idx",
            ),
            # The list's orders (``list_order``; ADR 0026): by assignment date, and by state (the
            # life cycle's rank of the status, then the deadline). By lead unit reads
            # ``task_lead_path_status_idx`` with an incremental sort; by progress is not indexed
            # (a progress report would no longer be a HOT update).
            models.Index(fields=["assigned_on", "id"], name="task_assigned_order_idx"),
            models.Index(status_rank(), F("deadline_on"), F("id"), name="task_status_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_lte_100"),
            models.CheckConstraint(condition=Q(status__in=TaskStatus.values), name="task_status_valid"),
            models.CheckConstraint(
                condition=(Q(kind=TaskKind.REGULAR) & Q(deadline_on__isnull=True))
                | (Q(kind=TaskKind.DEADLINE) & Q(deadline_on__isnull=False)),
                name="task_deadline_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        text = " ".join(self.content.split())
        return text if len(text) <= 120 else f"{text[:117]}…"


class TaskCoordinator(models.Model):
    """A coordinating unit (đơn vị phối hợp): shares the responsibility, sees the task."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="coordinators")
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="coordinated_tasks",
        verbose_name=_("coordinating unit"),
    )  # fmt: skip
    unit_path = models.CharField(max_length=255, editable=False)

    class Meta:
        verbose_name = _("coordinating unit")
        verbose_name_plural = _("coordinating units")
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="coordinator_unique")]
        indexes = [models.Index(fields=["unit_path"], name="coordinator_path_idx")]

    def __str__(self) -> str:
        return f"{self.task_id} ↔ {self.unit_id}"


class TaskEvent(models.Model):
    """One line of the task's timeline: every move, report, instruction, chase-up and reminder."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=24, choices=EventKind.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_label = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("time"), default=timezone.now)
    text = models.TextField(_("text"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["task", "at"], name="taskevent_task_at_idx"),
            # My work's "returned for rework": the few rework events, by task (ADR 0026).
            models.Index(fields=["task", "at"], condition=Q(kind="rework"), name="taskevent_rework_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind}"


class ProgressReport(models.Model):
    # ``report_task_time_idx`` serves the look-ups by task.
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="progress_reports", db_index=False)
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    text = models.TextField(_("report"))
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    is_done_report = models.BooleanField(_("reports the task done"), default=False)
    # A done report's product, when it is a registered document (a report, a plan issued…); a
    # product file is the report's evidence. Either one is required when the task expects a product.
    product_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product document"),
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["reported_at", "id"]
        # "Not updated on D" looks for reports in a window of days: by task and time.
        indexes = [
            models.Index(fields=["task", "reported_at"], name="report_task_time_idx"),
            # Past-date counts read the reports of a window of days by range (performance.md, F3).
            models.Index(fields=["reported_at", "task"], name="report_time_task_idx"),
        ]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_lte_100")]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.percent}%"


class Evidence(models.Model):
    """A file attached to a progress report, stored under a generated name."""

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/", max_length=200)
    display_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.display_name


class ExtensionRequest(BaseModel):
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="extension_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    current_deadline_on = models.DateField(_("deadline when asked"))
    proposed_deadline_on = models.DateField(_("proposed deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["created_at", "id"]
        constraints = [
            # One open request at a time: a second is refused by the database, not only by a check.
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="extension_one_pending_per_task"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.proposed_deadline_on}"


class TaskRollup(models.Model):
    """Counts of one lead unit's tasks on ``day`` — a cache of ``selectors.statistics`` that makes
    today's counts of a whole country's subtree a sum over a few thousand rows.

    Exact or unused: the sweep recomputes every row for its day, each task service recomputes its
    unit's rows in the same transaction (under a per-unit lock), and readers use the rows only
    when every row is of today; otherwise they count live.
    """

    unit = models.ForeignKey("organisations.OrgUnit", on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=255)
    top_level = models.BooleanField()
    day = models.DateField()
    total = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    completed_on_time = models.PositiveIntegerField(default=0)
    completed_late = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    due = models.PositiveIntegerField(default=0)
    completed_of_due = models.PositiveIntegerField(default=0)
    due_today = models.PositiveIntegerField(default=0)
    not_updated = models.PositiveIntegerField(default=0)
    regular_total = models.PositiveIntegerField(default=0)
    regular_not_updated = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "top_level"], name="rollup_unit_level_unique")]
        indexes = [
            models.Index(fields=["unit_path"], name="rollup_unit_path_idx"),
            models.Index(fields=["day"], name="rollup_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"


class TaskRollupState(models.Model):
    """The one day for which every ``TaskRollup`` row was last recomputed (one row, pk 1)."""

    day = models.DateField()

    def __str__(self) -> str:
        return str(self.day)


class TaskCorrection(models.Model):
    """An explicit correction of a recorded fact, from ``effective_on``: the only act that changes
    what a past date reads (ADR 0020). Kept for ever and listed on the statistics it changes."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="corrections")
    field = models.CharField(_("corrected field"), max_length=20)
    old_value = models.CharField(_("old value"), max_length=40, blank=True)
    new_value = models.CharField(_("new value"), max_length=40, blank=True)
    effective_on = models.DateField(_("effective from"))
    reason = models.TextField(_("reason"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    made_on = models.DateField(_("made on"))
    made_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["made_at", "id"]
        indexes = [models.Index(fields=["effective_on", "made_on"], name="correction_dates_idx")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.field} {self.effective_on}"


class TaskStateSpan(models.Model):
    """What a task was, for the reporting states, from ``valid_from`` to the day before
    ``valid_to`` (open when null): written by the services in the transaction of each change,
    never rewritten — a span is closed once, or superseded by a correction and kept (ADR 0020).

    A task exists on D exactly when a span is in force on D: none is written while it is
    cancelled. ``deadline_on`` is the deadline in force; ``accepted_on`` is set while the task
    stands accepted, with the ``done_reported_on`` that decides on time or late.
    """

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="spans", db_index=False)
    top_level = models.BooleanField()
    lead_path = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=TaskKind.choices)
    assigned_on = models.DateField()
    deadline_on = models.DateField(null=True, blank=True)
    done_reported_on = models.DateField(null=True, blank=True)
    accepted_on = models.DateField(null=True, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    correction = models.ForeignKey(
        TaskCorrection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="written",
        db_index=False,
    )
    superseded_by = models.ForeignKey(
        TaskCorrection, on_delete=models.PROTECT, null=True, blank=True, related_name="superseded",
        db_index=False,
    )  # fmt: skip

    class Meta:
        verbose_name = _("state span")
        verbose_name_plural = _("state spans")
        indexes = [
            models.Index(fields=["task", "valid_from"], name="span_task_from_idx"),
            # Covering: a subtree's counts on a past date read this index alone (ADR 0020).
            models.Index(
                fields=["lead_path", "valid_from"],
                include=[
                    "id",
                    "valid_to",
                    "task_id",
                    "top_level",
                    "kind",
                    "assigned_on",
                    "deadline_on",
                    "done_reported_on",
                    "accepted_on",
                ],
                condition=Q(superseded_by__isnull=True),
                name="span_path_from_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="span_valid_order"
            ),
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(valid_to__isnull=True, superseded_by__isnull=True),
                name="span_one_open_per_task",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.valid_from}–{self.valid_to or ''}"


class TaskSeen(models.Model):
    """The first time a person (his account) opened a task's page: until then the task is "new"
    on his My work. A read receipt, like a notice's ``read_at``: written once, never changed,
    not audited (ADR 0026)."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="+", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    seen_at = models.DateTimeField(_("first opened at"), default=timezone.now)

    class Meta:
        verbose_name = _("task opened")
        verbose_name_plural = _("tasks opened")
        # The unique index serves "not opened by me" (user, task) for My work.
        constraints = [models.UniqueConstraint(fields=["user", "task"], name="taskseen_user_task_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} saw {self.task_id}"
