"""The task report of one document (issue 13, item 1: "the task report of a unit or a document"):
asked for in the form and the API, stored with the report, made by the same job; it counts the
unit's tasks of that document exactly, and a document the author may not read is refused as
unknown."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from mandate.core import periods
from mandate.core.exceptions import ApplicationError
from mandate.documents.models import Document
from mandate.reports import services
from mandate.reports.models import Report, ReportState
from mandate.reports.records import records_of
from mandate.reports.stored import content_from_json
from mandate.tasks.models import Task
from mandate.tasks.services import assignment

Api = Any


@pytest.fixture
def programmes(cast: SimpleNamespace, make_document: Any) -> dict[str, Any]:
    """Two city programmes whose tasks the culture department leads: 6-CTr/TU with three (one
    overdue on 30/04/2024), 7-CTr/TU with two (one overdue)."""
    made: dict[str, Any] = {}
    for symbol, deadlines in (
        ("6-CTr/TU", [dt.date(2024, 4, 15), dt.date(2024, 6, 30), dt.date(2024, 6, 30)]),
        ("7-CTr/TU", [dt.date(2024, 4, 10), dt.date(2024, 7, 31)]),
    ):
        document = make_document(
            symbol, cast.city_party, issued_on=dt.date(2023, 1, 5), type_slug="chuong-trinh"
        )
        tasks = [
            assignment.task_assign(
                actor=cast.van,
                document=document,
                lead_unit=cast.culture,
                assigner_unit=cast.party_office,
                content=f"Nhiệm vụ {n} của {symbol}",
                assigned_on=dt.date(2024, 3, 1),
                deadline_on=deadline,
            )
            for n, deadline in enumerate(deadlines, start=1)
        ]
        made[symbol] = (document, tasks)
    return made


def _ask(cast: SimpleNamespace, document: Document | None) -> Report:
    return services.report_request(
        actor=cast.dung,
        kind="tasks",
        unit=cast.culture,
        period=periods.month(2024, 4),
        period_kind="calendar",
        cut_off=None,
        language="vi",
        document=document,
    )


def test_a_documents_report_counts_exactly_its_tasks(
    cast: SimpleNamespace, programmes: dict[str, Any]
) -> None:
    document, tasks = programmes["6-CTr/TU"]
    whole = content_from_json(_ask(cast, None).content or {})
    report = _ask(cast, document)

    assert (report.state, report.subject_document, report.request["document_id"]) == (
        ReportState.READY,
        document,
        document.pk,
    )
    content = content_from_json(report.content or {})
    assert (whole.figure("tasks.total").value, content.figure("tasks.total").value) == (5, 3)
    assert (whole.figure("tasks.overdue").value, content.figure("tasks.overdue").value) == (2, 1)
    for key in ("tasks.total", "tasks.overdue"):
        link = content.figure(key).records
        assert link is not None
        listed = records_of(actor=cast.dung, link=link)
        assert set(listed.ids) <= {task.pk for task in tasks}
        assert listed.count == content.figure(key).value
    assert set(Task.objects.filter(document=document).values_list("pk", flat=True)) == {t.pk for t in tasks}


def test_a_document_the_author_may_not_read_is_refused_as_unknown(
    cast: SimpleNamespace, api: Api, make_document: Any
) -> None:
    foreign = make_document("12/KH-UBND", cast.outsider_state)
    before = Report.objects.count()

    with pytest.raises(ApplicationError) as refused:
        _ask(cast, foreign)
    through_api = api(cast.dung).post(
        "/api/v1/reports/",
        {
            "kind": "tasks",
            "unit": cast.culture.pk,
            "period": "2024-04",
            "language": "vi",
            "document": foreign.pk,
        },
        format="json",
    )
    page = api(cast.dung).post(
        reverse("reports:new"),
        {"kind": "tasks", "unit": cast.culture.pk, "period": "2024-04", "period_kind": "calendar",
         "language": "vi", "document": "12/KH-UBND"},
    )  # fmt: skip

    assert list(refused.value.fields) == ["document"]
    assert (through_api.status_code, list(through_api.json()["fields"])) == (400, ["document"])
    assert page.status_code == 400 and "12/KH-UBND" in page.content.decode()
    assert Report.objects.count() == before


def test_only_a_task_report_is_of_one_document(cast: SimpleNamespace, programmes: dict[str, Any]) -> None:
    document, _ = programmes["6-CTr/TU"]

    with pytest.raises(ApplicationError) as refused:
        services.report_request(
            actor=cast.dung, kind="indicators", unit=cast.culture, period=periods.month(2024, 4),
            period_kind="calendar", cut_off=None, language="vi", document=document,
        )  # fmt: skip

    assert list(refused.value.fields) == ["document"]


def test_the_form_and_the_api_ask_for_a_documents_report(
    cast: SimpleNamespace, api: Api, programmes: dict[str, Any]
) -> None:
    document, _ = programmes["7-CTr/TU"]
    page = api(cast.dung).post(
        reverse("reports:new"),
        {"kind": "tasks", "unit": cast.culture.pk, "period": "2024-04", "period_kind": "calendar",
         "language": "vi", "document": "7-CTr/TU"},
    )  # fmt: skip
    through_api = api(cast.dung).post(
        "/api/v1/reports/",
        {
            "kind": "tasks",
            "unit": cast.culture.pk,
            "period": "2024-04",
            "language": "vi",
            "document": document.pk,
        },
        format="json",
    )

    assert page.status_code == 302 and through_api.status_code == 201
    assert through_api.json()["document"] == document.pk
    made = Report.objects.filter(subject_document=document)
    assert made.count() == 2
    assert {content_from_json(r.content or {}).figure("tasks.total").value for r in made} == {2}
    detail = api(cast.dung).get(reverse("reports:detail", args=[made[0].pk])).content.decode()
    assert 'id="report-document"' in detail and "7-CTr/TU" in detail
