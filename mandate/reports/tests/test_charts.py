"""Charts drawn on the server: PNG, Vietnamese letters in a font that has them, the same bytes
for the same content, the figures written as the report writes them."""

from __future__ import annotations

import dataclasses
import io
import warnings
from decimal import Decimal

import pytest
from matplotlib.ft2font import FT2Font
from PIL import Image

from mandate.reports.charts import DPI, HEIGHT_IN, WIDTH_IN, ChartError, chart_png, font_file
from mandate.reports.content import Chart, Figure, FigureKind, Layout, ReportContent
from mandate.reports.figure_format import figure_text, value_text
from mandate.reports.tests.report_fixtures import content


def _chart(language: str = "vi") -> tuple[Chart, ReportContent]:
    report = content(Layout.STATE, language)
    return report.sections[0].children[1].charts[0], report


def test_the_charts_font_is_liberation_with_the_vietnamese_letters() -> None:
    path = font_file()
    assert "Liberation" in FT2Font(path).family_name, path
    font = FT2Font(path)
    assert all(font.get_char_index(ord(letter)) for letter in "ệậởữỷđĐ")


@pytest.mark.parametrize("kind", ["bar", "barh", "line"])
def test_a_chart_is_a_png_of_its_size_with_every_letter_drawn(kind: str) -> None:
    chart, report = _chart()
    chart = dataclasses.replace(chart, kind=kind)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = chart_png(chart, report)
    assert not [str(w.message) for w in caught if "missing from font" in str(w.message)]
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (round(WIDTH_IN * DPI), round(HEIGHT_IN * DPI))
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 10  # drawn, not blank


def test_the_same_chart_gives_the_same_bytes_and_no_software_or_time_in_them() -> None:
    chart, report = _chart()
    first, second = chart_png(chart, report), chart_png(chart, report)
    assert first == second
    info = Image.open(io.BytesIO(first)).info
    assert "Software" not in info and "Creation Time" not in info


def test_the_english_chart_differs_from_the_vietnamese_one() -> None:
    vi_chart, vi_report = _chart("vi")
    en_chart, en_report = _chart("en")
    assert chart_png(vi_chart, vi_report) != chart_png(en_chart, en_report)


def test_a_missing_figure_is_left_out_and_a_chart_that_does_not_fit_is_refused() -> None:
    chart, report = _chart()
    figures = dict(report.figures)
    figures["d2.rate"] = Figure("d2.rate", None, FigureKind.PERCENT)
    chart_png(chart, dataclasses.replace(report, figures=figures))
    with pytest.raises(ChartError, match="unknown kind"):
        chart_png(dataclasses.replace(chart, kind="pie"), report)
    short = dataclasses.replace(chart, series=(("x", ("d1.rate",)),))
    with pytest.raises(ChartError, match="1 figures for 3 categories"):
        chart_png(short, report)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["8.051", "82,07%", "1.234.567,50", "—", "45,4"]),
        ("en", ["8,051", "82.07%", "1,234,567.50", "—", "45.4"]),
    ],
)
def test_figures_are_written_in_the_reports_language(language: str, expected: list[str]) -> None:
    figures = [
        Figure("a", 8051),
        Figure("b", Decimal("82.07"), FigureKind.PERCENT),
        Figure("c", Decimal("1234567.5"), FigureKind.AMOUNT),
        Figure("d", None, FigureKind.PERCENT),
        Figure("e", Decimal("45.37"), FigureKind.NUMBER, places=1),
    ]
    assert [figure_text(figure, language) for figure in figures] == expected
    assert value_text(9, FigureKind.COUNT, 2, language) == "9"
    # Half up, not cut off (Django's number_format alone would write 127,30%).
    assert value_text(Decimal("127.305"), FigureKind.PERCENT, 2, language) in ("127,31%", "127.31%")
