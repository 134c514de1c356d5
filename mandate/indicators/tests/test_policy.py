"""The one action policy: every action × every role of the cast, on a draft, a submitted, an
approved and an accepted submission of each set (ADR 0030). The expected tables read as the
rules: the reporting unit's side enters and submits; the level whose turn it is approves or
returns (leaders); the collecting unit's leaders accept; a leader of a level above unlocks."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from mandate.indicators import policy
from mandate.indicators.hierarchy import hierarchy_on
from mandate.indicators.tests.factories import enter, move, submission_of

pytestmark = pytest.mark.django_db

ACTORS = ("bao", "tin", "dung", "oanh", "vera", "van", "chanh", "vp", "olga", "ad")


def _allowed(cast: Any, submission: Any, indicator_set: Any) -> dict[str, list[str]]:
    submission.refresh_from_db()
    hierarchy = hierarchy_on(indicator_set, submission.period.ends_on)
    return {who: policy.allowed_names(getattr(cast, who), submission, hierarchy) for who in ACTORS}


def _none(**some: list[str]) -> dict[str, list[str]]:
    return {who: some.get(who, []) for who in ACTORS}


def test_one_level_each_state_and_role(cast: Any, ind: SimpleNamespace):
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    submission = submission_of(ind.titles, cast.district_state, ind.y2023)

    assert _allowed(cast, submission, ind.titles) == _none(bao=["enter", "submit"], ad=["enter", "submit"])
    move(submission, "submit", actor=cast.bao)
    assert _allowed(cast, submission, ind.titles) == _none(dung=["return", "accept"], ad=["return", "accept"])
    move(submission, "accept", actor=cast.dung)
    assert _allowed(cast, submission, ind.titles) == _none(dung=["unlock"], ad=["unlock"])
    move(submission, "unlock", actor=cast.dung, reason="Sửa")
    assert _allowed(cast, submission, ind.titles) == _none(bao=["enter", "submit"], ad=["enter", "submit"])


def test_two_levels_each_state_and_role(cast: Any, ind: SimpleNamespace):
    enter(ind.chain, cast.district_state, ind.y2023, {ind.shows: "40"}, actor=cast.bao)
    submission = submission_of(ind.chain, cast.district_state, ind.y2023)
    move(submission, "submit", actor=cast.bao)

    assert _allowed(cast, submission, ind.chain) == _none(tin=["approve", "return"], ad=["approve", "return"])
    move(submission, "approve", actor=cast.tin)
    assert _allowed(cast, submission, ind.chain) == _none(dung=["return", "accept"], ad=["return", "accept"])
    move(submission, "accept", actor=cast.dung)
    assert _allowed(cast, submission, ind.chain) == _none(tin=["unlock"], dung=["unlock"], ad=["unlock"])


def test_an_official_acting_for_the_unit_enters_and_submits_but_never_approves(
    cast: Any, ind: SimpleNamespace
):
    """oanh acts for culture by declaration, as an official: culture's own values are hers to
    enter, its decisions as the collecting unit are not."""
    from mandate.indicators.services import catalogue
    from mandate.indicators.tests.factories import make_set

    upward = make_set(cast.city_state, [], code="UP", lines=[(cast.culture, cast.city_state)])
    catalogue.indicator_set_add_indicators(actor=None, indicator_set=upward, indicators=[ind.villages])
    enter(upward, cast.culture, ind.y2023, {ind.villages: "12"}, actor=cast.oanh)
    submission = submission_of(upward, cast.culture, ind.y2023)
    assert _allowed(cast, submission, upward) == _none(
        dung=["enter", "submit"], oanh=["enter", "submit"], ad=["enter", "submit"]
    )
    move(submission, "submit", actor=cast.oanh)
    # city_state's side is vp's by delegation, a specialist: no leader of it in the cast.
    assert _allowed(cast, submission, upward) == _none(ad=["return", "accept"])
