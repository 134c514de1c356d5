"""The narrative's loader refuses a wrong file, figures are written the Vietnamese and English
way, English agrees in number, and the consistency checks catch a percentage and a total that
disagree with their parts (issue 13, items 3 and 6). No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mandate.reports import flags, narrative
from mandate.reports.content import Column, Figure, FigureKind, FlagKind, Table
from mandate.reports.sections import FigureBook
from mandate.reports.written import figure_text


def _count(key: str, value: int) -> Figure:
    return Figure(key=key, value=value)


@pytest.mark.parametrize(
    ("figure", "vi", "en"),
    [
        (Figure("a", 8051), "8.051", "8,051"),
        (Figure("b", 9), "09", "9"),
        (Figure("c", Decimal("82.07"), FigureKind.PERCENT), "82,07%", "82.07%"),
        (Figure("d", Decimal("1234567.5"), FigureKind.AMOUNT, places=2), "1.234.567,50", "1,234,567.50"),
        (Figure("e", None), "—", "—"),
    ],
)
def test_figures_are_written_as_each_language_writes_them(figure: Figure, vi: str, en: str) -> None:
    assert (figure_text(figure, language="vi"), figure_text(figure, language="en")) == (vi, en)


def test_a_sentence_states_its_figures_and_agrees_in_english() -> None:
    slots = {
        "total": _count("t", 9),
        "completed": _count("c", 0),
        "percent": Figure("p", Decimal("0.00"), FigureKind.PERCENT),
        "in_progress": _count("i", 9),
        "overdue": _count("o", 0),
        "open": _count("n", 9),
    }
    vi = narrative.render("tasks.document", language="vi", figures=slots, texts={"document": "306/KH-UBND"})
    en = narrative.render("tasks.document", language="en", figures=slots, texts={"document": "306/KH-UBND"})
    assert vi.text == "306/KH-UBND: 09/09 nhiệm vụ đang được triển khai thực hiện."
    assert en.text == "306/KH-UBND: all 9 tasks are being implemented."
    assert vi.figure_keys == ("i", "t") and vi.quoted == ("306/KH-UBND",)
    one = narrative.render(
        "tasks.document",
        language="en",
        figures={**slots, "total": _count("t", 1), "in_progress": _count("i", 1), "open": _count("n", 1)},
        texts={"document": "X"},
    )
    assert one.text == "X: its 1 task is being implemented."


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("sentences: {a: {figures: [x], variants: [{vi: '{x}', en: '{y}'}]}}", "neither a figure"),
        ("sentences: {a: {figures: [x], variants: [{vi: '{x}'}]}}", "no en text"),
        ("sentences: {a: {figures: [x], variants: [{when: ['x == 0'], vi: 'a', en: 'b'}]}}", "last variant"),
        (
            "sentences: {a: {figures: [x], variants: "
            "[{when: ['x ~ 0'], vi: 'a', en: 'b'}, {vi: 'c', en: 'd'}]}}",
            "condition",
        ),
        ("sentences: {a: {texts: [x], variants: [{vi: '{x|a|b}', en: 'b'}]}}", "not a figure slot"),
    ],
)
def test_the_loader_refuses_a_wrong_sentences_file(text: str, problem: str) -> None:
    with pytest.raises(narrative.NarrativeError, match=problem):
        narrative.load(text)


def test_the_shipped_files_load_and_every_word_has_both_languages() -> None:
    assert narrative.templates() and narrative.words()
    with pytest.raises(narrative.NarrativeError, match="same slots"):
        narrative.load_words("words: {a: {vi: '{x}', en: 'y'}}")


def test_a_percentage_that_does_not_match_its_parts_is_flagged() -> None:
    book = FigureBook()
    for figure in (
        _count("part", 578),
        _count("whole", 454),
        Figure("pct", Decimal("127.60"), FigureKind.PERCENT),
    ):
        book.add(figure)
    book.percent_of["pct"] = ("part", "whole")
    (flag,) = flags.check(book, language="vi")
    assert (flag.kind, flag.stated, flag.computed) == (FlagKind.PERCENT_MISMATCH, "127,60%", "127,31%")
    book.figures["pct"] = Figure("pct", Decimal("127.31"), FigureKind.PERCENT)
    assert flags.check(book, language="vi") == []


def test_a_total_that_is_not_the_sum_of_its_rows_is_flagged() -> None:
    book = FigureBook()
    for figure in (_count("r1", 2), _count("r2", 3), _count("sum", 6)):
        book.add(figure)
    columns = (Column("name", "Nội dung"), Column("n", "Số", FigureKind.COUNT))
    rows = (("a", {"figure": "r1"}), ("b", {"figure": "r2"}), ("Tổng", {"figure": "sum"}))
    book.totals.append(Table("t", "Bảng", columns, rows, total_row=True))
    (flag,) = flags.check(book, language="en")
    assert (flag.kind, flag.stated, flag.computed) == (FlagKind.TOTAL_MISMATCH, "6", "5")


def test_the_free_text_hook_finds_nothing_until_issue_16() -> None:
    assert flags.free_text_flags("đạt 127,6%", None) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("2023-M07", "tháng 7/2023", "July 2023"),
        ("2023-Q3", "quý III năm 2023", "Q3 2023"),
        ("2023-H1", "6 tháng đầu năm 2023", "the first half of 2023"),
        ("2023", "năm 2023", "2023"),
        ("2023-C09", "9 tháng đầu năm 2023", "the first 9 months of 2023"),
        ("2023-C0915", "thời gian từ 01/01/2023 đến 15/09/2023", "the period from 01/01/2023 to 15/09/2023"),
        (
            "N09-2023-C09",
            "9 tháng đầu năm 2023 (kỳ số liệu từ 15/12/2022 đến 14/09/2023)",
            "the first 9 months of 2023 (data period 15/12/2022 to 14/09/2023)",
        ),
    ],
)
def test_a_sentence_names_each_kind_of_period(code: str, vi: str, en: str) -> None:
    from mandate.core.period_spans import parse_code
    from mandate.reports.sections.common import period_phrase

    span = parse_code(code)
    assert (period_phrase(span, "vi"), period_phrase(span, "en")) == (vi, en)
