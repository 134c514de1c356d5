"""Asking for a report, making it in the job, issuing it (issue 13, items 5, 7 and 8)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from mandate.core.exceptions import (
    ApplicationError,
    ConflictError,
    InvalidStateError,
    PermissionDeniedError,
)
from mandate.core.models import AuditEntry, JobRun
from mandate.documents.models import Document
from mandate.reports import selectors, services
from mandate.reports.models import Report, ReportState
from mandate.reports.stored import content_from_json
from mandate.reports.tests.sample import SampleBuilder, request_sample


def test_a_report_asked_for_is_made_by_the_job_and_stores_what_it_needs_to_be_made_again(
    cast: SimpleNamespace, sample: SampleBuilder
) -> None:
    report = request_sample(cast.dung, cast.culture)

    assert report.state == ReportState.READY
    assert report.progress_done == report.progress_total > 0
    assert report.request == {
        "kind": "sample",
        "unit_id": cast.culture.pk,
        "period": "2023-C09",
        "period_kind": "calendar",
        "cut_off": "2023-09-30",
        "language": "vi",
        "author_id": cast.dung.pk,
        "document_id": None,
    }
    assert report.data_time is not None
    assert report.recorded_on == timezone.localdate()
    content = content_from_json(report.content or {})
    assert content.figure("tasks.done").value == 15
    assert [flag.computed for flag in content.flags] == ["127,31%"]
    assert JobRun.objects.get(pk=report.job_id or 0).state == "done"
    actions = list(
        AuditEntry.objects.filter(target_id=str(report.pk), action__startswith="reports.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["reports.make", "reports.request"]


def test_the_cut_off_defaults_to_the_periods_last_day(cast: SimpleNamespace, sample: SampleBuilder) -> None:
    report = request_sample(cast.dung, cast.culture, cut_off=None)

    assert report.cut_off == dt.date(2023, 9, 30)


@pytest.mark.parametrize("who", ["tin", "vera", "bao", "olga", "vp"])
def test_only_those_who_act_for_the_unit_ask_for_its_report(
    cast: SimpleNamespace, sample: SampleBuilder, who: str
) -> None:
    before = (Report.objects.count(), AuditEntry.objects.count(), JobRun.objects.count())

    with pytest.raises(PermissionDeniedError):
        request_sample(getattr(cast, who), cast.culture)

    assert (Report.objects.count(), AuditEntry.objects.count(), JobRun.objects.count()) == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "nonsense"}, "kind"),
        ({"language": "fr"}, "language"),
        ({"period_kind": "lunar"}, "period_kind"),
        ({"cut_off": dt.date(2022, 12, 31)}, "cut_off"),
        ({"cut_off": dt.date(2099, 1, 1)}, "cut_off"),
    ],
)
def test_a_malformed_request_is_refused_naming_its_field(
    cast: SimpleNamespace, sample: SampleBuilder, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ApplicationError) as refused:
        request_sample(cast.dung, cast.culture, **changes)

    assert list(refused.value.fields) == [field]
    assert not Report.objects.exists()


def test_a_request_the_records_refuse_fails_at_once_with_its_reason(cast: SimpleNamespace) -> None:
    from mandate.reports.tests.sample import sample_kind

    with sample_kind(SampleBuilder(fail=ApplicationError("Đơn vị không có nhiệm vụ."))) as builder:
        report = request_sample(cast.dung, cast.culture)

    assert (report.state, report.failure, builder.calls) == (
        ReportState.FAILED,
        "Đơn vị không có nhiệm vụ.",
        1,
    )
    assert report.content is None


def test_a_crash_is_retried_and_the_last_attempt_says_why(
    cast: SimpleNamespace, settings: pytest.FixtureRequest
) -> None:
    from mandate.reports.tests.sample import sample_kind

    with sample_kind(SampleBuilder(fail=RuntimeError("disk full"))) as builder:
        report = request_sample(cast.dung, cast.culture)
        for _attempt in range(5):  # immediate mode: the engine's retries are run by hand
            run = JobRun.objects.get(pk=report.job_id or 0)
            if run.state == "failed":
                break
            from mandate.core import job_engine

            job_engine.execute(run.pk)

    report.refresh_from_db()
    assert builder.calls == 3
    assert (report.state, report.failure) == (ReportState.FAILED, "RuntimeError: disk full")
    assert JobRun.objects.get(pk=report.job_id or 0).state == "failed"


def test_a_report_is_made_once_however_often_its_job_runs(
    cast: SimpleNamespace, sample: SampleBuilder
) -> None:
    report = request_sample(cast.dung, cast.culture)
    made = (report.content, report.data_time, report.version)

    again = services.report_make(report.pk)

    report.refresh_from_db()
    assert again == {"state": "ready"}
    assert (report.content, report.data_time, report.version) == made
    assert sample.calls == 1
    assert AuditEntry.objects.filter(action="reports.make").count() == 1


def test_issuing_takes_the_next_number_of_the_units_outgoing_register_and_stores_the_files(
    cast: SimpleNamespace, sample: SampleBuilder, make_document: object
) -> None:
    first = request_sample(cast.dung, cast.culture)
    second = request_sample(cast.dung, cast.culture)

    issued = services.report_issue(actor=cast.dung, report=first, expected_version=first.version)
    services.report_issue(actor=cast.dung, report=second, expected_version=second.version)

    second.refresh_from_db()
    assert (issued.state, issued.issued_number, second.issued_number) == (ReportState.ISSUED, 1, 2)
    document = Document.objects.get(report=issued)
    assert (document.symbol, document.direction, document.outgoing_number) == ("1/BC-SVHTT", "outgoing", 1)
    assert content_from_json(issued.content or {}).issuer.number == "1"
    for name in ("docx", "xlsx", "pdf"):
        assert getattr(issued, name).name.endswith(f".{name}")
    assert AuditEntry.objects.filter(action="reports.issue", target_id=str(first.pk)).count() == 1


def test_issuing_is_for_those_who_register_the_units_documents(
    cast: SimpleNamespace, sample: SampleBuilder
) -> None:
    report = request_sample(cast.oanh, cast.culture)  # an official asks for it
    before = (AuditEntry.objects.count(), Document.objects.count())

    with pytest.raises(PermissionDeniedError):
        services.report_issue(actor=cast.oanh, report=report, expected_version=report.version)

    report.refresh_from_db()
    assert (report.state, AuditEntry.objects.count(), Document.objects.count()) == (
        ReportState.READY,
        *before,
    )


def test_issuing_a_report_changed_since_it_was_read_is_a_conflict(
    cast: SimpleNamespace, sample: SampleBuilder
) -> None:
    report = request_sample(cast.dung, cast.culture)

    with pytest.raises(ConflictError):
        services.report_issue(actor=cast.dung, report=report, expected_version=report.version - 1)
    services.report_issue(actor=cast.dung, report=report, expected_version=report.version)
    with pytest.raises(InvalidStateError):
        services.report_issue(actor=cast.dung, report=report, expected_version=report.version + 1)


def test_a_draft_is_seen_by_its_author_and_the_unit_an_issued_report_by_every_reader_of_the_unit(
    cast: SimpleNamespace, sample: SampleBuilder
) -> None:
    report = request_sample(cast.oanh, cast.culture)

    def seen() -> set[str]:
        return {
            who
            for who in ("oanh", "dung", "vera", "van", "vp", "tin", "olga", "ad")
            if selectors.report_list(actor=getattr(cast, who)).filter(pk=report.pk).exists()
        }

    assert seen() == {"oanh", "dung", "vera", "ad"}
    services.report_issue(actor=cast.dung, report=report, expected_version=report.version)
    assert seen() == {"oanh", "dung", "vera", "van", "vp", "ad"}


def test_a_run_after_one_cut_short_reads_the_entries_as_recorded_on_the_first_runs_day(
    cast: SimpleNamespace, sample: SampleBuilder
) -> None:
    report = request_sample(cast.dung, cast.culture)
    first_day = dt.date(2024, 1, 5)
    Report.objects.filter(pk=report.pk).update(state=ReportState.MAKING, recorded_on=first_day, content=None)

    services.report_make(report.pk)

    report.refresh_from_db()
    assert (report.state, report.recorded_on) == (ReportState.READY, first_day)
    assert report.content is not None


def test_a_unit_without_a_code_cannot_number_its_report_and_is_told_why(
    cast: SimpleNamespace, sample: SampleBuilder
) -> None:
    report = request_sample(cast.vp, cast.state_office)  # an office with no code of its own
    before = (AuditEntry.objects.count(), Document.objects.count())

    with pytest.raises(InvalidStateError, match="chưa có ký hiệu"):
        services.report_issue(actor=cast.vp, report=report, expected_version=report.version)

    assert (AuditEntry.objects.count(), Document.objects.count()) == before
