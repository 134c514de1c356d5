"""What ``mandate/dev/data/rankings.yaml`` holds (the demo city, part 5; issue 14, item 9): the
index of the departments' administrative reform, its EXAMPLE criteria, each department's
synthetic points per year, and the seed's outcome the loader checks after loading.

Like every other file of the demo, a wrong value is refused at its line (``mandate.dev.datafiles``)
before anything is written; ``demo_rankings`` then checks the file as a whole (every department
of the field scored each year, on every criterion).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from mandate.dev.datafiles import Flag, Integer, ListOf, Record, Ref, Row, Text

__all__ = ["RANKINGS_FILE"]

TEXT, BLANK = Text(), Text(blank=True)
UNIT = Ref("unit")
YEAR = Integer(2000, 2100)


def _points(row: Row) -> str | None:
    try:
        values = [Decimal(value) for value in row["points"]]
    except InvalidOperation:
        return f"points must be numbers, found {row['points']}"
    return None if all(value.is_finite() and value >= 0 for value in values) else "points cannot be negative"


CRITERION = Record({"code": TEXT, "name": TEXT, "name_en": TEXT, "max_points": TEXT})
RANKINGS_FILE = Record(
    {
        "index": Record({"code": TEXT, "name": TEXT, "name_en": TEXT, "owner": UNIT}),
        "method": Record(
            {"name": TEXT, "name_en": TEXT, "total_points": TEXT, "criteria": ListOf(CRITERION)},
            {"example": (Flag(), False), "note": (BLANK, ""), "note_en": (BLANK, "")},
        ),
        "expected": ListOf(Record({"unit": UNIT, "year": YEAR, "rank": Integer(1, 1000)})),
        "scores": ListOf(Record({"year": YEAR, "unit": UNIT, "points": ListOf(TEXT)}, checks=[_points])),
    }
)
