"""The narrative's words (issue 13, item 3): a zero count is said in words ("không có nhiệm vụ
quá hạn", "no overdue task"), never "00"; the items of a Party programme are its "nội dung" as
seed 004 says, the others "nhiệm vụ"; English agrees in number; and, for any figures, every
number of every sentence of every template is one of its figures. No database."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mandate.core.numbers import parse_number
from mandate.reports import narrative
from mandate.reports.content import Figure, FigureKind

NUMBER = re.compile(r"(?<![\w/.,-])[+-]?\d[\d.,]*%?")


def _slots(**values: int | None) -> dict[str, Figure]:
    """Counts, and percentages where the slot is one (a Decimal, as the sections put them)."""
    found = {}
    for name, value in values.items():
        if "percent" in name or name in ("rate", "achievement"):
            found[name] = Figure(name, None if value is None else Decimal(value), FigureKind.PERCENT)
        else:
            found[name] = Figure(name, value)
    return found


def _render(key: str, language: str, noun: Any = "task", **values: Any) -> str:
    template = narrative.templates()[key]
    texts = {name: name.upper() for name in template.texts}
    return narrative.render(key, language=language, figures=_slots(**values), texts=texts, noun=noun).text


def test_a_zero_count_is_said_in_words() -> None:
    limits = {"overdue": 0, "not_updated": 5, "days": 30}
    assert _render("tasks.limitations", "vi", **limits).startswith("Không có nhiệm vụ quá hạn; còn 05")
    assert _render("tasks.limitations", "en", **limits).startswith("No overdue task; 5 tasks have")
    overall = {"total": 8, "completed": 5, "percent": 62, "in_progress": 0, "overdue": 3}
    vi = _render("tasks.overall", "vi", **overall)
    assert "không có nhiệm vụ đang triển khai trong hạn; 03 nhiệm vụ quá hạn." in vi
    assert "none is on schedule; 3 overdue tasks." in _render("tasks.overall", "en", **overall)
    assert _render("tasks.follow_up", "vi", extensions=0, escalations=2) == (
        "Trong kỳ không có lượt gia hạn nhiệm vụ được chấp thuận; "
        "có 02 lượt báo cáo nhiệm vụ chậm lên cấp trên."
    )
    assert "no extension was granted and 2 tasks were escalated" in _render(
        "tasks.follow_up", "en", extensions=0, escalations=2
    )
    reporting = {"submitted": 30, "expected": 30, "rate": 100, "late": 0, "not_submitted": 0}
    assert "không có đơn vị gửi muộn; không có đơn vị chưa gửi" in _render(
        "indicators.reporting", "vi", **reporting
    )
    assert "none late; none missing" in _render("indicators.reporting", "en", **reporting)


COUNTS = (
    "tasks.overall", "tasks.due", "tasks.document", "tasks.limitations", "tasks.follow_up",
    "tasks.next_period", "indicators.reporting", "inspections.row", "flags.summary",
)  # fmt: skip
WHOLES = ("total", "due", "expected", "days")  # the sentence is about these: not zero here


@pytest.mark.parametrize("key", COUNTS)
def test_no_count_sentence_writes_a_zero_as_digits(key: str) -> None:
    """Every count of the sentence at zero but its whole: no "00 nhiệm vụ", no "0 tasks"."""
    template = narrative.templates()[key]
    values = {name: 3 if name in WHOLES else 0 for name in template.figures}
    for language in narrative.LANGUAGES:
        text = _render(key, language, **values)
        # a ratio may start at zero ("00/03", "0 of 3"): a count may not
        assert not re.search(r"(?<![\d,.])0{1,2} (?!of )[^\d%]", text), (key, language, text)


def test_a_party_programmes_items_are_its_contents() -> None:
    counts = {"total": 34, "completed": 29, "percent": 85, "in_progress": 5, "overdue": 0, "open": 5}
    vi = _render("tasks.document", "vi", noun="content", **counts)
    assert vi == "DOCUMENT: đã hoàn thành 29/34 nội dung, đạt 85,00%; 05 nội dung đang tích cực triển khai."
    en = _render("tasks.document", "en", noun="content", **counts)
    assert en == "DOCUMENT: 29 of 34 contents completed (85.00%); 5 are being implemented."
    assert "29/34 nhiệm vụ" in _render("tasks.document", "vi", **counts)
    rule = {"document_type": "chuong-trinh", "symbol_form": "party"}
    assert narrative.item_noun(**rule, alone=True) == "content"
    assert narrative.item_noun(**rule, alone=False) == "task"  # a plan's tasks counted with it
    assert narrative.item_noun(document_type="chuong-trinh", symbol_form="state", alone=True) == "task"
    assert narrative.item_noun(document_type="ke-hoach", symbol_form="party", alone=True) == "task"


def test_english_agrees_in_number() -> None:
    assert _render("tasks.due", "en", due=1, completed_of_due=1, percent=100).startswith(
        "Of the 1 task due, 1 was"
    )
    assert "more than 1 day." in _render("tasks.limitations", "en", overdue=0, not_updated=0, days=1)
    assert "1 extension was granted and 1 task was escalated" in _render(
        "tasks.follow_up", "en", extensions=1, escalations=1
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "phrases: {p: {vi: {other: '{n}'}, en: {zero: a, other: '{n}'}}}\nsentences: {}",
            "has 'zero' and 'other'",
        ),
        (
            "phrases: {p: {vi: {zero: a, other: '{n} {x}'}, en: {zero: a, other: b}}}\nsentences: {}",
            "a slot other than",
        ),
        (
            "sentences: {s: {figures: [a], variants: [{vi: '{a#nope}', en: '{a}'}]}}",
            "needs a figure slot and a phrase",
        ),
    ],
)
def test_the_loader_refuses_a_wrong_phrase(text: str, problem: str) -> None:
    with pytest.raises(narrative.NarrativeError, match=problem):
        narrative.load(text)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_number_of_any_sentence_is_one_of_its_figures(data: st.DataObject) -> None:
    """The test the demo holds its reports to, over every template, every variant the figures
    choose, both nouns and both languages: a phrase or a word never brings a number of its own."""
    key = data.draw(st.sampled_from(sorted(narrative.templates())))
    template = narrative.templates()[key]
    values = {
        name: data.draw(st.one_of(st.integers(0, 12), st.integers(0, 20000))) for name in template.figures
    }
    noun = data.draw(st.sampled_from(["task", "content"]))
    for language in narrative.LANGUAGES:
        slots = _slots(**values)
        texts = {name: name.upper() for name in template.texts}
        sentence = narrative.render(key, language=language, figures=slots, texts=texts, noun=noun)
        allowed = {
            Decimal(slots[n].value or 0) for n in template.figures if slots[n].key in sentence.figure_keys
        }
        for written in NUMBER.findall(sentence.text):
            written = written.rstrip(".,")
            plain = written[1:] if len(written) == 2 and written.startswith("0") else written
            assert parse_number(plain, style=language).value in allowed, (sentence.text, written)
