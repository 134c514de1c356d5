import datetime as dt
from decimal import Decimal

from mandate.reports.content import (
    Figure,
    FigureKind,
    Issuer,
    Layout,
    ReportContent,
    Section,
    Sentence,
    as_json,
)


def _content() -> ReportContent:
    issuer = Issuer(
        layout=Layout.STATE,
        parent_name="UBND THÀNH PHỐ HÀ NỘI",
        name="SỞ VĂN HÓA VÀ THỂ THAO",
        symbol="BC-SVHTT",
        number="",
        place="Hà Nội",
        signed_on=None,
        authority="",
        signer_title="GIÁM ĐỐC",
        signer_name="",
    )
    figures = {
        "tasks.total": Figure("tasks.total", 20),
        "tasks.rate": Figure("tasks.rate", Decimal("75.00"), FigureKind.PERCENT),
    }
    sentence = Sentence("tasks.completed", "đã hoàn thành 15/20 nhiệm vụ", ("tasks.total",))
    return ReportContent(
        kind="tasks",
        language="vi",
        title="BÁO CÁO",
        unit_id=1,
        unit_name="Sở Văn hóa và Thể thao",
        period_code="2023-7M",
        period_label="7 tháng đầu năm 2023",
        period_kind="calendar",
        cut_off=dt.date(2023, 7, 31),
        issuer=issuer,
        figures=figures,
        sections=(Section("results", "Kết quả", sentences=(sentence,)),),
    )


def test_content_is_plain_json() -> None:
    data = as_json(_content())
    assert data["figures"]["tasks.rate"]["value"] == {"decimal": "75.00"}
    assert data["cut_off"] == {"date": "2023-07-31"}
    assert data["sections"][0]["sentences"][0]["figure_keys"] == ["tasks.total"]
    assert _content().figure("tasks.total").value == 20
