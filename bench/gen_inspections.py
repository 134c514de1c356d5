"""The inspections of the national data set (issue 12, item 10), added to the tasks' data set.

``python -m bench.gen_inspections`` (``bench.run`` calls ``ensure_inspections`` after the tasks'
data set is in place). The bench's country has no Party structure, so this adds it, plainly
synthetic: under the country's root a Party Central Committee and its Inspection Commission; under
each of the 35 province areas a provincial Party Committee and its Inspection Commission; under
each of the 3,300 commune areas a commune Party Committee — 3,372 Party units, each declared an
inspecting body whose competence is its area. Then **200,000 inspection subjects over the five
years 2020–2024** (about 40,000 inspections, one to nine subjects each, a leader in each team):

* commune Party Committees (half the subjects): planned inspections, regular supervision and
  Party-fee inspections of members of their commune;
* provincial Inspection Commissions (30 %): the commissions' kinds (upon signs of violation, the
  performance of inspection tasks, discipline enforcement, Party finance, Party fees, thematic
  supervision) of the province's commune Party Committees (60 %) and members (40 %);
* provincial Party Committees (17 %): planned and surprise inspections, regular and thematic
  supervision, of the same;
* the Central Inspection Commission (3 %): inspections upon signs of provincial Party Committees
  and of members anywhere.

Every subject of an inspection upon signs has a conclusion (violated in 30 %, discipline proposed
for 40 % of those). The copies the statistics count on (``body_path``, ``body_kind``,
``inspection_kind``, ``counted_on`` = the decision date; ADR 0040) are written as the services
write them. Life-cycle events, findings and plans are not generated: no question reads them.
Deterministic for a seed (``random.Random``); rows streamed into ``COPY``. A marker table
``bench_inspections_meta`` records the version; the same version is left alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from psycopg import sql

from bench.common import BenchError, connect, setup_django
from bench.gen_load import copy_rows
from bench.gen_tree import ALPHABET, STEPLEN

INSPECTIONS_VERSION = 1
SUBJECTS = 200_000
YEARS = (2020, 2021, 2022, 2023, 2024)
MARKER_TABLE = "bench_inspections_meta"
_MARKER = sql.Identifier(MARKER_TABLE)
NOW = "2025-01-20 09:00:00+07"
TODAY = dt.date(2025, 1, 20)

COMMUNE_KINDS = ("planned", "supervision_regular", "party_fees")
COMMISSION_KINDS = (
    "upon_signs", "inspection_tasks", "discipline_enforcement", "party_finance", "party_fees",
    "supervision_thematic",
)  # fmt: skip
COMMITTEE_KINDS = ("planned", "surprise", "supervision_regular", "supervision_thematic")
UNIT_COLUMNS = (
    "path", "depth", "numchild", "name", "name_en", "code", "kind", "level", "valid_from", "valid_to",
    "retired_reason", "created_at", "updated_at", "version",
)  # fmt: skip
INSPECTION_COLUMNS = (
    "id", "created_at", "updated_at", "version", "body_id", "body_path", "kind", "title", "subject_matter",
    "decision_number", "decided_on", "starts_on", "ends_on", "concluded_on", "follow_up_done_on", "state",
    "withdrawn_reason",
)  # fmt: skip
SUBJECT_COLUMNS = (
    "id", "inspection_id", "kind", "unit_id", "person_id", "subject_path", "body_path", "body_kind",
    "inspection_kind", "counted_on",
)  # fmt: skip
CONCLUSION_COLUMNS = (
    "created_at", "updated_at", "version", "subject_id", "violated", "severity", "proposes_discipline",
    "text", "concluded_on",
)  # fmt: skip
TEAM_COLUMNS = ("inspection_id", "person_id", "role")
ANALYSED = (
    "organisations_orgunit", "inspections_inspectingbody", "inspections_inspection",
    "inspections_inspectionsubject", "inspections_conclusion", "inspections_teammember",
)  # fmt: skip


def step(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _marker(cur: Any) -> int | None:
    create = "CREATE TABLE IF NOT EXISTS {} (version integer NOT NULL, subjects bigint NOT NULL)"
    cur.execute(sql.SQL(create).format(_MARKER))
    cur.execute(sql.SQL("SELECT version FROM {}").format(_MARKER))
    row = cur.fetchone()
    return int(row[0]) if row else None


def _party_units(conn: Any) -> None:
    """The Party units and their declarations as inspecting bodies."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT id, path, depth, numchild, name, level FROM organisations_orgunit "
            "WHERE kind = 'area' AND level IN ('central', 'city', 'commune') ORDER BY path"
        )
        areas = cur.fetchall()
    planned: list[
        tuple[str, int, str, str, str, str, str]
    ] = []  # path, depth, name, name_en, code, level, body kind
    bodies: list[tuple[str, str, str]] = []  # unit path, body kind, competence path
    grown: list[tuple[int, int]] = []
    for _id, path, depth, numchild, name, level in areas:
        if level == "commune":
            children = [("Đảng ủy " + name, "Party Committee of " + name, "ĐU", "commune", "party_committee")]
        elif level == "city":
            children = [
                ("Tỉnh ủy " + name, "Party Committee of " + name, "TU", "city", "party_committee"),
                ("Ủy ban Kiểm tra Tỉnh ủy " + name, "Inspection Commission of " + name, "UBKTTU", "committee",
                 "inspection_commission"),
            ]  # fmt: skip
        else:
            children = [
                ("Ban Chấp hành Trung ương (mô phỏng)", "Central Committee (synthetic)", "TW", "central",
                 "party_committee"),
                ("Ủy ban Kiểm tra Trung ương (mô phỏng)", "Central Inspection Commission (synthetic)",
                 "UBKTTW", "central", "inspection_commission"),
            ]  # fmt: skip
        for offset, (vi, en, code, unit_level, body_kind) in enumerate(children, start=1):
            child = path + step(numchild + offset)
            planned.append((child, depth + 1, vi, en, code, unit_level, body_kind))
            bodies.append((child, body_kind, path))
        grown.append((_id, len(children)))
    rows = (
        (path, depth, 0, vi, en, code, "party", level, "2015-01-01", None, "", NOW, NOW, 1)
        for path, depth, vi, en, code, level, _kind in planned
    )
    copy_rows(conn, "organisations_orgunit", UNIT_COLUMNS, rows)
    with conn.cursor() as cur:
        cur.executemany(
            "UPDATE organisations_orgunit SET numchild = numchild + %s WHERE id = %s",
            [(n, i) for i, n in grown],
        )
        cur.execute(
            "CREATE TEMP TABLE bench_bodies (unit_path text, kind text, competence_path text) ON COMMIT DROP"
        )
        with cur.copy("COPY bench_bodies FROM STDIN") as copy:
            for row in bodies:
                copy.write_row(row)
        cur.execute(
            """
            INSERT INTO inspections_inspectingbody (created_at, updated_at, version, unit_id, kind,
                competence_unit_id, competence_path, valid_from, valid_to)
            SELECT %s, %s, 1, u.id, b.kind, c.id, c.path, '2015-01-01', NULL
            FROM bench_bodies b JOIN organisations_orgunit u ON u.path = b.unit_path
            JOIN organisations_orgunit c ON c.path = b.competence_path
            """,
            [NOW, NOW],
        )


