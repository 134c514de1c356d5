"""The indicator section set by set (issue 13, items 3 and 4; ADR 0046, addendum "indicator
sets"): each set's part states its indicators' sums over the units reporting in it where the
indicator may be summed, says which may not, and gives one sentence for the set's long league
tables instead of one per indicator.

Why no sum across indicators: an indicator declares how its values combine over units
(``aggregation``); nothing declares that two indicators add up. Two of one measure need not:
the 8,051 Party members admitted and the 578 members of the organisations founded (seed 004)
are both "Party members", and their sum, 8,629, counts nobody. A score or a rank (``none``) is
never added at all: its row says so, and its league ranks each unit's own value.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mandate.indicators.enums import Aggregation
from mandate.indicators.models import Indicator, IndicatorSet
from mandate.reports import narrative
from mandate.reports.content import Figure, Sentence
from mandate.reports.narrative import word
from mandate.reports.sections import ReportRequest


@dataclass(frozen=True)
class Shown:
    """An indicator's league printed in part: its name and the figures of its sentence."""

    indicator: str
    slots: dict[str, Figure]


def not_summed_row(indicator: Indicator, language: str) -> tuple[object, ...] | None:
    """The row of an indicator whose values are never added up (``aggregation`` none: a score, a
    rank): named in its set, with no figure but the words saying why — its league still ranks
    each unit's own value. None for an indicator that is summed (its row has its figures)."""
    if indicator.aggregation == Aggregation.SUM:
        return None
    name = (indicator.name_en or indicator.name) if language == "en" else indicator.name
    return (name, word("indicators.not_summed", language), None, None, None)


def league_sentences(
    request: ReportRequest, indicator_set: IndicatorSet, shown: list[Shown]
) -> list[Sentence]:
    """One sentence per group of the set's long leagues of the same length ("each indicator's
    league table has 242 units …"), the per-indicator sentence for a league alone in its
    length: the same sentence repeated for 60 indicators said nothing new. The set's sentence
    states every indicator's count (all equal) and the first one's rows shown (a constant)."""
    lang = request.language
    groups: dict[object, list[Shown]] = {}
    for item in shown:
        groups.setdefault(item.slots["units"].value, []).append(item)
    name = (indicator_set.name_en or indicator_set.name) if lang == "en" else indicator_set.name
    found: list[Sentence] = []
    for members in groups.values():
        if len(members) == 1:
            found.append(
                narrative.render(
                    "indicators.league_shown",
                    language=lang,
                    figures=members[0].slots,
                    texts={"indicator": members[0].indicator},
                )
            )
            continue
        label = name if len(groups) == 1 else f"{name} ({'; '.join(m.indicator for m in members)})"
        sentence = narrative.render(
            "indicators.league_shown_set",
            language=lang,
            figures=members[0].slots,
            texts={"indicator_set": label},
        )
        more = tuple(m.slots["units"].key for m in members[1:])
        found.append(replace(sentence, figure_keys=(*sentence.figure_keys, *more)))
    return found
