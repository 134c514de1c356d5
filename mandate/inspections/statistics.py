"""The rows of the inspection statistics (issue 12, item 6; docs/adr/0043), declared as data: seed
004's table of the inspection and supervision work of Thành ủy Hà Nội.

Each row is a filter on inspection subjects — the inspecting body's kind × the inspection's kind
× (for the violated and to-be-disciplined rows) the subject's conclusion — counted in
organisations and/or in members. Rows are *not* subsets of one another: the Party committees'
rows count the Standing Committee's and the committees' own inspections, the commissions' rows
(upon signs, inspection tasks, discipline enforcement, finance, fees, thematic supervision) count
the inspection commissions' only, which is why 781 + 417 + 66 + 770 exceeds 960. A subject
inspected twice in the period is two subjects and counts twice, as seed 004 counts.

Why declared here and not computed from the kinds: the wording and the grouping are the
commissions' reporting practice (R12), which the kinds alone do not say; a new row is one line.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mandate.inspections.enums import BodyKind, InspectedKind, InspectionKind

ORGANISATIONS = "organisations"
MEMBERS = "members"
COUNTS = {ORGANISATIONS: InspectedKind.ORGANISATION, MEMBERS: InspectedKind.MEMBER}

VIOLATED = "violated"
PROPOSES_DISCIPLINE = "proposes_discipline"

PARTY_COMMITTEES = frozenset({BodyKind.STANDING_COMMITTEE, BodyKind.PARTY_COMMITTEE})
COMMISSIONS = frozenset({BodyKind.INSPECTION_COMMISSION})
SUPERVISION = frozenset({InspectionKind.SUPERVISION_REGULAR, InspectionKind.SUPERVISION_THEMATIC})
INSPECTION = frozenset(InspectionKind.values) - SUPERVISION


@dataclass(frozen=True)
class StatRow:
    """One row of the table. ``counts`` names the columns it fills (a row of the commissions'
    own inspection of organisations has no members' figure: "—"); ``conclusion`` narrows it to
    the subjects whose conclusion says they violated, or proposes discipline (not the decisions:
    seed 004's "to be disciplined"); ``inspections`` adds the number of inspections."""

    key: str
    label: str | Promise
    body_kinds: frozenset[str]
    inspection_kinds: frozenset[str]
    counts: tuple[str, ...] = (ORGANISATIONS, MEMBERS)
    conclusion: str = ""
    inspections: bool = False
    indent: int = 0

    def q(self, count: str = "") -> Q:
        """The subjects of the row (and of one column), as a filter on ``InspectionSubject``."""
        condition = Q(
            body_kind__in=sorted(self.body_kinds), inspection_kind__in=sorted(self.inspection_kinds)
        )
        if self.conclusion == VIOLATED:
            condition &= Q(conclusion__violated=True)
        elif self.conclusion == PROPOSES_DISCIPLINE:
            condition &= Q(conclusion__proposes_discipline=True)
        if count:
            condition &= Q(kind=COUNTS[count])
        return condition


def _kinds(*kinds: str) -> frozenset[str]:
    return frozenset(kinds)


UPON_SIGNS = _kinds(InspectionKind.UPON_SIGNS)

ROWS: tuple[StatRow, ...] = (
    StatRow(
        "standing_committee_planned",
        _("Standing Committee's planned inspections"),
        _kinds(BodyKind.STANDING_COMMITTEE),
        _kinds(InspectionKind.PLANNED),
        inspections=True,
    ),
    StatRow("party_committees_inspected", _("Inspected by Party committees"), PARTY_COMMITTEES, INSPECTION),
    StatRow(
        "party_committees_supervised", _("Supervised by Party committees"), PARTY_COMMITTEES, SUPERVISION
    ),
    StatRow("upon_signs", _("Inspected upon signs of violation"), COMMISSIONS, UPON_SIGNS),
    StatRow(
        "upon_signs_violated",
        _("concluded to have violated"),
        COMMISSIONS,
        UPON_SIGNS,
        conclusion=VIOLATED,
        indent=1,
    ),
    StatRow(
        "upon_signs_to_discipline",
        _("to be disciplined"),
        COMMISSIONS,
        UPON_SIGNS,
        conclusion=PROPOSES_DISCIPLINE,
        indent=1,
    ),
    StatRow(
        "inspection_tasks",
        _("Inspected on carrying out inspection and supervision tasks"),
        COMMISSIONS,
        _kinds(InspectionKind.INSPECTION_TASKS),
        counts=(ORGANISATIONS,),
    ),
    StatRow(
        "discipline_enforcement",
        _("Inspected on discipline enforcement"),
        COMMISSIONS,
        _kinds(InspectionKind.DISCIPLINE_ENFORCEMENT),
        counts=(ORGANISATIONS,),
    ),
    StatRow(
        "party_finance",
        _("Inspected on budget revenue and spending"),
        COMMISSIONS,
        _kinds(InspectionKind.PARTY_FINANCE),
        counts=(ORGANISATIONS,),
    ),
    StatRow(
        "party_fees",
        _("Inspected on Party fees"),
        COMMISSIONS,
        _kinds(InspectionKind.PARTY_FEES),
        counts=(ORGANISATIONS,),
    ),
    StatRow(
        "thematic_supervision",
        _("Thematic supervision"),
        COMMISSIONS,
        _kinds(InspectionKind.SUPERVISION_THEMATIC),
    ),
)
ROWS_BY_KEY = {row.key: row for row in ROWS}
