"""The acceptance of issue 13's content on the demo city (``build_content``): the Department of
Culture and Sports' first 7 months of 2023 (seed 000) and the City Party Committee's 01/01–
15/09/2023 (seed 004), in Vietnamese and English; every number of every sentence is one of its
figures; three figures' links list exactly the records counted.

The expected figures are the seeds' (``/work/shared/demo/seed-facts.md``), never read from the
demo's data files. The demo is loaded once for the module and rolled back at its end."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from mandate.core import periods
from mandate.core.numbers import parse_number
from mandate.dev.demo_city import DemoCity, load_demo_city
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.reports.content import FlagKind, ReportContent, Section, Sentence
from mandate.reports.making import build_content
from mandate.reports.records import records_of
from mandate.reports.sections import ReportRequest

pytestmark = pytest.mark.django_db

SEED_004 = {  # (organisations, members)
    "standing_committee_planned": (72, 28),
    "party_committees_inspected": (960, 641),
    "party_committees_supervised": (638, 498),
    "upon_signs": (96, 253),
    "upon_signs_violated": (10, 69),
    "upon_signs_to_discipline": (2, 44),
    "inspection_tasks": (781, None),
    "discipline_enforcement": (417, None),
    "party_finance": (66, None),
    "party_fees": (770, None),
    "thematic_supervision": (575, 698),
}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, ReportContent]]:
    with django_db_blocker.unblock(), transaction.atomic():
        city = load_demo_city()
        made: dict[str, ReportContent] = {}
        for language in ("vi", "en"):
            made[f"department-{language}"] = build_content(_department(city, language), lambda d, t: None)
            made[f"city-{language}"] = build_content(_city(city, language), lambda d, t: None)
            year = _request(city, "so_van_hoa_the_thao", "sovhtt", periods.year(2023), language)
            made[f"department-2023-{language}"] = build_content(year, lambda d, t: None)
        made["city"] = city  # type: ignore[assignment]
        yield made
        transaction.set_rollback(True)


def _request(city: DemoCity, unit: str, username: str, period: Any, language: str) -> ReportRequest:
    return ReportRequest(
        kind="periodic",
        unit=OrgUnit.objects.get(pk=city.units[unit]),
        period=period,
        period_kind="calendar",
        cut_off=period.ends_on,
        language=language,
        actor=User.objects.get(username=username),
    )


def _department(city: DemoCity, language: str) -> ReportRequest:
    return _request(city, "so_van_hoa_the_thao", "sovhtt", periods.first_months(2023, 7), language)


def _city(city: DemoCity, language: str) -> ReportRequest:
    period = periods.date_range(dt.date(2023, 1, 1), dt.date(2023, 9, 15))
    return _request(city, "thanh_uy_ha_noi", "chanhvanphong", period, language)


def _sentences(sections: tuple[Section, ...]) -> Iterator[Sentence]:
    for section in sections:
        yield from section.sentences
        yield from _sentences(section.children)


def _texts(content: ReportContent) -> list[str]:
    return [s.text for s in _sentences(content.sections)]


def _doc_figures(content: ReportContent, symbol: str) -> dict[str, Any]:
    from mandate.documents.models import Document

    pk = Document.objects.get(symbol=symbol).pk
    return {
        k.rsplit(".", 1)[1]: f.value for k, f in content.figures.items() if k.startswith(f"tasks.doc.{pk}.")
    }


def test_the_department_completed_15_of_20_and_implements_02_and_306_in_the_first_7_months(demo: Any) -> None:
    content = demo["department-vi"]
    programme_06 = _doc_figures(content, "06/Ctr-TU")
    assert (programme_06["total"], programme_06["completed"], programme_06["open"]) == (20, 15, 5)
    for symbol, count in (("02/Ctr-UBND", 10), ("306/KH-UBND", 9)):
        figures = _doc_figures(content, symbol)
        assert (figures["total"], figures["in_progress"], figures["completed"]) == (count, count, 0)
    texts = _texts(content)
    assert any(
        "Chương trình 06/Ctr-TU và Kế hoạch 176/KH-UBND: đã hoàn thành 15/20 nhiệm vụ, đạt 75,00%" in t
        for t in texts
    ), texts
    assert any("306/KH-UBND: 09/09 nhiệm vụ đang được triển khai" in t for t in texts), texts
    assert any("02/Ctr-UBND: 10/10 nhiệm vụ" in t for t in texts), texts
    assert content.issuer.symbol == "BC-SVHTT" and content.issuer.layout == "state"
    assert content.issuer.parent_name == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert content.issuer.signer_title == "GIÁM ĐỐC"
    assert content.title.startswith("BÁO CÁO") and "7 tháng đầu năm 2023" in content.title
    assert texts[0].startswith("Trong 7 tháng đầu năm 2023, Sở Văn hóa và Thể thao theo dõi")
    title = demo["department-2023-vi"].title
    assert title == "BÁO CÁO Kết quả công tác năm 2023, nhiệm vụ trọng tâm kỳ tới"


def test_the_city_completed_29_of_34_and_admitted_8051_of_9810(demo: Any) -> None:
    content = demo["city-vi"]
    programme_01 = _doc_figures(content, "01-CTr/TU")
    assert (programme_01["total"], programme_01["completed"], programme_01["open"]) == (34, 29, 5)
    texts = _texts(content)
    assert any(
        "01-CTr/TU: đã hoàn thành 29/34 nội dung, đạt 85,29%; 05 nội dung đang tích cực triển khai" in t
        for t in texts
    ), texts
    assert any("8.051/9.810, bằng 82,07%" in t for t in texts), texts
    achievement = content.figures["ind.XDD-2023.XDD-TCD-DV.achievement"]
    assert achievement.value == Decimal("127.31")
    assert any("578/454, bằng 127,31%" in t for t in texts), texts
    assert content.issuer.layout == "party" and content.issuer.symbol == "BC/TU"


def test_the_seeds_127_6_percent_is_flagged_and_130_4_is_not(demo: Any) -> None:
    flags = [f for f in demo["city-vi"].flags if f.kind == FlagKind.STATEMENT_CONTRADICTED]
    wrong = [f for f in flags if f.stated == "127,6%" or "127,6%" in f.stated]
    assert len(wrong) == 1 and wrong[0].computed == "127,31%", flags
    assert not [f for f in flags if "130,4" in f.stated]
    assert [f for f in flags if "24.3200" in f.stated]  # malformed as written


def test_the_city_states_seed_004s_inspection_figures(demo: Any) -> None:
    figures = demo["city-vi"].figures
    for row, (organisations, members) in SEED_004.items():
        assert figures[f"insp.{row}.organisations"].value == organisations, row
        if members is not None:
            assert figures[f"insp.{row}.members"].value == members, row


def test_the_english_report_states_the_same_figures_in_english_formats(demo: Any) -> None:
    english, vietnamese = demo["city-en"], demo["city-vi"]
    assert {k: f.value for k, f in english.figures.items()} == {
        k: f.value for k, f in vietnamese.figures.items()
    }
    texts = _texts(english)
    assert any("8,051 of a target of 9,810 (82.07%)" in t for t in texts), texts
    assert any(
        "01-CTr/TU: 29 of 34 contents completed (85.29%); 5 are being implemented" in t for t in texts
    ), texts
    assert texts[0].startswith(
        "In the period from 01/01/2023 to 15/09/2023, the Hanoi City Party Committee followed"
    )
    department = _texts(demo["department-en"])
    assert any("306/KH-UBND: all 9 tasks are being implemented" in t for t in department), department


_NUMBER = re.compile(r"(?<![\w/.,-])[+-]?\d[\d.,]*%?")


@pytest.mark.parametrize(
    "name",
    ["department-vi", "department-en", "city-vi", "city-en", "department-2023-vi", "department-2023-en"],
)
def test_every_number_of_every_sentence_is_one_of_its_figures(demo: Any, name: str) -> None:
    content = demo[name]
    language = content.language
    checked = 0
    for sentence in _sentences(content.sections):
        text = sentence.text
        for quoted in sentence.quoted:
            text = text.replace(quoted, " ")
        allowed = {content.figures[k].value for k in sentence.figure_keys}
        for written in _NUMBER.findall(text):
            written = written.rstrip(".,")
            # The administrative style writes counts below ten with two digits ("05"): read it
            # without its leading zero, which core.numbers (rightly) refuses.
            plain = written[1:] if len(written) == 2 and written.startswith("0") else written
            value = parse_number(plain, style=language).value
            assert value in {Decimal(v) for v in allowed if v is not None}, (sentence.text, written)
            checked += 1
    assert checked > 10


@pytest.mark.parametrize(
    ("report", "key", "username"),
    [
        ("department-vi", "doc:06/Ctr-TU:completed", "sovhtt"),
        ("city-vi", "doc:01-CTr/TU:open", "chanhvanphong"),
        ("city-vi", "insp.upon_signs_violated.organisations", "chanhvanphong"),
        ("city-vi", "tasks.not_updated", "chanhvanphong"),
    ],
)
def test_a_figures_link_lists_exactly_the_records_counted(
    demo: Any, report: str, key: str, username: str
) -> None:
    from mandate.documents.models import Document

    content = demo[report]
    if key.startswith("doc:"):
        _doc, symbol, state = key.split(":")
        key = f"tasks.doc.{Document.objects.get(symbol=symbol).pk}.{state}"
    figure = content.figures[key]
    assert figure.records is not None
    listed = records_of(actor=User.objects.get(username=username), link=figure.records)
    assert listed.count == figure.value == len(listed.ids) + listed.not_listed
    assert figure.value and len(set(listed.ids)) == len(listed.ids)


def test_a_report_made_again_after_a_task_is_reopened_gives_the_same_figures(demo: Any) -> None:
    """History is true (issue 5): reopening today a task completed by 31/07/2023 does not move
    the first 7 months' figures."""
    from mandate.tasks.enums import TaskStatus
    from mandate.tasks.models import Task
    from mandate.tasks.services.lifecycle import task_transition

    city = demo["city"]
    task = (
        Task.objects.filter(document__symbol="06/Ctr-TU", status=TaskStatus.ACCEPTED).order_by("pk").first()
    )
    assert task is not None
    task_transition(
        actor=None, task=task, action="reopen", expected_version=task.version, reason="Kiểm tra lại"
    )
    again = build_content(_department(city, "vi"), lambda d, t: None)
    before = {k: f.value for k, f in demo["department-vi"].figures.items()}
    assert {k: f.value for k, f in again.figures.items()} == before


