"""What ``mandate/dev/data/inspections.yaml`` holds (the demo city, part 4; issue 12, item 9): the
inspecting bodies of the demo's Party units, the plans with their lines, and the inspections
played through the inspection services (seed 002's, and the demo's own plainly marked ones).

Like every other file of the demo, a wrong value is refused at its line (``mandate.dev.datafiles``)
before anything is written.
"""

from __future__ import annotations

from mandate.dev.datafiles import Choice, Day, Integer, ListOf, Nullable, Record, Ref, Text
from mandate.inspections.enums import BodyKind, InspectionKind

__all__ = ["INSPECTIONS_FILE"]

TEXT, BLANK = Text(), Text(blank=True)
UNIT, PERSON, DOCUMENT, TASK = Ref("unit"), Ref("person"), Ref("document"), Ref("task")
DAY = Day()
KIND = Choice(frozenset(InspectionKind.values), "inspection kind")

BODY_ROW = Record(
    {"unit": UNIT, "kind": Choice(frozenset(BodyKind.values), "body kind"), "competence": UNIT, "from": DAY},
    {"to": (Nullable(DAY), None)},
)
# An inspection's steps: each day given moves it on (decided, started, concluded).
INSPECTION_ROW = Record(
    {"body": UNIT, "kind": KIND, "title": TEXT, "subject_matter": TEXT},
    {
        "document": (Nullable(DOCUMENT), None),
        "line": (Nullable(Integer(1, 99)), None),
        "decision": (BLANK, ""),
        "decided": (Nullable(DAY), None),
        "started": (Nullable(DAY), None),
        "concluded": (Nullable(DAY), None),
        "leader": (Nullable(PERSON), None),
        "subjects": (ListOf(UNIT), []),
        "findings": (ListOf(TEXT), []),
        "conclusion": (BLANK, ""),
        "recommendations": (ListOf(Record({"text": TEXT, "lead": UNIT, "task": TASK})), []),
    },
)
LINE_ROW = Record(
    {"kind": KIND, "subject_matter": TEXT, "month": Integer(1, 12)},
    {"subjects": (ListOf(UNIT), []), "subjects_text": (BLANK, "")},
)
PLAN_ROW = Record(
    {"body": UNIT, "year": Integer(2000, 2100), "title": TEXT, "lines": ListOf(LINE_ROW)},
    {"document": (Nullable(DOCUMENT), None), "inspections": (ListOf(INSPECTION_ROW), [])},
)
# Seed 004's table as synthetic batches (inspection_batches.py): made through the services, so the
# statistics recompute the seed's figures; the acceptance test compares to the seed, not to this.
COUNT = Integer(0, 100000)
PAIR = Record({}, {"organisations": (COUNT, 0), "members": (COUNT, 0)})
BATCH_ROW = Record(
    {"body": UNIT, "kind": KIND, "inspections": Integer(1, 1000), "first": DAY, "last": DAY},
    {
        "organisations": (COUNT, 0),
        "members": (COUNT, 0),
        "violated": (PAIR, {"organisations": 0, "members": 0}),
        "to_discipline": (PAIR, {"organisations": 0, "members": 0}),
        "findings": (ListOf(Record({"sign": TEXT, "text": TEXT})), []),
    },
)
SYNTHETIC = Record(
    {
        "parent": UNIT,
        "from": DAY,
        "organisations": Integer(1, 10000),
        "organisation_name": TEXT,
        "members": Integer(1, 10000),
        "member_name": TEXT,
        "leader_name": TEXT,
        "batches": ListOf(BATCH_ROW),
    }
)
INSPECTIONS_FILE = Record(
    {"bodies": ListOf(BODY_ROW), "plans": ListOf(PLAN_ROW), "inspections": ListOf(INSPECTION_ROW)},
    {"inspector_totp": (TEXT, ""), "synthetic": (Nullable(SYNTHETIC), None)},
)
