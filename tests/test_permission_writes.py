"""The write matrix: every write of every route, as every actor of the cast, on the objects of
his own unit, of its parent, of a sibling and of an outsider. Each outcome must be the one in
``tests/permission_writes.expected``; a refused write must leave the database exactly as it was
(its fingerprint, tests/fingerprint.py), and an allowed one must leave an audit entry.

Regenerate the golden file: ``UPDATE_PERMISSION_MATRIX=1 .venv/bin/pytest tests/test_permission_writes.py``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from conftest import build_cast
from mandate.reports.tests.sample import sample_kind
from tests.fingerprint import fingerprint
from tests.route_policy import ROUTES, all_routes
from tests.write_bodies import POLICY_OBJECTS, WRITES, Write
from tests.write_matrix import (
    GOLDEN,
    UPDATING,
    Baseline,
    Row,
    baseline,
    cases,
    expected_rows,
    isolated,
    row_order,
    run_case,
    update_golden,
)
from tests.write_world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    """The cast and every unit's objects, built once for the module inside a transaction that is
    rolled back at the end; every case runs in a savepoint inside it."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        translation.override("vi"),
        sample_kind(),  # the report kind the world's reports and the report writes use
        transaction.atomic(),
    ):
        yield build_world(build_cast())
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def start(world: World, django_db_blocker: Any) -> Baseline:
    """The starting state every case returns to: the fingerprint and the audit trail's length."""
    with django_db_blocker.unblock():
        return baseline()


@pytest.mark.parametrize("write", WRITES, ids=[f"{w.label}-{w.method}" for w in WRITES])
def test_each_write_answers_every_actor_as_the_golden_file_says_and_refusals_change_nothing(
    world: World, start: Baseline, write: Write
) -> None:
    found: list[Row] = []
    problems: list[str] = []
    for actor, relation in cases(write):
        row, trouble = run_case(world, start, write, actor, relation)
        found.append(row)
        problems += trouble

    assert fingerprint() == start.fingerprint, "the cases did not leave the module's state as they found it"
    group = (write.label, write.method.upper())
    if UPDATING:
        update_golden(found, replacing={group})
    else:
        wanted = sorted(
            (
                Row(*key, outcome)
                for key, (outcome, _) in expected_rows().items()
                if (key[0], key[1]) == group
            ),
            key=row_order,
        )
        diff = list(
            difflib.unified_diff(
                [row.line() for row in wanted],
                [row.line() for row in found],
                GOLDEN.name,
                "found",
                lineterm="",
                n=0,
            )
        )
        if diff:
            problems.insert(
                0,
                f"{write.label} {write.method.upper()} differs from {GOLDEN.name} "
                "(UPDATE_PERMISSION_MATRIX=1 "
                "regenerates it; read the diff before committing):\n" + "\n".join(diff),
            )
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_the_golden_file_has_exactly_the_rows_of_the_matrix() -> None:
    if UPDATING:
        pytest.skip("the golden file is being regenerated")
    keys = {
        (write.label, write.method.upper(), actor, relation)
        for write in WRITES
        for actor, relation in cases(write)
    }
    assert set(expected_rows()) == keys


def test_every_write_a_route_answers_has_a_valid_request(world: World, start: Baseline) -> None:
    """Every named route is tried with every write method as the administrator, on culture's
    objects: a method that is not refused with 405 must be in the matrix."""
    declared = {(write.route, write.method) for write in WRITES}
    target = world.target("ad", "own").ids()
    answered = set()
    for _route, name, _ in all_routes():
        policy = ROUTES.get(name)
        if policy is None or name.startswith("admin:"):
            continue  # the admin site is Django's, and staff-only (test_permission_matrix.py)
        url = reverse(name, kwargs={arg: target[POLICY_OBJECTS[obj]] for arg, obj in policy.objects.items()})
        for method in ("post", "put", "patch", "delete"):
            with isolated(world, "ad"):
                status = getattr(world.clients["ad"], method)(url, {}, format="json").status_code
            if status != 405:
                answered.add((name, method))
    assert answered - declared == set()
    assert declared - answered == set()
