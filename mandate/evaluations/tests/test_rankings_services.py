"""Rankings' writes and reads (issue 14, item 4): the change against the previous year and its
sentence in both languages, a table read as it stood on a past moment, the method's validating
load, the scores' bounds and field, and the values taken from an indicator."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from mandate.core.exceptions import ApplicationError, InvalidStateError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.evaluations.models import RankingCriterion, RankingMethod, RankingScore
from mandate.evaluations.selectors_rankings import ranking_table
from mandate.evaluations.services import rankings as services
from mandate.evaluations.tests.rankings_factories import CRITERIA, make_index, method_data, score

pytestmark = pytest.mark.django_db


def _two_years(cast: Any) -> Any:
    index = make_index(cast)
    score(index, 2022, cast.culture, C1="45", C2="45")
    score(index, 2022, cast.state_office, C1="40", C2="40")
    score(index, 2022, cast.info, C1="30", C2="30")
    score(index, 2023, cast.info, C1="48", C2="47")
    score(index, 2023, cast.culture, C1="44", C2="44")
    score(index, 2023, cast.state_office, C1="44", C2="44")
    return index


def test_the_change_against_the_previous_year_is_said_in_both_languages(cast: Any) -> None:
    index = _two_years(cast)
    table = ranking_table(index=index, year=2023)
    info, culture = table.row_of(cast.info.pk), table.row_of(cast.culture.pk)
    assert info is not None
    assert culture is not None

    assert (info.rank, info.previous_rank, info.change) == (1, 3, 2)
    assert (culture.rank, culture.previous_rank, culture.change) == (2, 1, -1)
    with translation.override("vi"):
        assert table.statement(info) == "xếp thứ 1/3, tăng 2 bậc so với năm 2022"
        assert table.statement(culture) == "xếp thứ 2/3, giảm 1 bậc so với năm 2022"
    with translation.override("en"):
        assert table.statement(info) == "1st of 3, up 2 places on 2022"
        assert table.statement(culture) == "2nd of 3, down 1 place on 2022"


def test_a_unit_not_ranked_before_and_the_first_year_say_so(cast: Any) -> None:
    index = make_index(cast)
    score(index, 2022, cast.culture, C1="45", C2="45")
    score(index, 2023, cast.culture, C1="45", C2="45")
    score(index, 2023, cast.info, C1="45", C2="44")
    with translation.override("en"):
        first = ranking_table(index=index, year=2022)
        second = ranking_table(index=index, year=2023)
        assert first.statement(first.rows[0]) == "1st of 1"
        info = second.row_of(cast.info.pk)
        assert info is not None
        assert second.statement(info) == "2nd of 2, not ranked in 2022"
        culture = second.row_of(cast.culture.pk)
        assert culture is not None
        assert second.statement(culture) == "1st of 2, unchanged on 2022"


def test_a_corrected_score_keeps_the_table_as_it_stood_before(cast: Any) -> None:
    index = _two_years(cast)
    before = timezone.now()
    score(index, 2023, cast.info, C1="10")

    now = ranking_table(index=index, year=2023)
    then = ranking_table(index=index, year=2023, as_of=before)

    assert now.row_of(cast.info.pk).rank == 3  # type: ignore[union-attr]
    assert then.row_of(cast.info.pk).rank == 1  # type: ignore[union-attr]
    assert (
        RankingScore.objects.filter(
            unit=cast.info, criterion__code="C1", criterion__method__year=2023
        ).count()
        == 2
    )


def test_only_who_acts_for_the_owner_enters_scores_and_a_refusal_writes_nothing(cast: Any) -> None:
    index = make_index(cast)
    assert (
        services.ranking_scores_enter(
            actor=cast.vp, index=index, year=2023, unit=cast.culture, values={"C1": "40"}
        )
        == 1
    )
    entries, scores = AuditEntry.objects.count(), RankingScore.objects.count()
    for who in (cast.dung, cast.oanh, cast.tin, cast.van, cast.bao, cast.olga):
        with pytest.raises(PermissionDeniedError):
            services.ranking_scores_enter(
                actor=who, index=index, year=2023, unit=cast.culture, values={"C1": "50"}
            )
    assert (AuditEntry.objects.count(), RankingScore.objects.count()) == (entries, scores)


def test_scores_are_bounded_by_their_criterion_and_the_field(cast: Any) -> None:
    index = make_index(cast)
    with pytest.raises(ApplicationError) as over:
        score(index, 2023, cast.culture, C1="50.5", C3="1")
    assert set(over.value.fields) == {"C1", "C3"}
    with pytest.raises(ApplicationError) as outside:
        score(index, 2023, cast.outsider_state, C1="1")
    assert "unit" in outside.value.fields
    with pytest.raises(ApplicationError):
        score(index, 2030, cast.culture, C1="1")
    assert RankingScore.objects.count() == 0


def test_the_same_value_again_changes_nothing(cast: Any) -> None:
    index = make_index(cast)
    assert score(index, 2023, cast.culture, C1="40", C2="40") == 2
    entries = AuditEntry.objects.count()
    assert score(index, 2023, cast.culture, C1="40.00", C2="40") == 0
    assert AuditEntry.objects.count() == entries


def test_a_method_is_checked_whole_and_never_rewritten(cast: Any) -> None:
    index = make_index(cast, years=())
    wrong = method_data(
        2024, criteria=[*CRITERIA, {"code": "C1", "name": "X", "name_en": "X", "max_points": 5}]
    )
    with pytest.raises(services.MethodRefused) as refused:
        services.ranking_method_load(actor=None, index=index, data={**wrong, "example": False})
    problems = refused.value.fields["file"]
    assert len(problems) == 3  # no source, a repeated code, 105 points on a total of 100
    assert not RankingMethod.objects.filter(index=index).exists()

    method, created = services.ranking_method_load(actor=None, index=index, data=method_data(2024))
    assert created
    assert services.ranking_method_load(actor=None, index=index, data=method_data(2024)) == (method, False)
    with pytest.raises(InvalidStateError):
        services.ranking_method_load(actor=None, index=index, data=method_data(2024, name="Khác"))
    assert RankingCriterion.objects.filter(method__index=index).count() == 2


def test_a_method_to_verify_is_loaded_with_its_mark(cast: Any) -> None:
    index = make_index(cast, years=())
    data = method_data(2025, example=False, source="QĐ 5666/QĐ-UBND", to_verify=True, total_points=90)
    method, _created = services.ranking_method_load(actor=None, index=index, data=data)
    assert method.to_verify
    assert not method.is_example


def test_the_shipped_2025_method_loads(cast: Any) -> None:
    from pathlib import Path

    import yaml

    path = (
        Path(services.__file__).resolve().parents[1]
        / "data"
        / "ranking_methods"
        / "hanoi_par_departments_2025.yaml"
    )
    index = make_index(cast, years=())
    method, _created = services.ranking_method_load(
        actor=None, index=index, data=yaml.safe_load(path.read_text())
    )
    assert (method.year, method.criteria.count(), method.total_points, method.to_verify) == (
        2025,
        8,
        Decimal(100),
        True,
    )
    assert all(c.to_verify for c in method.criteria.all())


def test_a_criterion_takes_its_value_from_an_indicator(cast: Any) -> None:
    from mandate.indicators.tests.factories import enter, make_indicator, make_set, year

    index = make_index(cast)
    indicator = make_indicator(
        cast.city_state, "CCHC-DVC", name="Tỷ lệ hồ sơ trực tuyến", name_en="Online files"
    )
    indicator_set = make_set(
        cast.city_state,
        [indicator],
        code="CCHC",
        lines=[(cast.culture, cast.city_state), (cast.info, cast.city_state)],
    )
    enter(indicator_set, cast.culture, year(2023), {indicator: "42"})
    RankingCriterion.objects.filter(method__year=2023, code="C2").update(
        indicator=indicator, indicator_set=indicator_set
    )
    score(index, 2023, cast.culture, C1="40")
    score(index, 2023, cast.info, C1="40")

    pulled = services.ranking_scores_pull(actor=cast.vp, index=index, year=2023)

    table = ranking_table(index=index, year=2023)
    assert table.row_of(cast.culture.pk).scores == {  # type: ignore[union-attr]
        c.pk: v
        for c, v in [
            (RankingCriterion.objects.get(method__year=2023, code="C1"), Decimal(40)),
            (RankingCriterion.objects.get(method__year=2023, code="C2"), Decimal(42)),
        ]
    }
    assert pulled.changed == 1
    assert [(code, unit) for code, unit, _why in pulled.missing] == [("C2", cast.info.name)]
    with pytest.raises(PermissionDeniedError):
        services.ranking_scores_pull(actor=cast.dung, index=index, year=2023)