@pytest.mark.parametrize(
    ("recorded_on", "admitted", "flagged"),
    [
        (dt.date(2023, 9, 17), None, False),
        (dt.date(2023, 9, 19), 8051, False),
        (dt.date(2023, 10, 2), 8051, True),
    ],
)
def test_indicator_figures_are_those_recorded_by_the_data_day(
    demo: Any, recorded_on: dt.date, admitted: int | None, flagged: bool
) -> None:
    """The Organisation Commission entered the figures on 18/09/2023 and the Office quoted seed
    004's statements on 02/10/2023: a report made with an earlier data day has neither."""
    from dataclasses import replace

    request = replace(_city(demo["city"], "vi"), recorded_on=recorded_on)
    content = build_content(request, lambda d, t: None)
    figure = content.figures.get("ind.XDD-2023.XDD-KNDV.actual")
    assert (figure.value if figure is not None else None) == admitted
    contradicted = [f for f in content.flags if f.kind == FlagKind.STATEMENT_CONTRADICTED]
    assert bool(contradicted) is flagged


def test_a_unit_outside_the_readers_scope_is_not_found(demo: Any) -> None:
    from dataclasses import replace

    from mandate.core.exceptions import NotFoundError

    request = replace(_department(demo["city"], "vi"), actor=User.objects.get(username="bavi"))
    with pytest.raises(NotFoundError):
        build_content(request, lambda d, t: None)


