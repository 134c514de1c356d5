"""``mandate report`` (issue 13, item 9): the unit by id, code or exact name, the period as
typed, a file written; exit status 2 for an unknown or ambiguous unit or a malformed period."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mandate.core.models import JobRun, JobState
from mandate.reports import selectors
from mandate.reports.lookup import UnitLookupError, unit_named
from mandate.reports.management.commands.report import Command, TerminalProgress
from mandate.reports.models import Report, ReportState
from mandate.reports.tests.sample import SampleBuilder


def _run(tmp_path: Path, *extra: str, unit: str = "SVHTT", period: str = "2023-9M", lang: str = "vi") -> Path:
    out = tmp_path / "bao-cao.docx"
    args = ["--unit", unit, "--period", period, "--lang", lang, "--format", "docx", "--out", str(out)]
    call_command("report", *args, "--kind", "sample", *extra, stdout=io.StringIO(), stderr=io.StringIO())
    return out


def test_a_report_is_written_to_the_file(
    cast: SimpleNamespace, sample: SampleBuilder, tmp_path: Path
) -> None:
    out = _run(tmp_path, "--as", "dung", period="2023-01-01..2023-09-15")

    assert out.read_bytes()[:2] == b"PK"
    assert sample.calls == 1


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("Sở Không Có", "No unit has the id, code or exact name"),
        ("UBND", "More than one unit has the code"),
        ("99999", "No unit has the id 99999"),
    ],
)
def test_an_unknown_or_ambiguous_unit_is_exit_status_2(
    cast: SimpleNamespace, sample: SampleBuilder, tmp_path: Path, unit: str, message: str
) -> None:
    with pytest.raises(CommandError) as refused:
        _run(tmp_path, unit=unit, lang="en")

    assert refused.value.returncode == 2
    assert message in str(refused.value)
    assert not (tmp_path / "bao-cao.docx").exists()


@pytest.mark.parametrize("period", ["2023-9", "9 tháng 2023", "2023-Q5", "2023-02-30..2023-03-01"])
def test_a_malformed_period_is_exit_status_2(
    cast: SimpleNamespace, sample: SampleBuilder, tmp_path: Path, period: str
) -> None:
    with pytest.raises(CommandError) as refused:
        _run(tmp_path, period=period)

    assert refused.value.returncode == 2


def test_a_unit_is_found_by_its_id_its_unique_code_or_its_exact_name(cast: SimpleNamespace) -> None:
    assert unit_named(str(cast.culture.pk)) == cast.culture
    assert unit_named("SVHTT") == cast.culture
    assert unit_named("Sở  Văn hóa và Thể thao") == cast.culture
    with pytest.raises(UnitLookupError, match=str(cast.city_state.pk)):
        unit_named("UBND")


def test_the_progress_bar_is_drawn_on_a_terminal_only() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = TerminalProgress(stream)
        bar(1, 4)
        bar(4, 4)
        bar.close()

    assert terminal.getvalue().endswith(f"\r[{'#' * 30}] 4/4\n")
    assert f"[{'#' * 7}{'.' * 23}] 1/4" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_the_report_made_on_the_command_line_is_in_the_units_list_with_its_author(
    cast: SimpleNamespace, sample: SampleBuilder, tmp_path: Path
) -> None:
    _run(tmp_path, "--as", "dung", period="2023-01-01..2023-09-15")
    _run(tmp_path)  # as the first superuser

    by_dung, by_default = Report.objects.order_by("pk")
    assert (by_dung.author, by_default.author) == (cast.dung, cast.ad)
    assert by_dung.state == ReportState.READY and by_dung.data_time is not None
    assert by_dung.request["period"] == "2023-C0915"  # the first 9 months and a half
    assert (by_dung.unit, by_dung.kind, by_dung.cut_off.isoformat()) == (cast.culture, "sample", "2023-09-15")
    assert JobRun.objects.get(pk=by_dung.job_id or 0).state == JobState.DONE  # the same job made it
    assert list(
        selectors.report_list(actor=cast.dung, filters=selectors.ReportFilters(unit_id=cast.culture.pk))
    )
    assert "first superuser" in Command().create_parser("mandate", "report").format_help()
