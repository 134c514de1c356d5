"""The thresholds are data (issue 14 item 1): the shipped file loads, each version is read for
the days it holds, and the loader refuses what it cannot trust, saying where. The registry lets
another app add its own signal, which the board then shows."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.evaluations import selectors_signals
from mandate.evaluations.signals_registry import (
    DATA_FILE,
    Behaviour,
    Hit,
    SignalDefinition,
    Window,
    register,
    registered,
    unregister,
)
from mandate.evaluations.signals_thresholds import ThresholdsError, parse_thresholds, version_on, versions_of

DEFINITION = SignalDefinition(
    code="sample",
    behaviour=Behaviour.DELAY,
    label="S",
    measures="M",
    finder=lambda w: [],
    parameters=("days",),
)
GOOD = """
versions:
  - valid_from: 2023-08-07
    source: "Chỉ thị 24-CT/TU"
    signals:
      sample: {notice_from: 2, days: 15, to_verify: true}
  - valid_from: 2025-01-01
    source: "Bản sửa đổi"
    signals:
      sample: {notice_from: 3, days: 10}
"""


def test_the_shipped_file_gives_every_registered_signal_with_a_source() -> None:
    definitions = registered()
    versions = versions_of(DATA_FILE, definitions)

    assert versions
    for version in versions:
        assert version.source
        assert set(version.signals) == {d.code for d in definitions if d.data_file == DATA_FILE}
    assert versions[0].signals["not_updated"].params == {"days": 15}
    assert versions[0].signals["returned_not_ours"].notice_from == 2


def test_each_version_holds_from_its_first_day() -> None:
    versions = parse_thresholds(GOOD, [DEFINITION], name="t.yaml")

    assert version_on(versions, dt.date(2024, 12, 31)).signals["sample"].params == {"days": 15}
    assert version_on(versions, dt.date(2025, 1, 1)).signals["sample"].notice_from == 3
    assert version_on(versions, dt.date(2020, 1, 1)).valid_from == dt.date(2023, 8, 7)
    assert versions[0].signals["sample"].to_verify
    assert not versions[1].signals["sample"].to_verify


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("versions: []", "a list of versions"),
        (GOOD.replace("notice_from: 2", "notice_from: no"), "version 1.sample.notice_from"),
        (GOOD.replace("days: 15, ", ""), "missing ['days']"),
        (GOOD.replace("days: 10", "days: 10, weeks: 2"), "unknown keys ['weeks']"),
        (GOOD.replace("2025-01-01", "2023-01-01"), "comes after the version before it"),
        (GOOD.replace('source: "Bản sửa đổi"', 'source: ""'), "the source"),
        (GOOD.replace("sample: {notice_from: 3", "other: {notice_from: 3"), "unknown"),
        (GOOD.replace("to_verify: true", "to_verify: maybe"), "true or false"),
        (GOOD.replace("2023-08-07", "07/08/2023"), "YYYY-MM-DD"),
        ("versions: [", "not YAML"),
    ],
)
def test_the_loader_refuses_and_says_where(text: str, words: str) -> None:
    with pytest.raises(ThresholdsError) as refused:
        parse_thresholds(text, [DEFINITION], name="t.yaml")
    assert words in str(refused.value)


@pytest.mark.django_db
def test_another_app_registers_its_own_signal_and_the_board_shows_it(
    cast: SimpleNamespace, tmp_path: Any
) -> None:
    data = tmp_path / "feedback.yaml"
    data.write_text(
        "versions:\n  - valid_from: 2024-01-01\n    source: Ý kiến người dân\n"
        "    signals:\n      complaints: {notice_from: 1}\n",
        encoding="utf-8",
    )

    def finder(window: Window) -> list[Hit]:
        return [Hit("feedback.complaint", 7, cast.culture_office.path, None, window.ends_on, "Phản ánh")]

    register(
        SignalDefinition(
            code="complaints",
            behaviour=Behaviour.EVASION,
            label="Phản ánh chưa trả lời",
            measures="M",
            finder=finder,
            per_person=False,
            data_file=data,
        )
    )
    try:
        board = selectors_signals.unit_board(
            actor=cast.dung,
            unit_id=cast.culture.pk,
            starts_on=dt.date(2024, 1, 1),
            ends_on=dt.date(2024, 3, 31),
            purpose="test",
        )
    finally:
        unregister("complaints")

    assert board.total.counts["complaints"] == 1
    office = next(row for row in board.units if row.unit == cast.culture_office)
    assert office.noticed == ["complaints"]
