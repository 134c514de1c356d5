"""A report's charts drawn on the server as PNG (matplotlib, Agg), for the Word file and the page
(issue 13 item 4).

Why a ``Figure`` and its Agg canvas and not ``pyplot``: pyplot keeps global state and picks a
backend from the display; a job or a web worker has no display and may draw two charts at once.
Why Liberation Sans: the Liberation fonts (Debian's fonts-liberation2, installed with LibreOffice
by ``make libreoffice``) carry every Vietnamese letter with its diacritics, and they are the fonts
LibreOffice prints the Word file with, so the charts match the text. The labels on the bars are
the figures written in the report's language (``figure_format``), the same text as in the tables.

Debian has two packages of fonts named "Liberation Sans": fonts-liberation (1.x, no Vietnamese
letters with two marks such as "ệ") and fonts-liberation2 (2.x, all of them); LibreOffice pulls in
the first. matplotlib picks either by name, so ``_vietnamese_fonts`` drops, once, the Liberation
files that lack "ệ" from its list: the name then means the file that can write Vietnamese.

The PNG is the same for the same content: no date or software version in its metadata, and no
random state in the drawing.
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before anything else of matplotlib: never a display

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as PlotFigure
from matplotlib.ft2font import FT2Font
from matplotlib.ticker import FuncFormatter
from matplotlib.typing import RcKeyType

from mandate.reports.content import Chart, FigureKind, ReportContent
from mandate.reports.figure_format import value_text

FONT_FAMILY = ["Liberation Sans", "DejaVu Sans"]  # DejaVu (matplotlib's own) if Liberation is missing
WIDTH_IN, HEIGHT_IN, DPI = 6.3, 3.6, 200  # 16 cm wide, as the Word file places it
KINDS = ("bar", "barh", "line")
COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2f5597")
_STYLE: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": FONT_FAMILY,
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "mandate",
    "path.simplify": True,
}


_TEST_LETTER = ord("ệ")
_fonts_checked = False


def _vietnamese_fonts() -> None:
    """Leave matplotlib only the Liberation files that have the Vietnamese letters (see above)."""
    global _fonts_checked
    if _fonts_checked:
        return
    manager = font_manager.fontManager
    kept = []
    for entry in manager.ttflist:
        if entry.name.startswith("Liberation"):
            try:
                if FT2Font(entry.fname).get_char_index(_TEST_LETTER) == 0:
                    continue
            except (OSError, RuntimeError):
                continue
        kept.append(entry)
    manager.ttflist = kept
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]  # its lru_cache of lookups
    _fonts_checked = True


def font_file() -> str:
    """The file the charts' text is written in (a test checks it is a Liberation one)."""
    _vietnamese_fonts()
    return str(font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY)))


class ChartError(ValueError):
    """A chart the content cannot draw: an unknown kind, or series of another length."""


def _values(chart: Chart, content: ReportContent) -> tuple[list[list[float]], FigureKind, int]:
    """The series' values (NaN where a figure is missing), the kind and decimals of the first
    figure, which the axis and the labels are written in."""
    series_values: list[list[float]] = []
    kind, places = FigureKind.COUNT, 0
    first = True
    for name, keys in chart.series:
        if len(keys) != len(chart.categories):
            raise ChartError(
                f"Chart {chart.key}: series {name!r} has {len(keys)} figures "
                f"for {len(chart.categories)} categories."
            )
        values = []
        for key in keys:
            figure = content.figure(key)
            if first:
                kind, places, first = figure.kind, figure.places, False
            values.append(math.nan if figure.value is None else float(figure.value))
        series_values.append(values)
    return series_values, kind, places


def chart_png(chart: Chart, content: ReportContent) -> bytes:
    """The chart as the bytes of a PNG, its texts in the report's language."""
    if chart.kind not in KINDS:
        raise ChartError(f"Chart {chart.key}: unknown kind {chart.kind!r} (one of {', '.join(KINDS)}).")
    series_values, kind, places = _values(chart, content)
    _vietnamese_fonts()
    language = content.language

    def written(value: float, decimals: int = places) -> str:
        return value_text(value, kind, decimals, language)

    with matplotlib.rc_context(_STYLE):
        figure = PlotFigure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.set_title("\n".join(textwrap.wrap(chart.title, 80)))
        wrap = 14 if chart.kind != "barh" else 30
        labels = ["\n".join(textwrap.wrap(category, wrap)) or category for category in chart.categories]
        count = len(series_values) or 1
        positions = list(range(len(chart.categories)))
        thickness = 0.8 / count
        for index, ((name, _keys), values) in enumerate(zip(chart.series, series_values, strict=True)):
            colour = COLOURS[index % len(COLOURS)]
            if chart.kind == "line":
                axes.plot(positions, values, marker="o", color=colour, label=name)
                for x, y in zip(positions, values, strict=True):
                    if not math.isnan(y):
                        axes.annotate(written(y), (x, y), textcoords="offset points", xytext=(0, 5),
                                      ha="center", fontsize=7)  # fmt: skip
                continue
            offsets = [x - 0.4 + thickness * (index + 0.5) for x in positions]
            if chart.kind == "bar":
                bars = axes.bar(offsets, values, width=thickness, color=colour, label=name)
            else:
                bars = axes.barh(offsets, values, height=thickness, color=colour, label=name)
            axes.bar_label(bars, labels=[written(v) if not math.isnan(v) else "" for v in values],
                           fontsize=7, padding=2)  # fmt: skip
        value_axis = axes.xaxis if chart.kind == "barh" else axes.yaxis
        category_axis = axes.yaxis if chart.kind == "barh" else axes.xaxis
        value_axis.set_major_formatter(FuncFormatter(lambda value, _position: written(value, 0)))
        category_axis.set_ticks(positions, labels=labels, fontsize=8)
        if chart.kind == "barh":
            axes.invert_yaxis()  # the first category on top, as in the table
            axes.margins(x=0.12)
        else:
            axes.margins(y=0.12)
        if len(chart.series) > 1:
            axes.legend(fontsize=8, frameon=False)
        figure.tight_layout()
        buffer = io.BytesIO()
        # No "Software" (matplotlib's version) and no time in the file: the same chart, the same bytes.
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