def test_the_progress_moves_forward_to_its_end(demo: Any) -> None:
    seen: list[tuple[int, int]] = []
    build_content(_department(demo["city"], "en"), lambda done, total: seen.append((done, total)))
    done = [d for d, _t in seen]
    assert done == sorted(done) and len(set(done)) > 4
    assert seen[-1][0] == seen[-1][1] and {t for _d, t in seen} == {seen[-1][1]}


def test_the_task_report_of_a_document_counts_the_document_and_its_plans(demo: Any) -> None:
    from dataclasses import replace

    from mandate.documents.models import Document

    request = replace(
        _department(demo["city"], "vi"), kind="tasks", document=Document.objects.get(symbol="06/Ctr-TU")
    )
    content = build_content(request, lambda d, t: None)
    figures = content.figures
    assert (figures["tasks.total"].value, figures["tasks.completed"].value, figures["tasks.open"].value) == (
        20,
        15,
        5,
    )
    assert figures["tasks.percent"].value == Decimal("75.00")
    listed = records_of(actor=request.actor, link=figures["tasks.total"].records)  # type: ignore[arg-type]
    assert listed.count == len(listed.ids) == 20


def test_the_departments_year_ranks_the_30_districts_and_lists_the_late_ones(demo: Any) -> None:
    content = demo["department-2023-vi"]
    tables = {t.key: t for s in _all_sections(content.sections) for t in s.tables}
    leagues = [t for key, t in tables.items() if key.endswith(".league")]
    assert leagues and all(len(t.rows) == 30 for t in leagues)
    assert "indicators.late_units" in tables and tables["indicators.late_units"].rows


