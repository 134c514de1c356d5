"""The import service (``core.sheet_import``) through the worked example, the calendar's overrides
(``sheet_example``): all or nothing, the same file twice, an exported file back, one audit entry
per import, the actor's right, and large files as a job with their progress."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from mandate.core import sheet_import
from mandate.core.exceptions import PermissionDeniedError
from mandate.core.models import AuditEntry, CalendarOverride, ImportBatch, JobRun, JobState
from mandate.core.sheet_import import SheetRefused
from mandate.core.tests import sheet_example
from mandate.core.tests.sheet_example import IMPORTER, stored_rows, upload, workbook_of

pytestmark = pytest.mark.django_db

GOOD = sheet_example.GOOD_ROWS
BAD_ROW = (dt.date(2025, 6, 1), "Có lẽ", "Chưa rõ", None)
# The title block (title, "no filter", exported at) and the header row come first.
FIRST_ROW = 5


def trail() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action__startswith="core."))


def versions() -> dict[dt.date, int]:
    return dict(CalendarOverride.objects.values_list("day", "version"))


def run(actor, content: bytes, **extra) -> sheet_import.ImportOutcome:
    return sheet_import.sheet_import(
        actor=actor, importer=IMPORTER, params={}, upload=upload(content), **extra
    )


def batch_of(outcome: sheet_import.ImportOutcome) -> ImportBatch:
    assert outcome.batch is not None
    return outcome.batch


def job_of(outcome: sheet_import.ImportOutcome) -> JobRun:
    assert outcome.job is not None
    return JobRun.objects.get(pk=outcome.job.pk)


def test_a_file_with_one_bad_row_imports_nothing_and_names_that_row(cast):
    rows = [*GOOD[:2], BAD_ROW, *GOOD[2:]]
    with pytest.raises(SheetRefused) as refused:
        run(cast.ad, workbook_of(rows))
    assert CalendarOverride.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    assert trail() == []
    [problem] = refused.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Lịch làm việc", FIRST_ROW + 2, "B")
    assert problem.header == "ngày làm việc"
    assert problem.value == "Có lẽ"
    assert problem.what == "“Có lẽ” không phải một trong các lựa chọn."
    assert problem.mend == "Ghi một trong: “Có”, “Không”."
    body = refused.value.extra()["problems"][0]
    assert body["row"] == FIRST_ROW + 2 and body["column"] == "B"


def test_the_problems_are_in_the_readers_language(cast):
    with translation.override("en"), pytest.raises(SheetRefused) as refused:
        run(cast.ad, workbook_of([BAD_ROW]))
    [problem] = refused.value.problems
    assert problem.what == "“Có lẽ” is not one of the choices."
    assert problem.mend == "Write one of: “Yes”, “No”."
    assert str(refused.value.message).startswith("The file has 1 problem")


def test_corrected_it_imports_all_in_one_audit_entry_with_the_files_hash(cast):
    content = workbook_of(GOOD)
    outcome = run(cast.ad, content)
    assert outcome.state == sheet_import.APPLIED
    assert (batch_of(outcome).rows, batch_of(outcome).created, batch_of(outcome).updated) == (4, 4, 0)
    assert outcome.message == "Đã nhập 4 dòng: 4 mới, 0 thay đổi, 0 không đổi."
    assert [o.is_working_day for o in CalendarOverride.objects.order_by("day")] == [True, False, False, False]
    assert CalendarOverride.objects.get(day=dt.date(2025, 5, 2)).source_document == ""
    [entry] = trail()
    assert entry.action == "core.sheet_import" and entry.actor_label == cast.ad.get_username()
    assert entry.after is not None
    assert entry.after["file_sha256"] == hashlib.sha256(content).hexdigest()
    assert (entry.after["rows"], entry.after["created"], entry.after["file_name"]) == (4, 4, "lich.xlsx")
    assert entry.target_id == str(batch_of(outcome).pk)


def test_the_same_file_twice_changes_nothing_and_says_when_it_was_imported(cast):
    content = workbook_of(GOOD)
    first = run(cast.ad, content)
    before, entries = versions(), len(trail())
    second = run(cast.ad, content)
    assert second.state == sheet_import.ALREADY_IMPORTED
    assert second.batch == first.batch
    day = batch_of(first).imported_at.astimezone(dt.UTC).date()
    assert "đã được nhập" in second.message and cast.ad.get_username() in second.message
    assert str(day.year) in second.message
    assert versions() == before and len(trail()) == entries
    assert ImportBatch.objects.count() == 1


def test_an_export_of_the_stored_table_imports_back_changing_nothing(cast):
    run(cast.ad, workbook_of(GOOD))
    before, updated = versions(), dict(CalendarOverride.objects.values_list("day", "updated_at"))
    outcome = run(cast.ad, workbook_of(stored_rows(), title="Lịch đã lưu"))
    assert outcome.state == sheet_import.APPLIED
    assert (batch_of(outcome).created, batch_of(outcome).updated, batch_of(outcome).unchanged) == (0, 0, 4)
    assert versions() == before
    assert dict(CalendarOverride.objects.values_list("day", "updated_at")) == updated


def test_a_changed_row_is_rewritten_and_the_others_left_alone(cast):
    run(cast.ad, workbook_of(GOOD))
    before = versions()
    changed = [GOOD[0], (GOOD[1][0], "Có", "Đi làm", None), *GOOD[2:]]
    outcome = run(cast.ad, workbook_of(changed))
    assert (batch_of(outcome).created, batch_of(outcome).updated, batch_of(outcome).unchanged) == (0, 1, 3)
    after = versions()
    assert after[GOOD[1][0]] == before[GOOD[1][0]] + 1
    assert {day: v for day, v in after.items() if day != GOOD[1][0]} == {
        day: v for day, v in before.items() if day != GOOD[1][0]
    }


def test_a_row_the_apps_rule_refuses_undoes_the_whole_import(cast):
    rows = [*GOOD[:3], (dt.date(2025, 7, 1), "Có", "Refuse me", None)]
    with pytest.raises(SheetRefused) as refused:
        run(cast.ad, workbook_of(rows))
    [problem] = refused.value.problems
    assert (problem.row, problem.column, problem.value) == (FIRST_ROW + 3, "C", "Refuse me")
    assert CalendarOverride.objects.count() == 0 and ImportBatch.objects.count() == 0 and trail() == []


def test_whoever_may_not_change_the_calendar_is_refused_before_the_file_is_read(cast):
    with pytest.raises(PermissionDeniedError):
        run(cast.dung, b"not even a workbook")
    assert CalendarOverride.objects.count() == 0 and trail() == []


def test_a_large_file_is_imported_by_a_job_with_its_progress(cast, monkeypatch):
    monkeypatch.setattr(sheet_import, "JOB_ROWS", 3)  # the sheet declares 4 rows below its header
    outcome = run(cast.ad, workbook_of(GOOD))
    assert outcome.state == sheet_import.QUEUED
    job = job_of(outcome)
    assert job.result is not None
    assert job.state == JobState.DONE  # tests run jobs at once (immediate mode)
    assert job.result["state"] == sheet_import.APPLIED and job.result["created"] == 4
    assert job.progress == {"stage": "writing", "done": 4, "total": 4}
    batch = ImportBatch.objects.get()
    assert batch.job == job and default_storage.exists(batch.stored_file)
    assert batch.actor_label == cast.ad.get_username()
    assert [entry.action for entry in trail()] == ["core.sheet_import"]
    again = run(cast.ad, workbook_of(GOOD, title="Lịch 2025"), background=False)  # the same values
    assert again.state == sheet_import.APPLIED and batch_of(again).unchanged == 4


def test_a_large_file_refused_in_its_job_lists_its_problems_in_the_uploaders_language(cast):
    with translation.override("en"):
        outcome = run(cast.ad, workbook_of([*GOOD, BAD_ROW]), background=True)
    job = job_of(outcome)
    assert job.state == JobState.DONE and job.result is not None
    assert job.result["state"] == sheet_import.REFUSED
    [problem] = job.result["problems"]
    assert problem["row"] == FIRST_ROW + 4 and problem["what"] == "“Có lẽ” is not one of the choices."
    assert CalendarOverride.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_the_example_importer_is_found_by_its_kind():
    assert sheet_import.importer_named("core.calendar_overrides") is sheet_example.IMPORTER
    with pytest.raises(ValueError):
        sheet_import.importer_named("nobody.nothing")
