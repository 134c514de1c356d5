"""The report pages (issue 13, item 8): asking, the progress, the preview, issuing, the files."""

from __future__ import annotations

import datetime as dt
import html
import re
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from mandate.core.models import AuditEntry
from mandate.reports.models import Report, ReportState
from mandate.reports.tests.sample import SampleBuilder, request_sample

Api = Any


def _form(cast: SimpleNamespace, **changes: object) -> dict[str, object]:
    return {
        "kind": "sample",
        "unit": cast.culture.pk,
        "period": "2023-9M",
        "period_kind": "calendar",
        "cut_off": "",
        "language": "vi",
        **changes,
    }


def test_asking_for_a_report_makes_it_and_shows_its_page(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder
) -> None:
    client = api(cast.dung)
    assert client.get(reverse("reports:new")).status_code == 200

    response = client.post(reverse("reports:new"), _form(cast))

    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    assert (report.period.code, report.state) == ("2023-C09", ReportState.READY)
    page = client.get(response["Location"]).content.decode()
    assert "Đã hoàn thành 15/20 nhiệm vụ" in page
    assert reverse("reports:chart", args=[report.pk, "done"]) in page
    assert "127,31%" in page  # the flag, listed before issuing
    assert 'id="issue-form"' in page
    links = re.findall(r'href="(/reports/records/\?[^"]*)"', page)
    query = dict(parse_qsl(html.unescape(urlsplit(links[0]).query)))
    assert query == {"source": "tasks", "unit": str(cast.culture.pk), "state": "total", "on": "2023-09-30"}


