"""What ``mandate/dev/data/evaluations_monthly.yaml`` holds (the demo city, part 5; issue 14,
item 9): the units whose 2023 months are evaluated, and the demo's synthetic points. Like every
other file of the demo, a wrong value is refused at its line before anything is written."""

from __future__ import annotations

from mandate.dev.datafiles import Integer, ListOf, Record, Ref, Text

__all__ = ["MONTHLY_FILE"]

TEXT, BLANK = Text(), Text(blank=True)

EXCEPTION_ROW = Record(
    {"person": Ref("person"), "month": Integer(1, 12)},
    {"discipline": (BLANK, ""), "bonus": (BLANK, ""), "note": (BLANK, "")},
)

MONTHLY_FILE = Record(
    {
        "synthetic": TEXT,
        "year": Integer(2018, 2100),
        "units": ListOf(Ref("unit")),
        "discipline": TEXT,
        "bonus": TEXT,
        "entered_task_part": TEXT,
        "entered_note": TEXT,
    },
    {"exceptions": (ListOf(EXCEPTION_ROW), [])},
)
