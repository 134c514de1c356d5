"""The annual classification over HTTP: the API and the pages, scoped (a leader his unit's
people, an official his own, anyone else 404), every read of another person's classification in
the access log, the page naming the rule set applied with its "to verify" marks."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from mandate.core.models import AccessLogEntry
from mandate.evaluations.models.annual import AnnualClassification
from mandate.evaluations.selectors_annual import MonthlyGrade, monthly_reader
from mandate.evaluations.tests.annual_world import annual_world, discipline, propose

pytestmark = pytest.mark.django_db
LIST = "api-evaluations-annual"


@pytest.fixture
def w(cast: SimpleNamespace) -> SimpleNamespace:
    w = annual_world(cast)
    w.oanh_row = propose(w.dung, w.oanh.person, w.culture_office, 2024, level="good")
    w.hoa_row = propose(w.dung, w.hoa.person, w.culture_office, 2024, level="excellent")
    return w


def _logged(row: AnnualClassification) -> list[tuple[str, str]]:
    return list(
        AccessLogEntry.objects.filter(record_type="evaluations.annualclassification", record_id=str(row.pk))
        .order_by("id")
        .values_list("actor_label", "purpose")
    )


def test_a_leader_lists_his_units_people_and_each_read_is_logged(w: SimpleNamespace, api: Any) -> None:
    response = api(w.dung).get(reverse(LIST), {"unit": w.culture.pk, "year": 2024})

    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {w.oanh_row.pk, w.hoa_row.pk}
    assert _logged(w.hoa_row) == [("dung", "evaluations.annual_list")]


def test_an_official_sees_his_own_and_not_his_colleagues(w: SimpleNamespace, api: Any) -> None:
    rows = api(w.oanh).get(reverse(LIST)).json()["results"]
    own = api(w.oanh).get(reverse("api-evaluations-annual-detail", args=[w.oanh_row.pk]))
    colleague = api(w.oanh).get(reverse("api-evaluations-annual-detail", args=[w.hoa_row.pk]))

    assert [row["id"] for row in rows] == [w.oanh_row.pk]
    assert own.status_code == 200
    assert own.json()["rule_set"]["source_document"] == "90/2020/NĐ-CP, sửa đổi bởi 48/2023/NĐ-CP"
    assert colleague.status_code == 404
    assert _logged(w.oanh_row) == []  # one's own read is not another person's data


@pytest.mark.parametrize("who", ["hoa", "tin", "van", "vera", "bao", "olga", "ad"])
def test_anyone_else_gets_404_and_leaves_no_log(w: SimpleNamespace, api: Any, who: str) -> None:
    client = api(getattr(w, who))

    detail = client.get(reverse("api-evaluations-annual-detail", args=[w.oanh_row.pk]))
    decide = client.post(
        reverse("api-evaluations-annual-decide", args=[w.oanh_row.pk]),
        {"level": "good", "version": 1},
        format="json",
    )
    page = client.get(reverse("evaluations:annual-detail", args=[w.oanh_row.pk]))

    assert (detail.status_code, decide.status_code, page.status_code) == (404, 404, 404)
    assert detail.json()["code"] == "not_found"
    assert _logged(w.oanh_row) == []
    w.oanh_row.refresh_from_db()
    assert w.oanh_row.version == 1


def test_a_leaders_read_of_one_classification_is_logged(w: SimpleNamespace, api: Any) -> None:
    assert api(w.dung).get(reverse("api-evaluations-annual-detail", args=[w.oanh_row.pk])).status_code == 200
    assert api(w.dung).get(reverse("evaluations:annual-detail", args=[w.oanh_row.pk])).status_code == 200

    assert _logged(w.oanh_row) == [("dung", "evaluations.annual_detail")] * 2


@pytest.mark.parametrize(
    ("who", "status"), [("dung", 201), ("oanh", 403), ("hoa", 403), ("tin", 403), ("olga", 403)]
)
def test_proposing_over_the_api(w: SimpleNamespace, api: Any, who: str, status: int) -> None:
    body = {
        "year": 2026,
        "subject_kind": "civil_servant",
        "unit": w.culture_office.pk,
        "person": w.hoa.person.pk,
    }
    body["points"] = {"general": "29", "tasks": "62.5"}
    before = AnnualClassification.objects.count()

    response = api(getattr(w, who)).post(reverse(LIST), body, format="json")

    assert response.status_code == status, response.content
    if status == 201:
        assert (response.json()["proposal_result"], response.json()["rule_set"]["key"]) == (
            "excellent",
            "decree-335-2025",
        )
        assert response.json()["points"] == {"general": "29.00", "tasks": "62.50"}
    else:
        assert AnnualClassification.objects.count() == before


@pytest.mark.parametrize(("who", "status"), [("dung", 200), ("oanh", 403), ("hoa", 404), ("olga", 404)])
def test_deciding_over_the_api(w: SimpleNamespace, api: Any, who: str, status: int) -> None:
    url = reverse("api-evaluations-annual-decide", args=[w.oanh_row.pk])

    response = api(getattr(w, who)).post(
        url, {"level": "good", "note": "Đồng ý", "version": 1}, format="json"
    )

    assert response.status_code == status
    w.oanh_row.refresh_from_db()
    assert (w.oanh_row.state == "decided") == (status == 200)


def test_a_decision_needs_the_version_read(w: SimpleNamespace, api: Any) -> None:
    url = reverse("api-evaluations-annual-decide", args=[w.oanh_row.pk])

    missing = api(w.dung).post(url, {"level": "good"}, format="json")
    stale = api(w.dung).post(url, {"level": "good", "version": 7}, format="json")

    assert (missing.status_code, stale.status_code) == (400, 409)
    assert missing.json()["code"] == "version_required"


def test_the_sheet_names_each_years_rule_set_for_the_same_civil_servant(w: SimpleNamespace, api: Any) -> None:
    propose(w.dung, w.oanh.person, w.culture_office, 2025, level="good")
    propose(w.dung, w.oanh.person, w.culture_office, 2026, points={"general": "25", "tasks": "50"})

    in_2025 = api(w.dung).get(reverse("evaluations:annual-sheet", args=[w.culture.pk, 2025])).content.decode()
    in_2026 = api(w.dung).get(reverse("evaluations:annual-sheet", args=[w.culture.pk, 2026])).content.decode()

    assert "90/2020/NĐ-CP, sửa đổi bởi 48/2023/NĐ-CP" in in_2025 and "335/2025/NĐ-CP" not in in_2025
    assert "335/2025/NĐ-CP" in in_2026 and "48/2023/NĐ-CP" not in in_2026
    assert "Hoàn thành xuất sắc nhiệm vụ ≥ 90, Hoàn thành tốt nhiệm vụ ≥ 70" in in_2026
    assert "Tối đa 0 “Hoàn thành xuất sắc nhiệm vụ” (20 % số được xếp loại" in in_2026  # nobody decided yet
    assert "Chuyên Viên Oanh" in in_2026 and "Chuyên Viên Hòa" in in_2026  # classified or not


def test_a_party_members_page_for_2023_names_124(w: SimpleNamespace, api: Any) -> None:
    row = propose(w.dung, w.oanh.person, w.culture_office, 2023, kind="party_member", level="good")

    page = api(w.oanh).get(reverse("evaluations:annual-detail", args=[row.pk])).content.decode()

    assert "124-QĐ/TW" in page


def test_the_page_shows_an_override_with_its_reason_and_the_to_verify_marks(
    w: SimpleNamespace, api: Any
) -> None:
    discipline(w.hoa.person, w.culture, dt.date(2023, 11, 20))
    row = propose(w.dung, w.hoa.person, w.culture_office, 2023, kind="party_member", level="excellent")

    page = api(w.dung).get(reverse("evaluations:annual-detail", args=[row.pk])).content.decode()

    assert row.proposal_result == "not_completed"
    assert "Bị kỷ luật trong năm: không hoàn thành nhiệm vụ." in page
    assert "cần kiểm tra" in page
    assert "shared/ không nêu quy tắc này của Quy định 124-QĐ/TW" in page


def test_an_official_sees_only_his_own_row_on_the_sheet_and_strangers_get_404(
    w: SimpleNamespace, api: Any
) -> None:
    sheet = reverse("evaluations:annual-sheet", args=[w.culture.pk, 2024])

    own = api(w.oanh).get(sheet).content.decode()

    assert "Chuyên Viên Oanh" in own and "Chuyên Viên Hòa" not in own
    assert [api(getattr(w, who)).get(sheet).status_code for who in ("tin", "van", "olga", "ad")] == [404] * 4


def test_the_sheet_shows_the_monthly_grades_from_the_monthly_area(w: SimpleNamespace, api: Any) -> None:
    def stub(person_id: int, year: int) -> list[MonthlyGrade]:
        return (
            [MonthlyGrade(m, "A" if m < 4 else "B") for m in range(1, 13)]
            if person_id == w.oanh.person.pk
            else []
        )

    with monthly_reader(stub):
        page = (
            api(w.dung).get(reverse("evaluations:annual-sheet", args=[w.culture.pk, 2024])).content.decode()
        )
        detail = api(w.dung).get(reverse("api-evaluations-annual-detail", args=[w.oanh_row.pk])).json()

    assert "A×3, B×9" in page
    assert detail["monthly"] == {"A": 3, "B": 9}