class _World:
    """What the generator draws from: the bodies, the provinces' commune Party Committees, and
    the people of every province and commune (by the unit of their position)."""

    def __init__(self, cur: Any) -> None:
        cur.execute(
            "SELECT b.id, b.kind, u.path, u.level, b.competence_path FROM inspections_inspectingbody b "
            "JOIN organisations_orgunit u ON u.id = b.unit_id ORDER BY u.path"
        )
        self.bodies: dict[str, list[tuple[int, str, str]]] = defaultdict(
            list
        )  # role → (id, path, competence)
        for body_id, kind, path, level, competence in cur.fetchall():
            role = {"commune": "commune", "committee": "commission", "city": "committee"}.get(
                level, "central"
            )
            if role == "central" and kind == "party_committee":
                continue  # the Central Committee is declared, but inspects nothing here
            self.bodies[role].append((body_id, path, competence))
        cur.execute("SELECT id, path FROM organisations_orgunit WHERE kind = 'party' AND level = 'commune'")
        self.commune_parties: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for unit_id, path in cur.fetchall():
            self.commune_parties[path[: 2 * STEPLEN]].append((unit_id, path))
        cur.execute("SELECT id, path FROM organisations_orgunit WHERE kind = 'party' AND level = 'city'")
        self.province_parties = [(unit_id, path) for unit_id, path in cur.fetchall()]
        cur.execute(
            "SELECT DISTINCT ON (p.person_id) p.person_id, u.path FROM people_position p "
            "JOIN organisations_orgunit u ON u.id = p.unit_id ORDER BY p.person_id, p.id"
        )
        self.people_by_prefix: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for person_id, path in cur.fetchall():
            self.people_by_prefix[path[: 2 * STEPLEN]].append((person_id, path))
            self.people_by_prefix[path[: 3 * STEPLEN]].append((person_id, path))
        self.everyone = [
            pair
            for prefix, pairs in self.people_by_prefix.items()
            if len(prefix) == 2 * STEPLEN
            for pair in pairs
        ]


