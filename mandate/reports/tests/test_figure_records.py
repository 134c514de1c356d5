"""The workbook's sheets of records are resolved once per report (issue 13, item 4): a link that
several figures share is read once, and every link is read with the sets' reporting hierarchies
reused (``indicators.hierarchy.reused``), so a province's 60 league links read each set's lines
once, not 60 times."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from mandate.core.exceptions import NotFoundError
from mandate.indicators import hierarchy
from mandate.reports import outputs, records
from mandate.reports.content import Figure, Layout, RecordsLink
from mandate.reports.records import RecordsList
from mandate.reports.tests.report_fixtures import content


def test_each_link_is_resolved_once_with_the_hierarchies_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[dict[str, str], bool]] = []

    def resolve(*, actor: Any, link: RecordsLink) -> RecordsList:
        calls.append((dict(link.query), hierarchy._reused.get() is not None))
        if link.query.get("indicator") == "gone":
            raise NotFoundError()
        return RecordsList(columns=("rank",), rows=(("1",),), ids=(1,), count=1)

    monkeypatch.setattr(records, "records_of", resolve)
    made = content(Layout.STATE)
    league = {"source": "league", "set": "1", "indicator": "7", "period": "2024-Q4", "unit": "3"}
    link = RecordsLink("reports:records", league)
    figures = {
        **made.figures,
        "ind.7.league.units": Figure("ind.7.league.units", 242, records=link),
        "ind.7.again": Figure("ind.7.again", 242, records=RecordsLink("reports:records", dict(league))),
        "ind.8.league.units": Figure(
            "ind.8.league.units", 242, records=RecordsLink("reports:records", {**league, "indicator": "gone"})
        ),
    }

    listed = outputs.figure_records(replace(made, figures=figures), actor=None)  # type: ignore[arg-type]

    assert sorted(listed) == ["ind.7.again", "ind.7.league.units", "members.admitted"]
    assert len(calls) == 3  # the shared league link once; the gone one once, and left out
    assert all(reused for _, reused in calls)
