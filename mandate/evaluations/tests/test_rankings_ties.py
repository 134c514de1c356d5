"""Equal totals share a rank and the next rank is skipped (1, 2, 2, 4): a property of any list of
totals, and the same on a ranking stored in the database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mandate.evaluations.selectors_rankings import competition_ranks, ranking_table
from mandate.evaluations.tests.rankings_factories import make_index, score

TOTALS = st.lists(st.decimals(min_value=0, max_value=100, places=1, allow_nan=False), min_size=1, max_size=40)


@given(TOTALS)
def test_a_rank_is_one_plus_the_number_of_higher_totals(totals: list[Decimal]) -> None:
    ranks = competition_ranks(totals)
    for total, rank in zip(totals, ranks, strict=True):
        assert rank == 1 + sum(1 for other in totals if other > total)


@given(TOTALS)
def test_equal_totals_share_a_rank_and_the_next_ranks_are_skipped(totals: list[Decimal]) -> None:
    ranks = competition_ranks(totals)
    by_rank: dict[int, set[Decimal]] = {}
    for total, rank in zip(totals, ranks, strict=True):
        by_rank.setdefault(rank, set()).add(total)
    assert all(len(shared) == 1 for shared in by_rank.values())  # one total per rank
    ordered = sorted(ranks)
    assert ordered[0] == 1
    for place, rank in enumerate(ordered, start=1):
        # the rank of the place-th unit is the place of the first unit with its total
        assert rank == ordered.index(rank) + 1
        assert rank <= place


def test_the_example_of_the_issue() -> None:
    assert competition_ranks([Decimal(90), Decimal(80), Decimal(80), Decimal(70)]) == [1, 2, 2, 4]


@pytest.mark.django_db
def test_a_stored_ranking_shares_ranks_and_skips_the_next(cast: Any) -> None:
    index = make_index(cast)
    score(index, 2023, cast.culture, C1="40", C2="40")
    score(index, 2023, cast.info, C1="30", C2="50")
    score(index, 2023, cast.state_office, C1="35", C2="35")

    table = ranking_table(index=index, year=2023)

    ranks = {row.unit.pk: (row.rank, row.total) for row in table.rows}
    assert ranks == {
        cast.culture.pk: (1, Decimal("80.00")),
        cast.info.pk: (1, Decimal("80.00")),
        cast.state_office.pk: (3, Decimal("70.00")),
    }