def test_a_period_may_be_given_by_its_days(cast: SimpleNamespace, api: Api, sample: SampleBuilder) -> None:
    response = api(cast.dung).post(
        reverse("reports:new"), _form(cast, period="", starts_on="01/01/2023", ends_on="15/09/2023")
    )

    assert response.status_code == 302
    assert Report.objects.get().period.code == "2023-C0915"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"period": "2023-13M"}, "1 to 12 months"),
        ({"period": "9 tháng"}, "2023-9M"),
        ({"period": ""}, "first and last day"),
        ({"cut_off": "01/01/2022"}, "before the period starts"),
    ],
)
def test_a_malformed_request_shows_the_form_again_with_why(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder, changes: dict[str, object], message: str
) -> None:
    client = api(cast.dung)
    cast.dung.language = "en"
    cast.dung.save()

    response = client.post(reverse("reports:new"), _form(cast, **changes), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_a_unit_one_does_not_act_for_is_not_offered(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder
) -> None:
    before = AuditEntry.objects.count()

    response = api(cast.tin).post(reverse("reports:new"), _form(cast))

    assert response.status_code == 400
    assert (Report.objects.count(), AuditEntry.objects.count()) == (0, before)


def test_who_acts_for_no_unit_cannot_ask(cast: SimpleNamespace, api: Api, sample: SampleBuilder) -> None:
    assert api(cast.vera).get(reverse("reports:new")).status_code == 404
    assert api(cast.vera).post(reverse("reports:new"), _form(cast)).status_code == 404
    assert not Report.objects.exists()


def test_the_progress_bar_polls_until_the_report_is_made(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder
) -> None:
    report = request_sample(cast.dung, cast.culture)
    Report.objects.filter(pk=report.pk).update(state=ReportState.MAKING, progress_done=1, progress_total=4)
    url = reverse("reports:progress", args=[report.pk])

    making = api(cast.dung).get(url, HTTP_HX_REQUEST="true")
    Report.objects.filter(pk=report.pk).update(state=ReportState.READY)
    made = api(cast.dung).get(url, HTTP_HX_REQUEST="true")

    assert 'hx-trigger="every 1s"' in making.content.decode()
    assert 'value="25" max="100"' in making.content.decode()
    assert "HX-Refresh" not in making
    assert made["HX-Refresh"] == "true"
    assert "hx-trigger" not in made.content.decode()


def test_a_failed_report_says_why(cast: SimpleNamespace, api: Api, sample: SampleBuilder) -> None:
    report = request_sample(cast.dung, cast.culture)
    Report.objects.filter(pk=report.pk).update(state=ReportState.FAILED, failure="Không đọc được dữ liệu.")

    page = api(cast.dung).get(reverse("reports:detail", args=[report.pk])).content.decode()

    assert 'id="report-failure"' in page
    assert "Không đọc được dữ liệu." in page


def test_issuing_from_the_page(cast: SimpleNamespace, api: Api, sample: SampleBuilder) -> None:
    report = request_sample(cast.dung, cast.culture)
    url = reverse("reports:issue", args=[report.pk])

    refused = api(cast.oanh).post(url, {"version": report.version})
    report.refresh_from_db()
    assert (refused.status_code, report.state) == (403, ReportState.READY)

    stale = api(cast.dung).post(url, {"version": report.version + 5})
    report.refresh_from_db()
    assert (stale.status_code, report.state) == (409, ReportState.READY)
    assert 'id="report-problem"' in stale.content.decode()

    issued = api(cast.dung).post(url, {"version": report.version})
    report.refresh_from_db()
    assert (issued.status_code, report.state, report.issued_number) == (302, ReportState.ISSUED, 1)
    page = api(cast.dung).get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "1/BC-SVHTT" in page
    assert 'id="issue-form"' not in page


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_the_files_of_a_draft_and_of_an_issued_report(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder, fmt: str
) -> None:
    report = request_sample(cast.dung, cast.culture)
    url = reverse("reports:download", args=[report.pk, fmt])

    draft = api(cast.dung).get(url)
    from mandate.reports import services

    services.report_issue(actor=cast.dung, report=report, expected_version=report.version)
    issued = api(cast.dung).get(url)

    assert draft.status_code == issued.status_code == 200
    assert f"du-thao.{fmt}" in draft["Content-Disposition"]
    assert f"so-1.{fmt}" in issued["Content-Disposition"]
    assert issued.content[:2] == (b"%P" if fmt == "pdf" else b"PK")


def test_an_unknown_format_or_chart_is_not_found(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder
) -> None:
    report = request_sample(cast.dung, cast.culture)

    assert api(cast.dung).get(f"/reports/{report.pk}/file.odt").status_code == 404
    assert api(cast.dung).get(reverse("reports:chart", args=[report.pk, "nope"])).status_code == 404
    chart = api(cast.dung).get(reverse("reports:chart", args=[report.pk, "done"]))
    assert (chart.status_code, chart["Content-Type"], chart.content[:4]) == (200, "image/png", b"\x89PNG")


@pytest.mark.parametrize("who", ["tin", "olga", "bao", "vp"])
def test_a_draft_is_not_found_by_strangers(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder, who: str
) -> None:
    report = request_sample(cast.dung, cast.culture)
    client = api(getattr(cast, who))

    routes: list[tuple[str, list[object]]] = [
        ("reports:detail", [report.pk]),
        ("reports:progress", [report.pk]),
        ("reports:download", [report.pk, "docx"]),
        ("reports:chart", [report.pk, "done"]),
    ]
    for name, args in routes:
        assert client.get(reverse(name, args=args)).status_code == 404
    assert (
        client.post(reverse("reports:issue", args=[report.pk]), {"version": report.version}).status_code
        == 404
    )
    report.refresh_from_db()
    assert report.state == ReportState.READY


def test_the_list_shows_the_readers_reports_in_a_fixed_number_of_queries(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder, django_assert_max_num_queries: Any
) -> None:
    client = api(cast.dung)
    client.get(reverse("reports:list"))  # warm the scope cache
    request_sample(cast.dung, cast.culture)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reports:list"))
    for _ in range(5):
        request_sample(cast.dung, cast.culture)

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("reports:list")).content.decode()

    assert page.count('href="/reports/') >= 6
    assert "Sở Văn hóa và Thể thao" not in api(cast.olga).get(reverse("reports:list")).content.decode()


def test_the_records_behind_a_figure_as_its_reader_may_read_them(
    cast: SimpleNamespace, api: Api, make_document: Any
) -> None:
    from mandate.tasks.services import assignment

    plan = make_document("47/KH-SVHTT", cast.culture)
    assignment.task_assign(
        actor=cast.dung,
        document=plan,
        content="Tổ chức Ngày hội văn hóa",
        lead_unit=cast.culture_office,
        assigner_unit=cast.culture,
        deadline_on=dt.date(2031, 1, 1),
    )
    query = {"source": "tasks", "unit": cast.culture.pk, "state": "total"}

    listed = api(cast.dung).get(reverse("reports:records"), query)

    assert listed.status_code == 200
    assert "Tổ chức Ngày hội văn hóa" in listed.content.decode()
    assert api(cast.tin).get(reverse("reports:records"), query).status_code == 404
    assert api(cast.dung).get(reverse("reports:records"), {"source": "nonsense"}).status_code == 400
