"""The schema of ``data/rotation.yaml`` (issue 14, item 9; ADR 0055), so that the demo's reader
checks it with the other files (its units against ``units.csv``, with file and line).
``demo_rotation.read`` checks it again with what only the database knows (the sector codes)."""

from __future__ import annotations

from mandate.dev.datafiles import Choice, Integer, ListOf, Record, Text
from mandate.evaluations.models.rotation import DeferralReason

TEXT = Text()
UNIT_KEY = Text()  # a key of units.csv; checked against it by demo_rotation.read
MONTHS = Integer(0, 600)

ROTATION_FILE = Record(
    {
        "posts": ListOf(Record({"unit": UNIT_KEY, "title": TEXT, "sector": TEXT}, {"title_en": (TEXT, "")})),
        "holders": ListOf(Record({"full_name": TEXT, "unit": UNIT_KEY, "title": TEXT, "months_ago": MONTHS})),
        "deferrals": ListOf(
            Record(
                {
                    "full_name": TEXT,
                    "unit": UNIT_KEY,
                    "title": TEXT,
                    "reason": Choice(frozenset(DeferralReason.values), "reason"),
                    "from_months_ago": MONTHS,
                    "months_ahead": MONTHS,
                    "note": TEXT,
                }
            )
        ),
    }
)