def _draw(
    world: _World, rng: random.Random
) -> Iterator[tuple[list[Any], list[list[Any]], list[list[Any]], list[Any]]]:
    """Inspections with their subjects, conclusions and leader, until ``SUBJECTS`` subjects."""
    first_day, days = dt.date(YEARS[0], 1, 1), (dt.date(YEARS[-1], 12, 31) - dt.date(YEARS[0], 1, 1)).days
    made = inspection_id = subject_id = 0
    roles, weights = ("commune", "commission", "committee", "central"), (50, 30, 17, 3)
    while made < SUBJECTS:
        role = rng.choices(roles, weights)[0]
        body_id, body_path, competence = rng.choice(world.bodies[role])
        body_kind = "party_committee" if role in ("commune", "committee") else "inspection_commission"
        kind = rng.choice(
            {"commune": COMMUNE_KINDS, "commission": COMMISSION_KINDS, "committee": COMMITTEE_KINDS}.get(
                role, ("upon_signs",)
            )
        )
        people = world.everyone if role == "central" else world.people_by_prefix.get(competence, [])
        organisations = (
            world.province_parties if role == "central" else world.commune_parties.get(competence, [])
        )
        if not people:
            continue
        decided = first_day + dt.timedelta(days=rng.randrange(days + 1))
        ends = decided + dt.timedelta(days=rng.randint(10, 60))
        concluded = ends + dt.timedelta(days=rng.randint(5, 30))
        done = concluded <= TODAY
        inspection_id += 1
        inspection = [
            inspection_id, NOW, NOW, 1, body_id, body_path, kind,
            f"Kiểm tra {inspection_id} (dữ liệu mô phỏng)", "Việc thực hiện nhiệm vụ (dữ liệu mô phỏng)",
            f"{inspection_id}-QĐ/BENCH", decided, decided, ends,
            concluded if done else None, None, "concluded" if done else "under_way", "",
        ]  # fmt: skip
        subjects: list[list[Any]] = []
        conclusions: list[list[Any]] = []
        for _ in range(min(rng.randint(1, 9), SUBJECTS - made)):
            subject_id += 1
            if role != "commune" and organisations and rng.random() < 0.6:
                unit_id, path = rng.choice(organisations)
                subjects.append([subject_id, inspection_id, "organisation", unit_id, None, path, body_path,
                                 body_kind, kind, decided])  # fmt: skip
            else:
                person_id, path = rng.choice(people)
                subjects.append([subject_id, inspection_id, "member", None, person_id, path, body_path,
                                 body_kind, kind, decided])  # fmt: skip
            if kind == "upon_signs" and done:
                violated = rng.random() < 0.3
                proposes = violated and rng.random() < 0.4
                severity = "serious" if violated else ""
                conclusions.append([NOW, NOW, 1, subject_id, violated, severity, proposes,
                                    "Kết luận (dữ liệu mô phỏng)", concluded])  # fmt: skip
            made += 1
        leader = [inspection_id, rng.choice(people)[0], "leader"]
        yield inspection, subjects, conclusions, leader


def _load(conn: Any, rng: random.Random) -> int:
    _party_units(conn)
    with conn.cursor() as cur:
        world = _World(cur)
    inspections: list[list[Any]] = []
    subjects: list[list[Any]] = []
    conclusions: list[list[Any]] = []
    team: list[list[Any]] = []
    for inspection, its_subjects, its_conclusions, leader in _draw(world, rng):
        inspections.append(inspection)
        subjects += its_subjects
        conclusions += its_conclusions
        team.append(leader)
    copy_rows(conn, "inspections_inspection", INSPECTION_COLUMNS, iter(inspections))
    copy_rows(conn, "inspections_inspectionsubject", SUBJECT_COLUMNS, iter(subjects))
    copy_rows(conn, "inspections_conclusion", CONCLUSION_COLUMNS, iter(conclusions))
    copy_rows(conn, "inspections_teammember", TEAM_COLUMNS, iter(team))
    with conn.cursor() as cur:
        for table in ("inspections_inspection", "inspections_inspectionsubject"):
            cur.execute(
                sql.SQL("SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {}))").format(
                    sql.Identifier(table)
                ),
                [table],
            )
        cur.execute(sql.SQL("DELETE FROM {}").format(_MARKER))
        cur.execute(
            sql.SQL("INSERT INTO {} VALUES (%s, %s)").format(_MARKER), [INSPECTIONS_VERSION, len(subjects)]
        )
    return len(subjects)


def ensure_inspections(*, seed: int = 1) -> int:
    """Generate the inspections' data set unless this version is there; the number of subjects."""
    setup_django()
    with connect() as conn, conn.cursor() as cur:
        found = _marker(cur)
        conn.commit()
        if found == INSPECTIONS_VERSION:
            cur.execute(sql.SQL("SELECT subjects FROM {}").format(_MARKER))
            row = cur.fetchone()
            return int(row[0]) if row else 0
        if found is not None:
            raise BenchError(
                "bench.gen_inspections: another version of the inspections is loaded; "
                "regenerate everything with `python -m bench.generate --force`"
            )
    started = time.perf_counter()
    with connect() as conn:
        with conn.transaction():
            subjects = _load(conn, random.Random(seed))  # noqa: S311  (synthetic data, not secrets)
        conn.autocommit = True
        with conn.cursor() as cur:
            for table in ANALYSED:
                cur.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))
    print(f"bench: inspections: {subjects:,} subjects in {time.perf_counter() - started:.0f} s", flush=True)
    return subjects


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.gen_inspections", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    ensure_inspections(seed=args.seed)


if __name__ == "__main__":
    main()
