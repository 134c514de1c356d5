"""The periods people type (issue 13, item 9): each form gives the one period code it names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from mandate.core import periods
from mandate.core.period_spans import PeriodCodeError, PeriodError
from mandate.core.period_text import parse_period_text


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """The messages are matched in English (the Vietnamese is checked in the catalogue)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "basis", "code"),
    [
        ("2023", "calendar", "2023"),
        ("2023-H1", "calendar", "2023-H1"),
        ("2023-Q3", "calendar", "2023-Q3"),
        ("2023-07", "calendar", "2023-M07"),
        ("2023-9M", "calendar", "2023-C09"),
        ("2023-7M", "calendar", "2023-C07"),
        ("2023-9M", "decree09", "N09-2023-C09"),
        ("2023-Q3", "decree09", "N09-2023-Q3"),
        ("2023", "decree09", "N09-2023"),
        ("2023-01-01..2023-09-15", "calendar", "2023-C0915"),
        ("2023-01-01..2023-09-30", "calendar", "2023-C09"),
        ("2023-02-01..2023-09-15", "calendar", "R20230201-20230915"),
        (" 2023-Q3 ", "calendar", "2023-Q3"),
    ],
)
def test_each_form_names_one_period_code(text: str, basis: str, code: str) -> None:
    assert parse_period_text(text, basis).code == code


def test_the_first_nine_months_under_the_decree_run_from_the_fifteenth_of_december() -> None:
    span = parse_period_text("2023-9M", "decree09")

    assert (span.starts_on.isoformat(), span.ends_on.isoformat()) == ("2022-12-15", "2023-09-14")


@pytest.mark.parametrize(
    "text", ["", "2023-Q", "23-Q3", "2023-M07", "2023-7", "2023/07", "2023-01-01..", "x" * 100, "2023-C09"]
)
def test_anything_else_is_refused_with_what_a_period_looks_like(text: str) -> None:
    with pytest.raises(PeriodCodeError, match="2023-9M"):
        parse_period_text(text)


@pytest.mark.parametrize("text", ["2023-Q5", "2023-13", "2023-H3", "2023-13M", "2023-0M", "1800"])
def test_numbers_out_of_range_are_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period_text(text)


def test_a_day_that_does_not_exist_is_named() -> None:
    with pytest.raises(PeriodCodeError, match="does not exist"):
        parse_period_text("2023-02-30..2023-03-01")


def test_a_range_is_on_calendar_days_only() -> None:
    with pytest.raises(PeriodCodeError, match="calendar days"):
        parse_period_text("2023-02-01..2023-09-15", "decree09")


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(PeriodError, match="end before"):
        parse_period_text("2023-09-15..2023-02-01")


@pytest.mark.django_db
def test_the_row_is_the_one_its_code_names() -> None:
    assert periods.from_text("2023-9M").pk == periods.from_code("2023-C09").pk
