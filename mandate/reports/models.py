"""A report asked for, made in the background and issued (issue 13, items 5, 7 and 8).

A ``Report`` row is the request (kind, unit, period, its kind, the cut-off day, the language,
the author: enough to make it again and compare) and what became of it: its state, how far the
job has come, when the records were read, the content it produced (``content.as_json``) and,
once issued, its number in the unit's outgoing register and the files. Rows are never deleted;
every change of state is audited by ``services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel, JobRun, Period
from mandate.documents.models import Document
from mandate.organisations.models import OrgUnit


class ReportState(models.TextChoices):
    REQUESTED = "requested", _("requested")
    MAKING = "making", _("being made")
    READY = "ready", _("ready to issue")
    ISSUED = "issued", _("issued")
    FAILED = "failed", _("failed")


class PeriodKind(models.TextChoices):
    """Calendar months, or the data cut-offs of Decree 09/2019/NĐ-CP for State reports."""

    CALENDAR = "calendar", _("calendar months")
    REPORTING = "reporting", _("reporting cut-offs (Decree 09/2019/NĐ-CP)")


class ReportLanguage(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")


class ReportFormat(models.TextChoices):
    DOCX = "docx", "Word (.docx)"
    XLSX = "xlsx", "Excel (.xlsx)"
    PDF = "pdf", "PDF"


# The states in which the job has not finished with the report.
PENDING = (ReportState.REQUESTED, ReportState.MAKING)
# The states whose content can be shown, downloaded and (when ready) issued.
MADE = (ReportState.READY, ReportState.ISSUED)


class Report(BaseModel):
    kind = models.CharField(_("kind"), max_length=40)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", verbose_name=_("period"))
    period_kind = models.CharField(_("period kind"), max_length=10, choices=PeriodKind.choices)
    cut_off = models.DateField(_("cut-off day"))
    language = models.CharField(_("language"), max_length=2, choices=ReportLanguage.choices)
    # A task report of one document (its tasks and those of the documents implementing it)
    # instead of the unit's (issue 13, item 1); only for the kind "tasks".
    subject_document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document reported on"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    # What was asked, as plain values (``services.stored_request``): made again from these alone.
    request = models.JSONField(_("request"), default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.REQUESTED
    )
    failure = models.TextField(_("why it failed"), blank=True)
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps"), default=0)
    job = models.ForeignKey(
        JobRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("job run")
    )
    data_time = models.DateTimeField(_("records read at"), null=True, blank=True)
    # What was entered after the period (indicator values, stated figures) is read as recorded
    # by the end of this day: the day it was first made, so that making it again gives the same.
    recorded_on = models.DateField(_("entries as recorded on"), null=True, blank=True)
    content = models.JSONField(_("content"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    # The entry of the unit's outgoing register that gave the report its number (issue 6).
    document = models.OneToOneField(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report",
        verbose_name=_("register entry"),
    )
    issued_number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    docx = models.FileField(_("Word file"), upload_to="reports/%Y/%m/", max_length=200, blank=True)
    xlsx = models.FileField(_("Excel file"), upload_to="reports/%Y/%m/", max_length=200, blank=True)
    pdf = models.FileField(_("PDF file"), upload_to="reports/%Y/%m/", max_length=200, blank=True)
    # The files are made by the job ``reports.files`` after the report is issued (LibreOffice
    # takes seconds: not under the register's lock). Why an attempt failed, for the page.
    files_job = models.ForeignKey(
        JobRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("files' job run"),
    )
    files_failure = models.TextField(_("why the files failed"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "-created_at"], name="report_unit_idx"),
            models.Index(fields=["author", "-created_at"], name="report_author_idx"),
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.unit_id} {self.period_id} ({self.state})"

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING

    @property
    def is_made(self) -> bool:
        return self.state in MADE

    @property
    def files_made(self) -> bool:
        return bool(self.docx and self.xlsx and self.pdf)
