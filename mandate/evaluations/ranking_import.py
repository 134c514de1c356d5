"""Scores of a ranking's year from a workbook (issue 14, item 4; ADR 0032's importer): one row per
unit (its name, as the units are written in the table), one column per criterion (its code, or
its name). The whole file is checked first and every problem listed, row by row; nothing is
written unless there is none, and then in one transaction with one audit entry (core.sheet_import).

Which units may be named: the units directly under the index's owner (the departments under
the City People's Committee) and any unit already ranked by the index.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandate.core.exceptions import NotFoundError
from mandate.core.sheet_columns import Column, DecimalColumn, ReferenceColumn
from mandate.core.sheet_import import Applied, Importer, ImportOutcome, Target, register, sheet_import
from mandate.core.sheet_reader import Progress, SheetRow, SheetSpec
from mandate.evaluations import policy_rankings as policy
from mandate.evaluations.models import RankingMethod
from mandate.evaluations.models.rankings import ScoreSource
from mandate.evaluations.services.rankings import candidate_units, write_scores

KIND = "evaluations.ranking_scores"


def _method(params: Mapping[str, Any]) -> RankingMethod:
    index_id, year = params.get("index"), params.get("year")
    if not isinstance(index_id, int) or not isinstance(year, int):
        raise NotFoundError()
    method = (
        RankingMethod.objects.filter(index_id=index_id, year=year)
        .select_related("index", "index__owner_unit")
        .first()
    )
    if method is None:
        raise NotFoundError()
    return method


class RankingScoresImporter(Importer):
    kind = KIND

    def spec(self, *, actor: Any, params: Mapping[str, Any]) -> SheetSpec:
        method = _method(params)
        columns: list[Column] = [
            ReferenceColumn(
                key="unit",
                header=gettext_lazy("unit"),
                codes=candidate_units(method.index, method.year),
                noun=gettext_lazy("unit"),
                width=40,
            )
        ]
        for criterion in method.criteria.all():
            columns.append(
                DecimalColumn(
                    key=criterion.code,
                    header=criterion.code,
                    aliases=(criterion.name, criterion.name_en),
                    minimum=criterion.max_points * 0,
                    maximum=criterion.max_points,
                    places=2,
                    required=False,
                    text_numbers=True,
                )
            )
        return SheetSpec(columns=columns, key=("unit",))

    def target(self, *, actor: Any, params: Mapping[str, Any]) -> Target:
        method = _method(params)
        if actor is not None:
            policy.require(policy.may_write_scores(actor, method.index))
        return Target(
            key=f"evaluations.ranking:{method.index_id}/year:{method.year}",
            label=_("%(index)s, %(year)s") % {"index": method.index.label, "year": method.year},
        )

    def apply(
        self, *, actor: Any, rows: Sequence[SheetRow], params: Mapping[str, Any], progress: Progress
    ) -> Applied:
        method = _method(params)
        criteria = list(method.criteria.all())
        applied = Applied()
        for done, row in enumerate(rows, start=1):
            values = {c: row.values[c.code] for c in criteria if row.values.get(c.code) is not None}
            changed = write_scores(
                actor=actor, unit=row.values["unit"], values=values, source=ScoreSource.IMPORTED
            )
            if changed:
                applied.updated += 1
            else:
                applied.unchanged += 1
            progress("writing", done, len(rows))
        applied.details = {"method": method.pk, "units": [row.values["unit"].pk for row in rows]}
        return applied


IMPORTER = register(RankingScoresImporter())


def ranking_scores_import(*, actor: Any, method: RankingMethod, upload: Any) -> ImportOutcome:
    """Import ``upload`` into ``method``'s year: all or nothing (``SheetRefused`` lists every
    problem, row by row), the right checked before the file is read."""
    return sheet_import(
        actor=actor, importer=IMPORTER, params={"index": method.index_id, "year": method.year}, upload=upload
    )