def test_a_league_longer_than_a_list_prints_its_ends_and_links_the_whole(demo: Any, monkeypatch: Any) -> None:
    """ADR 0046, addendum: the 30 districts are printed whole (above); a league longer than the
    task lists' 30 rows (a province's ~730 communes) prints its first and last rows and a count
    whose records are the whole league, in the order of the full table. Shown here by lowering
    the limit below the demo's 30 districts."""
    from mandate.reports.sections import indicators

    whole = {t.key: t for s in _all_sections(demo["department-2023-vi"].sections) for t in s.tables}
    monkeypatch.setattr(indicators, "LISTED", 20)
    content = build_content(
        _request(demo["city"], "so_van_hoa_the_thao", "sovhtt", periods.year(2023), "vi"), lambda d, t: None
    )
    tables = {t.key: t for s in _all_sections(content.sections) for t in s.tables}
    leagues = [key for key in tables if key.endswith(".league")]
    assert leagues
    for key in leagues:
        rows, full = tables[key].rows, whole[key].rows
        assert len(rows) == indicators.LEAGUE_TOP + 1 + indicators.LEAGUE_BOTTOM
        assert rows[: indicators.LEAGUE_TOP] == full[: indicators.LEAGUE_TOP]
        assert rows[indicators.LEAGUE_TOP] == ("…", None, None, None)
        assert rows[-indicators.LEAGUE_BOTTOM :] == full[-indicators.LEAGUE_BOTTOM :]
        count = content.figures[f"{key}.units"]
        assert count.value == 30 and count.records is not None
        listed = records_of(actor=User.objects.get(username="sovhtt"), link=count.records)
        assert listed.count == len(listed.ids) == 30
        assert [row[1] for row in listed.rows] == [row[0] for row in full]
    # one sentence per set, not one per indicator (its leagues are all 30 units long)
    shown = [s for s in _sentences(content.sections) if s.template.startswith("indicators.league_shown")]
    sets = {key.split(".")[1] for key in leagues}
    assert len(shown) == len(sets) < len(leagues), (shown, leagues)
    assert "bảng xếp hạng của mỗi chỉ tiêu gồm 30 đơn vị" in shown[0].text
    assert {k for s in shown for k in s.figure_keys if k.endswith(".units")} == {
        f"{k}.units" for k in leagues
    }


def _all_sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _all_sections(section.children)


def test_the_indicators_are_grouped_by_set_and_never_summed_across(demo: Any) -> None:
    """ADR 0046, addendum "indicator sets": one part per set; the set's table has one row per
    indicator, each summed over the units, and no row adding indicators up (8.051 admitted and
    578 members of the organisations founded are both Party members; 8.629 counts nobody)."""
    content = demo["city-vi"]
    (indicators,) = [s for s in _all_sections(content.sections) if s.key == "indicators"]
    assert indicators.children and not indicators.sentences
    for part in indicators.children:
        code = part.key.removeprefix("indicators.")
        table = part.tables[0]
        assert table.key == f"ind.{code}" and part.heading == table.title
        keys = [row[1]["figure"] for row in table.rows if isinstance(row[1], dict)]
        assert keys == [k for k in keys if k.startswith(f"ind.{code}.") and k.endswith(".actual")]
        assert len(keys) == len(table.rows)
    values = {f.value for k, f in content.figures.items() if k.startswith("ind.XDD-2023.")}
    assert 8051 in values and 8051 + 578 not in values
