"""Report contents made by hand for the renderers' tests: a State body's (the Department of
Culture and Sports, 7 months of 2023) and a Party body's (the City Party Committee, 01/01–15/09/
2023), each in Vietnamese and English, with a table, a chart and a flag — the seeds' figures, so
that what the files print can be compared with what the issue expects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from mandate.reports.content import (
    Chart,
    Column,
    Figure,
    FigureKind,
    Flag,
    FlagKind,
    Issuer,
    Layout,
    RecordsLink,
    ReportContent,
    Section,
    Sentence,
    Table,
)

_WORDS = {
    "vi": {
        "title": "BÁO CÁO\nKết quả thực hiện nhiệm vụ 9 tháng đầu năm 2023",
        "period": "9 tháng đầu năm 2023",
        "results": "Kết quả thực hiện",
        "tasks": "Thực hiện nhiệm vụ",
        "members": "Công tác phát triển đảng viên",
        "limits": "Hạn chế, nguyên nhân",
        "next": "Nhiệm vụ kỳ tới",
        "completed": "nội dung đã hoàn thành",
        "admitted": "đảng viên được kết nạp",
        "target": "chỉ tiêu kết nạp",
        "rate": "tỷ lệ đạt",
        "unit": "Đơn vị",
        "done": "Hoàn thành",
        "total": "Tổng số",
        "sum": "Tổng cộng",
        "table": "Kết quả kết nạp đảng viên theo đơn vị",
        "chart": "Tỷ lệ hoàn thành chỉ tiêu kết nạp đảng viên (%)",
        "series": "Tỷ lệ đạt",
        "districts": ("Quận Ba Đình", "Huyện Đông Anh", "Khối doanh nghiệp"),
        "s1": (
            "Trong 9 tháng đầu năm 2023, đã hoàn thành 29/34 nội dung; 05 nội dung đang tích cực triển khai."
        ),
        "s2": "Kết nạp 8.051/9.810 đảng viên, đạt 82,07% chỉ tiêu.",
        "s3": "Các tổ chức kết nạp 578/454 đảng viên, đạt 127,31%.",
        "s4": "Còn 05 nội dung chưa hoàn thành đúng hạn.",
        "s5": "Tập trung hoàn thành các nội dung còn lại trong quý IV.",
        "flag": "Tỷ lệ nêu trong báo cáo của đơn vị không khớp với số liệu thành phần.",
        "place": "Hà Nội",
        "recipients": ("Ban Thường vụ Thành ủy", "Các đảng bộ trực thuộc", "Lưu VPTU"),
    },
    "en": {
        "title": "REPORT\nResults of the tasks in the first 9 months of 2023",
        "period": "the first 9 months of 2023",
        "results": "Results",
        "tasks": "Tasks",
        "members": "Admitting Party members",
        "limits": "Limitations and causes",
        "next": "Tasks for the next period",
        "completed": "contents completed",
        "admitted": "Party members admitted",
        "target": "admission target",
        "rate": "achievement",
        "unit": "Unit",
        "done": "Completed",
        "total": "Total",
        "sum": "Total",
        "table": "Party members admitted by unit",
        "chart": "Achievement of the admission target (%)",
        "series": "Achievement",
        "districts": ("Ba Đình District", "Đông Anh District", "Enterprises"),
        "s1": "In the first 9 months of 2023, 29 of 34 contents were completed; 5 are being implemented.",
        "s2": "8,051 of 9,810 Party members were admitted, 82.07% of the target.",
        "s3": "The organisations admitted 578 members against 454, 127.31%.",
        "s4": "5 contents were not completed on time.",
        "s5": "Complete the remaining contents in the fourth quarter.",
        "flag": "The percentage stated in the unit's report does not match its parts.",
        "place": "Hanoi",
        "recipients": (
            "Standing Committee of the City Party Committee",
            "Affiliated Party organisations",
            "Archive",
        ),
    },
}


def _figures(words: Mapping[str, object]) -> dict[str, Figure]:
    link = RecordsLink("reports:records", {"figure": "members.admitted"})
    figures = [
        Figure("contents.total", 34, label=str(words["total"])),
        Figure("contents.completed", 29, label=str(words["completed"])),
        Figure("members.admitted", 8051, label=str(words["admitted"]), records=link),
        Figure("members.target", 9810, label=str(words["target"])),
        Figure("members.rate", Decimal("82.07"), FigureKind.PERCENT, label=str(words["rate"])),
        Figure("orgs.admitted", 578),
        Figure("orgs.target", 454),
        Figure("orgs.rate", Decimal("127.31"), FigureKind.PERCENT),
        Figure("d1.admitted", 4210),
        Figure("d1.target", 5000),
        Figure("d1.rate", Decimal("84.20"), FigureKind.PERCENT),
        Figure("d2.admitted", 3263),
        Figure("d2.target", 4356),
        Figure("d2.rate", Decimal("74.91"), FigureKind.PERCENT),
        Figure("d3.admitted", 578),
        Figure("d3.target", 454),
        Figure("d3.rate", Decimal("127.31"), FigureKind.PERCENT),
        Figure("budget.spent", Decimal("1234567.50"), FigureKind.AMOUNT),
    ]
    return {figure.key: figure for figure in figures}


def content(layout: Layout, language: str = "vi", *, issued: bool = False) -> ReportContent:
    """The report of the seeds' figures in ``layout`` and ``language``; ``issued``: with its
    number and date (else a draft, which prints its flags)."""
    words = _WORDS[language]
    districts = words["districts"]
    assert isinstance(districts, tuple)
    rows = [
        (name, {"figure": f"d{n}.admitted"}, {"figure": f"d{n}.target"}, {"figure": f"d{n}.rate"})
        for n, name in enumerate(districts, start=1)
    ]
    total = {"figure": "members.admitted"}, {"figure": "members.target"}, {"figure": "members.rate"}
    rows.append((str(words["sum"]), *total))
    table = Table(
        key="members.by_unit",
        title=str(words["table"]),
        columns=(
            Column("unit", str(words["unit"])),
            Column("admitted", str(words["done"]), FigureKind.COUNT),
            Column("target", str(words["target"]).capitalize(), FigureKind.COUNT),
            Column("rate", str(words["rate"]).capitalize(), FigureKind.PERCENT),
        ),
        rows=tuple(rows),
        total_row=True,
    )
    chart = Chart(
        key="members.rate_chart",
        title=str(words["chart"]),
        kind="barh",
        categories=districts,
        series=((str(words["series"]), ("d1.rate", "d2.rate", "d3.rate")),),
    )
    results = Section(
        "results",
        str(words["results"]),
        children=(
            Section("tasks", str(words["tasks"]), sentences=(
                Sentence("contents.completed", str(words["s1"]), ("contents.completed", "contents.total")),
            )),
            Section("members", str(words["members"]), sentences=(
                Sentence("members.admitted", str(words["s2"]), ("members.admitted", "members.target",
                                                                "members.rate")),
                Sentence("orgs.admitted", str(words["s3"]), ("orgs.admitted", "orgs.target", "orgs.rate")),
            ), tables=(table,), charts=(chart,)),
        ),
    )  # fmt: skip
    sections = (
        results,
        Section("limitations", str(words["limits"]), sentences=(Sentence("overdue", str(words["s4"])),)),
        Section("next", str(words["next"]), sentences=(Sentence("next", str(words["s5"])),)),
    )
    party = layout == Layout.PARTY
    issuer = Issuer(
        layout=layout,
        parent_name="ĐẢNG BỘ THÀNH PHỐ HÀ NỘI" if party else "UBND THÀNH PHỐ HÀ NỘI",
        name="THÀNH ỦY HÀ NỘI" if party else "SỞ VĂN HÓA VÀ THỂ THAO",
        symbol="BC/TU" if party else "BC-SVHTT",
        number="125" if issued else "",
        place=str(words["place"]),
        signed_on=dt.date(2023, 9, 15) if issued else None,
        authority="T/M" if party else "KT. GIÁM ĐỐC",
        signer_title="PHÓ BÍ THƯ" if party else "PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn Phong" if party else "Trần Thị Hà",
        recipients=words["recipients"],  # type: ignore[arg-type]
    )
    flag = Flag(
        FlagKind.PERCENT_MISMATCH,
        str(words["flag"]),
        ("orgs.rate",),
        stated="127,6%" if language == "vi" else "127.6%",
        computed="127,31%" if language == "vi" else "127.31%",
    )
    return ReportContent(
        kind="periodic",
        language=language,
        title=str(words["title"]),
        unit_id=1,
        unit_name="Thành ủy Hà Nội" if party else "Sở Văn hóa và Thể thao",
        period_code="2023-01-01..2023-09-15",
        period_label=str(words["period"]),
        period_kind="calendar",
        cut_off=dt.date(2023, 9, 15),
        issuer=issuer,
        figures=_figures(words),
        sections=sections,
        flags=(flag,),
        made_at=dt.datetime(2023, 9, 16, 8, 0, tzinfo=dt.UTC),
    )
